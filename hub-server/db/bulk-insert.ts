// Inserts and updates rows with prepared statements cached per table (the caller's transaction
// makes many rows one write), mapping values with each drizzle column's own encoder (JSON, booleans).
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

export type BulkInserter = <T extends SQLiteTable>(table: T, rows: readonly Readonly<Record<string, unknown>>[]) => void;
/** Updates every column of the row whose `id` matches; returns the number of rows changed. */
export type RowUpdater = <T extends SQLiteTable>(table: T, row: Readonly<Record<string, unknown>>) => number;

type Encoder = { mapToDriverValue(v: unknown): unknown };
type Column = [key: string, column: Encoder & { name: string; default?: unknown }];

/** A field left out takes its column's default (columns added later, e.g. change_log.offline), else NULL. */
function encode(columns: readonly Column[], row: Readonly<Record<string, unknown>>): unknown[] {
  return columns.map(([key, column]) => {
    const value = row[key] === undefined ? column.default : row[key];
    return value === undefined || value === null ? null : column.mapToDriverValue(value);
  });
}

export function createBulkInserter(sqlite: Database.Database): BulkInserter {
  const cache = new Map<string, { statement: Database.Statement; columns: Column[] }>();
  return (table, rows) => {
    if (rows.length === 0) return;
    const name = getTableName(table);
    let entry = cache.get(name);
    if (!entry) {
      const columns = Object.entries(getTableColumns(table)) as Column[];
      const names = columns.map(([, column]) => `"${column.name}"`).join(', ');
      const params = columns.map(() => '?').join(', ');
      entry = { statement: sqlite.prepare(`INSERT INTO "${name}" (${names}) VALUES (${params})`), columns };
      cache.set(name, entry);
    }
    const { statement, columns } = entry;
    for (const row of rows) statement.run(encode(columns, row));
  };
}

export function createRowUpdater(sqlite: Database.Database): RowUpdater {
  const cache = new Map<string, { statement: Database.Statement; columns: Column[] }>();
  return (table, row) => {
    const name = getTableName(table);
    let entry = cache.get(name);
    if (!entry) {
      const all = Object.entries(getTableColumns(table)) as Column[];
      const columns = all.filter(([key]) => key !== 'id');
      const sets = columns.map(([, column]) => `"${column.name}" = ?`).join(', ');
      entry = { statement: sqlite.prepare(`UPDATE "${name}" SET ${sets} WHERE "id" = ?`), columns };
      cache.set(name, entry);
    }
    return entry.statement.run([...encode(entry.columns, row), row.id]).changes;
  };
}
