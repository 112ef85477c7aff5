import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../mail/outgoing.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';
import { insertUsersWithChanges } from './users.js';
import { serviceKit } from '../testing/service-kit.js';
import { scheduleVisitArgsSchema } from '../../shared/service.js';
import { runVisitReminders, tomorrowIn } from './visit-reminders.js';
import { scheduleVisit } from './visits.js';

let db: TestDb;
let now = Date.UTC(2026, 2, 2, 12);
const clock = () => now;
const kit = serviceKit(() => db, clock);
const { push, ok } = kit;

beforeEach(async () => {
  db = await createTestDb();
  kit.reset();
  now = Date.UTC(2026, 2, 2, 12);
});
afterEach(async () => {
  await db.cleanup();
});

const visit = async (id: string) => {
  const row = await db.repo.read((tx) => tx.getVisit(id));
  if (!row) throw new Error('visit missing');
  return row;
};
const notificationsOf = async (userId: string) => (await db.repo.read((tx) => tx.listRows('notifications'))).filter((n) => n.userId === userId);
const outbox = () => db.repo.read((tx) => tx.dueOutbox('9999-01-01T00:00:00.000Z', 100));

async function addMailboxAndContact(): Promise<void> {
  await db.repo.write(async (tx) => {
    const site = await tx.getSite(db.projector.siteId);
    if (!site) throw new Error('site missing');
    // Its servers are never contacted here: queued mail only waits in the outbox.
    const server = { host: '127.0.0.1', port: 9, security: 'none' as const, user: 'u', passwordEnc: null };
    await tx.insertMailbox({
      id: crypto.randomUUID(), name: 'Support', address: 'support@lamphouse.test', imap: server, smtp: server, folder: 'INBOX', enabled: true,
      state: 'idle', lastError: null, lastCheckedAt: null, retryAt: null, handled: 0, createdAt: '2026-03-01T00:00:00.000Z',
    });
    const version = await tx.allocateVersion();
    const next = { ...site, contactEmail: 'projection@cinema.test', accessNotes: 'Key at the box office.', version };
    await tx.replaceRows('sites', [next]);
    await tx.appendChanges([{ version, entity: 'sites', entityId: site.id, op: 'put', before: site, after: next, userId: null, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: '2026-03-01T00:00:00.000Z' }]);
  });
}

const scheduleArgs = (caseId: string, overrides: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  caseId,
  engineerId: db.users.fse.id,
  date: '2026-03-04',
  start: '09:30',
  durationMinutes: 90,
  travelMinutes: 30,
  ...overrides,
});

