import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/sync/mutations.js';
import type { CaseRow } from '../../shared/domain.js';
import { applyPush, STORED_RESULTS_KEPT } from './push.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';

let db: TestDb;
let now = Date.UTC(2026, 2, 1, 9);
const clock = () => now;
const CLIENT = 'client-aaaa-0001';
const GROUP = 'group-aaaa-0001';

const mutation = (id: number, name: Mutation['name'], args: unknown, baseVersions: Record<string, number> = {}): Mutation => ({ id, name, args, baseVersions, createdAt: '2026-03-01T08:59:00.000Z' });

async function allVersions(): Promise<number[]> {
  return db.repo.read(async (tx) => (await tx.changesSince(0, 100_000)).map((c) => c.version));
}

beforeEach(async () => {
  db = await createTestDb();
  now = Date.UTC(2026, 2, 1, 9);
});
afterEach(async () => {
  await db.cleanup();
});

describe('applyPush: createCase', () => {
  it('numbers cases per year in sequence, starting again in a new year', async () => {
    const out = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [1, 2, 3].map((id) => mutation(id, 'createCase', newCaseArgs())), { clock });
    expect(out.results.map((r) => (r.ok ? (r.result as { number: string }).number : r.error.code))).toEqual(['DTR-2026-000001', 'DTR-2026-000002', 'DTR-2026-000003']);
    expect(out.lastMutationId).toBe(3);
    now = Date.UTC(2027, 0, 1, 0, 0, 1);
    const next = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(4, 'createCase', newCaseArgs())], { clock });
    expect(next.results[0]).toMatchObject({ ok: true, result: { number: 'DTR-2027-000001' } });
  });

  it('stores the case with versions and fills site and customer from a known projector', async () => {
    const args = newCaseArgs({ serial: db.projector.serial, projectorId: db.projector.id });
    const out = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', args)], { clock });
    expect(out.results[0]?.ok).toBe(true);
    const { row, head } = await db.repo.read(async (tx) => ({ row: await tx.getCase(args.id), head: await tx.headVersion() }));
    // The case, then its `created` event.
    expect(row).toMatchObject({ siteId: db.projector.siteId, customerId: db.projector.customerId, status: 'new', assigneeId: null, createdBy: db.users.agent.id, version: head - 1 });
    expect(row?.fieldVersions.title).toBe(head - 1);
    const [entry, event] = await db.repo.read((tx) => tx.changesSince(head - 2, 10));
    expect(entry).toMatchObject({ entity: 'cases', entityId: args.id, op: 'put', userId: db.users.agent.id, clientId: CLIENT, mutationId: 1, clientCreatedAt: '2026-03-01T08:59:00.000Z' });
    expect(event).toMatchObject({ version: head, entity: 'caseEvents', op: 'put', after: { caseId: args.id, kind: 'created', userId: db.users.agent.id, at: '2026-03-01T09:00:00.000Z', data: { channel: args.channel, title: args.title } } });
  });

  it('accepts an unknown serial (projectorId null) but refuses a projector id that does not exist', async () => {
    const unknownSerial = newCaseArgs({ serial: 'NOT-IN-BASE-1' });
    const badProjector = newCaseArgs({ projectorId: crypto.randomUUID() });
    const out = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', unknownSerial), mutation(2, 'createCase', badProjector)], { clock });
    expect(out.results[0]).toMatchObject({ ok: true });
    expect(out.results[1]).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { fields: { projectorId: expect.any(String) } } } });
    expect(await db.repo.read((tx) => tx.getCase(unknownSerial.id))).toMatchObject({ projectorId: null, siteId: null });
  });

  it('refuses an FSE creating a case (FORBIDDEN), still consuming the mutation', async () => {
    const args = newCaseArgs();
    const out = await applyPush(db.repo, db.users.fse, CLIENT, GROUP, [mutation(1, 'createCase', args)], { clock });
    expect(out.results[0]).toMatchObject({ mutationId: 1, ok: false, error: { code: 'FORBIDDEN' } });
    expect(out.lastMutationId).toBe(1);
    expect(await db.repo.read((tx) => tx.getCase(args.id))).toBeNull();
  });

  it('refuses a bad email and a 10 MB description with field details', async () => {
    const badEmail = newCaseArgs({ contactEmail: 'not-an-email' });
    const huge = newCaseArgs({ description: 'x'.repeat(10 * 1024 * 1024) });
    const out = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', badEmail), mutation(2, 'createCase', huge)], { clock });
    expect(out.results[0]).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { fields: { contactEmail: 'Enter a valid email address, like name@example.com.' } } } });
    expect(out.results[1]).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { fields: { description: 'Description must be at most 20000 characters.' } } } });
    expect(await db.repo.read((tx) => tx.countRows('cases'))).toBe(0);
  });
});

