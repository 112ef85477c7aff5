import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceReportRow } from '../../shared/service.js';
import type { OutgoingMessage } from '../mail/outgoing.js';
import { createTestDb, type TestDb } from '../testing/fixtures.js';
import { insertUsersWithChanges } from './users.js';
import { completeFields, serviceKit, sha } from '../testing/service-kit.js';
import type { ServiceReportResult } from './service-reports.js';

let db: TestDb;
const clock = () => Date.UTC(2026, 2, 2, 12);
const kit = serviceKit(() => db, clock);
const { push, ok } = kit;

beforeEach(async () => {
  db = await createTestDb();
  kit.reset();
});
afterEach(async () => {
  await db.cleanup();
});

const report = async (id: string): Promise<ServiceReportRow> => {
  const row = await db.repo.read((tx) => tx.getServiceReport(id));
  if (!row) throw new Error('report missing');
  return row;
};
const eventKinds = async (caseId: string) => (await db.repo.read((tx) => tx.caseEventsOf(caseId))).map((e) => e.kind);
const notificationsOf = async (userId: string) => (await db.repo.read((tx) => tx.listRows('notifications'))).filter((n) => n.userId === userId);
const changesOf = async (entity: string, id: string) => (await db.repo.read((tx) => tx.changesSince(0, 10_000))).filter((c) => c.entity === entity && c.entityId === id);

async function draft(caseId: string, fields = completeFields()): Promise<string> {
  const id = crypto.randomUUID();
  ok(await push('fse', 'saveServiceReport', { id, caseId, fields }));
  return id;
}

describe('saveServiceReport', () => {
  it('creates a draft for the assigned FSE, change-logged, and moves an assigned case to in progress', async () => {
    const row = await kit.assignedCase();
    expect(row.status).toBe('assigned');
    const id = await draft(row.id, completeFields({ diagnosis: 'First look' }));
    expect(await report(id)).toMatchObject({ status: 'draft', engineerId: db.users.fse.id, number: null, revision: 0, diagnosis: 'First look' });
    expect((await kit.getCase(row.id)).status).toBe('in_progress');
    expect(await changesOf('serviceReports', id)).toHaveLength(1);
    // Saved again: the fields are rewritten, the status stays.
    ok(await push('fse', 'saveServiceReport', { id, caseId: row.id, fields: completeFields({ diagnosis: 'Second look' }) }));
    expect(await report(id)).toMatchObject({ status: 'draft', diagnosis: 'Second look' });
    expect(await changesOf('serviceReports', id)).toHaveLength(2);
  });

  it('refuses an FSE a case not assigned to them (it is not even visible) and the agent by role', async () => {
    const row = await kit.assignedCase();
    ok(await push('manager', 'updateCase', { id: row.id, patch: { assigneeId: null } }));
    const result = await push('fse', 'saveServiceReport', { id: crypto.randomUUID(), caseId: row.id, fields: {} });
    expect(result.ok ? null : result.error.code).toBe('NOT_FOUND');
    const agent = await push('agent', 'saveServiceReport', { id: crypto.randomUUID(), caseId: row.id, fields: {} });
    expect(agent.ok ? null : agent.error.code).toBe('FORBIDDEN');
  });

  it('refuses an unknown catalogue part and a visit of another case', async () => {
    const row = await kit.assignedCase();
    const part = { partId: crypto.randomUUID(), partNumber: 'X-1', description: '', quantity: 1, fittedSerial: '', removedSerial: '' };
    const badPart = await push('fse', 'saveServiceReport', { id: crypto.randomUUID(), caseId: row.id, fields: completeFields({ parts: [part] }) });
    expect(badPart.ok ? null : badPart.error).toMatchObject({ code: 'VALIDATION', details: { fields: { 'parts.0.partId': expect.any(String) } } });
    const badVisit = await push('fse', 'saveServiceReport', { id: crypto.randomUUID(), caseId: row.id, visitId: crypto.randomUUID(), fields: {} });
    expect(badVisit.ok ? null : badVisit.error).toMatchObject({ code: 'VALIDATION', details: { fields: { visitId: expect.any(String) } } });
  });
});