describe('scheduleVisit, updateVisit, cancelVisit', () => {
  it('books a visit with the checklist pre-filled from the site, tells the engineer and emails the site contact', async () => {
    await addMailboxAndContact();
    const row = await kit.assignedCase();
    const args = scheduleArgs(row.id);
    ok(await push('agent', 'scheduleVisit', args));
    expect(await visit(args.id)).toMatchObject({ status: 'scheduled', engineerId: db.users.fse.id, createdBy: db.users.agent.id, checklist: { accessNotes: 'Key at the box office.' } });
    const events = await db.repo.read((tx) => tx.caseEventsOf(row.id));
    expect(events.at(-1)).toMatchObject({ kind: 'visit_scheduled', data: { visitId: args.id, date: '2026-03-04', start: '09:30', durationMinutes: 90 } });
    expect((await notificationsOf(db.users.fse.id)).map((n) => n.kind)).toEqual(['visit_booked']);
    const mails = await outbox();
    expect(mails).toHaveLength(1);
    expect((mails[0]?.message as OutgoingMessage).to).toBe('projection@cinema.test');
    expect((mails[0]?.message as OutgoingMessage).subject).toContain('visit booked');
  });

  it('refuses a non-engineer, an FSE planner, and a resolved case', async () => {
    const row = await kit.assignedCase();
    const wrong = await push('manager', 'scheduleVisit', scheduleArgs(row.id, { engineerId: db.users.agent.id, reassignCase: true }));
    expect(wrong.ok ? null : wrong.error).toMatchObject({ code: 'VALIDATION', details: { fields: { engineerId: 'Choose an active field service engineer.' } } });
    expect((await kit.getCase(row.id)).assigneeId).toBe(db.users.fse.id);
    const fse = await push('fse', 'scheduleVisit', scheduleArgs(row.id));
    expect(fse.ok ? null : fse.error.code).toBe('FORBIDDEN');
    const unknownCase = await push('manager', 'scheduleVisit', scheduleArgs(crypto.randomUUID()));
    expect(unknownCase.ok ? null : unknownCase.error.code).toBe('NOT_FOUND');
  });

  it('moves a visit (visit_moved with where from, a new reminder), marks done, and cancels only scheduled ones', async () => {
    await addMailboxAndContact();
    const row = await kit.assignedCase();
    const args = scheduleArgs(row.id);
    ok(await push('manager', 'scheduleVisit', args));
    await db.repo.write(async (tx) => {
      const v = await tx.getVisit(args.id);
      if (!v) throw new Error('missing');
      const version = await tx.allocateVersion();
      const next = { ...v, reminderSentAt: '2026-03-03T08:00:00.000Z', version };
      await tx.replaceVisit(next);
      await tx.appendChanges([{ version, entity: 'visits', entityId: v.id, op: 'put', before: v, after: next, userId: null, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: '2026-03-02T12:00:00.000Z' }]);
    });
    ok(await push('manager', 'updateVisit', { id: args.id, patch: { date: '2026-03-05', start: '14:00' } }));
    expect(await visit(args.id)).toMatchObject({ date: '2026-03-05', start: '14:00', reminderSentAt: null });
    const moved = (await db.repo.read((tx) => tx.caseEventsOf(row.id))).at(-1);
    expect(moved).toMatchObject({ kind: 'visit_moved', data: { date: '2026-03-05', from: { date: '2026-03-04', start: '09:30' } } });
    expect((await notificationsOf(db.users.fse.id)).map((n) => n.kind)).toEqual(['visit_booked', 'visit_moved']);
    expect(await outbox()).toHaveLength(2);

    // The checklist alone is not a move.
    ok(await push('manager', 'updateVisit', { id: args.id, patch: { checklist: { siteAccessArranged: true, accessNotes: '', partsNeeded: 'Lamp', equipmentNeeded: '', safetyRequirements: '' } } }));
    expect((await notificationsOf(db.users.fse.id))).toHaveLength(2);

    const cancelled = scheduleArgs(row.id, { date: '2026-03-06' });
    ok(await push('manager', 'scheduleVisit', cancelled));
    ok(await push('agent', 'cancelVisit', { id: cancelled.id, reason: 'Screen closed for an event.' }));
    expect(await visit(cancelled.id)).toMatchObject({ status: 'cancelled', cancelReason: 'Screen closed for an event.' });
    expect((await notificationsOf(db.users.fse.id)).at(-1)?.kind).toBe('visit_cancelled');
    const again = await push('agent', 'cancelVisit', { id: cancelled.id, reason: 'Twice' });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');

    ok(await push('manager', 'updateVisit', { id: args.id, patch: { status: 'done' } }));
    const afterDone = await push('manager', 'updateVisit', { id: args.id, patch: { start: '15:00' } });
    expect(afterDone.ok ? null : afterDone.error.code).toBe('CONFLICT');
  });
});

