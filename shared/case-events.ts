// A case's timeline: an append-only list of events synced with the case (visible to whoever sees
// the case), plus per-user notifications (@mentions). The hub writes every event; consoles add
// notes and replies as mutations and show them at once (pending until confirmed).
import { z } from 'zod';
import { idSchema, type CasePatchField } from './domain.js';

export const CASE_EVENT_KINDS = [
  'created',
  'changed',
  'deleted',
  'note',
  'email_in',
  'email_out',
  'escalated',
  'escalation_handled',
  'auto_assigned',
  'visit_scheduled',
  'visit_moved',
  'visit_cancelled',
  'report_submitted',
  'report_returned',
  'report_approved',
  'case_resolved',
  'case_closed',
  'case_reopened',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export type FieldChange = Readonly<{ field: CasePatchField | 'number'; before: unknown; after: unknown }>;

export type AttachmentInfo = Readonly<{
  id: string;
  fileName: string;
  mime: string;
  bytes: number;
  /** False when the attachment was over the size limit and not kept (the event says so). */
  stored: boolean;
}>;

/** What each kind of event carries. Email bodies are plain text (HTML is converted and sanitised). */
export type CaseEventData = {
  created: Readonly<{ channel: string; title: string }>;
  changed: Readonly<{ changes: readonly FieldChange[] }>;
  deleted: Readonly<{ reason: string }>;
  note: Readonly<{ text: string; mentions: readonly string[] }>;
  email_in: Readonly<{
    from: string;
    fromName: string;
    to: string;
    subject: string;
    text: string;
    messageId: string;
    attachments: readonly AttachmentInfo[];
    /** Problems found while reading the mail (an attachment over the limit, unreadable MIME). */
    notices: readonly string[];
  }>;
  /** The hub escalated the case to its region's managers (shared/assignment/escalation.ts). */
  escalated: Readonly<{ reasons: readonly string[]; notified: readonly string[] }>;
  /** A manager took the escalation on. */
  escalation_handled: Readonly<{ note: string }>;
  /** An assignment rule assigned the case without a manager, and why this engineer. */
  auto_assigned: Readonly<{ assigneeId: string; mode: string; reasons: readonly string[] }>;
  /** A visit was planned, moved (what changed) or cancelled (why); see shared/service.ts. */
  visit_scheduled: Readonly<{ visitId: string; engineerId: string; date: string; start: string; durationMinutes: number }>;
  visit_moved: Readonly<{ visitId: string; engineerId: string; date: string; start: string; durationMinutes: number; from: Readonly<{ engineerId: string; date: string; start: string }> }>;
  visit_cancelled: Readonly<{ visitId: string; reason: string }>;
  /** A service report went to review, came back with comments, or was approved. */
  report_submitted: Readonly<{ reportId: string; number: string; revision: number }>;
  report_returned: Readonly<{ reportId: string; number: string; revision: number; comment: string }>;
  report_approved: Readonly<{ reportId: string; number: string; revision: number; comment: string }>;
  /** The case was resolved (by an approved report), closed, or reopened with a reason. */
  case_resolved: Readonly<{ reportId: string | null; resolvedAt: string }>;
  case_closed: Readonly<{ closedAt: string }>;
  case_reopened: Readonly<{ reason: string }>;
  email_out: Readonly<{
    to: string;
    subject: string;
    text: string;
    messageId: string;
    /** The automatic acknowledgement of a new case, rather than a person's reply. */
    automatic: boolean;
    /** queued until the SMTP server accepted it; failed with `error` after the last retry. */
    delivery: 'queued' | 'sent' | 'failed';
    error: string | null;
  }>;
};

export type CaseEventRow = {
  [K in CaseEventKind]: Readonly<{
    id: string;
    caseId: string;
    kind: K;
    /** Hub time the event happened. */
    at: string;
    /** Who caused it; null for the hub itself (mail intake). */
    userId: string | null;
    data: CaseEventData[K];
    version: number;
  }>;
}[CaseEventKind];

export const NOTE_MAX_CHARS = 10_000;
export const REPLY_MAX_CHARS = 50_000;

/** A note on a case; `mentions` are the ids of the people @mentioned in it (they are notified). */
export const addCaseNoteArgsSchema = z
  .object({
    id: idSchema,
    caseId: idSchema,
    text: z.string().trim().min(1, 'Write the note first.').max(NOTE_MAX_CHARS, `A note may be at most ${NOTE_MAX_CHARS} characters.`),
    mentions: z.array(idSchema).max(50, 'At most 50 mentions.').default([]),
  })
  .strict();
export type AddCaseNoteArgs = z.output<typeof addCaseNoteArgsSchema>;

/** A reply to the case's contact by email, threaded into the conversation by the hub. */
export const sendCaseReplyArgsSchema = z
  .object({
    id: idSchema,
    caseId: idSchema,
    text: z.string().trim().min(1, 'Write the reply first.').max(REPLY_MAX_CHARS, `A reply may be at most ${REPLY_MAX_CHARS} characters.`),
  })
  .strict();
export type SendCaseReplyArgs = z.output<typeof sendCaseReplyArgsSchema>;

export const NOTIFICATION_KINDS = ['mention', 'escalation', 'visit_booked', 'visit_moved', 'visit_cancelled', 'visit_reminder', 'report_submitted', 'report_returned', 'report_approved'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Synced only to its user (like conflicts). */
export type NotificationRow = Readonly<{
  id: string;
  userId: string;
  kind: NotificationKind;
  caseId: string;
  eventId: string;
  /** Who caused it (the author of the note). */
  actorId: string | null;
  /** A short preview for the notification centre. */
  text: string;
  createdAt: string;
  readAt: string | null;
  version: number;
}>;

/** A manager takes an escalated case on: the escalation leaves the queue, the timeline says who. */
export const handleEscalationArgsSchema = z
  .object({ caseId: idSchema, note: z.string().trim().max(2000, 'The note may be at most 2000 characters.').default('') })
  .strict();
export type HandleEscalationArgs = z.output<typeof handleEscalationArgsSchema>;

export const markNotificationsReadArgsSchema = z.object({ ids: z.array(idSchema).min(1).max(500) }).strict();
export type MarkNotificationsReadArgs = z.output<typeof markNotificationsReadArgsSchema>;

/** `@Name` tokens in a note, resolved against the people the author can see (for the composer). */
export function mentionQuery(text: string, caret: number): string | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([\p{L}\p{N}._-]{0,40})$/u.exec(before);
  return match ? (match[1] ?? '') : null;
}
