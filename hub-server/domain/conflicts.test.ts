import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRow, ConflictRow } from '../../shared/domain.js';
import type { Mutation } from '../../shared/sync/mutations.js';
import type { MutationResult } from '../../shared/sync/protocol.js';
import { applyPush } from './push.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';

let db: TestDb;
const clock = () => Date.UTC(2026, 2, 1, 9);
const GROUP = 'group-aaaa-0001';
const AGENT = 'client-agent-001';
const MANAGER = 'client-mgr-0001';
const ADMIN = 'client-admin-01';
const nextIds = new Map<string, number>();

const mutation = (clientId: string, name: Mutation['name'], args: unknown, baseVersions: Record<string, number> = {}): Mutation => {
  const id = (nextIds.get(clientId) ?? 0) + 1;
  nextIds.set(clientId, id);
  return { id, name, args, baseVersions, createdAt: '2026-03-01T08:59:00.000Z' };
};

async function push(role: 'agent' | 'manager' | 'admin' | 'fse', clientId: string, name: Mutation['name'], args: unknown, baseVersions: Record<string, number> = {}): Promise<MutationResult> {
  const out = await applyPush(db.repo, db.users[role], clientId, GROUP, [mutation(clientId, name, args, baseVersions)], { clock });
  const result = out.results[0];
  if (!result) throw new Error('no result');
  return result;
}

const okResult = <T>(result: MutationResult): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.result as T;
};

async function createCase(): Promise<CaseRow> {
  const args = newCaseArgs();
  okResult(await push('agent', AGENT, 'createCase', args));
  const row = await db.repo.read((tx) => tx.getCase(args.id));
  if (!row) throw new Error('case missing');
  return row;
}

/** The manager sets priority; then the agent, who saw the original version, sets it too. */
async function makeConflict(): Promise<{ row: CaseRow; conflict: ConflictRow }> {
  const row = await createCase();
  okResult(await push('manager', MANAGER, 'updateCase', { id: row.id, patch: { priority: 'P1' } }));
  const result = okResult<{ id: string; conflicts: string[] }>(await push('agent', AGENT, 'updateCase', { id: row.id, patch: { priority: 'P4' } }, { priority: row.version }));
  const conflict = await db.repo.read((tx) => tx.getConflict(result.conflicts[0] ?? ''));
  if (!conflict) throw new Error('conflict missing');
  return { row, conflict };
}

beforeEach(async () => {
  db = await createTestDb();
  nextIds.clear();
});
afterEach(async () => {
  await db.cleanup();
});

describe('updateCase conflicts', () => {
  it('records one conflict per held-back confirm field in the change log, applies lww and unrelated fields', async () => {
    const row = await createCase();
    okResult(await push('manager', MANAGER, 'updateCase', { id: row.id, patch: { priority: 'P1', severity: 'critical', title: 'Manager title' } }));
    const head = await db.repo.read((tx) => tx.headVersion());
    const result = okResult<{ id: string; conflicts: string[] }>(
      await push('agent', AGENT, 'updateCase', { id: row.id, patch: { priority: 'P4', severity: 'low', title: 'Agent title', description: 'More detail' } }, { priority: row.version, severity: row.version, title: row.version, description: row.version }),
    );
    expect(result.conflicts).toHaveLength(2);
    const after = await db.repo.read((tx) => tx.getCase(row.id));
    expect(after).toMatchObject({ priority: 'P1', severity: 'critical', title: 'Agent title', description: 'More detail' });
    const entries = await db.repo.read((tx) => tx.changesSince(head, 100));
    expect(entries.map((e) => [e.version, e.entity, e.op])).toEqual([
      [head + 1, 'cases', 'put'],
      [head + 2, 'caseEvents', 'put'],
      [head + 3, 'conflicts', 'put'],
      [head + 4, 'conflicts', 'put'],
    ]);
    // The timeline shows what was applied; the held-back priority and severity are not in it.
    expect(entries[1]?.after).toMatchObject({
      caseId: row.id,
      kind: 'changed',
      userId: db.users.agent.id,
      data: {
        changes: [
          { field: 'title', before: 'Manager title', after: 'Agent title' },
          { field: 'description', before: row.description, after: 'More detail' },
        ],
      },
    });
    const conflicts = entries.filter((e) => e.entity === 'conflicts').map((e) => e.after as ConflictRow);
    expect(conflicts.map((c) => c.id).sort()).toEqual([...result.conflicts].sort());
    expect(conflicts.find((c) => c.field === 'severity')).toMatchObject({
      caseId: row.id,
      userId: db.users.agent.id,
      clientId: AGENT,
      mutationId: 2,
      yourValue: 'low',
      theirValue: 'critical',
      theirUserId: db.users.manager.id,
      baseVersion: row.version,
      resolvedAt: null,
      resolution: null,
      version: head + 4,
    });
  });

  it('merges edits of different fields from two consoles without a conflict', async () => {
    const row = await createCase();
    okResult(await push('manager', MANAGER, 'updateCase', { id: row.id, patch: { priority: 'P1' } }, { priority: row.version }));
    const result = okResult<{ conflicts: string[] }>(await push('agent', AGENT, 'updateCase', { id: row.id, patch: { severity: 'low' } }, { severity: row.version }));
    expect(result.conflicts).toEqual([]);
    expect(await db.repo.read((tx) => tx.getCase(row.id))).toMatchObject({ priority: 'P1', severity: 'low' });
    expect(await db.repo.read((tx) => tx.countRows('conflicts'))).toBe(0);
  });
});

