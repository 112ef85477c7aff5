// Issue 4 through the ConsoleApi against the fake hub on real sockets: the case timeline (events
// with names, pending notes and replies at once, confirmation under the same id, rollback on
// rejection), @mention notifications from another console and marking them read, the cascade of a
// case's events when it is deleted or leaves the user's view, SLA on summaries and the sla sort,
// intake search and context, support mailboxes and attachment downloads.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { ConsoleEvents, TimelineEntry } from '../../../shared/console-api.js';
import type { ErrorBody } from '../../../shared/errors.js';
import type { EventEnvelope } from '../../../shared/ipc.js';
import type { EntityName } from '../../../shared/sync/entities.js';
import type { ConsoleCore } from './console-core-types.js';
import { createConsoleCore } from './console-core.js';
import { silentLogger } from './logger.js';
import { call, coreRig, eventually, isOnline } from './testing/core-test-kit.js';
import { ADMIN, ADMIN_ROW, AGENT, AGENT_ROW, CUSTOMERS, FSE_ROW, PROJECTORS, SITES, caseFields, confirmedCase, tempDataDir } from './testing/fixtures.js';

const PASSWORD = 'correct horse battery';
const CASE_ID = '01900000-0000-7000-8000-00000000ca5e';
const OTHER_CASE = '01900000-0000-7000-8000-00000000ca5f';

async function failure(core: ConsoleCore, method: string, arg: unknown): Promise<ErrorBody> {
  const reply = await core.handle(1, method, arg);
  if (reply.ok) throw new Error(`${method} succeeded: ${JSON.stringify(reply.value)}`);
  return reply.error;
}

const changed = (events: EventEnvelope[], from: number, entity: EntityName) =>
  events.slice(from).some((e) => e.name === 'data.changed' && (e.payload as ConsoleEvents['data.changed']).entities.includes(entity));

const kinds = (timeline: readonly TimelineEntry[]) => timeline.map((t) => `${t.event.kind}${t.pending ? ' (pending)' : ''}`);

