// The escalation evaluator and handleEscalation: reasons from the rules, notifications to the
// managers of the case's region only, an email queued to each, and no re-escalation for reasons a
// manager already handled (a new reason escalates again).
import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseEventRow } from '../../shared/case-events.js';
import type { CaseRow, Priority, PublicUser, Role, Severity } from '../../shared/domain.js';
import type { SettingValues } from '../../shared/settings.js';
import type { MutationResult } from '../../shared/sync/protocol.js';
import { toPublicUser } from '../auth/auth-service.js';
import type { Clock } from '../clock.js';
import type { OutgoingMessage } from '../mail/outgoing.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';
import type { CommandContext } from './command-context.js';
import { handledReasons, runEscalationCheck } from './escalation.js';
import { applyPush } from './push.js';
import { updateSetting } from './settings.js';
import { insertUsersWithChanges } from './users.js';

let db: TestDb;
let southManager: PublicUser;
// Wednesday 4 March 2026, 10:00 London (business hours).
const T0 = Date.UTC(2026, 2, 4, 10);
const MIN = 60_000;
let now = T0;
const clock: Clock = () => now;
const mutationIds = new Map<string, number>();

const RULES_OFF: SettingValues['escalationRules'] = { p1OrCritical: false, breachWithinMinutes: null, breached: false, reopenedMoreThan: null, unassignedMinutes: null, email: false };

async function setRules(value: Partial<SettingValues['escalationRules']>): Promise<void> {
  const ctx: CommandContext = { user: db.users.admin, now: new Date(now).toISOString(), clientId: null, mutationId: null, clientCreatedAt: null };
  await db.repo.write((tx) => updateSetting(tx, ctx, { key: 'escalationRules', value: { ...RULES_OFF, ...value } }));
}

async function push(user: PublicUser, name: 'createCase' | 'updateCase' | 'handleEscalation', args: unknown): Promise<MutationResult> {
  const clientId = `client-${user.id}`;
  const id = (mutationIds.get(clientId) ?? 0) + 1;
  mutationIds.set(clientId, id);
  const out = await applyPush(db.repo, user, clientId, 'group-0001', [{ id, name, args, baseVersions: {}, createdAt: new Date(now).toISOString() }], { clock });
  return out.results[0] as MutationResult;
}

async function create(priority: Priority, severity: Severity, atSite = true): Promise<CaseRow> {
  const args = newCaseArgs(atSite ? { serial: db.projector.serial, projectorId: db.projector.id, priority, severity } : { priority, severity });
  const result = await push(db.users.agent, 'createCase', args);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return getCase(args.id);
}

async function getCase(id: string): Promise<CaseRow> {
  const row = await db.repo.read((tx) => tx.getCase(id));
  if (!row) throw new Error('case missing');
  return row;
}

const eventsOf = (caseId: string) => db.repo.read((tx) => tx.caseEventsOf(caseId));
const notificationsOf = (caseId: string) => db.repo.read(async (tx) => (await tx.listRows('notifications')).filter((n) => n.caseId === caseId));

async function addMailbox(): Promise<void> {
  await db.repo.write((tx) =>
    tx.insertMailbox({
      id: crypto.randomUUID(),
      name: 'Support',
      address: 'support@lamphouse.test',
      imap: { host: '127.0.0.1', port: 9, security: 'none', user: 'support', passwordEnc: null },
      smtp: { host: '127.0.0.1', port: 9, security: 'none', user: 'support', passwordEnc: null },
      folder: 'INBOX',
      enabled: true,
      state: 'idle',
      lastError: null,
      lastCheckedAt: null,
      retryAt: null,
      handled: 0,
      createdAt: '2026-03-01T09:00:00.000Z',
    }),
  );
}

beforeEach(async () => {
  db = await createTestDb();
  now = T0;
  mutationIds.clear();
  const [south] = await db.repo.write((tx) =>
    insertUsersWithChanges(tx, [{ email: 'south-manager@test.test', name: 'South Manager', role: 'manager' as Role, regions: ['South'], passwordHash: 'x' }], '2026-03-01T09:00:00.000Z'),
  );
  if (!south) throw new Error('no south manager');
  southManager = toPublicUser(south);
});
afterEach(async () => {
  await db.cleanup();
});

