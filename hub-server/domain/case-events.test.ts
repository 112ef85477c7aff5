import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseEventRow, NotificationRow } from '../../shared/case-events.js';
import type { CaseRow, Role } from '../../shared/domain.js';
import type { Mutation } from '../../shared/sync/mutations.js';
import type { MutationResult } from '../../shared/sync/protocol.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';
import { appendCaseEvent, putCaseEvent } from './case-events.js';
import { NOTIFICATION_PREVIEW_CHARS } from './case-notes.js';
import type { CommandContext } from './command-context.js';
import { applyPush } from './push.js';

let db: TestDb;
const clock = () => Date.UTC(2026, 2, 2, 9);
const nextIds = new Map<string, number>();

async function push(role: Role, name: Mutation['name'], args: unknown, baseVersions: Record<string, number> = {}): Promise<MutationResult> {
  const clientId = `client-${role}-0001`;
  const id = (nextIds.get(clientId) ?? 0) + 1;
  nextIds.set(clientId, id);
  const out = await applyPush(db.repo, db.users[role], clientId, 'group-0001', [{ id, name, args, baseVersions, createdAt: '2026-03-02T08:59:00.000Z' }], { clock });
  const result = out.results[0];
  if (!result) throw new Error('no result');
  return result;
}

const ok = <T>(result: MutationResult): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.result as T;
};

/** A case at the fixture's North site (visible to admin, agent and the North manager; to the FSE once assigned). */
async function createCase(overrides: Parameters<typeof newCaseArgs>[0] = {}): Promise<CaseRow> {
  const args = newCaseArgs({ serial: db.projector.serial, projectorId: db.projector.id, ...overrides });
  ok(await push('agent', 'createCase', args));
  const row = await db.repo.read((tx) => tx.getCase(args.id));
  if (!row) throw new Error('case missing');
  return row;
}

const eventsOf = (caseId: string) => db.repo.read((tx) => tx.caseEventsOf(caseId));
const notifications = () => db.repo.read((tx) => tx.listRows('notifications'));
const head = () => db.repo.read((tx) => tx.headVersion());

beforeEach(async () => {
  db = await createTestDb();
  nextIds.clear();
});
afterEach(async () => {
  await db.cleanup();
});

