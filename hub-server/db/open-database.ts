// Opens the hub's SQLite file with the pragmas it relies on and applies pending migrations.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type HubDrizzle = BetterSQLite3Database<typeof schema>;

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * WAL lets readers work while the single writer commits; busy_timeout rides out a brief lock.
 * synchronous=NORMAL in WAL mode skips the fsync per commit (the WAL is synced at checkpoints): a
 * committed transaction survives a crash or SIGKILL of the hub process, since its pages are in
 * the OS; only a power loss or OS crash can lose the last commits, never corrupt the database.
 */
export function openConnection(file: string, options: Readonly<{ readonly?: boolean }> = {}): Database.Database {
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return sqlite;
}

export function wrap(sqlite: Database.Database): HubDrizzle {
  return drizzle(sqlite, { schema });
}

/** Creates the folder if needed, opens the writer connection and migrates it. */
export function openAndMigrate(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = openConnection(file);
  try {
    migrate(wrap(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}