describe('applyPush: exactly once, in order', () => {
  it('keeps change-log versions gap-free across accepted and rejected mutations', async () => {
    const before = await allVersions();
    const ok = newCaseArgs();
    await applyPush(
      db.repo,
      db.users.agent,
      CLIENT,
      GROUP,
      [
        mutation(1, 'createCase', ok),
        mutation(2, 'createCase', newCaseArgs({ title: '' })),
        mutation(3, 'updateCase', { id: ok.id, patch: { status: 'resolved' } }),
        mutation(4, 'updateCase', { id: ok.id, patch: { title: 'Changed' } }),
        mutation(5, 'updateCase', { id: crypto.randomUUID(), patch: { title: 'Missing' } }),
        mutation(6, 'createCase', newCaseArgs()),
      ],
      { clock },
    );
    const versions = await allVersions();
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    // Two new cases and a title change (new → resolved is refused), each with its timeline event.
    expect(versions.length).toBe(before.length + 6);
  });

  it('replays a mutation id it has seen: same stored result, nothing changes', async () => {
    const args = newCaseArgs();
    const first = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', args)], { clock });
    const headBefore = await db.repo.read((tx) => tx.headVersion());
    // Same id with different args: the stored result wins, the new args are ignored.
    const replay = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', newCaseArgs({ title: 'Other' }))], { clock });
    expect(replay.results).toEqual(first.results);
    expect(replay.lastMutationId).toBe(1);
    expect(await db.repo.read((tx) => tx.headVersion())).toBe(headBefore);
    expect(await db.repo.read((tx) => tx.countRows('cases'))).toBe(1);

    const rejected = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(2, 'createCase', newCaseArgs({ channel: 'fax' as never }))], { clock });
    const rejectedAgain = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(2, 'createCase', newCaseArgs())], { clock });
    expect(rejectedAgain.results).toEqual(rejected.results);
    expect(rejectedAgain.results[0]?.ok).toBe(false);
  });

  it('refuses a mutation that skips ahead and stops the batch there', async () => {
    await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', newCaseArgs())], { clock });
    const later = newCaseArgs();
    const out = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(3, 'createCase', newCaseArgs()), mutation(4, 'createCase', later)], { clock });
    expect(out.results).toEqual([{ mutationId: 3, ok: false, error: { code: 'CONFLICT', message: 'mutation skips ahead', details: { expectedMutationId: 2 } } }]);
    expect(out.lastMutationId).toBe(1);
    expect(await db.repo.read((tx) => tx.getCase(later.id))).toBeNull();
  });

  it('refuses a client id that belongs to another user', async () => {
    await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', newCaseArgs())], { clock });
    await expect(applyPush(db.repo, db.users.manager, CLIENT, GROUP, [mutation(2, 'createCase', newCaseArgs())], { clock })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('applyPush: updateCase', () => {
  async function createOne(): Promise<CaseRow> {
    const args = newCaseArgs();
    await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', args)], { clock });
    const row = await db.repo.read((tx) => tx.getCase(args.id));
    if (!row) throw new Error('case missing');
    return row;
  }

  it('assigns (moving a new case to assigned) and refuses NOT_FOUND and forbidden fields', async () => {
    const row = await createOne();
    const out = await applyPush(
      db.repo,
      db.users.manager,
      'client-mgr-00001',
      GROUP,
      [mutation(1, 'updateCase', { id: row.id, patch: { assigneeId: db.users.fse.id } }), mutation(2, 'updateCase', { id: crypto.randomUUID(), patch: { title: 'x' } })],
      { clock },
    );
    expect(out.results[0]).toMatchObject({ ok: true, result: { id: row.id, conflicts: [] } });
    expect(out.results[1]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const updated = await db.repo.read((tx) => tx.getCase(row.id));
    expect(updated).toMatchObject({ status: 'assigned', assigneeId: db.users.fse.id });
    expect(updated?.fieldVersions.assigneeId).toBe(updated?.version);
    expect(updated?.fieldVersions.title).toBe(row.version);

    // An FSE may change status but not reassign.
    const fse = await applyPush(db.repo, db.users.fse, 'client-fse-00001', GROUP, [mutation(1, 'updateCase', { id: row.id, patch: { assigneeId: null } })], { clock });
    expect(fse.results[0]).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('does not apply a confirm field changed by someone else since the base version, but applies lww fields', async () => {
    const row = await createOne();
    await applyPush(db.repo, db.users.manager, 'client-mgr-00001', GROUP, [mutation(1, 'updateCase', { id: row.id, patch: { priority: 'P1' } })], { clock });
    const out = await applyPush(
      db.repo,
      db.users.agent,
      CLIENT,
      GROUP,
      [mutation(2, 'updateCase', { id: row.id, patch: { priority: 'P4', title: 'New title' } }, { priority: row.version, title: row.version })],
      { clock },
    );
    expect(out.results[0]).toMatchObject({ ok: true, result: { id: row.id, conflicts: [expect.any(String)] } });
    const conflictId = (out.results[0] as { result: { conflicts: string[] } }).result.conflicts[0] ?? '';
    expect(await db.repo.read((tx) => tx.getConflict(conflictId))).toMatchObject({ field: 'priority', yourValue: 'P4', theirValue: 'P1', userId: db.users.agent.id, theirUserId: db.users.manager.id, resolvedAt: null });
    expect(await db.repo.read((tx) => tx.getCase(row.id))).toMatchObject({ priority: 'P1', title: 'New title' });
  });
});

describe('applyPush: row permissions on writes', () => {
  it('answers edits of a case outside the caller’s sync groups as not found, and changes nothing', async () => {
    const args = newCaseArgs({ serial: db.projector.serial, projectorId: db.projector.id });
    await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', args)], { clock });

    const fseTry = await applyPush(db.repo, db.users.fse, 'client-fse-0001', 'group-fse-0001', [mutation(1, 'updateCase', { id: args.id, patch: { status: 'in_progress' } })], { clock });
    expect(fseTry.results[0]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'This case does not exist or is not available to you.' } });

    const southManager = { ...db.users.manager, regions: ['South'] };
    const deleteTry = await applyPush(db.repo, southManager, 'client-mgr-0001', 'group-mgr-0001', [mutation(1, 'deleteCase', { id: args.id, reason: '' })], { clock });
    expect(deleteTry.results[0]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await db.repo.read((tx) => tx.getCase(args.id))).toMatchObject({ status: 'new' });

    const assign = await applyPush(db.repo, db.users.manager, 'client-mgr-0002', 'group-mgr-0002', [mutation(1, 'updateCase', { id: args.id, patch: { assigneeId: db.users.fse.id } })], { clock });
    expect(assign.results[0]?.ok).toBe(true);
    const fseNow = await applyPush(db.repo, db.users.fse, 'client-fse-0001', 'group-fse-0001', [mutation(2, 'updateCase', { id: args.id, patch: { status: 'in_progress' } })], { clock });
    expect(fseNow.results[0]?.ok).toBe(true);
  });
});

describe('applyPush: a mutation repeated inside one batch', () => {
  it('answers the copy with the result of the first, applying it once', async () => {
    const args = newCaseArgs();
    const out = await applyPush(db.repo, db.users.agent, CLIENT, GROUP, [mutation(1, 'createCase', args), mutation(1, 'createCase', args)], { clock });
    expect(out.results[0]).toMatchObject({ ok: true });
    expect(out.results[1]).toEqual(out.results[0]);
    expect((await allVersions()).length).toBeGreaterThan(0);
    expect(await db.repo.read(async (tx) => (await tx.changesSince(0, 100_000)).filter((c) => c.entityId === args.id).length)).toBe(1);
  });
});

describe('applyPush: stored results stay bounded', () => {
  it(`keeps the newest ${STORED_RESULTS_KEPT} results per client and still answers a recent replay`, async () => {
    const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => mutation(from + i, 'updateCase', { id: crypto.randomUUID(), patch: { title: 'x' } }));
    let next = 1;
    while (next <= STORED_RESULTS_KEPT + 50) {
      await applyPush(db.repo, db.users.agent, CLIENT, GROUP, batch(next, 200), { clock });
      next += 200;
    }
    const last = next - 1;
    const oldest = await db.repo.read(async (tx) => tx.getMutationResult(CLIENT, last - STORED_RESULTS_KEPT));
    const kept = await db.repo.read(async (tx) => tx.getMutationResult(CLIENT, last - STORED_RESULTS_KEPT + 1));
    expect(oldest).toBeNull();
    expect(kept).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
