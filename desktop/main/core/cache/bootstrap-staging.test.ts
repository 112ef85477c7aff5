import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Projector } from '../../../../shared/domain.js';
import { createCaseLocally, updateCaseLocally } from '../local-writes.js';
import { getCaseDetail, listCases, searchProjectors } from '../queries.js';
import { AGENT, AGENT_ROW, CUSTOMERS, FSE_ROW, PROJECTORS, SITES, caseFields, confirmedCase, conflictRow, tempDataDir } from '../testing/fixtures.js';
import { applyChanges } from '../rebase.js';
import { getSettingsView } from '../settings-view.js';
import { updateSettingLocally } from '../local-writes.js';
import { applyBootstrap, beginStaging, stagingFileFor, swapInStaging } from './bootstrap-staging.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache-db.js';
import { getCursor } from './meta.js';
import { conflicts, outbox, projectors, settings, users } from './schema.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };
const CASE_ID = '01900000-0000-7000-8000-00000000ca5e';

function manyProjectors(n: number): Projector[] {
  return Array.from({ length: n }, (_, i) => ({
    ...PROJECTORS[0]!,
    id: `01900000-0000-7000-8003-${i.toString(16).padStart(12, '0')}`,
    serial: `ZX-${i}`,
  }));
}

describe('streamed bootstrap', () => {
  let dir = '';
  let file = '';
  let db: WritableDb;
  beforeEach(() => {
    dir = tempDataDir();
    file = path.join(dir, 'cache.sqlite');
    db = openCacheDb({ file });
    applyBootstrap(db, { users: [AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(CASE_ID, 5)] }, { epoch: 'e1', version: 5 }, ctx);
  });
  afterEach(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bootstraps and changes settings rows and the users\' new fields; a narrower snapshot purges what is no longer sent', () => {
    const org = { name: 'Acme Cinema Services', address: '1 Road', phone: '', email: '', logo: null };
    applyBootstrap(
      db,
      { users: [AGENT_ROW, FSE_ROW], settings: [{ id: 'organisation', value: org, updatedAt: '2026-02-01T09:00:00.000Z', updatedBy: AGENT.id, version: 6 }], cases: [confirmedCase(CASE_ID, 5)] },
      { epoch: 'e1', version: 6 },
      ctx,
    );
    expect(db.select().from(users).all().find((u) => u.id === FSE_ROW.id)).toMatchObject({ phone: '', engineer: FSE_ROW.engineer, mustChangePassword: false, passwordChangedAt: null });
    expect(getSettingsView(db, { name: 'Me' }).values.organisation).toEqual(org);
    expect(getSettingsView(db, { name: 'Me' }).meta.organisation).toEqual({ updatedAt: '2026-02-01T09:00:00.000Z', updatedByName: AGENT.name, pending: false });

    applyChanges(db, [{ version: 7, entity: 'settings', id: 'timeZone', op: 'put', row: { id: 'timeZone', value: 'America/New_York', updatedAt: 'x', updatedBy: null, version: 7 } }], { epoch: 'e1', version: 7 }, ctx);
    expect(getSettingsView(db, { name: 'Me' }).values.timeZone).toBe('America/New_York');

    // A pending setting change survives a bootstrap that no longer carries the FSE, the case or the settings.
    updateSettingLocally(db, { key: 'holidays', value: [{ date: '2026-12-25', name: 'Christmas' }] }, ctx);
    applyBootstrap(db, { users: [AGENT_ROW] }, { epoch: 'e1', version: 8 }, ctx);
    expect(db.select().from(users).all().map((u) => u.id)).toEqual([AGENT.id]);
    expect(db.select().from(settings).all()).toEqual([]);
    expect(listCases(db, {})).toEqual([]);
    expect(db.select().from(outbox).all().map((m) => m.name)).toEqual(['updateSetting']);
    const view = getSettingsView(db, { name: 'Me' });
    expect(view.values.holidays).toEqual([{ date: '2026-12-25', name: 'Christmas' }]);
    expect(view.values.timeZone).toBe('Europe/London');
  });

  it('stages chunks on the side, swaps them in at the end, keeps the outbox and rebases it', () => {
    const { id: offline } = createCaseLocally(db, caseFields({ title: 'Typed while bootstrapping' }), ctx);
    updateCaseLocally(db, CASE_ID, { title: 'My title' }, ctx);
    const staging = beginStaging(db);
    const rows = manyProjectors(5000);
    for (let i = 0; i < rows.length; i += 2000) staging.add('projectors', rows.slice(i, i + 2000));
    staging.add('users', [AGENT_ROW]);
    staging.add('customers', CUSTOMERS);
    staging.add('sites', SITES);
    staging.add('cases', [confirmedCase(CASE_ID, 9, { description: 'From the new snapshot' })]);
    staging.add('conflicts', [conflictRow('01900000-0000-7000-8000-00000000c0f1', CASE_ID, 9)]);
    // Until the swap the cache still shows the old snapshot, and a local write commits on its own.
    expect(db.select().from(projectors).all()).toHaveLength(PROJECTORS.length);
    updateCaseLocally(db, CASE_ID, { severity: 'minor' }, ctx);
    staging.finish();
    swapInStaging(db, staging.file, { epoch: 'e2', version: 9 }, ctx);

    expect(fs.existsSync(stagingFileFor(db))).toBe(false);
    expect(getCursor(db)).toEqual({ epoch: 'e2', version: 9 });
    expect(db.select().from(projectors).all()).toHaveLength(5000);
    expect(db.select().from(conflicts).all()).toHaveLength(1);
    expect(db.select().from(outbox).all()).toHaveLength(3);
    // The old projectors are gone from search, the new ones found; pending edits replayed on the new rows.
    expect(searchProjectors(db, 'BRX-2201')).toEqual([]);
    expect(searchProjectors(db, 'zx 4999').map((p) => p.serial)).toEqual(['ZX-4999']);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ title: 'My title', severity: 'minor', description: 'From the new snapshot', version: 9, pending: true });
    expect(listCases(db, {}).map((c) => c.id).sort()).toEqual([CASE_ID, offline].sort());
    // Secondary indexes dropped for the bulk copy are back.
    const indexes = (db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]).sort();
    expect(indexes).toEqual(expect.arrayContaining(['cases_created_at', 'cases_status', 'conflicts_case_id', 'projectors_site_id', 'sites_customer_id']));
  });

  it('an aborted bootstrap leaves the cache exactly as it was and removes the staging file', () => {
    const staging = beginStaging(db);
    staging.add('projectors', manyProjectors(100));
    staging.abort();
    staging.abort();
    expect(fs.existsSync(staging.file)).toBe(false);
    expect(db.select().from(projectors).all()).toHaveLength(PROJECTORS.length);
    expect(getCursor(db)).toEqual({ epoch: 'e1', version: 5 });
    expect(searchProjectors(db, 'brx 2201')).toHaveLength(1);
  });

  it('replaces a staging file left behind by a crash', () => {
    fs.writeFileSync(stagingFileFor(db), 'not a database');
    const staging = beginStaging(db);
    staging.add('projectors', manyProjectors(3));
    staging.finish();
    swapInStaging(db, staging.file, { epoch: 'e1', version: 6 }, ctx);
    expect(db.select().from(projectors).all()).toHaveLength(3);
    expect(fs.existsSync(staging.file)).toBe(false);
  });

  it('the latest copy wins if the hub ever sends a row twice', () => {
    const staging = beginStaging(db);
    staging.add('cases', [confirmedCase(CASE_ID, 6, { title: 'first' })]);
    staging.add('cases', [confirmedCase(CASE_ID, 7, { title: 'second' })]);
    staging.finish();
    swapInStaging(db, staging.file, { epoch: 'e1', version: 7 }, ctx);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ title: 'second', version: 7 });
  });

  it('a crash mid-bootstrap (no finish, no abort) keeps the old cache, and the next bootstrap succeeds', () => {
    const staging = beginStaging(db);
    staging.add('projectors', manyProjectors(10));
    // Simulate kill -9: the cache connection is closed without touching the staging transaction.
    closeCacheDb(db);
    db = openCacheDb({ file });
    expect(getCursor(db)).toEqual({ epoch: 'e1', version: 5 });
    expect(db.select().from(projectors).all()).toHaveLength(PROJECTORS.length);
    staging.abort();
    applyBootstrap(db, { projectors: manyProjectors(2) }, { epoch: 'e1', version: 8 }, ctx);
    expect(db.select().from(projectors).all()).toHaveLength(2);
  });
});
