import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache-db.js';
import { ensureClientId } from './meta.js';
import { cacheFileFor } from './cache-location.js';
import { tempDataDir } from '../testing/fixtures.js';

describe('cache database', () => {
  const dirs: string[] = [];
  const dbs: WritableDb[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) closeCacheDb(db);
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = (file: string) => {
    const db = openCacheDb({ file });
    dbs.push(db);
    return db;
  };

  it('creates every table, the FTS index and the pragmas on first open', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const db = open(path.join(dir, 'cache', 'a.sqlite'));
    const names = (db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['users', 'customers', 'sites', 'projectors', 'cases_confirmed', 'cases', 'settings', 'outbox', 'meta', 'projector_search']));
    const outboxColumns = (db.$client.prepare('PRAGMA table_info(outbox)').all() as { name: string; pk: number }[]).map((c) => [c.name, c.pk]);
    expect(outboxColumns).toEqual([['mutation_id', 1], ['name', 0], ['args', 0], ['base_versions', 0], ['created_at', 0], ['case_id', 0], ['offline', 0]]);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('reopens an existing cache without re-running migrations and keeps its clientId', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, 'c.sqlite');
    const first = open(file);
    const clientId = ensureClientId(first);
    closeCacheDb(first);
    const again = open(file);
    expect(ensureClientId(again)).toBe(clientId);
    expect(clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('names one cache file per hub and user', () => {
    const a = cacheFileFor('/data', 'http://hub:4010', 'user-1');
    expect(a).toMatch(/^\/data\/cache\/[0-9a-f]{16}\.sqlite$/);
    expect(cacheFileFor('/data', 'http://hub:4010', 'user-2')).not.toBe(a);
    expect(cacheFileFor('/data', 'http://other:4010', 'user-1')).not.toBe(a);
    expect(cacheFileFor('/data', 'http://hub:4010', 'user-1')).toBe(a);
  });
});