describe('a visit with another engineer reassigns the case', () => {
  async function secondFse(): Promise<string> {
    const [ana] = await db.repo.write((tx) =>
      insertUsersWithChanges(tx, [{ email: 'ana@test.test', name: 'Ana Field', role: 'fse', regions: ['North'], passwordHash: 'x' }], '2026-03-01T09:00:00.000Z'),
    );
    if (!ana) throw new Error('no user');
    return ana.id;
  }
  const lastChanged = async (caseId: string) => (await db.repo.read((tx) => tx.caseEventsOf(caseId))).filter((e) => e.kind === 'changed').at(-1);

  it('refuses without the confirmation, saying so (nothing written)', async () => {
    const ana = await secondFse();
    const row = await kit.assignedCase();
    const versionBefore = (await db.repo.read((tx) => tx.changesSince(0, 10_000))).length;
    const result = await push('manager', 'scheduleVisit', scheduleArgs(row.id, { engineerId: ana }));
    expect(result.ok ? null : result.error).toMatchObject({ code: 'VALIDATION', details: { reassignNeeded: true, assigneeId: db.users.fse.id, fields: { engineerId: expect.any(String) } } });
    expect((await kit.getCase(row.id)).assigneeId).toBe(db.users.fse.id);
    expect(await db.repo.read((tx) => tx.changesSince(0, 10_000))).toHaveLength(versionBefore);
  });

  it('schedules with the confirmation: the case goes to the engineer in the same push, audited on the timeline', async () => {
    const ana = await secondFse();
    const row = await kit.assignedCase();
    const args = scheduleArgs(row.id, { engineerId: ana, reassignCase: true });
    ok(await push('manager', 'scheduleVisit', args));
    const after = await kit.getCase(row.id);
    expect(after).toMatchObject({ assigneeId: ana, status: 'assigned' });
    expect(after.fieldVersions.assigneeId).toBe(after.version);
    expect(await visit(args.id)).toMatchObject({ engineerId: ana, status: 'scheduled' });
    expect(await lastChanged(row.id)).toMatchObject({ userId: db.users.manager.id, data: { changes: [{ field: 'assigneeId', before: db.users.fse.id, after: ana }] } });
    // One mutation, one transaction: the case and visit changes carry the same mutation id.
    const log = await db.repo.read((tx) => tx.changesSince(0, 10_000));
    const changes = log.filter((c) => c.mutationId === log.at(-1)?.mutationId && c.clientId === 'client-manager-0001');
    expect(changes.map((c) => c.entity)).toEqual(expect.arrayContaining(['cases', 'visits', 'caseEvents']));
    expect((await notificationsOf(ana)).map((n) => n.kind)).toEqual(['visit_booked']);
  });

  it('a case without an assignee is assigned to the visit engineer (new → assigned)', async () => {
    const args0 = newCaseArgs({ serial: db.projector.serial, projectorId: db.projector.id });
    ok(await push('agent', 'createCase', args0));
    const refused = await push('manager', 'scheduleVisit', scheduleArgs(args0.id));
    expect(refused.ok ? null : refused.error.code).toBe('VALIDATION');
    ok(await push('manager', 'scheduleVisit', scheduleArgs(args0.id, { reassignCase: true })));
    expect(await kit.getCase(args0.id)).toMatchObject({ assigneeId: db.users.fse.id, status: 'assigned' });
  });

  it('moving a visit to another engineer reassigns the case too; the first engineer is told', async () => {
    const ana = await secondFse();
    const row = await kit.assignedCase();
    const args = scheduleArgs(row.id);
    ok(await push('manager', 'scheduleVisit', args));
    const refused = await push('manager', 'updateVisit', { id: args.id, patch: { engineerId: ana } });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'VALIDATION', details: { reassignNeeded: true } });
    expect((await visit(args.id)).engineerId).toBe(db.users.fse.id);
    ok(await push('manager', 'updateVisit', { id: args.id, patch: { engineerId: ana, start: '11:00' }, reassignCase: true }));
    expect(await visit(args.id)).toMatchObject({ engineerId: ana, start: '11:00' });
    expect((await kit.getCase(row.id)).assigneeId).toBe(ana);
    expect(await lastChanged(row.id)).toMatchObject({ data: { changes: [{ field: 'assigneeId', before: db.users.fse.id, after: ana }] } });
    expect((await notificationsOf(db.users.fse.id)).at(-1)?.kind).toBe('visit_cancelled');
    expect((await notificationsOf(ana)).map((n) => n.kind)).toEqual(['visit_moved']);
  });

  it('an agent (no case.assign) may plan with the assignee but not reassign; nothing is written', async () => {
    const ana = await secondFse();
    const row = await kit.assignedCase();
    const args = scheduleArgs(row.id, { engineerId: ana, reassignCase: true });
    const result = await push('agent', 'scheduleVisit', args);
    expect(result.ok ? null : result.error.code).toBe('FORBIDDEN');
    expect((await kit.getCase(row.id)).assigneeId).toBe(db.users.fse.id);
    expect(await db.repo.read((tx) => tx.getVisit(args.id))).toBeNull();
    // The flag is harmless when the engineer already is the assignee.
    ok(await push('agent', 'scheduleVisit', scheduleArgs(row.id, { reassignCase: true })));
  });

  it('an FSE may not plan visits at all (visit.schedule), so never for someone else', async () => {
    const ana = await secondFse();
    const row = await kit.assignedCase();
    for (const engineerId of [db.users.fse.id, ana]) {
      const result = await push('fse', 'scheduleVisit', scheduleArgs(row.id, { engineerId, reassignCase: true }));
      expect(result.ok ? null : result.error.code).toBe('FORBIDDEN');
    }
    expect((await kit.getCase(row.id)).assigneeId).toBe(db.users.fse.id);
    // Should FSEs ever be given visit.schedule, the command itself keeps them to their own visits.
    const ctx = { user: db.users.fse, now: '2026-03-02T12:00:00.000Z', clientId: null, mutationId: null, clientCreatedAt: null };
    const forAna = db.repo.write((tx) => scheduleVisit(tx, ctx, scheduleVisitArgsSchema.parse(scheduleArgs(row.id, { engineerId: ana, reassignCase: true }))));
    await expect(forAna).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'You can plan visits only for yourself.' });
    const own = scheduleVisitArgsSchema.parse(scheduleArgs(row.id));
    expect(await db.repo.write((tx) => scheduleVisit(tx, ctx, own))).toEqual({ id: own.id, caseId: row.id });
  });
});

