// Escalations (the `escalationRules` setting, shared/assignment/escalation.ts): the hub's evaluator
// marks open cases whose rules fire, tells the managers of the case's region (notification, and
// email through the mail outbox), and `handleEscalation` lets a manager take one on. Reasons once
// handled do not escalate the case again; a new reason does.
import { uuidv7 } from 'uuidv7';
import { escalationReasons } from '../../shared/assignment/escalation.js';
import type { CaseEventRow, HandleEscalationArgs, NotificationRow } from '../../shared/case-events.js';
import type { CaseRow } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { SettingValues } from '../../shared/settings.js';
import { computeSla } from '../../shared/sla/compute.js';
import { isoAt, type Clock } from '../clock.js';
import type { ChangeLogEntry, HubRepository, ReadTx, UserRecord, WriteTx } from '../db/repository.js';
import { errorFields, silentLogger, type HubLogger } from '../logger.js';
import { queueNoticeMail } from '../mail/outgoing.js';
import { systemContextOrNull } from '../mail/system-context.js';
import { appendCaseEvent } from './case-events.js';
import { caseForCaller } from './cases.js';
import { changeEntry, type CommandContext } from './command-context.js';
import { readSettings } from './settings.js';
import { slaRulesOf, type SlaRules } from './sla.js';

/** Cases escalated per run at most: one run's write transaction stays short; the rest come next run. */
export const ESCALATION_BATCH = 50;
/** How often the hub looks for cases to escalate (besides after each commit). */
export const ESCALATION_INTERVAL_MS = 30_000;

export type HandleEscalationResult = Readonly<{ id: string }>;

/**
 * The reasons handled before: those of each `escalated` event that an `escalation_handled` event
 * followed (events oldest first).
 */
export function handledReasons(events: readonly CaseEventRow[]): string[] {
  const handled = new Set<string>();
  let raised: readonly string[] = [];
  for (const event of events) {
    if (event.kind === 'escalated') raised = event.data.reasons;
    else if (event.kind === 'escalation_handled') {
      for (const reason of raised) handled.add(reason);
      raised = [];
    }
  }
  return [...handled];
}

/** Why the case escalates now, with every reason handled before left out (empty: it does not). */
const rulesOfValues = new WeakMap<SettingValues, SlaRules>();

async function reasonsNow(tx: ReadTx, row: CaseRow, values: SettingValues, now: string): Promise<string[]> {
  let rules = rulesOfValues.get(values);
  if (!rules) {
    rules = slaRulesOf(values);
    rulesOfValues.set(values, rules);
  }
  const reasons = escalationReasons(row, computeSla(row.slaEvents, rules.policies, rules.calendar, now), values.escalationRules, now);
  // Only a case that would escalate pays for reading its timeline.
  if (reasons.length === 0) return [];
  const handled = new Set(handledReasons(await tx.caseEventsOf(row.id)));
  return reasons.filter((reason) => !handled.has(reason));
}

/** The active managers a case's escalation goes to: those of its site's region, all of them when it has none. */
export async function escalationRecipients(tx: ReadTx, row: CaseRow): Promise<UserRecord[]> {
  const region = row.siteId ? ((await tx.getSite(row.siteId))?.region ?? null) : null;
  return (await tx.listUsers()).filter((u) => u.role === 'manager' && u.active && (region === null || u.regions.includes(region)));
}

const NOTICE_PREVIEW_CHARS = 200;

/**
 * Escalates one case for these reasons: the row's `escalation` (a hub-owned field: its patchable
 * fields' versions stay, so no one's edit conflicts with it), the `escalated` event, a notification
 * per recipient and, when the rules say so and a mailbox exists, an email to each.
 */
export async function escalateCase(tx: WriteTx, ctx: CommandContext, row: CaseRow, reasons: readonly string[], values: SettingValues): Promise<CaseEventRow> {
  const version = await tx.allocateVersion();
  const next: CaseRow = { ...row, escalation: { at: ctx.now, reasons: [...reasons] }, version };
  await tx.replaceCase(next);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: row, after: next })]);
  const managers = await escalationRecipients(tx, row);
  const event = await appendCaseEvent(tx, ctx, row.id, 'escalated', { reasons: [...reasons], notified: managers.map((m) => m.id) });
  const label = row.number ?? 'A case';
  const text = `${label} escalated: ${reasons.join('; ')}`.slice(0, NOTICE_PREVIEW_CHARS);
  const notifications: NotificationRow[] = [];
  const entries: ChangeLogEntry[] = [];
  for (const manager of managers) {
    const notification: NotificationRow = { id: uuidv7(), userId: manager.id, kind: 'escalation', caseId: row.id, eventId: event.id, actorId: null, text, createdAt: ctx.now, readAt: null, version: await tx.allocateVersion() };
    notifications.push(notification);
    entries.push(changeEntry(ctx, { version: notification.version, entity: 'notifications', entityId: notification.id, op: 'put', before: null, after: notification }));
  }
  await tx.insertNotifications(notifications);
  await tx.appendChanges(entries);
  if (values.escalationRules.email && managers.length > 0) {
    const mailbox = (await tx.listMailboxes()).find((m) => m.enabled);
    if (mailbox) {
      const body = [
        `${label} "${row.title}" was escalated to you.`,
        '',
        'Why:',
        ...reasons.map((reason) => `- ${reason}`),
        '',
        `Priority ${row.priority}, severity ${row.severity}, status ${row.status.replace('_', ' ')}.`,
        'Open it in Lamphouse to take it on.',
      ].join('\n');
      for (const manager of managers) {
        await queueNoticeMail(tx, ctx, { mailbox, caseId: row.id, eventId: event.id, to: manager.email, subject: `Escalated: ${label} ${row.title}`.slice(0, 200), text: body });
      }
    }
  }
  return event;
}

