// Opens a console cache database: pragmas, migrations, and the branded handles (Signal style) that
// keep read paths from writing: a function taking ReadableDb has no insert/update/delete/run.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIntakeFunctions } from './intake-search-index.js';
import { registerSearchFunctions } from './projector-search-index.js';
import { cacheSchema } from './schema.js';

type DrizzleCacheDb = BetterSQLite3Database<typeof cacheSchema> & { $client: Database.Database };

declare const readableBrand: unique symbol;
declare const writableBrand: unique symbol;

/** Read-only view of the cache: only query builders, no statements that write. */
export type ReadableDb = Pick<DrizzleCacheDb, 'select' | 'selectDistinct' | 'all' | 'get'> & { readonly [readableBrand]: true };
/** Full access; only write paths (local writes, rebase, meta) take this. */
export type WritableDb = DrizzleCacheDb & { readonly [readableBrand]: true; readonly [writableBrand]: true };

export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export type OpenCacheOptions = Readonly<{
  file: string;
  /** Where the drizzle-kit migrations live; a bundled build passes its copied folder. */
  migrationsFolder?: string;
}>;

export function openCacheDb(options: OpenCacheOptions): WritableDb {
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const sqlite = new Database(options.file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // WAL with NORMAL is durable across application crashes; only an OS crash can lose the last commit.
    sqlite.pragma('synchronous = NORMAL');
    // 16 MB of page cache instead of SQLite's 2 MB: applying a burst of synced rows touches the
    // projectors table, its indexes, the FTS segments and the term list; with the default most of
    // those pages are read back from the OS on every frame (about 15% of the apply's CPU).
    sqlite.pragma('cache_size = -16000');
    registerSearchFunctions(sqlite);
    registerIntakeFunctions(sqlite);
    const db = drizzle(sqlite, { schema: cacheSchema });
    migrate(db, { migrationsFolder: options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER });
    return db as WritableDb;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

export function closeCacheDb(db: WritableDb): void {
  if (db.$client.open) db.$client.close();
}

/** Runs `fn` in one SQLite transaction (a savepoint when nested); everything inside is sync. */
export function writeTransaction<T>(db: WritableDb, fn: () => T): T {
  return db.$client.transaction(fn)();
}

const readStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement for a hot read path (the board: thousands of rows per call), built once per
 * connection and SQL text. Only statements SQLite reports read-only are handed out, so a
 * ReadableDb still cannot write through this door.
 */
export function readStatement<P extends unknown[], R>(db: ReadableDb, text: string, options: Readonly<{ raw?: boolean }> = {}): Database.Statement<P, R> {
  const sqlite = (db as unknown as DrizzleCacheDb).$client;
  let perDb = readStatements.get(sqlite);
  if (!perDb) {
    perDb = new Map();
    readStatements.set(sqlite, perDb);
  }
  // Raw (rows as arrays: no object per row, ~2x faster on thousands of rows) is a separate statement.
  const key = options.raw ? `raw\u0000${text}` : text;
  let statement = perDb.get(key);
  if (!statement) {
    statement = sqlite.prepare(text);
    if (!statement.readonly) throw new Error(`readStatement was given a statement that writes: ${text.slice(0, 80)}`);
    if (options.raw) statement.raw(true);
    perDb.set(key, statement);
  }
  return statement as unknown as Database.Statement<P, R>;
}
