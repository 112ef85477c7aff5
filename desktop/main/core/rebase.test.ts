import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { CaseRow } from '../../../shared/domain.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { getCursor } from './cache/meta.js';
import { outbox } from './cache/schema.js';
import { createCaseLocally, updateCaseLocally } from './local-writes.js';
import { getCaseDetail, listCases } from './queries.js';
import { alignOutbox, applyBootstrap, applyChanges, applyPushResult } from './rebase.js';
import { AGENT, AGENT_ROW, CUSTOMERS, PROJECTORS, SITES, caseFields, confirmedCase, tempDataDir } from './testing/fixtures.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };
const CASE_ID = '01900000-0000-7000-8000-00000000ca5e';
const EPOCH = 'e1';

describe('rebase', () => {
  let dir = '';
  let db: WritableDb;
  beforeEach(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    applyBootstrap(db, { users: [AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(CASE_ID, 5)] }, { epoch: EPOCH, version: 5 }, ctx);
  });
  afterEach(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const put = (row: CaseRow) => ({ version: row.version, entity: 'cases' as const, id: row.id, op: 'put' as const, row });

  it('keeps a pending edit visible over a newer server change, then shows the confirmed value', () => {
    const { mutationId } = updateCaseLocally(db, CASE_ID, { title: 'Mine' }, ctx);
    // Someone else changes the description meanwhile.
    const theirs = confirmedCase(CASE_ID, 6, { description: 'Theirs', fieldVersions: { ...confirmedCase(CASE_ID, 5).fieldVersions, description: 6 } });
    expect(applyChanges(db, [put(theirs)], { epoch: EPOCH, version: 6 }, ctx)).toEqual(['cases']);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ title: 'Mine', description: 'Theirs', pending: true });
    expect(getCursor(db)).toEqual({ epoch: EPOCH, version: 6 });

    // The hub applies our edit (changes first), then confirms it.
    const ours = { ...theirs, title: 'Mine', version: 7, fieldVersions: { ...theirs.fieldVersions, title: 7 } };
    applyChanges(db, [put(ours)], { epoch: EPOCH, version: 7 }, ctx);
    expect(applyPushResult(db, [{ mutationId, ok: true, result: { id: CASE_ID } }], mutationId, ctx)).toEqual({ rejected: [], entities: ['cases'] });
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ title: 'Mine', description: 'Theirs', pending: false, version: 7 });
    expect(db.select().from(outbox).all()).toHaveLength(0);
  });

  it('skips changes it already has (a resend after reconnect)', () => {
    const older = confirmedCase(CASE_ID, 4, { title: 'Old' });
    applyChanges(db, [put(older)], { epoch: EPOCH, version: 5 }, ctx);
    expect(getCaseDetail(db, CASE_ID)?.title).toBe('Lamp fails to strike');
  });

  it('removes a rejected create and reports it with its title', () => {
    const { id, mutationId } = createCaseLocally(db, caseFields({ title: 'Ghost case' }), ctx);
    expect(listCases(db, {})).toHaveLength(2);
    const { rejected } = applyPushResult(db, [{ mutationId, ok: false, error: { code: 'FORBIDDEN', message: 'You may not create cases.' } }], mutationId, ctx);
    expect(rejected).toEqual([expect.objectContaining({ mutationName: 'createCase', caseId: id, caseLabel: 'Ghost case', message: 'You may not create cases.' })]);
    expect(getCaseDetail(db, id)).toBeNull();
    expect(listCases(db, {}).map((c) => c.id)).toEqual([CASE_ID]);
  });

  it('rolls back a rejected update and labels it with the case number', () => {
    const { mutationId } = updateCaseLocally(db, CASE_ID, { priority: 'P1' }, ctx);
    const { rejected } = applyPushResult(db, [{ mutationId, ok: false, error: { code: 'CONFLICT', message: 'Priority was changed by someone else.' } }], mutationId, ctx);
    expect(rejected[0]).toMatchObject({ caseLabel: 'DTR-2026-000001', message: 'Priority was changed by someone else.' });
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ priority: 'P3', pending: false });
  });

  it('keeps the confirmed row when a pending edit no longer applies', () => {
    updateCaseLocally(db, CASE_ID, { status: 'closed' }, ctx);
    expect(getCaseDetail(db, CASE_ID)?.status).toBe('closed');
    // Meanwhile an engineer started work: in progress cannot become closed, so the edit cannot replay.
    applyChanges(db, [put(confirmedCase(CASE_ID, 6, { status: 'in_progress' }))], { epoch: EPOCH, version: 6 }, ctx);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ status: 'in_progress', pending: true });
    const deleted = { version: 7, entity: 'cases' as const, id: CASE_ID, op: 'del' as const };
    applyChanges(db, [deleted], { epoch: EPOCH, version: 7 }, ctx);
    expect(getCaseDetail(db, CASE_ID)).toBeNull();
    expect(db.select().from(outbox).all()).toHaveLength(1);
  });

  it('a bootstrap replaces confirmed rows but keeps the outbox and its optimistic cases', () => {
    const { id } = createCaseLocally(db, caseFields({ title: 'Offline case' }), ctx);
    applyBootstrap(db, { users: [AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [] }, { epoch: 'e2', version: 1 }, ctx);
    expect(listCases(db, {}).map((c) => c.id)).toEqual([id]);
    expect(getCursor(db)).toEqual({ epoch: 'e2', version: 1 });
  });

  it('keeps outbox rows the hub already consumed (they are re-sent for their stored results), and renumbers after a hub restore', () => {
    createCaseLocally(db, caseFields(), ctx); // 1
    createCaseLocally(db, caseFields(), ctx); // 2
    alignOutbox(db, 1);
    applyChanges(db, [], { epoch: EPOCH, version: 5 }, ctx);
    expect(db.select({ id: outbox.mutationId }).from(outbox).all()).toEqual([{ id: 1 }, { id: 2 }]);
    expect(createCaseLocally(db, caseFields(), ctx).mutationId).toBe(3);
    db.delete(outbox).run();
    createCaseLocally(db, caseFields(), ctx); // 4
    // The hub came back from a backup remembering nothing of this client.
    alignOutbox(db, 0);
    expect(db.select({ id: outbox.mutationId }).from(outbox).all()).toEqual([{ id: 1 }]);
    expect(createCaseLocally(db, caseFields(), ctx).mutationId).toBe(2);
  });
});
