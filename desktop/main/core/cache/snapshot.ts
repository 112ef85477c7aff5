// Reads a console's whole local state from its cache file, read-only and without a running core,
// so a test harness (the chaos run) can compare what each console holds with the hub.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { ENTITIES, type EntityName } from '../../../../shared/sync/entities.js';
import type { Cursor } from '../../../../shared/sync/protocol.js';
import { cacheFileFor, normaliseHubUrl } from './cache-location.js';
import { entityTableName } from './entity-store.js';

export type CacheSnapshot = Readonly<{
  file: string;
  /** Confirmed rows per entity: id → version, as the hub last confirmed them. */
  confirmed: Readonly<Record<EntityName, Readonly<Record<string, number>>>>;
  /** What the user sees: case id → version of its confirmed base (0 for a case not yet confirmed). */
  view: Readonly<Record<string, number>>;
  /** Mutations still waiting for the hub. */
  outbox: number;
  /** The outbox's mutation ids in order (to check they are sent in order after a restart). */
  outboxIds: readonly number[];
  cursor: Cursor | null;
}>;

/** The cache of `userId` on `hubUrl` under `dataDir`, or null when that console never synced. */
export function readCacheSnapshot(dataDir: string, hubUrl: string, userId: string): CacheSnapshot | null {
  const file = cacheFileFor(dataDir, normaliseHubUrl(hubUrl), userId);
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // One read transaction, so all tables are read at the same point even if a core is writing.
    return db.transaction(() => {
      const confirmed = {} as Record<EntityName, Record<string, number>>;
      for (const entity of ENTITIES) {
        const rows = db.prepare(`SELECT id, version FROM "${entityTableName(entity)}"`).raw().iterate() as IterableIterator<[string, number]>;
        const map: Record<string, number> = {};
        for (const [id, version] of rows) map[id] = version;
        confirmed[entity] = map;
      }
      const view: Record<string, number> = {};
      for (const [id, version] of db.prepare('SELECT id, version FROM cases').raw().iterate() as IterableIterator<[string, number]>) view[id] = version;
      const outboxIds = db.prepare('SELECT mutation_id FROM outbox ORDER BY mutation_id').pluck().all() as number[];
      const meta = new Map(db.prepare("SELECT key, value FROM meta WHERE key IN ('cursorEpoch', 'cursorVersion')").raw().all() as [string, string][]);
      const epoch = meta.get('cursorEpoch');
      const version = meta.get('cursorVersion');
      const cursor = epoch !== undefined && version !== undefined ? { epoch, version: Number(version) } : null;
      return { file, confirmed, view, outbox: outboxIds.length, outboxIds, cursor };
    }).deferred();
  } finally {
    db.close();
  }
}
