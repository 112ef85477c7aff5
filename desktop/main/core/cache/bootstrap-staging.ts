// Fresh bootstrap without holding the snapshot in memory: `bootstrap-rows` chunks are written as
// they arrive into staging tables, inside ONE transaction opened at bootstrap-begin (committed at
// bootstrap-end, rolled back if the connection drops). Then one transaction on the cache swaps the
// staged rows into the confirmed tables, rebuilds the search index and the case view over the
// outbox (which a bootstrap never touches) and writes the cursor.
//
// The staging tables live in a side file next to the cache, on their own connection, on purpose:
// the user keeps working during a long bootstrap, and a local write must commit durably on its own
// (not as a savepoint inside a bootstrap transaction that may still roll back), and must not wait
// for the bootstrap's write lock. The side file is disposable, so it runs with synchronous=OFF and
// an in-memory rollback journal: a crash mid-bootstrap leaves a file that the next bootstrap
// deletes, and the cursor (written only by the swap) still says a bootstrap is needed.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { ENTITIES, type AnyEntityRow, type EntityName } from '../../../../shared/sync/entities.js';
import type { Cursor } from '../../../../shared/sync/protocol.js';
import { writeTransaction, type WritableDb } from './cache-db.js';
import { confirmedCaseColumnList, recomputeCases } from './case-view.js';
import type { ReplayContext } from '../../../../shared/sync/rebase.js';
import { columnList, entityColumns, entityTableName, rowParams } from './entity-store.js';
import { setCursor, setLastSyncAt } from './meta.js';
import { rebuildIntakeSearch } from './intake-search-index.js';
import { rebuildProjectorSearch } from './projector-search-index.js';

export type StagingBootstrap = Readonly<{
  file: string;
  /** Writes one chunk of rows into the staging table of `entity` (inside the open transaction). */
  add(entity: EntityName, rows: readonly AnyEntityRow[]): void;
  /** Commits the staged snapshot and closes the staging connection. */
  finish(): void;
  /** Rolls the staging transaction back and removes the file. Safe to call more than once. */
  abort(): void;
}>;

export type SwapContext = ReplayContext & Readonly<{ now: string }>;

export function stagingFileFor(db: WritableDb): string {
  return `${db.$client.name}.bootstrap`;
}

export function removeStagingFiles(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** Opens a fresh staging file with empty copies of the confirmed tables and begins its transaction. */
export function beginStaging(db: WritableDb): StagingBootstrap {
  const file = stagingFileFor(db);
  removeStagingFiles(file);
  const staging = new Database(file);
  try {
    staging.pragma('journal_mode = MEMORY');
    staging.pragma('synchronous = OFF');
    // Bare tables, no keys or indexes: the rows are only appended, then read once, in full, by
    // the swap, which applies the real table's types and keys.
    for (const entity of ENTITIES) staging.exec(`CREATE TABLE "${entityTableName(entity)}" (${columnList(entity)})`);
    staging.exec('BEGIN');
  } catch (error) {
    staging.close();
    removeStagingFiles(file);
    throw error;
  }
  let done = false;
  const inserts = new Map<EntityName, Database.Statement>();
  return {
    file,
    add(entity, rows) {
      let insert = inserts.get(entity);
      if (!insert) {
        insert = staging.prepare(`INSERT INTO "${entityTableName(entity)}" VALUES (${entityColumns(entity).map(() => '?').join(', ')})`);
        inserts.set(entity, insert);
      }
      for (const row of rows) insert.run(rowParams(entity, row));
    },
    finish() {
      staging.exec('COMMIT');
      staging.close();
      done = true;
    },
    abort() {
      if (!done && staging.open) {
        if (staging.inTransaction) staging.exec('ROLLBACK');
        staging.close();
      }
      done = true;
      removeStagingFiles(file);
    },
  };
}

/** Rebuilds the whole `cases` view: confirmed rows copied in SQL, then the cases with pending mutations replayed. */
export function rebuildCaseView(db: WritableDb, ctx: ReplayContext): void {
  const sqlite = db.$client;
  const columns = confirmedCaseColumnList();
  sqlite.exec('DELETE FROM cases');
  sqlite.exec(`INSERT INTO cases (${columns}, pending) SELECT ${columns}, 0 FROM cases_confirmed`);
  const pendingIds = sqlite.prepare('SELECT DISTINCT case_id FROM outbox WHERE case_id IS NOT NULL').pluck().all() as string[];
  recomputeCases(db, pendingIds, ctx);
}

/**
 * Replaces every confirmed table with the staged snapshot in one transaction on the cache, keeps
 * the outbox and rebases it, writes the cursor, then removes the staging file.
 */
export function swapInStaging(db: WritableDb, file: string, cursor: Cursor, ctx: SwapContext): void {
  const sqlite = db.$client;
  // ATTACH and DETACH are not allowed inside a transaction, so they wrap it.
  sqlite.prepare('ATTACH DATABASE ? AS staging').run(file);
  try {
    writeTransaction(db, () => {
      for (const entity of ENTITIES) {
        const table = entityTableName(entity);
        const columns = columnList(entity);
        // Secondary indexes are dropped and rebuilt from their own stored definitions: building an
        // index once over a million rows is much cheaper than updating it a million times.
        const indexes = sqlite.prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table) as { name: string; sql: string }[];
        for (const index of indexes) sqlite.exec(`DROP INDEX main."${index.name}"`);
        sqlite.exec(`DELETE FROM main."${table}"`);
        // OR REPLACE: should the hub ever send a row twice, the later copy wins instead of failing.
        sqlite.exec(`INSERT OR REPLACE INTO main."${table}" (${columns}) SELECT ${columns} FROM staging."${table}" ORDER BY rowid`);
        for (const index of indexes) sqlite.exec(index.sql);
      }
      // A case's events go with it: the hub sends the events of the cases it sends, so any left
      // without their case (a snapshot racing a delete) are dropped rather than shown orphaned.
      sqlite.exec('DELETE FROM main.case_events WHERE case_id NOT IN (SELECT id FROM main.cases_confirmed)');
      rebuildProjectorSearch(db);
      rebuildIntakeSearch(db);
      rebuildCaseView(db, ctx);
      setCursor(db, cursor);
      setLastSyncAt(db, ctx.now);
    });
  } finally {
    sqlite.exec('DETACH DATABASE staging');
  }
  removeStagingFiles(file);
  // The swap wrote the whole snapshot to the WAL; fold it into the database and give the space back.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

export type BootstrapSnapshot = Readonly<{ [E in EntityName]?: readonly AnyEntityRow[] }>;

/** A whole bootstrap from rows already in memory (small snapshots and tests): stage, then swap. */
export function applyBootstrap(db: WritableDb, snapshot: BootstrapSnapshot, cursor: Cursor, ctx: SwapContext): void {
  const staging = beginStaging(db);
  try {
    for (const entity of ENTITIES) staging.add(entity, snapshot[entity] ?? []);
    staging.finish();
    swapInStaging(db, staging.file, cursor, ctx);
  } catch (error) {
    staging.abort();
    throw error;
  }
}