describe('submit and review', () => {
  it('submit refuses with the field problems of submitProblems', async () => {
    const row = await kit.assignedCase();
    const id = await draft(row.id, completeFields({ diagnosis: '', noSignatureReason: '' }));
    const result = await push('fse', 'submitServiceReport', { id });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(Object.keys(result.error.details?.fields as object).sort()).toEqual(['diagnosis', 'signature']);
    expect((await report(id)).status).toBe('draft');
  });

  it('submit refuses while a photo is not in the file store, and goes through once both blobs are', async () => {
    const row = await kit.assignedCase();
    const id = await draft(row.id);
    const photo = { id: crypto.randomUUID(), reportId: id, tag: 'before', caption: 'Lamp house', sha256: sha('image'), thumbSha256: sha('thumb'), bytes: 1000, width: 2048, height: 1536 };
    ok(await push('fse', 'addReportPhoto', photo));
    expect(await db.repo.read((tx) => tx.getReportPhoto(photo.id))).toMatchObject({ caseId: row.id, createdBy: db.users.fse.id });
    const early = await push('fse', 'submitServiceReport', { id });
    expect(early.ok ? null : early.error).toMatchObject({ code: 'VALIDATION', details: { fields: { photos: expect.any(String) } } });
    await db.repo.write(async (tx) => {
      await tx.insertFile({ sha256: photo.sha256, bytes: 1000, mime: 'image/jpeg', uploadedBy: db.users.fse.id, createdAt: '2026-03-02T10:00:00.000Z' });
      await tx.insertFile({ sha256: photo.thumbSha256, bytes: 100, mime: 'image/jpeg', uploadedBy: db.users.fse.id, createdAt: '2026-03-02T10:00:00.000Z' });
    });
    ok(await push('fse', 'submitServiceReport', { id }));
    // A submitted report's photos are fixed.
    const remove = await push('fse', 'removeReportPhoto', { id: photo.id });
    expect(remove.ok ? null : remove.error.code).toBe('CONFLICT');
  });

  it('numbers on first submission, returns with a comment, resubmits as revision 2, approval resolves the case', async () => {
    const row = await kit.assignedCase();
    const id = await draft(row.id);
    const first = ok<ServiceReportResult>(await push('fse', 'submitServiceReport', { id }));
    expect(first).toMatchObject({ status: 'submitted', number: 'SR-2026-000001', revision: 1 });
    expect((await kit.getCase(row.id)).status).toBe('awaiting_approval');
    expect((await notificationsOf(db.users.manager.id)).map((n) => n.kind)).toEqual(['report_submitted']);

    // While submitted, the engineer cannot edit it.
    const locked = await push('fse', 'saveServiceReport', { id, caseId: row.id, fields: completeFields() });
    expect(locked.ok ? null : locked.error.code).toBe('CONFLICT');
    // An FSE cannot review.
    const selfApprove = await push('fse', 'reviewServiceReport', { id, decision: 'approve' });
    expect(selfApprove.ok ? null : selfApprove.error.code).toBe('FORBIDDEN');

    ok(await push('manager', 'reviewServiceReport', { id, decision: 'return', comment: 'Add the lamp serials.' }));
    expect(await report(id)).toMatchObject({ status: 'returned', reviewComment: 'Add the lamp serials.', reviewedBy: db.users.manager.id });
    expect((await kit.getCase(row.id)).status).toBe('in_progress');
    expect((await notificationsOf(db.users.fse.id)).map((n) => n.kind)).toContain('report_returned');

    ok(await push('fse', 'saveServiceReport', { id, caseId: row.id, fields: completeFields({ nextSteps: 'None' }) }));
    const second = ok<ServiceReportResult>(await push('fse', 'submitServiceReport', { id }));
    expect(second).toMatchObject({ number: 'SR-2026-000001', revision: 2 });

    ok(await push('manager', 'reviewServiceReport', { id, decision: 'approve' }));
    expect(await report(id)).toMatchObject({ status: 'approved' });
    const resolved = await kit.getCase(row.id);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: '2026-03-02T12:00:00.000Z' });
    expect(await eventKinds(row.id)).toEqual(
      expect.arrayContaining(['report_submitted', 'report_returned', 'report_approved', 'case_resolved']),
    );
    const again = await push('manager', 'reviewServiceReport', { id, decision: 'approve' });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');

    // A second report of another case takes the next number.
    const other = await kit.assignedCase();
    const otherId = await draft(other.id);
    expect(ok<ServiceReportResult>(await push('fse', 'submitServiceReport', { id: otherId })).number).toBe('SR-2026-000002');
  });

  it('only the report\'s engineer or an admin edits it', async () => {
    const row = await kit.assignedCase();
    const id = await draft(row.id);
    // The manager lacks report.write altogether; an admin may edit.
    ok(await push('admin', 'saveServiceReport', { id, caseId: row.id, fields: completeFields({ nextSteps: 'Admin fix' }) }));
    expect((await report(id)).engineerId).toBe(db.users.fse.id);
  });
});