/**
 * One evaluator run: reads the open, unescalated cases (a read transaction, no writer held), then
 * escalates at most ESCALATION_BATCH of those whose rules fire in ONE write transaction, checking
 * each again there (a case may have changed meanwhile). Returns the ids escalated.
 */
export async function runEscalationCheck(repo: HubRepository, clock: Clock): Promise<string[]> {
  const now = isoAt(clock());
  const candidates = await repo.read(async (tx) => {
    const values = await readSettings(tx);
    const found: string[] = [];
    for (const row of await tx.openUnescalatedCases()) {
      if ((await reasonsNow(tx, row, values, now)).length > 0) found.push(row.id);
      if (found.length >= ESCALATION_BATCH) break;
    }
    return found;
  });
  if (candidates.length === 0) return [];
  return repo.write(async (tx) => {
    const ctx = await systemContextOrNull(tx, now);
    if (!ctx) return [];
    const values = await readSettings(tx);
    const escalated: string[] = [];
    for (const id of candidates) {
      const row = await tx.getCase(id);
      if (!row || row.escalation !== null) continue;
      const reasons = await reasonsNow(tx, row, values, now);
      if (reasons.length === 0) continue;
      await escalateCase(tx, ctx, row, reasons, values);
      escalated.push(id);
    }
    return escalated;
  });
}

/**
 * Runs the evaluator now and every ESCALATION_INTERVAL_MS, and again whenever asked (after a
 * commit); requests while a run is going fold into one more run, so commits never queue up runs.
 */
export function startEscalationTimer(repo: HubRepository, clock: Clock, log: HubLogger = silentLogger, intervalMs = ESCALATION_INTERVAL_MS) {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const request = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const escalated = await runEscalationCheck(repo, clock);
          if (escalated.length > 0) log.info('Escalated cases', { cases: escalated.length });
          // A full batch may have left more behind.
          if (escalated.length >= ESCALATION_BATCH) again = true;
        } catch (error) {
          log.error('The escalation check failed', errorFields(error));
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(request, intervalMs);
  timer.unref();
  request();
  // After commits: at most one check per COMMIT_RECHECK_MS. A check reads every open case, so
  // running one per commit would cost a busy hub (thousands of commits a second) its throughput.
  let lastSoon = 0;
  let soon: NodeJS.Timeout | null = null;
  const requestSoon = (): void => {
    if (stopped || soon) return;
    const wait = Math.max(0, lastSoon + COMMIT_RECHECK_MS - Date.now());
    soon = setTimeout(() => {
      soon = null;
      lastSoon = Date.now();
      request();
    }, wait);
    soon.unref();
  };
  return {
    request,
    requestSoon,
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      if (soon) clearTimeout(soon);
      await running;
    },
  };
}

/** The shortest gap between two escalation checks triggered by commits. */
export const COMMIT_RECHECK_MS = 2000;
export type EscalationTimer = ReturnType<typeof startEscalationTimer>;

/** A manager takes an escalation on: it leaves the queue and the timeline says who, with their note. */
export async function handleEscalation(tx: WriteTx, ctx: CommandContext, args: HandleEscalationArgs): Promise<HandleEscalationResult> {
  const row = await caseForCaller(tx, ctx, args.caseId);
  if (!row.escalation) {
    const events = await tx.caseEventsOf(row.id);
    const last = [...events].reverse().find((e) => e.kind === 'escalation_handled');
    if (!last) throw new AppError('CONFLICT', 'This case is not escalated.', { id: row.id });
    const who = last.userId ? await tx.getUser(last.userId) : null;
    throw new AppError('CONFLICT', `This escalation was already handled by ${who?.name ?? 'someone'}.`, { id: row.id, handledBy: last.userId, handledAt: last.at });
  }
  const version = await tx.allocateVersion();
  const next: CaseRow = { ...row, escalation: null, version };
  await tx.replaceCase(next);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: row, after: next })]);
  await appendCaseEvent(tx, ctx, row.id, 'escalation_handled', { note: args.note });
  return { id: row.id };
}
