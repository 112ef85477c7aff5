import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { outbox } from './cache/schema.js';
import { createCaseLocally, updateCaseLocally } from './local-writes.js';
import { getCaseDetail, listCases } from './queries.js';
import { applyBootstrap } from './rebase.js';
import { AGENT, AGENT_ROW, CUSTOMERS, PROJECTORS, SITES, caseFields, confirmedCase, tempDataDir } from './testing/fixtures.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };
const CASE_ID = '01900000-0000-7000-8000-00000000ca5e';

describe('local writes', () => {
  let dir = '';
  let file = '';
  let db: WritableDb;
  const open = () => {
    db = openCacheDb({ file });
    return db;
  };
  afterEach(() => {
    if (db) closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const setup = () => {
    dir = tempDataDir();
    file = path.join(dir, 'cache.sqlite');
    open();
    applyBootstrap(db, { users: [AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(CASE_ID, 5)] }, { epoch: 'e', version: 5 }, { userId: AGENT.id, now: ctx.now });
  };

  it('writes a new case and its outbox row together, and both survive closing the database', () => {
    setup();
    const { id, mutationId } = createCaseLocally(db, caseFields({ title: 'Colour wheel noise' }), ctx);
    closeCacheDb(db);
    open();
    const detail = getCaseDetail(db, id);
    expect(detail).toMatchObject({ id, title: 'Colour wheel noise', number: null, status: 'new', pending: true, createdBy: AGENT.id, siteName: 'Leicester Square', customerName: 'Odeon Cinemas' });
    const rows = db.select().from(outbox).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ mutationId, name: 'createCase', caseId: id, baseVersions: {} });
    expect((rows[0]!.args as { id: string; title: string }).title).toBe('Colour wheel noise');
    expect(listCases(db, {})[0]).toMatchObject({ id, pending: true });
  });

  it('refuses invalid input with field messages and writes nothing', () => {
    setup();
    const error = (() => {
      try {
        createCaseLocally(db, caseFields({ title: '', contactEmail: 'nope' }), ctx);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    expect(Object.keys((error as AppError).details?.fields ?? {})).toEqual(expect.arrayContaining(['title', 'contactEmail']));
    expect(db.select().from(outbox).all()).toHaveLength(0);
    expect(listCases(db, {})).toHaveLength(1);
  });

  it('records the seen field versions as base versions and shows the patch at once', () => {
    setup();
    updateCaseLocally(db, CASE_ID, { priority: 'P1', title: 'Lamp dead' }, ctx);
    const [row] = db.select().from(outbox).all();
    expect(row).toMatchObject({ name: 'updateCase', caseId: CASE_ID, baseVersions: { priority: 5, title: 5 }, args: { id: CASE_ID, patch: { priority: 'P1', title: 'Lamp dead' } } });
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ priority: 'P1', title: 'Lamp dead', pending: true, number: 'DTR-2026-000001' });
  });

  it('hands out increasing mutation ids that are never reused', () => {
    setup();
    const a = createCaseLocally(db, caseFields(), ctx).mutationId;
    const b = updateCaseLocally(db, CASE_ID, { severity: 'minor' }, ctx).mutationId;
    db.delete(outbox).run();
    const c = createCaseLocally(db, caseFields(), ctx).mutationId;
    expect([a, b, c]).toEqual([1, 2, 3]);
  });

  it('refuses a status change the lifecycle does not allow, without an outbox row', () => {
    setup();
    expect(() => updateCaseLocally(db, CASE_ID, { status: 'resolved' }, ctx)).toThrow(/cannot become resolved/);
    expect(db.select().from(outbox).all()).toHaveLength(0);
    expect(() => updateCaseLocally(db, '01900000-0000-7000-8000-0000000dead0', { title: 'x' }, ctx)).toThrow(AppError);
  });
});
