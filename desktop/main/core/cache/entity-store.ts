// Writes synced rows into the confirmed tables with prepared statements (one per table and
// connection, built once from the drizzle schema), so applying a big catch-up or a bootstrap chunk
// costs one statement step per row rather than a query build per row.
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { CaseRow } from '../../../../shared/domain.js';
import type { AnyEntityRow, EntityName } from '../../../../shared/sync/entities.js';
import { toCaseColumns } from './case-view.js';
import { caseEvents, casesConfirmed, conflicts, customers, notifications, parts, projectors, reportPhotos, serviceReports, settings, sites, users, visits } from './schema.js';

/** The confirmed table of each synced entity. */
export const ENTITY_TABLES = { users, customers, sites, projectors, cases: casesConfirmed, conflicts, settings, caseEvents, notifications, parts, visits, serviceReports, reportPhotos } as const satisfies Record<EntityName, SQLiteTable>;

/** `fallback`: the column's schema default, used when a row lacks the field (a hub older than the column). */
type ColumnSpec = Readonly<{ key: string; name: string; kind: 'plain' | 'json' | 'bool'; fallback: unknown }>;

const specCache = new Map<EntityName, readonly ColumnSpec[]>();

/** Column keys (row property) and SQL names of an entity's confirmed table, in schema order. */
export function entityColumns(entity: EntityName): readonly ColumnSpec[] {
  let specs = specCache.get(entity);
  if (!specs) {
    specs = Object.entries(getTableColumns(ENTITY_TABLES[entity])).map(([key, column]) => ({
      key,
      name: column.name,
      kind: column.columnType === 'SQLiteTextJson' ? 'json' : column.columnType === 'SQLiteBoolean' ? 'bool' : 'plain',
      fallback: column.hasDefault ? column.default : undefined,
    }));
    specCache.set(entity, specs);
  }
  return specs;
}

export function entityTableName(entity: EntityName): string {
  return getTableName(ENTITY_TABLES[entity]);
}

/** Quoted, comma-separated column list of an entity's table. */
export function columnList(entity: EntityName): string {
  return entityColumns(entity)
    .map((c) => `"${c.name}"`)
    .join(', ');
}

/** Statement parameters for one row, converted the way drizzle stores them (JSON text, 0/1). */
export function rowParams(entity: EntityName, row: AnyEntityRow): unknown[] {
  const source = (entity === 'cases' ? toCaseColumns(row as CaseRow, false) : row) as Record<string, unknown>;
  return entityColumns(entity).map((c) => {
    const value = source[c.key] === undefined ? c.fallback : source[c.key];
    if (value === undefined || value === null) return null;
    if (c.kind === 'json') return JSON.stringify(value);
    if (c.kind === 'bool') return value ? 1 : 0;
    return value;
  });
}

export type EntityStatements = Readonly<{ upsert: Database.Statement; remove: Database.Statement }>;

const statementCache = new WeakMap<Database.Database, Map<EntityName, EntityStatements>>();

/** Prepared upsert and delete for an entity's table on this connection (the table name must exist there). */
export function entityStatements(sqlite: Database.Database, entity: EntityName): EntityStatements {
  let perDb = statementCache.get(sqlite);
  if (!perDb) {
    perDb = new Map();
    statementCache.set(sqlite, perDb);
  }
  let stmts = perDb.get(entity);
  if (!stmts) {
    const table = entityTableName(entity);
    const columns = entityColumns(entity);
    const marks = columns.map(() => '?').join(', ');
    const set = columns
      .filter((c) => c.key !== 'id')
      .map((c) => `"${c.name}" = excluded."${c.name}"`)
      .join(', ');
    stmts = {
      upsert: sqlite.prepare(`INSERT INTO "${table}" (${columnList(entity)}) VALUES (${marks}) ON CONFLICT("id") DO UPDATE SET ${set}`),
      remove: sqlite.prepare(`DELETE FROM "${table}" WHERE "id" = ?`),
    };
    perDb.set(entity, stmts);
  }
  return stmts;
}

export function putEntityRow(sqlite: Database.Database, entity: EntityName, row: AnyEntityRow): void {
  entityStatements(sqlite, entity).upsert.run(rowParams(entity, row));
}

export function deleteEntityRow(sqlite: Database.Database, entity: EntityName, id: string): void {
  entityStatements(sqlite, entity).remove.run(id);
}
