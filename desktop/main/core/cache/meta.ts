// Key/value facts about one cache: who it belongs to, its clientId, the sync cursor, the last
// mutation id handed out (ids must never be reused, even after the outbox drains).
import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Cursor } from '../../../../shared/sync/protocol.js';
import type { ReadableDb, WritableDb } from './cache-db.js';
import { meta } from './schema.js';

const KEYS = {
  clientId: 'clientId',
  userId: 'userId',
  cursorEpoch: 'cursorEpoch',
  cursorVersion: 'cursorVersion',
  lastSyncAt: 'lastSyncAt',
  lastMutationId: 'lastMutationId',
} as const;

// Read and written on every sync frame and status update: prepared once per connection instead of
// building the query on each call. Reads stay on the ReadableDb (drizzle's prepared select).
type MetaWrites = Readonly<{ set: Database.Statement<[string, string]>; remove: Database.Statement<[string]> }>;
const writesByConnection = new WeakMap<Database.Database, MetaWrites>();
const readsByDb = new WeakMap<ReadableDb, ReturnType<typeof prepareRead>>();

function prepareRead(db: ReadableDb) {
  return db.select({ value: meta.value }).from(meta).where(eq(meta.key, sql.placeholder('key'))).prepare();
}

function writes(db: WritableDb): MetaWrites {
  const sqlite = db.$client;
  let prepared = writesByConnection.get(sqlite);
  if (!prepared) {
    prepared = {
      set: sqlite.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      remove: sqlite.prepare<[string]>('DELETE FROM meta WHERE key = ?'),
    };
    writesByConnection.set(sqlite, prepared);
  }
  return prepared;
}

function getMeta(db: ReadableDb, key: string): string | null {
  let read = readsByDb.get(db);
  if (!read) {
    read = prepareRead(db);
    readsByDb.set(db, read);
  }
  return read.get({ key })?.value ?? null;
}

function setMeta(db: WritableDb, key: string, value: string): void {
  writes(db).set.run(key, value);
}

function deleteMeta(db: WritableDb, key: string): void {
  writes(db).remove.run(key);
}

/** The clientId of this cache, created on first use. */
export function ensureClientId(db: WritableDb): string {
  const existing = getMeta(db, KEYS.clientId);
  if (existing) return existing;
  const id = uuidv7();
  setMeta(db, KEYS.clientId, id);
  return id;
}

export function setCacheUserId(db: WritableDb, userId: string): void {
  setMeta(db, KEYS.userId, userId);
}

export function getCacheUserId(db: ReadableDb): string | null {
  return getMeta(db, KEYS.userId);
}

export function getCursor(db: ReadableDb): Cursor | null {
  const epoch = getMeta(db, KEYS.cursorEpoch);
  const version = getMeta(db, KEYS.cursorVersion);
  if (epoch === null || version === null) return null;
  const n = Number(version);
  return Number.isInteger(n) && n >= 0 ? { epoch, version: n } : null;
}

export function setCursor(db: WritableDb, cursor: Cursor | null): void {
  if (cursor === null) {
    deleteMeta(db, KEYS.cursorEpoch);
    deleteMeta(db, KEYS.cursorVersion);
    return;
  }
  setMeta(db, KEYS.cursorEpoch, cursor.epoch);
  setMeta(db, KEYS.cursorVersion, String(cursor.version));
}

export function getLastSyncAt(db: ReadableDb): string | null {
  return getMeta(db, KEYS.lastSyncAt);
}

export function setLastSyncAt(db: WritableDb, at: string): void {
  setMeta(db, KEYS.lastSyncAt, at);
}

export function getLastMutationId(db: ReadableDb): number {
  const value = Number(getMeta(db, KEYS.lastMutationId) ?? '0');
  return Number.isInteger(value) && value > 0 ? value : 0;
}

export function setLastMutationId(db: WritableDb, id: number): void {
  setMeta(db, KEYS.lastMutationId, String(id));
}
