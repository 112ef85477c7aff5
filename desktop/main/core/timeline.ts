// Read paths for a case's timeline and the notification centre. The timeline is the confirmed case
// events (oldest first, with who) plus this console's notes and replies still in the outbox, shown
// at once as pending entries under the id the hub will give the event; notifications overlay a
// pending "mark read" the same way. Rejections simply leave the outbox, so they roll back here.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { addCaseNoteArgsSchema, sendCaseReplyArgsSchema, type CaseEventRow } from '../../../shared/case-events.js';
import type { NotificationView, TimelineEntry } from '../../../shared/console-api.js';
import { AppError } from '../../../shared/errors.js';
import type { ReadableDb } from './cache/cache-db.js';
import { caseEvents, cases, casesConfirmed, notifications, outbox, users } from './cache/schema.js';
import { pendingReadIds } from './local-writes.js';

export const NOTIFICATION_LIST_LIMIT = 200;

export function getTimeline(db: ReadableDb, caseId: string, me: Readonly<{ id: string; name: string }>): TimelineEntry[] {
  const view = db.select({ number: cases.number, title: cases.title, contactEmail: cases.contactEmail }).from(cases).where(eq(cases.id, caseId)).get();
  const confirmedRows = db
    .select({ e: caseEvents, userName: users.name })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.userId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.at), asc(caseEvents.version), asc(caseEvents.id))
    .all();
  if (!view && confirmedRows.length === 0) throw new AppError('NOT_FOUND', 'This case does not exist (it may have been removed).');
  const entries: TimelineEntry[] = confirmedRows.map((r) => ({ event: r.e as CaseEventRow, userName: r.userName ?? null, pending: false }));
  const confirmedIds = new Set(entries.map((e) => e.event.id));

  const pending = db
    .select({ name: outbox.name, args: outbox.args, createdAt: outbox.createdAt })
    .from(outbox)
    .where(and(inArray(outbox.name, ['addCaseNote', 'sendCaseReply']), eq(sql`json_extract(${outbox.args}, '$.caseId')`, caseId)))
    .orderBy(asc(outbox.mutationId))
    .all();
  for (const m of pending) {
    let event: CaseEventRow | null = null;
    if (m.name === 'addCaseNote') {
      const args = addCaseNoteArgsSchema.safeParse(m.args);
      if (args.success) event = { id: args.data.id, caseId, kind: 'note', at: m.createdAt, userId: me.id, data: { text: args.data.text, mentions: args.data.mentions }, version: 0 };
    } else {
      const args = sendCaseReplyArgsSchema.safeParse(m.args);
      if (args.success) {
        const label = view?.number ?? view?.title ?? '';
        event = {
          id: args.data.id,
          caseId,
          kind: 'email_out',
          at: m.createdAt,
          userId: me.id,
          // The hub sets the subject, threading and Message-ID when it queues the mail.
          data: { to: view?.contactEmail ?? '', subject: label, text: args.data.text, messageId: '', automatic: false, delivery: 'queued', error: null },
          version: 0,
        };
      }
    }
    // Confirmed already (the change arrived before the push-result): the confirmed copy stands.
    if (event && !confirmedIds.has(event.id)) entries.push({ event, userName: me.name, pending: true });
  }
  return entries;
}

export function listNotifications(db: ReadableDb, userId: string, unreadOnly: boolean): { items: NotificationView[]; unread: number } {
  const readLocally = pendingReadIds(db);
  const confirmedCase = alias(casesConfirmed, 'confirmed_case');
  const rows = db
    .select({
      n: notifications,
      actorName: users.name,
      viewNumber: cases.number,
      viewTitle: cases.title,
      confirmedNumber: confirmedCase.number,
      confirmedTitle: confirmedCase.title,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(cases, eq(cases.id, notifications.caseId))
    .leftJoin(confirmedCase, eq(confirmedCase.id, notifications.caseId))
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .all();
  let unread = 0;
  const items: NotificationView[] = [];
  for (const r of rows) {
    const read = r.n.readAt !== null || readLocally.has(r.n.id);
    if (!read) unread += 1;
    if ((unreadOnly && read) || items.length >= NOTIFICATION_LIST_LIMIT) continue;
    items.push({
      id: r.n.id,
      kind: r.n.kind,
      caseId: r.n.caseId,
      caseLabel: r.viewNumber ?? r.confirmedNumber ?? r.viewTitle ?? r.confirmedTitle ?? r.n.caseId,
      actorName: r.actorName ?? null,
      text: r.n.text,
      createdAt: r.n.createdAt,
      read,
    });
  }
  return { items, unread };
}