describe('report notifications and emails', () => {
  const outbox = () => db.repo.read((tx) => tx.dueOutbox('9999-01-01T00:00:00.000Z', 100));
  const mailsTo = async (email: string) => (await outbox()).map((o) => o.message as OutgoingMessage).filter((m) => m.to === email);

  async function addMailbox(): Promise<void> {
    await db.repo.write(async (tx) => {
      // Its servers are never contacted here: queued mail only waits in the outbox.
      const server = { host: '127.0.0.1', port: 9, security: 'none' as const, user: 'u', passwordEnc: null };
      await tx.insertMailbox({
        id: crypto.randomUUID(), name: 'Support', address: 'support@lamphouse.test', imap: server, smtp: server, folder: 'INBOX', enabled: true,
        state: 'idle', lastError: null, lastCheckedAt: null, retryAt: null, handled: 0, createdAt: '2026-03-01T00:00:00.000Z',
      });
    });
  }

  /** A manager of another region, who is not told about the North site's reports. */
  async function southManager(): Promise<string> {
    const [user] = await db.repo.write((tx) => insertUsersWithChanges(tx, [{ email: 'south@test.test', name: 'South Manager', role: 'manager', regions: ['South'], passwordHash: 'x' }], '2026-03-01T09:00:00.000Z'));
    if (!user) throw new Error('no user');
    return user.id;
  }

  it('submission tells the region\'s managers and the admins, by notification and email', async () => {
    await addMailbox();
    const south = await southManager();
    const row = await kit.assignedCase();
    const id = await draft(row.id);
    ok(await push('fse', 'submitServiceReport', { id }));
    const event = (await db.repo.read((tx) => tx.caseEventsOf(row.id))).find((e) => e.kind === 'report_submitted');
    for (const user of [db.users.manager, db.users.admin]) {
      expect(await notificationsOf(user.id)).toEqual([expect.objectContaining({ kind: 'report_submitted', caseId: row.id, eventId: event?.id, actorId: db.users.fse.id, text: expect.stringContaining('SR-2026-000001') })]);
      const mails = await mailsTo(user.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ from: 'support@lamphouse.test', automatic: true, subject: expect.stringContaining('SR-2026-000001 to review') });
      expect(mails[0]?.text).toContain('New lamp fitted');
    }
    expect(await notificationsOf(south)).toEqual([]);
    // Neither the engineer nor the agent hears of their own or others' submission.
    expect(await notificationsOf(db.users.fse.id)).toEqual([]);
    expect(await mailsTo(db.users.agent.email)).toEqual([]);
    expect(await outbox()).toHaveLength(2);
    // Notifications are change-logged, so they sync to their users.
    const logged = (await db.repo.read((tx) => tx.changesSince(0, 10_000))).filter((c) => c.entity === 'notifications');
    expect(logged).toHaveLength(2);
  });

  it('a return tells the engineer with the comments, an approval with the reviewer\'s optional comment', async () => {
    await addMailbox();
    const row = await kit.assignedCase();
    const id = await draft(row.id);
    ok(await push('fse', 'submitServiceReport', { id }));
    ok(await push('manager', 'reviewServiceReport', { id, decision: 'return', comment: 'Add the lamp serials.' }));
    expect((await notificationsOf(db.users.fse.id)).at(-1)).toMatchObject({ kind: 'report_returned', text: 'SR-2026-000001 for ' + row.number + ' was returned: Add the lamp serials.' });
    let mails = await mailsTo(db.users.fse.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('returned');
    expect(mails[0]?.text).toContain('Add the lamp serials.');

    ok(await push('fse', 'submitServiceReport', { id }));
    ok(await push('manager', 'reviewServiceReport', { id, decision: 'approve', comment: 'Thorough work, thanks.' }));
    expect(await report(id)).toMatchObject({ status: 'approved', reviewComment: 'Thorough work, thanks.', reviewedBy: db.users.manager.id });
    expect((await notificationsOf(db.users.fse.id)).at(-1)).toMatchObject({ kind: 'report_approved', text: expect.stringContaining('approved: Thorough work, thanks.') });
    mails = await mailsTo(db.users.fse.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]).toMatchObject({ subject: expect.stringContaining('approved'), text: expect.stringContaining('Thorough work, thanks.') });
    const approved = (await db.repo.read((tx) => tx.caseEventsOf(row.id))).find((e) => e.kind === 'report_approved');
    expect(approved?.data).toMatchObject({ comment: 'Thorough work, thanks.', number: 'SR-2026-000001', revision: 2 });
  });

  it('without an enabled mailbox only the notifications go out; an approval without comment says nothing more', async () => {
    const row = await kit.assignedCase();
    const id = await draft(row.id);
    ok(await push('fse', 'submitServiceReport', { id }));
    ok(await push('manager', 'reviewServiceReport', { id, decision: 'approve' }));
    expect(await outbox()).toEqual([]);
    expect((await notificationsOf(db.users.fse.id)).map((n) => [n.kind, n.text])).toEqual([['report_approved', `SR-2026-000001 for ${row.number} was approved`]]);
    expect((await report(id)).reviewComment).toBeNull();
  });
});

