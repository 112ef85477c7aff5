// The day-before visit reminder: a hub timer finds scheduled visits on tomorrow's date (in the
// organisation's time zone) not yet reminded, notifies each engineer (visit_reminder), emails the
// site contact where a mailbox exists, and stamps reminderSentAt (change-logged) so it goes once.
import { isoAt, type Clock } from '../clock.js';
import type { HubRepository } from '../db/repository.js';
import { errorFields, silentLogger, type HubLogger } from '../logger.js';
import { systemContextOrNull } from '../mail/system-context.js';
import type { VisitRow } from '../../shared/service.js';
import { changeEntry } from './command-context.js';
import { mailSiteContact, notifyUsers, visitWhen } from './service-notices.js';
import { readSettings } from './settings.js';

/** How often the hub looks for visits to remind of. */
export const REMINDER_INTERVAL_MS = 5 * 60_000;
/** Visits reminded per run at most (one short write transaction; the rest come next run). */
export const REMINDER_BATCH = 200;

/** The calendar day (YYYY-MM-DD) after the one `at` falls on in `timeZone`. */
export function tomorrowIn(timeZone: string, at: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** One run: reminds of tomorrow's visits; returns the ids of the visits reminded. */
export async function runVisitReminders(repo: HubRepository, clock: Clock): Promise<string[]> {
  const at = clock();
  const now = isoAt(at);
  // Read first: most runs find nothing and need not take the writer.
  const date = await repo.read(async (tx) => tomorrowIn((await readSettings(tx)).timeZone, at));
  const candidates = await repo.read(async (tx) => (await tx.visitsNeedingReminder(date)).slice(0, REMINDER_BATCH).map((v) => v.id));
  if (candidates.length === 0) return [];
  return repo.write(async (tx) => {
    const ctx = await systemContextOrNull(tx, now);
    if (!ctx) return [];
    const reminded: string[] = [];
    for (const id of candidates) {
      // Checked again inside the write: the visit may have moved or been cancelled meanwhile.
      const visit = await tx.getVisit(id);
      if (!visit || visit.status !== 'scheduled' || visit.reminderSentAt !== null || visit.date !== date) continue;
      const caseRow = await tx.getCase(visit.caseId);
      // A deleted or finished case's visit is not worth a reminder; stamp it so it is not looked at again.
      const after: VisitRow = { ...visit, reminderSentAt: now, version: await tx.allocateVersion() };
      await tx.replaceVisit(after);
      await tx.appendChanges([changeEntry(ctx, { version: after.version, entity: 'visits', entityId: visit.id, op: 'put', before: visit, after })]);
      if (!caseRow || caseRow.status === 'resolved' || caseRow.status === 'closed') continue;
      // The notice points at the event that booked or last moved the visit.
      const events = await tx.caseEventsOf(caseRow.id);
      const event = [...events].reverse().find((e) => (e.kind === 'visit_scheduled' || e.kind === 'visit_moved') && e.data.visitId === visit.id) ?? events.at(-1);
      if (!event) continue;
      await notifyUsers(tx, ctx, { userIds: [visit.engineerId], kind: 'visit_reminder', caseId: caseRow.id, eventId: event.id, text: `Visit tomorrow for ${caseRow.number ?? 'a case'}: ${visitWhen(visit)}` });
      await mailSiteContact(tx, ctx, { kind: 'reminder', caseRow, visit: after, eventId: event.id });
      reminded.push(visit.id);
    }
    return reminded;
  });
}

/** Runs the reminders now and every `intervalMs`; `stop` waits for a run in progress. */
export function startVisitReminderTimer(repo: HubRepository, clock: Clock, log: HubLogger = silentLogger, intervalMs = REMINDER_INTERVAL_MS) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const request = (): void => {
    if (stopped || running) return;
    running = (async () => {
      try {
        const reminded = await runVisitReminders(repo, clock);
        if (reminded.length > 0) log.info('Sent visit reminders', { visits: reminded.length });
      } catch (error) {
        log.error('The visit reminder run failed', errorFields(error));
      }
    })().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(request, intervalMs);
  timer.unref();
  request();
  return {
    request,
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
