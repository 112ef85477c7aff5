// Notifications and emails of service visits and reports: a notification row per recipient
// (synced only to them, change-logged), and a notice to the site contact through the mail outbox
// when a support mailbox exists. Both are written in the caller's transaction.
import { uuidv7 } from 'uuidv7';
import type { NotificationKind, NotificationRow } from '../../shared/case-events.js';
import type { CaseRow } from '../../shared/domain.js';
import type { VisitRow } from '../../shared/service.js';
import type { ChangeLogEntry, ReadTx, UserRecord, WriteTx } from '../db/repository.js';
import { queueNoticeMail } from '../mail/outgoing.js';
import { changeEntry, type CommandContext } from './command-context.js';

const PREVIEW_CHARS = 200;

/** One notification per (distinct, active) recipient; the author is not told about their own change. */
export async function notifyUsers(
  tx: WriteTx,
  ctx: CommandContext,
  input: Readonly<{ userIds: readonly string[]; kind: NotificationKind; caseId: string; eventId: string; text: string }>,
): Promise<string[]> {
  const rows: NotificationRow[] = [];
  const entries: ChangeLogEntry[] = [];
  for (const userId of new Set(input.userIds)) {
    if (userId === ctx.user.id && !ctx.system) continue;
    const user = await tx.getUser(userId);
    if (!user?.active) continue;
    const row: NotificationRow = {
      id: uuidv7(),
      userId,
      kind: input.kind,
      caseId: input.caseId,
      eventId: input.eventId,
      actorId: ctx.system ? null : ctx.user.id,
      text: input.text.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_CHARS),
      createdAt: ctx.now,
      readAt: null,
      version: await tx.allocateVersion(),
    };
    rows.push(row);
    entries.push(changeEntry(ctx, { version: row.version, entity: 'notifications', entityId: row.id, op: 'put', before: null, after: row }));
  }
  await tx.insertNotifications(rows);
  await tx.appendChanges(entries);
  return rows.map((r) => r.userId);
}

/**
 * A notification to each recipient and, when a support mailbox is enabled, the same notice by email
 * to each of them (through the mail outbox, delivered after the commit). Returns who was notified.
 */
export async function notifyAndMailUsers(
  tx: WriteTx,
  ctx: CommandContext,
  input: Readonly<{ userIds: readonly string[]; kind: NotificationKind; caseId: string; eventId: string; text: string; subject: string; body: string }>,
): Promise<string[]> {
  const notified = await notifyUsers(tx, ctx, input);
  if (notified.length === 0) return notified;
  const mailbox = (await tx.listMailboxes()).find((m) => m.enabled);
  if (!mailbox) return notified;
  for (const userId of notified) {
    const user = await tx.getUser(userId);
    if (!user?.email) continue;
    await queueNoticeMail(tx, ctx, { mailbox, caseId: input.caseId, eventId: input.eventId, to: user.email, subject: input.subject.replace(/\s+/g, ' ').trim().slice(0, 200), text: input.body });
  }
  return notified;
}

/** Who reviews a case's reports: the active managers of its region (all when it has no site) and the admins. */
export async function reportReviewers(tx: ReadTx, row: CaseRow): Promise<UserRecord[]> {
  const managers = await regionManagers(tx, row);
  const admins = (await tx.listUsers()).filter((u) => u.role === 'admin' && u.active);
  return [...managers, ...admins];
}

/** The active managers of a case's region (all of them when the case has no site). */
export async function regionManagers(tx: ReadTx, row: CaseRow): Promise<UserRecord[]> {
  const region = row.siteId ? ((await tx.getSite(row.siteId))?.region ?? null) : null;
  return (await tx.listUsers()).filter((u) => u.role === 'manager' && u.active && (region === null || u.regions.includes(region)));
}

/** "Tue 3 Mar 2026 at 09:30 (90 min)": the visit's local date and time as the site sees them. */
export function visitWhen(visit: Pick<VisitRow, 'date' | 'start' | 'durationMinutes'>): string {
  const [y, m, d] = visit.date.split('-').map(Number) as [number, number, number];
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
  return `${day} at ${visit.start} (${visit.durationMinutes} min)`;
}

export type VisitMailKind = 'booked' | 'moved' | 'cancelled' | 'reminder';

/**
 * Emails the site contact about a visit when a support mailbox is enabled and the site (or the
 * case) has a contact address. Returns whether a mail was queued.
 */
export async function mailSiteContact(
  tx: WriteTx,
  ctx: CommandContext,
  input: Readonly<{ kind: VisitMailKind; caseRow: CaseRow; visit: VisitRow; eventId: string; reason?: string }>,
): Promise<boolean> {
  const { caseRow, visit } = input;
  const site = caseRow.siteId ? await tx.getSite(caseRow.siteId) : null;
  const to = site?.contactEmail || caseRow.contactEmail;
  if (!to) return false;
  const mailbox = (await tx.listMailboxes()).find((m) => m.enabled);
  if (!mailbox) return false;
  const engineer = await tx.getUser(visit.engineerId);
  const label = caseRow.number ?? 'your case';
  const when = visitWhen(visit);
  const subjects: Record<VisitMailKind, string> = {
    booked: `Engineer visit booked: ${when} [${label}]`,
    moved: `Engineer visit moved: ${when} [${label}]`,
    cancelled: `Engineer visit cancelled [${label}]`,
    reminder: `Reminder: engineer visit tomorrow, ${when} [${label}]`,
  };
  const opening: Record<VisitMailKind, string> = {
    booked: `An engineer visit is booked for ${label} ("${caseRow.title}").`,
    moved: `The engineer visit for ${label} ("${caseRow.title}") has moved.`,
    cancelled: `The engineer visit for ${label} ("${caseRow.title}") on ${when} is cancelled.`,
    reminder: `A reminder: an engineer visits tomorrow for ${label} ("${caseRow.title}").`,
  };
  const lines = [`Hello${site?.contactName ? ` ${site.contactName}` : ''},`, '', opening[input.kind]];
  if (input.kind === 'cancelled') {
    if (input.reason) lines.push(`Reason: ${input.reason}`);
    lines.push('We will be in touch to arrange a new time.');
  } else {
    lines.push('', `When: ${when}`, `Engineer: ${engineer?.name ?? 'our engineer'}`);
    if (site) lines.push(`Site: ${site.name}, ${site.address}`);
    if (visit.checklist.siteAccessArranged === false) lines.push('', 'Please make sure the engineer can get access to the projection room.');
  }
  lines.push('', `Please reply to this email if the time does not suit you, quoting ${label}.`);
  await queueNoticeMail(tx, ctx, { mailbox, caseId: caseRow.id, eventId: input.eventId, to, subject: subjects[input.kind].slice(0, 200), text: lines.join('\n') });
  return true;
}
