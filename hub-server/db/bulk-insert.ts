// Inserts and updates rows with prepared statements cached per table (the caller's transaction
// makes many rows one write), mapping values with each drizzle column's own encoder (JSON, booleans).
import type Database from 'better-sqlite3';
import { Column as DrizzleColumn, getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

export type BulkInserter = <T extends SQLiteTable>(table: T, rows: readonly Readonly<Record<string, unknown>>[]) => void;
/** Updates every column of the row whose `id` matches; returns the number of rows changed. */
export type RowUpdater = <T extends SQLiteTable>(table: T, row: Readonly<Record<string, unknown>>) => number;

type Encoder = { mapToDriverValue(v: unknown): unknown };
type Column = [key: string, column: Encoder & { name: string; default?: unknown }];

/** drizzle's base Column encoder passes the value through: such columns skip the call per value. */
const passThrough = (column: Encoder): boolean => column.mapToDriverValue === (DrizzleColumn.prototype as Encoder).mapToDriverValue;

type Plan = Readonly<{ keys: readonly string[]; columns: readonly Column[1][]; plain: readonly boolean[] }>;

function planOf(columns: readonly Column[]): Plan {
  return { keys: columns.map(([key]) => key), columns: columns.map(([, column]) => column), plain: columns.map(([, column]) => passThrough(column)) };
}

/** A field left out takes its column's default (columns added later, e.g. change_log.offline), else NULL. */
function encode(plan: Plan, row: Readonly<Record<string, unknown>>, extra = 0): unknown[] {
  const { keys, columns, plain } = plan;
  const out: unknown[] = new Array(keys.length + extra);
  for (let i = 0; i < keys.length; i++) {
    let value = row[keys[i]!];
    if (value === undefined) value = columns[i]!.default;
    out[i] = value === undefined || value === null ? null : plain[i] ? value : columns[i]!.mapToDriverValue(value);
  }
  return out;
}

export function createBulkInserter(sqlite: Database.Database): BulkInserter {
  const cache = new Map<string, { statement: Database.Statement; plan: Plan }>();
  return (table, rows) => {
    if (rows.length === 0) return;
    const name = getTableName(table);
    let entry = cache.get(name);
    if (!entry) {
      const columns = Object.entries(getTableColumns(table)) as Column[];
      const names = columns.map(([, column]) => `"${column.name}"`).join(', ');
      const params = columns.map(() => '?').join(', ');
      entry = { statement: sqlite.prepare(`INSERT INTO "${name}" (${names}) VALUES (${params})`), plan: planOf(columns) };
      cache.set(name, entry);
    }
    const { statement, plan } = entry;
    for (const row of rows) statement.run(encode(plan, row));
  };
}

export function createRowUpdater(sqlite: Database.Database): RowUpdater {
  const cache = new Map<string, { statement: Database.Statement; plan: Plan }>();
  return (table, row) => {
    const name = getTableName(table);
    let entry = cache.get(name);
    if (!entry) {
      const all = Object.entries(getTableColumns(table)) as Column[];
      const columns = all.filter(([key]) => key !== 'id');
      const sets = columns.map(([, column]) => `"${column.name}" = ?`).join(', ');
      entry = { statement: sqlite.prepare(`UPDATE "${name}" SET ${sets} WHERE "id" = ?`), plan: planOf(columns) };
      cache.set(name, entry);
    }
    const values = encode(entry.plan, row, 1);
    values[values.length - 1] = row.id;
    return entry.statement.run(values).changes;
  };
}
