// Deletes and conflict resolution at the cache level: optimistic local writes, incoming `del`
// changes, conflict rows from sync, and push results that confirm or roll them back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { CaseRow, ConflictRow } from '../../../shared/domain.js';
import type { AppError } from '../../../shared/errors.js';
import type { Change } from '../../../shared/sync/protocol.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { outbox } from './cache/schema.js';
import { createCaseLocally, deleteCaseLocally, resolveConflictLocally, updateCaseLocally } from './local-writes.js';
import { getCaseDetail, listCases, listConflicts } from './queries.js';
import { applyBootstrap, applyChanges, applyPushResult } from './rebase.js';
import { AGENT, AGENT_ROW, CUSTOMERS, FSE_ROW, PROJECTORS, SITES, caseFields, confirmedCase, conflictRow, tempDataDir } from './testing/fixtures.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };
const CASE_ID = '01900000-0000-7000-8000-00000000ca5e';
const OTHER_CASE = '01900000-0000-7000-8000-00000000ca5f';
const K1 = '01900000-0000-7000-8000-00000000c0f1';
const K2 = '01900000-0000-7000-8000-00000000c0f2';
const K3 = '01900000-0000-7000-8000-00000000c0f3';
const EPOCH = 'e1';

const put = (entity: 'cases' | 'conflicts', row: CaseRow | ConflictRow): Change => ({ version: row.version, entity, id: row.id, op: 'put', row });
const del = (entity: 'cases', id: string, version: number): Change => ({ version, entity, id, op: 'del' });
const outboxRows = (db: WritableDb) => db.select().from(outbox).all();
const thrown = (fn: () => unknown): AppError | null => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  return null;
};

describe('deletes', () => {
  let dir = '';
  let db: WritableDb;
  beforeEach(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    applyBootstrap(db, { users: [AGENT_ROW, FSE_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(CASE_ID, 5), confirmedCase(OTHER_CASE, 5, { number: 'DTR-2026-000002' })] }, { epoch: EPOCH, version: 5 }, ctx);
  });
  afterEach(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('removes the case from the view at once, with a deleteCase in the outbox', () => {
    const { mutationId } = deleteCaseLocally(db, CASE_ID, 'Duplicate of DTR-2026-000002', ctx);
    expect(getCaseDetail(db, CASE_ID)).toBeNull();
    expect(listCases(db, {}).map((c) => c.id)).toEqual([OTHER_CASE]);
    expect(outboxRows(db)).toEqual([expect.objectContaining({ mutationId, name: 'deleteCase', caseId: CASE_ID, args: { id: CASE_ID, reason: 'Duplicate of DTR-2026-000002' }, baseVersions: { version: 5 } })]);
    // A deleted case can no longer be edited or deleted again.
    expect(thrown(() => updateCaseLocally(db, CASE_ID, { title: 'x' }, ctx))?.code).toBe('NOT_FOUND');
    expect(thrown(() => deleteCaseLocally(db, CASE_ID, undefined, ctx))?.code).toBe('NOT_FOUND');
  });

  it('a rejected delete brings the case back and is labelled with its number', () => {
    const { mutationId } = deleteCaseLocally(db, CASE_ID, undefined, ctx);
    const { rejected } = applyPushResult(db, [{ mutationId, ok: false, error: { code: 'FORBIDDEN', message: 'Agents may not delete cases.' } }], mutationId, ctx);
    expect(rejected).toEqual([expect.objectContaining({ mutationName: 'deleteCase', caseId: CASE_ID, caseLabel: 'DTR-2026-000001', message: 'Agents may not delete cases.' })]);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ id: CASE_ID, pending: false });
  });

  it('a confirmed delete arrives as del and the outbox row goes', () => {
    const { mutationId } = deleteCaseLocally(db, CASE_ID, undefined, ctx);
    applyChanges(db, [del('cases', CASE_ID, 6)], { epoch: EPOCH, version: 6 }, ctx);
    applyPushResult(db, [{ mutationId, ok: true, result: { id: CASE_ID } }], mutationId, ctx);
    expect(getCaseDetail(db, CASE_ID)).toBeNull();
    expect(outboxRows(db)).toHaveLength(0);
  });

  it('a delete by someone else removes the case, even with a pending edit (which the hub will refuse)', () => {
    updateCaseLocally(db, CASE_ID, { title: 'Mine' }, ctx);
    expect(applyChanges(db, [del('cases', CASE_ID, 6)], { epoch: EPOCH, version: 6 }, ctx)).toEqual(['cases']);
    expect(getCaseDetail(db, CASE_ID)).toBeNull();
    expect(outboxRows(db)).toHaveLength(1);
    applyPushResult(db, [{ mutationId: 1, ok: false, error: { code: 'NOT_FOUND', message: 'This case was deleted by Fran Engineer.' } }], 1, ctx);
    expect(getCaseDetail(db, CASE_ID)).toBeNull();
    expect(outboxRows(db)).toHaveLength(0);
  });

  it('a pending create survives a del for its id until the hub answers', () => {
    const { id, mutationId } = createCaseLocally(db, caseFields({ title: 'Mine' }), ctx);
    applyChanges(db, [del('cases', id, 6)], { epoch: EPOCH, version: 6 }, ctx);
    expect(getCaseDetail(db, id)).toMatchObject({ title: 'Mine', pending: true });
    applyPushResult(db, [{ mutationId, ok: true, result: { id } }], mutationId, ctx);
    expect(getCaseDetail(db, id)).toBeNull();
  });

  it('only the last change per row in a frame is applied, and nothing at or below the cursor', () => {
    const a = confirmedCase(CASE_ID, 6, { title: 'six' });
    const b = confirmedCase(CASE_ID, 7, { title: 'seven' });
    applyChanges(db, [put('cases', a), put('cases', b), del('cases', OTHER_CASE, 7)], { epoch: EPOCH, version: 7 }, ctx);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ title: 'seven', version: 7 });
    expect(getCaseDetail(db, OTHER_CASE)).toBeNull();
    applyChanges(db, [put('cases', a)], { epoch: EPOCH, version: 7 }, ctx);
    expect(getCaseDetail(db, CASE_ID)?.title).toBe('seven');
  });
});

