// Reads a console core's confirmed cache (what the hub confirmed to it) for the convergence check:
// through the core's own `readCacheSnapshot` when the core offers it, else straight from the cache
// file, read-only (cases_confirmed, outbox and, when present, conflicts).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheFileFor } from '../../desktop/main/core/cache/cache-location.js';
import { normaliseHubUrl } from '../../desktop/main/core/console-core.js';
import { REPO } from '../support/processes.js';

export type CoreSnapshot = Readonly<{
  /** Confirmed case id → version. */
  cases: ReadonlyMap<string, number>;
  /** Confirmed conflict id → resolvedAt; null when the cache has no conflicts table. */
  conflicts: ReadonlyMap<string, string | null> | null;
  outbox: number;
  cursorVersion: number | null;
  source: 'readCacheSnapshot' | 'cache-file';
}>;

type Row = Readonly<{ id?: unknown; version?: unknown; resolvedAt?: unknown }>;

const SNAPSHOT_MODULE = path.join(REPO, 'desktop/main/core/cache/snapshot.ts');

/** The core's own snapshot reader, if it has landed; its shape is checked before use. */
async function loadSnapshotReader(): Promise<((dataDir: string, hubUrl: string, userId: string) => unknown) | null> {
  if (!fs.existsSync(SNAPSHOT_MODULE)) return null;
  const mod = (await import(pathToFileURL(SNAPSHOT_MODULE).href)) as Record<string, unknown>;
  const fn = mod.readCacheSnapshot;
  return typeof fn === 'function' ? (fn as (dataDir: string, hubUrl: string, userId: string) => unknown) : null;
}

function rowsOf(value: unknown): readonly Row[] | null {
  return Array.isArray(value) ? (value as Row[]) : null;
}

function fromCoreSnapshot(value: unknown): CoreSnapshot | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const cases = rowsOf(v.cases) ?? rowsOf(v.casesConfirmed);
  if (!cases || !cases.every((r) => typeof r.id === 'string' && typeof r.version === 'number')) return null;
  const conflicts = rowsOf(v.conflicts);
  const outbox = rowsOf(v.outbox);
  const cursor = v.cursor as { version?: unknown } | null | undefined;
  return {
    cases: new Map(cases.map((r) => [r.id as string, r.version as number])),
    conflicts: conflicts ? new Map(conflicts.map((r) => [String(r.id), (r.resolvedAt as string | null | undefined) ?? null])) : null,
    outbox: outbox ? outbox.length : typeof v.pending === 'number' ? v.pending : 0,
    cursorVersion: typeof cursor?.version === 'number' ? cursor.version : null,
    source: 'readCacheSnapshot',
  };
}

function fromCacheFile(file: string): CoreSnapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.transaction(() => {
      const cases = new Map((db.prepare('SELECT id, version FROM cases_confirmed').all() as { id: string; version: number }[]).map((r) => [r.id, r.version]));
      const table = ['conflicts_confirmed', 'conflicts'].find((name) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined);
      const conflicts = table
        ? new Map((db.prepare(`SELECT id, resolved_at AS resolvedAt FROM ${table}`).all() as { id: string; resolvedAt: string | null }[]).map((r) => [r.id, r.resolvedAt]))
        : null;
      const outbox = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
      const cursor = db.prepare("SELECT value FROM meta WHERE key = 'cursorVersion'").pluck().get() as string | undefined;
      return { cases, conflicts, outbox, cursorVersion: cursor === undefined ? null : Number(cursor), source: 'cache-file' as const };
    })();
  } finally {
    db.close();
  }
}

export async function readCoreSnapshot(dataDir: string, hubUrl: string, userId: string): Promise<CoreSnapshot> {
  const reader = await loadSnapshotReader().catch(() => null);
  if (reader) {
    const snapshot = fromCoreSnapshot(await reader(dataDir, normaliseHubUrl(hubUrl), userId));
    if (snapshot) return snapshot;
  }
  return fromCacheFile(cacheFileFor(dataDir, normaliseHubUrl(hubUrl), userId));
}