describe('case events written by case commands', () => {
  it('createCase writes `created`, updateCase `changed` with before and after, deleteCase `deleted`, all change-logged', async () => {
    const row = await createCase({ channel: 'email', title: 'Lamp alarm' });
    ok(await push('manager', 'updateCase', { id: row.id, patch: { title: 'Lamp alarm on screen 2', assigneeId: db.users.fse.id } }));
    const events = await eventsOf(row.id);
    expect(events.map((e) => e.kind)).toEqual(['created', 'changed']);
    expect(events[0]).toMatchObject({ userId: db.users.agent.id, at: '2026-03-02T09:00:00.000Z', data: { channel: 'email', title: 'Lamp alarm' } });
    // The status the assignment moved along is an applied change too.
    expect(events[1]).toMatchObject({
      userId: db.users.manager.id,
      data: {
        changes: [
          { field: 'title', before: 'Lamp alarm', after: 'Lamp alarm on screen 2' },
          { field: 'status', before: 'new', after: 'assigned' },
          { field: 'assigneeId', before: null, after: db.users.fse.id },
        ],
      },
    });
    const log = await db.repo.read((tx) => tx.changesSince(0, 1000));
    for (const event of events) expect(log.find((e) => e.version === event.version)).toMatchObject({ entity: 'caseEvents', entityId: event.id, op: 'put', after: event });

    ok(await push('manager', 'deleteCase', { id: row.id, reason: 'Logged twice' }));
    const after = await eventsOf(row.id);
    // The history outlives the case (no foreign key): the `deleted` event is its last.
    expect(after.at(-1)).toMatchObject({ kind: 'deleted', userId: db.users.manager.id, data: { reason: 'Logged twice' } });
  });

  it('writes no `changed` event for conflicts held back, nor for a patch that changes nothing', async () => {
    const row = await createCase();
    ok(await push('manager', 'updateCase', { id: row.id, patch: { priority: 'P1' } }));
    const before = await eventsOf(row.id);
    // The agent edited the priority from the original version: held back as a conflict.
    const held = ok<{ conflicts: string[] }>(await push('agent', 'updateCase', { id: row.id, patch: { priority: 'P4' } }, { priority: row.version }));
    expect(held.conflicts).toHaveLength(1);
    ok(await push('agent', 'updateCase', { id: row.id, patch: { title: row.title } }));
    expect(await eventsOf(row.id)).toEqual(before);

    // Keeping one's value applies it: now it is a change on the timeline.
    ok(await push('agent', 'resolveConflict', { id: held.conflicts[0], resolution: 'mine' }));
    expect((await eventsOf(row.id)).at(-1)).toMatchObject({ kind: 'changed', userId: db.users.agent.id, data: { changes: [{ field: 'priority', before: 'P1', after: 'P4' }] } });
  });

  it('appendCaseEvent takes the id given (a duplicate is a CONFLICT); putCaseEvent updates an event in place', async () => {
    const row = await createCase();
    const ctx: CommandContext = { user: db.users.agent, now: '2026-03-02T09:05:00.000Z', clientId: null, mutationId: null, clientCreatedAt: null };
    const id = crypto.randomUUID();
    const data = { to: 'robin@example.com', subject: 'Re: case', text: 'On our way.', messageId: '<m1@hub>', automatic: false, delivery: 'queued' as const, error: null };
    const sent = await db.repo.write((tx) => appendCaseEvent(tx, ctx, row.id, 'email_out', data, { id }));
    expect(sent).toMatchObject({ id, caseId: row.id, kind: 'email_out', at: ctx.now, userId: db.users.agent.id, version: await head() });
    await expect(db.repo.write((tx) => appendCaseEvent(tx, ctx, row.id, 'note', { text: 'x', mentions: [] }, { id }))).rejects.toMatchObject({ code: 'CONFLICT' });

    // The hub on its own records nobody; a delivery update keeps id, time and author.
    const hubCtx: CommandContext = { ...ctx, now: '2026-03-02T09:06:00.000Z', system: true };
    const updated = await db.repo.write((tx) => putCaseEvent(tx, hubCtx, id, 'email_out', { ...data, delivery: 'sent' }));
    expect(updated).toMatchObject({ id, at: ctx.now, userId: db.users.agent.id, data: { delivery: 'sent' }, version: await head() });
    const entry = await db.repo.read(async (tx) => tx.getChange(await tx.headVersion()));
    expect(entry).toMatchObject({ entity: 'caseEvents', entityId: id, before: sent, after: updated });
    await expect(db.repo.write((tx) => putCaseEvent(tx, hubCtx, id, 'note', { text: 'x', mentions: [] }))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(db.repo.write((tx) => putCaseEvent(tx, hubCtx, crypto.randomUUID(), 'note', { text: 'x', mentions: [] }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const byHub = await db.repo.write((tx) => appendCaseEvent(tx, hubCtx, row.id, 'note', { text: 'Mail intake note', mentions: [] }));
    expect(byHub.userId).toBeNull();
  });
});

describe('addCaseNote', () => {
  it('writes a `note` event with the console id and notifies only mentioned people who are active and may see the case', async () => {
    const row = await createCase();
    // Someone deactivated, the FSE (not assigned: cannot see it), the author, an unknown id and the manager.
    const inactive = await db.repo.write(async (tx) => {
      const admin = await tx.getUser(db.users.admin.id);
      if (!admin) throw new Error('admin missing');
      await tx.replaceUser({ ...admin, active: false });
      return admin.id;
    });
    const id = crypto.randomUUID();
    const text = `@Test manager please call the site back.\n${'Long detail. '.repeat(40)}`;
    const mentions = [db.users.manager.id, db.users.manager.id, db.users.fse.id, db.users.agent.id, inactive, crypto.randomUUID()];
    const result = ok<{ id: string; notified: string[] }>(await push('agent', 'addCaseNote', { id, caseId: row.id, text, mentions }));
    expect(result).toEqual({ id, caseId: row.id, notified: [db.users.manager.id] });

    const note = (await db.repo.read((tx) => tx.getCaseEvent(id))) as CaseEventRow;
    expect(note).toMatchObject({ caseId: row.id, kind: 'note', userId: db.users.agent.id, at: '2026-03-02T09:00:00.000Z', data: { text: text.trim() } });
    const list = await notifications();
    expect(list).toHaveLength(1);
    const [mention] = list as [NotificationRow];
    expect(mention).toMatchObject({ userId: db.users.manager.id, kind: 'mention', caseId: row.id, eventId: id, actorId: db.users.agent.id, readAt: null, createdAt: '2026-03-02T09:00:00.000Z' });
    expect(mention.text.length).toBeLessThanOrEqual(NOTIFICATION_PREVIEW_CHARS);
    expect(mention.text.startsWith('@Test manager please call the site back. Long detail.')).toBe(true);
    expect(mention.text.endsWith('…')).toBe(true);
    const log = await db.repo.read((tx) => tx.changesSince(note.version - 1, 10));
    expect(log.map((e) => [e.entity, e.entityId])).toEqual([
      ['caseEvents', id],
      ['notifications', mention.id],
    ]);

    // Once assigned, the FSE may see the case and is notified.
    ok(await push('manager', 'updateCase', { id: row.id, patch: { assigneeId: db.users.fse.id } }));
    const second = ok<{ notified: string[] }>(await push('agent', 'addCaseNote', { id: crypto.randomUUID(), caseId: row.id, text: 'FYI', mentions: [db.users.fse.id] }));
    expect(second.notified).toEqual([db.users.fse.id]);
  });

  it('refuses a case the caller cannot see (as if missing), a missing case, and an id used before', async () => {
    const row = await createCase();
    const hidden = await push('fse', 'addCaseNote', { id: crypto.randomUUID(), caseId: row.id, text: 'Seen it', mentions: [] });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'This case does not exist or is not available to you.' } });
    const missing = await push('agent', 'addCaseNote', { id: crypto.randomUUID(), caseId: crypto.randomUUID(), text: 'Hello', mentions: [] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const id = crypto.randomUUID();
    ok(await push('agent', 'addCaseNote', { id, caseId: row.id, text: 'First', mentions: [] }));
    expect(await push('agent', 'addCaseNote', { id, caseId: row.id, text: 'Again', mentions: [] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await push('agent', 'addCaseNote', { id: crypto.randomUUID(), caseId: row.id, text: '   ', mentions: [] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await eventsOf(row.id)).filter((e) => e.kind === 'note')).toHaveLength(1);
    expect(await notifications()).toEqual([]);
  });
});

describe('markNotificationsRead', () => {
  it('marks one’s own notifications read once (repeat: no new version); another’s or a missing one is NOT_FOUND and changes nothing', async () => {
    const row = await createCase();
    ok(await push('agent', 'addCaseNote', { id: crypto.randomUUID(), caseId: row.id, text: '@manager look', mentions: [db.users.manager.id] }));
    ok(await push('admin', 'addCaseNote', { id: crypto.randomUUID(), caseId: row.id, text: '@manager too', mentions: [db.users.manager.id] }));
    ok(await push('manager', 'addCaseNote', { id: crypto.randomUUID(), caseId: row.id, text: '@agent see', mentions: [db.users.agent.id] }));
    const all = await notifications();
    const managers = all.filter((n) => n.userId === db.users.manager.id).map((n) => n.id);
    const agents = all.filter((n) => n.userId === db.users.agent.id).map((n) => n.id);
    expect(managers).toHaveLength(2);
    expect(agents).toHaveLength(1);

    // Someone else's notification: refused whole, even alongside one's own.
    const before = await head();
    expect(await push('manager', 'markNotificationsRead', { ids: [managers[0], agents[0]] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await push('manager', 'markNotificationsRead', { ids: [crypto.randomUUID()] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await head()).toBe(before);
    expect((await notifications()).every((n) => n.readAt === null)).toBe(true);

    expect(ok(await push('manager', 'markNotificationsRead', { ids: [managers[0], managers[0]] }))).toEqual({ read: [managers[0]] });
    const read = await db.repo.read((tx) => tx.getNotification(managers[0] ?? ''));
    expect(read).toMatchObject({ readAt: '2026-03-02T09:00:00.000Z', version: await head() });
    const afterFirst = await head();
    // Again, with one still unread: only that one changes.
    expect(ok(await push('manager', 'markNotificationsRead', { ids: managers }))).toEqual({ read: [managers[1]] });
    expect(await head()).toBe(afterFirst + 1);
    expect(ok(await push('manager', 'markNotificationsRead', { ids: managers }))).toEqual({ read: [] });
    expect(await head()).toBe(afterFirst + 1);
    expect(await db.repo.read((tx) => tx.getNotification(agents[0] ?? ''))).toMatchObject({ readAt: null });
  });
});
