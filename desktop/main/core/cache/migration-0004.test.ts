// Signal-style migration test: a cache built at 0002 (before users had phone/engineer/password
// markers, settings existed and outbox rows had `offline`), with rows in it, migrated to the latest.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tempDataDir } from '../testing/fixtures.js';
import { migrationsUpTo } from '../testing/migrations.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache-db.js';
import { getCursor } from './meta.js';
import { outbox, settings, users } from './schema.js';

/** A copy of the migrations folder that stops after the first `count` migrations. */

describe('cache migration 0003/0004 (admin console)', () => {
  const dirs: string[] = [];
  const dbs: WritableDb[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) closeCacheDb(db);
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps users and the outbox, adds the new columns with defaults, and forgets the cursor so the next sync bootstraps', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, 'cache.sqlite');
    const old = openCacheDb({ file, migrationsFolder: migrationsUpTo(dir, 3) });
    const sqlite = old.$client;
    sqlite.prepare("INSERT INTO users (id, email, name, role, regions, active, version) VALUES ('u1', 'a@x.example', 'Ann', 'agent', '[\"north\"]', 1, 7)").run();
    sqlite.prepare("INSERT INTO outbox (mutation_id, name, args, base_versions, created_at, case_id) VALUES (3, 'createCase', '{\"id\":\"c1\"}', '{}', '2026-01-01T00:00:00.000Z', 'c1')").run();
    sqlite.prepare("INSERT INTO meta (key, value) VALUES ('cursorEpoch', 'e1'), ('cursorVersion', '42'), ('clientId', 'client-1')").run();
    expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'settings'").get()).toEqual({ n: 0 });
    closeCacheDb(old);

    const db = openCacheDb({ file });
    dbs.push(db);
    expect(db.select().from(users).all()).toEqual([
      { id: 'u1', email: 'a@x.example', name: 'Ann', role: 'agent', regions: ['north'], active: true, version: 7, phone: '', engineer: null, mustChangePassword: false, passwordChangedAt: null },
    ]);
    expect(db.select().from(outbox).all()).toEqual([
      { mutationId: 3, name: 'createCase', args: { id: 'c1' }, baseVersions: {}, createdAt: '2026-01-01T00:00:00.000Z', caseId: 'c1', offline: false },
    ]);
    expect(db.select().from(settings).all()).toEqual([]);
    expect(getCursor(db)).toBeNull();
    // Only the cursor goes: the clientId (the hub's lastMutationId is keyed by it) stays.
    expect(db.$client.prepare("SELECT value FROM meta WHERE key = 'clientId'").pluck().get()).toBe('client-1');
  });
});
