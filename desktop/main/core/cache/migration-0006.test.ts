// Signal-style migration test: a cache built at 0004 (before SLA fields, contract end, case events,
// notifications and the intake indexes), with rows in it, migrated to the latest.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tempDataDir } from '../testing/fixtures.js';
import { migrationsUpTo } from '../testing/migrations.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache-db.js';
import { getCursor } from './meta.js';
import { cases, casesConfirmed, outbox, projectors } from './schema.js';


describe('cache migration 0005/0006 (intake, SLA, timeline)', () => {
  const dirs: string[] = [];
  const dbs: WritableDb[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) closeCacheDb(db);
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps cases, projectors and the outbox, defaults the new columns, indexes serials, and forgets the cursor', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const file = path.join(dir, 'cache.sqlite');
    const old = openCacheDb({ file, migrationsFolder: migrationsUpTo(dir, 5) });
    const sqlite = old.$client;
    sqlite.prepare("INSERT INTO projectors (id, serial, model, manufacturer, site_id, install_date, warranty_end, version) VALUES ('p1', 'BRX-2201', 'DP4K', 'Barco', 's1', '2022-01-01', '2027-01-01', 3)").run();
    const caseValues = "('c1', 'DTR-2026-000001', 'BRX-2201', 'p1', 's1', NULL, 'Dana', '', 'd@x.example', 'phone', 'Lamp', '', 'P2', 'major', 'new', NULL, 'u1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '{}', 4";
    sqlite.prepare(`INSERT INTO cases_confirmed VALUES ${caseValues})`).run();
    sqlite.prepare(`INSERT INTO cases VALUES ${caseValues}, 0)`).run();
    sqlite.prepare("INSERT INTO outbox (mutation_id, name, args, base_versions, created_at, case_id) VALUES (3, 'updateCase', '{\"id\":\"c1\",\"patch\":{\"title\":\"x\"}}', '{}', '2026-01-01T00:00:00.000Z', 'c1')").run();
    sqlite.prepare("INSERT INTO meta (key, value) VALUES ('cursorEpoch', 'e1'), ('cursorVersion', '42'), ('clientId', 'client-1')").run();
    closeCacheDb(old);

    const db = openCacheDb({ file });
    dbs.push(db);
    expect(db.select().from(casesConfirmed).all()[0]).toMatchObject({ id: 'c1', waitingFor: null, slaEvents: [], slaDueAt: null, version: 4 });
    expect(db.select().from(cases).all()[0]).toMatchObject({ id: 'c1', waitingFor: null, slaEvents: [], slaDueAt: null });
    expect(db.select().from(projectors).all()[0]).toMatchObject({ id: 'p1', contractEnd: null });
    expect(db.select().from(outbox).all()).toHaveLength(1);
    expect(db.$client.prepare('SELECT serial_norm, projector_id FROM projector_serials').all()).toEqual([{ serial_norm: 'brx2201', projector_id: 'p1' }]);
    for (const table of ['case_events', 'notifications', 'intake_docs', 'intake_search', 'intake_phone', 'intake_compact', 'search_terms']) {
      expect(db.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = ?").get(table), table).toEqual({ n: 1 });
    }
    expect(getCursor(db)).toBeNull();
    expect(db.$client.prepare("SELECT value FROM meta WHERE key = 'clientId'").pluck().get()).toBe('client-1');
  });
});