describe('conflicts', () => {
  let dir = '';
  let db: WritableDb;
  beforeEach(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    applyBootstrap(
      db,
      {
        users: [AGENT_ROW, FSE_ROW],
        customers: CUSTOMERS,
        sites: SITES,
        projectors: PROJECTORS,
        cases: [confirmedCase(CASE_ID, 6, { priority: 'P2' }), confirmedCase(OTHER_CASE, 5, { number: null, title: 'Unnumbered case' })],
      },
      { epoch: EPOCH, version: 6 },
      ctx,
    );
    applyChanges(
      db,
      [
        put('conflicts', conflictRow(K1, CASE_ID, 7, { createdAt: '2026-02-01T09:00:00.000Z' })),
        put('conflicts', conflictRow(K2, OTHER_CASE, 8, { field: 'assigneeId', yourValue: null, theirValue: FSE_ROW.id, theirUserId: null, createdAt: '2026-02-01T09:30:00.000Z' })),
        put('conflicts', conflictRow(K3, CASE_ID, 9, { field: 'severity', yourValue: 'minor', theirValue: 'critical', createdAt: '2026-01-01T00:00:00.000Z', resolvedAt: '2026-01-02T00:00:00.000Z', resolution: 'theirs' })),
      ],
      { epoch: EPOCH, version: 9 },
      ctx,
    );
  });
  afterEach(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists unresolved first (newest first), labels cases by number or title, names the other user', () => {
    expect(listConflicts(db, AGENT.id, false).map((k) => k.id)).toEqual([K2, K1]);
    const all = listConflicts(db, AGENT.id, true);
    expect(all.map((k) => k.id)).toEqual([K2, K1, K3]);
    expect(all[0]).toMatchObject({ caseLabel: 'Unnumbered case', field: 'assigneeId', yourValue: null, theirValue: FSE_ROW.id, theirUserName: null, pending: false });
    expect(all[1]).toMatchObject({ caseId: CASE_ID, caseLabel: 'DTR-2026-000001', field: 'priority', yourValue: 'P1', theirValue: 'P2', theirUserName: 'Fran Engineer', resolvedAt: null, resolution: null });
    expect(all[2]).toMatchObject({ resolution: 'theirs', resolvedAt: '2026-01-02T00:00:00.000Z' });
    expect(listConflicts(db, FSE_ROW.id, true)).toEqual([]);
  });

  it('keep mine: resolved (pending) at once and the case shows my value; the hub confirms', () => {
    const { mutationId } = resolveConflictLocally(db, { id: K1, resolution: 'mine' }, ctx);
    expect(outboxRows(db)).toEqual([expect.objectContaining({ name: 'resolveConflict', caseId: CASE_ID, args: { id: K1, resolution: 'mine' } })]);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ priority: 'P1', pending: true });
    expect(listConflicts(db, AGENT.id, false).map((k) => k.id)).toEqual([K2]);
    expect(listConflicts(db, AGENT.id, true).find((k) => k.id === K1)).toMatchObject({ resolution: 'mine', resolvedAt: ctx.now, pending: true });
    expect(thrown(() => resolveConflictLocally(db, { id: K1, resolution: 'theirs' }, ctx))?.code).toBe('CONFLICT');

    const confirmed = confirmedCase(CASE_ID, 10, { priority: 'P1' });
    applyChanges(db, [put('cases', confirmed), put('conflicts', conflictRow(K1, CASE_ID, 10, { resolvedAt: '2026-02-01T10:00:01.000Z', resolution: 'mine' }))], { epoch: EPOCH, version: 10 }, ctx);
    expect(applyPushResult(db, [{ mutationId, ok: true, result: { id: K1 } }], mutationId, ctx).entities).toEqual(['cases', 'conflicts']);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ priority: 'P1', pending: false, version: 10 });
    expect(listConflicts(db, AGENT.id, true).find((k) => k.id === K1)).toMatchObject({ resolution: 'mine', resolvedAt: '2026-02-01T10:00:01.000Z', pending: false });
  });

  it('take theirs leaves the case alone; a rejected resolution rolls back and reopens the conflict', () => {
    const { mutationId } = resolveConflictLocally(db, { id: K1, resolution: 'theirs' }, ctx);
    expect(getCaseDetail(db, CASE_ID)).toMatchObject({ priority: 'P2' });
    const { rejected } = applyPushResult(db, [{ mutationId, ok: false, error: { code: 'NOT_FOUND', message: 'This case was deleted by Fran Engineer.' } }], mutationId, ctx);
    expect(rejected[0]).toMatchObject({ mutationName: 'resolveConflict', caseId: CASE_ID, caseLabel: 'DTR-2026-000001' });
    expect(listConflicts(db, AGENT.id, false).map((k) => k.id)).toEqual([K2, K1]);
  });

  it('a merged value is checked with the field rules and shown at once', () => {
    const bad = thrown(() => resolveConflictLocally(db, { id: K1, resolution: 'merged', value: 'P9' }, ctx));
    expect(bad?.code).toBe('VALIDATION');
    expect(bad?.details?.fields?.value).toBeTruthy();
    expect(thrown(() => resolveConflictLocally(db, { id: K1, resolution: 'merged' }, ctx))?.code).toBe('VALIDATION');
    expect(outboxRows(db)).toHaveLength(0);
    resolveConflictLocally(db, { id: K1, resolution: 'merged', value: 'P4' }, ctx);
    expect(getCaseDetail(db, CASE_ID)?.priority).toBe('P4');
  });

  it('refuses conflicts that are not the user’s, unknown ones and resolved ones', () => {
    expect(thrown(() => resolveConflictLocally(db, { id: K1, resolution: 'mine' }, { ...ctx, userId: FSE_ROW.id }))?.code).toBe('NOT_FOUND');
    expect(thrown(() => resolveConflictLocally(db, { id: '01900000-0000-7000-8000-00000000dead', resolution: 'mine' }, ctx))?.code).toBe('NOT_FOUND');
    expect(thrown(() => resolveConflictLocally(db, { id: K3, resolution: 'mine' }, ctx))?.code).toBe('CONFLICT');
  });

  it('a deleted case keeps its conflicts listed, labelled by id', () => {
    applyChanges(db, [del('cases', OTHER_CASE, 10)], { epoch: EPOCH, version: 10 }, ctx);
    expect(listConflicts(db, AGENT.id, false).find((k) => k.id === K2)?.caseLabel).toBe(OTHER_CASE);
  });
});
