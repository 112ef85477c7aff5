// Internal notes on a case's timeline and the @mention notifications they raise: a note is a `note`
// event with the id the console chose; each mentioned person who may see the case (and is not the
// author) gets one `mention` notification, synced only to them.
import { uuidv7 } from 'uuidv7';
import type { AddCaseNoteArgs, NotificationRow } from '../../shared/case-events.js';
import type { CaseRow } from '../../shared/domain.js';
import { isCaseVisible } from '../../shared/sync/visibility.js';
import type { ChangeLogEntry, WriteTx } from '../db/repository.js';
import { appendCaseEvent } from './case-events.js';
import { caseForCaller } from './cases.js';
import { changeEntry, type CommandContext } from './command-context.js';

export const NOTIFICATION_PREVIEW_CHARS = 200;

export type AddCaseNoteResult = Readonly<{ id: string; caseId: string; notified: readonly string[] }>;

/** One line of at most NOTIFICATION_PREVIEW_CHARS for the notification centre. */
export function notePreview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= NOTIFICATION_PREVIEW_CHARS ? line : `${line.slice(0, NOTIFICATION_PREVIEW_CHARS - 1)}…`;
}

/** The mentioned people who are told: known, active, able to see the case, not the author. */
async function mentionRecipients(tx: WriteTx, ctx: CommandContext, row: CaseRow, mentions: readonly string[]): Promise<string[]> {
  const region = row.siteId ? ((await tx.getSite(row.siteId))?.region ?? null) : null;
  const recipients: string[] = [];
  for (const id of new Set(mentions)) {
    if (id === ctx.user.id) continue;
    const user = await tx.getUser(id);
    // Someone who cannot see the case would be told about a case they cannot open (and learn it exists).
    if (user?.active && isCaseVisible(user, row, region)) recipients.push(user.id);
  }
  return recipients;
}

export async function addCaseNote(tx: WriteTx, ctx: CommandContext, args: AddCaseNoteArgs): Promise<AddCaseNoteResult> {
  const row = await caseForCaller(tx, ctx, args.caseId);
  const mentions = [...new Set(args.mentions)];
  const event = await appendCaseEvent(tx, ctx, row.id, 'note', { text: args.text, mentions }, { id: args.id });
  const recipients = await mentionRecipients(tx, ctx, row, mentions);
  const preview = notePreview(args.text);
  const rows: NotificationRow[] = [];
  const entries: ChangeLogEntry[] = [];
  for (const userId of recipients) {
    const version = await tx.allocateVersion();
    const notification: NotificationRow = {
      id: uuidv7(),
      userId,
      kind: 'mention',
      caseId: row.id,
      eventId: event.id,
      actorId: ctx.user.id,
      text: preview,
      createdAt: ctx.now,
      readAt: null,
      version,
    };
    rows.push(notification);
    entries.push(changeEntry(ctx, { version, entity: 'notifications', entityId: notification.id, op: 'put', before: null, after: notification }));
  }
  await tx.insertNotifications(rows);
  await tx.appendChanges(entries);
  return { id: event.id, caseId: row.id, notified: recipients };
}