describe('closeCase and reopenCase', () => {
  it('closes a resolved case, reopens it with a reason (resolvedAt cleared, counted as a reopen)', async () => {
    const row = await kit.assignedCase();
    const notResolved = await push('agent', 'closeCase', { caseId: row.id });
    expect(notResolved.ok ? null : notResolved.error.code).toBe('CONFLICT');
    const id = await draft(row.id);
    ok(await push('fse', 'submitServiceReport', { id }));
    ok(await push('manager', 'reviewServiceReport', { id, decision: 'approve' }));
    ok(await push('agent', 'closeCase', { caseId: row.id }));
    expect(await kit.getCase(row.id)).toMatchObject({ status: 'closed', resolvedAt: '2026-03-02T12:00:00.000Z' });
    const fse = await push('fse', 'reopenCase', { caseId: row.id, reason: 'Back again' });
    expect(fse.ok ? null : fse.error.code).toBe('FORBIDDEN');
    ok(await push('agent', 'reopenCase', { caseId: row.id, reason: 'The picture flickers again.' }));
    const reopened = await kit.getCase(row.id);
    expect(reopened).toMatchObject({ status: 'in_progress', resolvedAt: null });
    expect(reopened.slaEvents.filter((e) => e.kind === 'reopened')).toHaveLength(1);
    const events = await db.repo.read((tx) => tx.caseEventsOf(row.id));
    expect(events.find((e) => e.kind === 'case_reopened')?.data).toEqual({ reason: 'The picture flickers again.' });
    expect(events.map((e) => e.kind)).toContain('case_closed');
  });

  it('a manual status change to resolved stamps resolvedAt', async () => {
    const row = await kit.assignedCase();
    ok(await push('manager', 'updateCase', { id: row.id, patch: { status: 'in_progress' } }));
    ok(await push('manager', 'updateCase', { id: row.id, patch: { status: 'resolved' } }));
    expect((await kit.getCase(row.id)).resolvedAt).toBe('2026-03-02T12:00:00.000Z');
  });
});

describe('savePart', () => {
  it('creates and edits catalogue parts (managers and admins), refusing a duplicate part number', async () => {
    const id = crypto.randomUUID();
    ok(await push('manager', 'savePart', { id, partNumber: 'LMP-450', description: 'Xenon lamp 4.5 kW', models: ['SP4K-25'] }));
    ok(await push('admin', 'savePart', { id, partNumber: 'LMP-450', description: 'Xenon lamp 4.5 kW', models: ['SP4K-25'], active: false }));
    expect(await db.repo.read((tx) => tx.getPart(id))).toMatchObject({ active: false, models: ['SP4K-25'] });
    expect(await changesOf('parts', id)).toHaveLength(2);
    const dup = await push('manager', 'savePart', { id: crypto.randomUUID(), partNumber: 'lmp-450', description: 'Copy' });
    expect(dup.ok ? null : dup.error).toMatchObject({ code: 'VALIDATION', details: { fields: { partNumber: expect.any(String) } } });
    const agent = await push('agent', 'savePart', { id: crypto.randomUUID(), partNumber: 'X', description: 'Y' });
    expect(agent.ok ? null : agent.error.code).toBe('FORBIDDEN');
  });
});