describe('escalation evaluator', () => {
  it("escalates a P1 case to its region's managers only: escalation set, event, notifications, email queued", async () => {
    await setRules({ p1OrCritical: true, email: true });
    await addMailbox();
    const p1 = await create('P1', 'major');
    const quiet = await create('P3', 'minor');
    const fieldVersionsBefore = p1.fieldVersions;

    expect(await runEscalationCheck(db.repo, clock)).toEqual([p1.id]);
    const row = await getCase(p1.id);
    expect(row.escalation).toEqual({ at: new Date(T0).toISOString(), reasons: ['P1 case'] });
    // A hub-owned field: nobody's pending edit of a patchable field conflicts with it.
    expect(row.fieldVersions).toEqual(fieldVersionsBefore);
    expect((await getCase(quiet.id)).escalation).toBeNull();

    const escalated = (await eventsOf(p1.id)).find((e) => e.kind === 'escalated');
    expect(escalated).toMatchObject({ userId: null, data: { reasons: ['P1 case'], notified: [db.users.manager.id] } });
    const notifications = await notificationsOf(p1.id);
    expect(notifications.map((n) => [n.userId, n.kind, n.eventId])).toEqual([[db.users.manager.id, 'escalation', escalated?.id]]);
    expect(notifications[0]?.text).toContain('P1 case');

    const outbox = await db.repo.read((tx) => tx.dueOutbox(new Date(T0).toISOString(), 10));
    expect(outbox).toHaveLength(1);
    const message = outbox[0]?.message as OutgoingMessage;
    expect(message).toMatchObject({ to: 'manager@test.test', from: 'support@lamphouse.test', automatic: true });
    expect(message.subject).toContain(row.number ?? 'missing number');
    expect(message.text).toContain('- P1 case');
    // Not part of the customer's conversation.
    expect((await eventsOf(p1.id)).some((e) => e.kind === 'email_out')).toBe(false);

    // Already escalated: the next run leaves it alone.
    expect(await runEscalationCheck(db.repo, clock)).toEqual([]);
    expect(await notificationsOf(p1.id)).toHaveLength(1);
  });

  it('escalates a case left unassigned too long; one without a site goes to every manager; no mail without the email rule', async () => {
    await setRules({ unassignedMinutes: 60 });
    await addMailbox();
    const siteless = await create('P3', 'minor', false);
    now = T0 + 30 * MIN;
    expect(await runEscalationCheck(db.repo, clock)).toEqual([]);
    now = T0 + 61 * MIN;
    expect(await runEscalationCheck(db.repo, clock)).toEqual([siteless.id]);
    expect((await getCase(siteless.id)).escalation?.reasons).toEqual(['Unassigned for more than 60 min']);
    expect((await notificationsOf(siteless.id)).map((n) => n.userId).sort()).toEqual([db.users.manager.id, southManager.id].sort());
    expect(await db.repo.read((tx) => tx.dueOutbox(new Date(now).toISOString(), 10))).toEqual([]);
  });

  it('escalates a case reopened more than N times', async () => {
    await setRules({ reopenedMoreThan: 1 });
    const row = await create('P3', 'minor');
    const manager = db.users.manager;
    const assign = await push(manager, 'updateCase', { id: row.id, patch: { assigneeId: db.users.fse.id, status: 'in_progress' } });
    if (!assign.ok) throw new Error(JSON.stringify(assign.error));
    for (const status of ['resolved', 'in_progress', 'resolved'] as const) {
      const result = await push(manager, 'updateCase', { id: row.id, patch: { status } });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    }
    // Reopened once: not more than 1 yet; and a resolved case never escalates.
    expect(await runEscalationCheck(db.repo, clock)).toEqual([]);
    const reopened = await push(manager, 'updateCase', { id: row.id, patch: { status: 'in_progress' } });
    expect(reopened.ok).toBe(true);
    expect(await runEscalationCheck(db.repo, clock)).toEqual([row.id]);
    expect((await getCase(row.id)).escalation?.reasons).toEqual(['Reopened 2 times']);
  });
});

describe('handleEscalation', () => {
  it('clears the escalation with an escalation_handled event; a second try names who handled it; handled reasons do not come back, a new one does', async () => {
    await setRules({ p1OrCritical: true });
    const row = await create('P1', 'major');
    await runEscalationCheck(db.repo, clock);

    // The South manager cannot see a North case: answered like a missing one.
    const hidden = await push(southManager, 'handleEscalation', { caseId: row.id, note: '' });
    expect(hidden.ok ? null : hidden.error.code).toBe('NOT_FOUND');

    now = T0 + 5 * MIN;
    const handled = await push(db.users.manager, 'handleEscalation', { caseId: row.id, note: 'Called the site.' });
    expect(handled.ok).toBe(true);
    expect((await getCase(row.id)).escalation).toBeNull();
    const events = await eventsOf(row.id);
    expect(events.at(-1)).toMatchObject({ kind: 'escalation_handled', userId: db.users.manager.id, data: { note: 'Called the site.' } });
    expect(handledReasons(events)).toEqual(['P1 case']);

    const again = await push(db.users.admin, 'handleEscalation', { caseId: row.id, note: '' });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'CONFLICT', message: 'This escalation was already handled by Test manager.' });

    // Still P1, but that reason was handled: no new escalation.
    now = T0 + 10 * MIN;
    expect(await runEscalationCheck(db.repo, clock)).toEqual([]);
    // A new reason (critical severity) escalates again, with that reason only.
    const critical = await push(db.users.manager, 'updateCase', { id: row.id, patch: { severity: 'critical' } });
    expect(critical.ok).toBe(true);
    expect(await runEscalationCheck(db.repo, clock)).toEqual([row.id]);
    expect((await getCase(row.id)).escalation?.reasons).toEqual(['Critical severity']);
    const kinds = (await eventsOf(row.id)).map((e: CaseEventRow) => e.kind).filter((k) => k.startsWith('escalat'));
    expect(kinds).toEqual(['escalated', 'escalation_handled', 'escalated']);
  });

  it('refuses a case that was never escalated', async () => {
    const row = await create('P3', 'minor');
    const result = await push(db.users.manager, 'handleEscalation', { caseId: row.id, note: '' });
    expect(result.ok ? null : result.error).toMatchObject({ code: 'CONFLICT', message: 'This case is not escalated.' });
  });
});