describe('intake, timeline and notifications (core)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  const rows = () => ({
    users: [ADMIN_ROW, AGENT_ROW, FSE_ROW],
    customers: CUSTOMERS,
    sites: SITES,
    projectors: PROJECTORS,
    cases: [confirmedCase(CASE_ID, 5), confirmedCase(OTHER_CASE, 5, { number: 'DTR-2026-000002', projectorId: PROJECTORS[1]!.id, serial: 'BRX-2202' })],
  });

  async function signedIn(user = AGENT) {
    const rig = await coreRig({ user, password: PASSWORD, rows: rows() }, cleanups);
    for (const u of [ADMIN, AGENT, FSE_ROW]) rig.hub.setPassword(u.id, PASSWORD);
    const opened = await rig.open();
    await call(opened.core, 'session.login', { email: user.email, password: PASSWORD });
    await isOnline(opened.core);
    return { ...rig, ...opened };
  }

  /** A second console on the same hub, signed in as someone else. */
  async function secondConsole(hubUrl: string, email: string) {
    const dataDir = tempDataDir();
    const core = await createConsoleCore({ dataDir, hubUrl }, { logger: silentLogger, backoff: { baseMs: 20, maxMs: 100, random: () => 1 } });
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => core.close());
    await call(core, 'session.login', { email, password: PASSWORD });
    await isOnline(core);
    return core;
  }

  it('shows a note at once as pending, then confirmed under the same id with the author; a reply the same way', async () => {
    const { core, events, hub } = await signedIn();
    hub.control.processPushes = false;
    const before = events.length;
    const { id } = await call(core, 'cases.addNote', { caseId: CASE_ID, text: '  Customer will call back at 3.  ' });
    const pending = await call(core, 'cases.timeline', { id: CASE_ID });
    expect(pending).toEqual([{ event: expect.objectContaining({ id, kind: 'note', caseId: CASE_ID, userId: AGENT.id, data: { text: 'Customer will call back at 3.', mentions: [] } }), userName: AGENT.name, pending: true }]);
    await eventually(() => changed(events, before, 'caseEvents'), 'data.changed caseEvents');
    // A note does not make the case itself read as changed-and-unsynced.
    expect((await call(core, 'cases.get', { id: CASE_ID }))?.pending).toBe(false);

    const reply = await call(core, 'cases.reply', { caseId: CASE_ID, text: 'We are sending an engineer.' });
    expect(kinds(await call(core, 'cases.timeline', { id: CASE_ID }))).toEqual(['note (pending)', 'email_out (pending)']);

    hub.control.processPushes = true;
    hub.dropSessions();
    const confirmed = await eventually(async () => {
      const t = await call(core, 'cases.timeline', { id: CASE_ID });
      return t.length === 2 && t.every((e) => !e.pending) ? t : null;
    }, 'confirmed timeline');
    expect(confirmed.map((t) => t.event.id)).toEqual([id, reply.id]);
    expect(confirmed[0]).toMatchObject({ userName: AGENT.name, event: { kind: 'note', data: { text: 'Customer will call back at 3.' } } });
    expect(confirmed[1]).toMatchObject({ event: { kind: 'email_out', data: { to: 'dana@example.com', delivery: 'queued', automatic: false, text: 'We are sending an engineer.' } } });
    expect((await call(core, 'sync.status', {})).pending).toBe(0);
  });

  it('lists hub events oldest first with names (creation, field changes) for a case made here', async () => {
    const { core } = await signedIn();
    const { id } = await call(core, 'cases.create', caseFields({ title: 'No picture', channel: 'email' }));
    await eventually(async () => (await call(core, 'cases.get', { id }))?.number ?? null, 'case number');
    await call(core, 'cases.update', { id, patch: { priority: 'P1', waitingFor: 'customer' } });
    const timeline = await eventually(async () => {
      const t = await call(core, 'cases.timeline', { id });
      return t.length === 2 ? t : null;
    }, 'two events');
    expect(timeline[0]).toMatchObject({ userName: AGENT.name, pending: false, event: { kind: 'created', data: { channel: 'email', title: 'No picture' } } });
    expect(timeline[1]?.event.kind).toBe('changed');
    expect(timeline[1]?.event.data).toEqual({
      changes: [
        { field: 'priority', before: 'P3', after: 'P1' },
        { field: 'waitingFor', before: null, after: 'customer' },
      ],
    });
    // SLA: the hub appended priority and pause events; the summary shows the clocks paused.
    const detail = await call(core, 'cases.get', { id });
    expect(detail?.slaEvents.map((e) => e.kind)).toEqual(['created', 'priority', 'paused']);
    expect(detail?.sla.pausedFor).toBe('customer');
    expect(detail?.sla.priority).toBe('P1');
    expect(detail?.waitingFor).toBe('customer');
    const summary = (await call(core, 'cases.list', {})).find((c) => c.id === id);
    expect(summary?.sla.firstResponse.state).toBe('paused');
    expect(summary?.waitingFor).toBe('customer');
  });

  it('validates notes and replies, and refuses a reply without a contact email', async () => {
    const { core, hub } = await signedIn();
    expect(await failure(core, 'cases.addNote', { caseId: CASE_ID, text: '   ' })).toMatchObject({ code: 'VALIDATION' });
    expect(await failure(core, 'cases.addNote', { caseId: '01900000-0000-7000-8000-00000000dead', text: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(core, 'cases.addNote', { caseId: CASE_ID, text: 'x', mentions: ['01900000-0000-7000-8000-00000000dead'] })).toMatchObject({ code: 'VALIDATION', details: { fields: { mentions: expect.any(String) } } });
    expect(await failure(core, 'cases.reply', { caseId: CASE_ID, text: 'x'.repeat(50_001) })).toMatchObject({ code: 'VALIDATION' });
    const { id } = await call(core, 'cases.create', caseFields({ contactEmail: '', contactPhone: '+44 20 7946 0000' }));
    expect(await failure(core, 'cases.reply', { caseId: id, text: 'Hello' })).toMatchObject({ code: 'VALIDATION', details: { fields: { text: expect.stringContaining('no contact email') } } });
    expect(hub.control.mutations.filter((m) => m.name === 'sendCaseReply')).toEqual([]);
  });

  it('refuses a reply for a role without case.reply before anything is written', async () => {
    const rig = await coreRig({ user: { ...FSE_ROW }, password: PASSWORD, rows: rows() }, cleanups);
    const { core } = await rig.open();
    await call(core, 'session.login', { email: FSE_ROW.email, password: PASSWORD });
    await isOnline(core);
    expect(await failure(core, 'cases.reply', { caseId: CASE_ID, text: 'Hi' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(rig.hub.control.mutations.filter((m) => m.name === 'sendCaseReply')).toEqual([]);
    // Notes are for every role.
    await call(core, 'cases.addNote', { caseId: CASE_ID, text: 'Parts ordered.' });
    await eventually(async () => {
      const t = await call(core, 'cases.timeline', { id: CASE_ID });
      return t.length === 1 && !t[0]!.pending;
    }, 'note confirmed');
  });

  it('rolls a rejected note back and tells the user which case', async () => {
    const { core, events, hub } = await signedIn();
    hub.control.reject = (name) => (name === 'addCaseNote' ? { code: 'FORBIDDEN', message: 'Notes are closed on this case.' } : null);
    await call(core, 'cases.addNote', { caseId: CASE_ID, text: 'Will it stick?' });
    await eventually(() => events.some((e) => e.name === 'mutation.rejected'), 'mutation.rejected');
    const rejected = events.find((e) => e.name === 'mutation.rejected')?.payload as ConsoleEvents['mutation.rejected'];
    expect(rejected).toEqual({ mutationName: 'addCaseNote', caseId: CASE_ID, caseLabel: 'DTR-2026-000001', message: 'Notes are closed on this case.' });
    expect(await call(core, 'cases.timeline', { id: CASE_ID })).toEqual([]);
  });

  it('notifies a mentioned person on their console (not the author), and marks read optimistically', async () => {
    const { core, events, hub } = await signedIn();
    const fse = await secondConsole(hub.url, FSE_ROW.email);
    const before = events.length;
    await call(fse, 'cases.addNote', { caseId: CASE_ID, text: '@Alex can you call the site?', mentions: [AGENT.id, FSE_ROW.id] });
    const list = await eventually(async () => {
      const l = await call(core, 'notifications.list', {});
      return l.unread === 1 ? l : null;
    }, 'a notification');
    expect(list.items).toEqual([
      { id: expect.any(String), kind: 'mention', caseId: CASE_ID, caseLabel: 'DTR-2026-000001', actorName: FSE_ROW.name, text: '@Alex can you call the site?', createdAt: expect.any(String), read: false },
    ]);
    expect(changed(events, before, 'notifications')).toBe(true);
    // The author mentioned themselves: no notification for them.
    expect((await call(fse, 'notifications.list', {})).items).toEqual([]);
    // The note is on the agent's timeline too, by the FSE.
    expect((await call(core, 'cases.timeline', { id: CASE_ID })).map((t) => [t.event.kind, t.userName])).toEqual([['note', FSE_ROW.name]]);

    hub.control.processPushes = false;
    await call(core, 'notifications.markRead', { ids: [list.items[0]!.id] });
    expect(await call(core, 'notifications.list', {})).toMatchObject({ unread: 0, items: [{ read: true }] });
    expect((await call(core, 'notifications.list', { unreadOnly: true })).items).toEqual([]);
    // Marking again is not a second mutation.
    await call(core, 'notifications.markRead', { ids: [list.items[0]!.id] });
    expect((await call(core, 'sync.status', {})).pending).toBe(1);
    hub.control.processPushes = true;
    hub.dropSessions();
    await eventually(async () => (await call(core, 'sync.status', {})).pending === 0 && (hub.row('notifications', list.items[0]!.id) as { readAt: string | null } | undefined)?.readAt, 'read at the hub');
    expect(await call(core, 'notifications.list', {})).toMatchObject({ unread: 0, items: [{ read: true }] });
  });

  it("drops a case's events with the case: deleted by someone else, or out of the user's view", async () => {
    const { core, events, hub } = await signedIn();
    await call(core, 'cases.addNote', { caseId: CASE_ID, text: 'First' });
    await call(core, 'cases.addNote', { caseId: OTHER_CASE, text: 'Second' });
    await eventually(async () => (await call(core, 'sync.status', {})).pending === 0, 'notes confirmed');
    expect(await call(core, 'cases.timeline', { id: CASE_ID })).toHaveLength(1);

    const before = events.length;
    hub.serverDelete('cases', CASE_ID, ADMIN.id);
    await eventually(async () => (await call(core, 'cases.get', { id: CASE_ID })) === null, 'case deleted');
    expect(await failure(core, 'cases.timeline', { id: CASE_ID })).toMatchObject({ code: 'NOT_FOUND' });
    expect(changed(events, before, 'caseEvents')).toBe(true);

    // A view change purges OTHER_CASE through a bootstrap: its events go too; they come back with it.
    hub.changeView(AGENT.id, (entity, row) => entity !== 'cases' || row.id !== OTHER_CASE);
    await eventually(async () => (await call(core, 'cases.get', { id: OTHER_CASE })) === null, 'purged');
    expect(await failure(core, 'cases.timeline', { id: OTHER_CASE })).toMatchObject({ code: 'NOT_FOUND' });
    hub.changeView(AGENT.id, () => true);
    const back = await eventually(async () => {
      const reply = await core.handle(1, 'cases.timeline', { id: OTHER_CASE });
      return reply.ok && (reply.value as TimelineEntry[]).length === 1 ? (reply.value as TimelineEntry[]) : null;
    }, 'events back with the case');
    expect(back[0]?.event.data).toEqual({ text: 'Second', mentions: [] });
  });

  it('sorts by SLA due time (nulls last) and recomputes clocks when the SLA policy changes', async () => {
    const { core, hub } = await signedIn(ADMIN);
    const { id: p1 } = await call(core, 'cases.create', caseFields({ title: 'P1 email', channel: 'email', priority: 'P1' }));
    const { id: p4 } = await call(core, 'cases.create', caseFields({ title: 'P4 email', channel: 'email', priority: 'P4' }));
    await eventually(async () => (await call(core, 'sync.status', {})).pending === 0, 'created');
    const dueOf = (id: string) => (hub.row('cases', id) as { slaDueAt: string | null }).slaDueAt;
    expect(dueOf(p1)).not.toBeNull();
    expect(dueOf(p1)! < dueOf(p4)!).toBe(true);
    const bySla = await call(core, 'cases.list', { sort: 'sla' });
    // Running clocks first by due time, then cases without one (the seeded rows carry none), newest first.
    expect(bySla.slice(0, 2).map((c) => c.id)).toEqual([p1, p4]);
    expect(bySla.slice(2).map((c) => c.id)).toEqual([OTHER_CASE, CASE_ID]);
    expect((await call(core, 'cases.list', {})).map((c) => c.id)).toEqual([p4, p1, OTHER_CASE, CASE_ID]);

    const p1Target = (await call(core, 'cases.list', {})).find((c) => c.id === p1)?.sla.firstResponse.targetMinutes;
    expect(p1Target).toBe(30);
    const policies = (await call(core, 'settings.get', {})).values.slaPolicies;
    await call(core, 'settings.update', { key: 'slaPolicies', value: { ...policies, targets: { ...policies.targets, P1: { firstResponseMinutes: 15, resolutionMinutes: 240 } } } });
    expect((await call(core, 'cases.list', {})).find((c) => c.id === p1)?.sla.firstResponse.targetMinutes).toBe(15);
  });

  it('answers intake.search and intake.context from the cache, with the open case on the projector first', async () => {
    const { core } = await signedIn();
    const matches = await call(core, 'intake.search', { query: 'brx 2201' });
    expect(matches[0]).toMatchObject({ kind: 'projector', projectorId: PROJECTORS[0]!.id, label: 'BRX-2201' });
    const context = await call(core, 'intake.context', { projectorId: PROJECTORS[0]!.id });
    expect(context.projector).toMatchObject({ serial: 'BRX-2201', model: 'DP4K-40LHC' });
    expect(context.site).toMatchObject({ id: SITES[0]!.id, name: 'Leicester Square', contactName: 'Site Manager' });
    expect(context.customer).toEqual({ id: CUSTOMERS[0]!.id, name: 'Odeon Cinemas', code: 'ODE' });
    expect(context.warranty?.end).toBe('2027-05-01');
    expect(context.contract).toBeNull();
    expect(context.openCases.map((c) => c.id)).toEqual([CASE_ID, OTHER_CASE]);
    expect(await failure(core, 'intake.context', {})).toMatchObject({ code: 'VALIDATION' });
    expect(await failure(core, 'intake.context', { projectorId: '01900000-0000-7000-8000-00000000dead' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('manages mailboxes online through the hub (passwords never come back)', async () => {
    const { core, hub } = await signedIn(ADMIN);
    const created = await call(core, 'admin.mailboxes.create', {
      name: 'Support',
      address: 'support@lamphouse.example',
      imap: { host: 'imap.lamphouse.example', port: 993, security: 'tls', user: 'support', password: 'imap-secret' },
      smtp: { host: 'smtp.lamphouse.example', port: 587, security: 'starttls', user: 'support', password: 'smtp-secret' },
    });
    expect(created).toMatchObject({ name: 'Support', folder: 'INBOX', enabled: true, imap: { host: 'imap.lamphouse.example', hasPassword: true } });
    expect(JSON.stringify(created)).not.toContain('secret');
    const updated = await call(core, 'admin.mailboxes.update', { id: created.id, patch: { enabled: false, imap: { port: 143, security: 'starttls' } } });
    expect(updated).toMatchObject({ enabled: false, state: 'disabled', imap: { port: 143, hasPassword: true } });
    expect((await call(core, 'admin.mailboxes.retry', { id: created.id })).state).toBe('disabled');
    expect(await call(core, 'admin.mailboxes.list', {})).toHaveLength(1);
    await call(core, 'admin.mailboxes.remove', { id: created.id });
    expect(await call(core, 'admin.mailboxes.list', {})).toEqual([]);
    expect(await failure(core, 'admin.mailboxes.create', { name: '', address: 'x' })).toMatchObject({ code: 'VALIDATION' });
    expect(hub.control.routeCalls.map((c) => c.name)).toContain('mailboxes.create');
  });

  it('refuses mailbox administration to an agent (the hub says so) and needs the hub', async () => {
    const { core, hub } = await signedIn();
    expect(await failure(core, 'admin.mailboxes.list', {})).toMatchObject({ code: 'FORBIDDEN' });
    await hub.stop();
    await eventually(async () => (await call(core, 'sync.status', {})).connection === 'offline', 'offline', 10_000);
    expect(await failure(core, 'admin.mailboxes.list', {})).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('saves an attachment under a safe name in the exports folder; unknown ones are NOT_FOUND', async () => {
    const { core, hub, dataDir } = await signedIn();
    const attachmentId = '01900000-0000-7000-8000-0000000a77a1';
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    hub.control.attachments.set(attachmentId, { caseId: CASE_ID, fileName: '../Fehler Protokoll (März).pdf', mime: 'application/pdf', bytes });
    const saved = await call(core, 'attachments.save', { id: attachmentId });
    expect(saved).toMatchObject({ fileName: 'Fehler_Protokoll_Marz_.pdf', rows: 0, bytes: bytes.length });
    expect(saved.path.startsWith(`${dataDir}/exports/`)).toBe(true);
    expect(fs.readFileSync(saved.path)).toEqual(bytes);
    // The same attachment again gets its own name, not an overwrite.
    expect((await call(core, 'attachments.save', { id: attachmentId })).fileName).toBe('Fehler_Protokoll_Marz_-2.pdf');
    expect(await failure(core, 'attachments.save', { id: '01900000-0000-7000-8000-0000000a77a2' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