describe('resolveConflict', () => {
  it('keeps mine: applies the held-back value and marks the conflict resolved', async () => {
    const { row, conflict } = await makeConflict();
    const result = okResult(await push('agent', AGENT, 'resolveConflict', { id: conflict.id, resolution: 'mine' }));
    expect(result).toEqual({ id: conflict.id, caseId: row.id, applied: true, caseDeleted: false });
    expect(await db.repo.read((tx) => tx.getCase(row.id))).toMatchObject({ priority: 'P4' });
    const resolved = await db.repo.read((tx) => tx.getConflict(conflict.id));
    expect(resolved).toMatchObject({ resolution: 'mine', resolvedAt: '2026-03-01T09:00:00.000Z' });
    const head = await db.repo.read((tx) => tx.headVersion());
    expect(resolved?.version).toBe(head);
  });

  it('takes theirs without touching the case; a second resolution is a CONFLICT', async () => {
    const { row, conflict } = await makeConflict();
    const before = await db.repo.read((tx) => tx.getCase(row.id));
    okResult(await push('agent', AGENT, 'resolveConflict', { id: conflict.id, resolution: 'theirs' }));
    expect(await db.repo.read((tx) => tx.getCase(row.id))).toEqual(before);
    expect(await push('agent', AGENT, 'resolveConflict', { id: conflict.id, resolution: 'mine' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('validates a merged value with the field schema', async () => {
    const { row, conflict } = await makeConflict();
    expect(await push('agent', AGENT, 'resolveConflict', { id: conflict.id, resolution: 'merged', value: 'P9' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { fields: { priority: expect.any(String) } } } });
    expect(await push('agent', AGENT, 'resolveConflict', { id: conflict.id, resolution: 'merged' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    okResult(await push('agent', AGENT, 'resolveConflict', { id: conflict.id, resolution: 'merged', value: 'P2' }));
    expect(await db.repo.read((tx) => tx.getCase(row.id))).toMatchObject({ priority: 'P2' });
  });

  it('refuses someone else (FORBIDDEN), an unknown id (NOT_FOUND), and keeping a value the role may not set', async () => {
    const { conflict } = await makeConflict();
    expect(await push('manager', MANAGER, 'resolveConflict', { id: conflict.id, resolution: 'theirs' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await push('agent', AGENT, 'resolveConflict', { id: crypto.randomUUID(), resolution: 'theirs' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // An agent may not assign: an assignee conflict owned by an agent (made by a manager's push,
    // then handed to the agent as if their role had changed) can only be resolved with theirs.
    const row = await createCase();
    okResult(await push('admin', ADMIN, 'updateCase', { id: row.id, patch: { assigneeId: db.users.fse.id } }));
    const out = okResult<{ conflicts: string[] }>(await push('manager', MANAGER, 'updateCase', { id: row.id, patch: { assigneeId: db.users.admin.id } }, { assigneeId: row.version }));
    const id = out.conflicts[0] ?? '';
    await db.repo.write(async (tx) => {
      const record = await tx.getConflict(id);
      if (record) await tx.replaceConflict({ ...record, userId: db.users.agent.id });
    });
    expect(await push('agent', AGENT, 'resolveConflict', { id, resolution: 'mine' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    okResult(await push('agent', AGENT, 'resolveConflict', { id, resolution: 'theirs' }));
  });
});

describe('deleteCase', () => {
  it('hard-deletes with the before-image in the change log; later edits get "deleted by <name>"', async () => {
    const { row, conflict } = await makeConflict();
    const current = await db.repo.read((tx) => tx.getCase(row.id));
    const head = await db.repo.read((tx) => tx.headVersion());
    okResult(await push('manager', MANAGER, 'deleteCase', { id: row.id, reason: 'Duplicate of another case' }));
    expect(await db.repo.read((tx) => tx.getCase(row.id))).toBeNull();
    const entries = await db.repo.read((tx) => tx.changesSince(head, 10));
    // The `deleted` event first, so a console that purges the case's events purges it too.
    expect(entries[0]).toMatchObject({
      version: head + 1,
      entity: 'caseEvents',
      op: 'put',
      after: { caseId: row.id, kind: 'deleted', userId: db.users.manager.id, data: { reason: 'Duplicate of another case' } },
    });
    expect(entries[1]).toMatchObject({ version: head + 2, entity: 'cases', entityId: row.id, op: 'del', before: current, after: { reason: 'Duplicate of another case' }, userId: db.users.manager.id });
    // Its open conflict is closed by the delete, at the next version.
    expect(entries[2]).toMatchObject({ version: head + 3, entity: 'conflicts', entityId: conflict.id, after: { resolution: 'theirs' } });

    const edit = await push('agent', AGENT, 'updateCase', { id: row.id, patch: { title: 'Too late' } });
    expect(edit).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'This case was deleted by Test manager.' } });
    const resolve = await push('agent', AGENT, 'resolveConflict', { id: conflict.id, resolution: 'mine' });
    expect(resolve).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'This case was deleted by Test manager.' } });
    expect(await push('manager', MANAGER, 'deleteCase', { id: row.id, reason: '' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Someone who never could see the case learns nothing about it, not even that it was deleted.
    const fseEdit = await push('fse', 'client-fse-0001', 'updateCase', { id: row.id, patch: { status: 'in_progress' } });
    expect(fseEdit).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'This case does not exist or is not available to you.' } });
    // The same id cannot come back.
    expect(await push('agent', AGENT, 'createCase', newCaseArgs({ id: row.id }))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('is refused to an agent (no case.delete right)', async () => {
    const row = await createCase();
    expect(await push('agent', AGENT, 'deleteCase', { id: row.id, reason: '' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await db.repo.read((tx) => tx.getCase(row.id))).not.toBeNull();
  });
});

describe('push batches', () => {
  it('commits a batch once; a failing mutation rolls back alone and its stored error is replayed', async () => {
    const commits: number[] = [];
    db.repo.onCommit((head) => commits.push(head));
    const ok1 = newCaseArgs();
    const ok2 = newCaseArgs();
    const batch = [mutation(AGENT, 'createCase', ok1), mutation(AGENT, 'updateCase', { id: crypto.randomUUID(), patch: { title: 'x' } }), mutation(AGENT, 'createCase', ok2)];
    const out = await applyPush(db.repo, db.users.agent, AGENT, GROUP, batch, { clock });
    expect(out.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(commits).toHaveLength(1);
    expect(await db.repo.read(async (tx) => [await tx.getCase(ok1.id), await tx.getCase(ok2.id)])).not.toContain(null);

    const replay = await applyPush(db.repo, db.users.agent, AGENT, GROUP, batch, { clock });
    expect(replay.results).toEqual(out.results);
    expect(replay.results[1]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(commits).toHaveLength(1);
  });
});
