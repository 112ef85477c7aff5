// Signal-style migration test: a cache built at 0007 (before escalations), with a case, a pending
// edit and a cursor in it, migrated to the latest: escalation reads null and the next connection
// bootstraps (an older console dropped the escalations the hub sent it), the outbox kept.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tempDataDir } from '../testing/fixtures.js';
import { migrationsUpTo } from '../testing/migrations.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache-db.js';
import { getCursor } from './meta.js';
import { cases, casesConfirmed, outbox } from './schema.js';


describe('cache migration 0008 (case escalation)', () => {
  const dirs: string[] = [];
  const dbs: WritableDb[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) closeCacheDb(db);
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds a null escalation to cached cases, keeps the outbox and forgets the cursor', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, 'cache.sqlite');
    const old = openCacheDb({ file, migrationsFolder: migrationsUpTo(dir, 8) });
    const sqlite = old.$client;
    expect(sqlite.prepare("SELECT count(*) AS n FROM pragma_table_info('cases') WHERE name = 'escalation'").get()).toEqual({ n: 0 });
    const columns = 'id, number, serial, contact_name, contact_phone, contact_email, channel, title, description, priority, severity, status, created_by, created_at, updated_at, field_versions, version';
    const values = "'c1', 'DTR-2026-000001', 'BRX-2201', 'Dana', '', 'd@x.example', 'phone', 'Lamp', '', 'P1', 'critical', 'new', 'u1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '{}', 4";
    sqlite.prepare(`INSERT INTO cases_confirmed (${columns}) VALUES (${values})`).run();
    sqlite.prepare(`INSERT INTO cases (${columns}) VALUES (${values})`).run();
    sqlite.prepare("INSERT INTO outbox (mutation_id, name, args, base_versions, created_at, case_id) VALUES (3, 'updateCase', '{\"id\":\"c1\",\"patch\":{\"title\":\"x\"}}', '{}', '2026-01-01T00:00:00.000Z', 'c1')").run();
    sqlite.prepare("INSERT INTO meta (key, value) VALUES ('cursorEpoch', 'e1'), ('cursorVersion', '42'), ('clientId', 'client-1')").run();
    closeCacheDb(old);

    const db = openCacheDb({ file });
    dbs.push(db);
    expect(db.select().from(casesConfirmed).all()[0]).toMatchObject({ id: 'c1', escalation: null, version: 4 });
    expect(db.select().from(cases).all()[0]).toMatchObject({ id: 'c1', escalation: null });
    expect(db.select().from(outbox).all()).toHaveLength(1);
    expect(getCursor(db)).toBeNull();
    expect(db.$client.prepare("SELECT value FROM meta WHERE key = 'clientId'").pluck().get()).toBe('client-1');
  });
});