describe('visit reminders', () => {
  it('computes tomorrow in the organisation time zone', () => {
    // 23:30 UTC on 2 March is already 3 March in Berlin.
    expect(tomorrowIn('Europe/Berlin', Date.UTC(2026, 2, 2, 23, 30))).toBe('2026-03-04');
    expect(tomorrowIn('Europe/London', Date.UTC(2026, 2, 2, 23, 30))).toBe('2026-03-03');
    expect(tomorrowIn('America/New_York', Date.UTC(2026, 11, 31, 12))).toBe('2027-01-01');
  });

  it('reminds the engineer and the site contact the day before, once', async () => {
    await addMailboxAndContact();
    const row = await kit.assignedCase();
    const tomorrow = scheduleArgs(row.id, { date: '2026-03-03' });
    const later = scheduleArgs(row.id, { date: '2026-03-04' });
    ok(await push('manager', 'scheduleVisit', tomorrow));
    ok(await push('manager', 'scheduleVisit', later));
    const mailsBefore = (await outbox()).length;
    expect(await runVisitReminders(db.repo, clock)).toEqual([tomorrow.id]);
    expect((await visit(tomorrow.id)).reminderSentAt).toBe('2026-03-02T12:00:00.000Z');
    expect((await visit(later.id)).reminderSentAt).toBeNull();
    expect((await notificationsOf(db.users.fse.id)).filter((n) => n.kind === 'visit_reminder')).toHaveLength(1);
    const mails = await outbox();
    expect(mails).toHaveLength(mailsBefore + 1);
    expect((mails.at(-1)?.message as OutgoingMessage).subject).toContain('Reminder');
    // Once: a second run the same day sends nothing.
    expect(await runVisitReminders(db.repo, clock)).toEqual([]);
    // The next day it is the later visit's turn.
    now = Date.UTC(2026, 2, 3, 12);
    expect(await runVisitReminders(db.repo, clock)).toEqual([later.id]);
  });
});
