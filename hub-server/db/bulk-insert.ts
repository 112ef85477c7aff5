// Inserts many rows with ONE prepared statement (the caller's transaction makes it one write),
// mapping values with each drizzle column's own encoder (JSON, booleans).
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

export type BulkInserter = <T extends SQLiteTable>(table: T, rows: readonly Readonly<Record<string, unknown>>[]) => void;

export function createBulkInserter(sqlite: Database.Database): BulkInserter {
  const cache = new Map<string, { statement: Database.Statement; columns: [string, { mapToDriverValue(v: unknown): unknown }][] }>();
  return (table, rows) => {
    if (rows.length === 0) return;
    const name = getTableName(table);
    let entry = cache.get(name);
    if (!entry) {
      const columns = Object.entries(getTableColumns(table));
      const names = columns.map(([, column]) => `"${column.name}"`).join(', ');
      const params = columns.map(() => '?').join(', ');
      entry = { statement: sqlite.prepare(`INSERT INTO "${name}" (${names}) VALUES (${params})`), columns };
      cache.set(name, entry);
    }
    const { statement, columns } = entry;
    for (const row of rows) {
      statement.run(columns.map(([key, column]) => (row[key] === undefined || row[key] === null ? null : column.mapToDriverValue(row[key]))));
    }
  };
}
