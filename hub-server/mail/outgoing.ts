// Queues mail to a case's contact (acknowledgements and agents' replies) in the caller's write
// transaction: the email_out event (delivery queued), the Message-ID in the thread index and the
// outbox row the sender loop (mail-sender.ts) delivers after the commit.
import { uuidv7 } from 'uuidv7';
import type { CaseEventRow } from '../../shared/case-events.js';
import type { CaseRow } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { MailboxRecord, ReadTx, WriteTx } from '../db/repository.js';
import { appendCaseEvent } from '../domain/case-events.js';
import type { CommandContext } from '../domain/command-context.js';

/** What the sender loop hands nodemailer (stored as the outbox row's JSON). */
export type OutgoingMessage = Readonly<{
  fromName: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | null;
  references: readonly string[];
  /** Marks our own automatic mail so the customer's auto-responders stay quiet (RFC 3834). */
  automatic: boolean;
}>;

const MAX_REFERENCES = 20;

/** `Re: <subject> [DTR-…]`: the case number in the subject threads the customer's answer back. */
export function caseSubject(base: string, caseNumber: string | null): string {
  const trimmed = base.trim() || '(no subject)';
  const tagged = caseNumber && !trimmed.includes(caseNumber) ? `${trimmed} [${caseNumber}]` : trimmed;
  return /^re:/i.test(tagged) ? tagged : `Re: ${tagged}`;
}

/** A Message-ID of our own, on the mailbox's domain, recorded before the mail goes out. */
export function newMessageId(address: string): string {
  const domain = address.split('@')[1] ?? 'lamphouse.invalid';
  return `<${uuidv7()}@${domain}>`;
}

export function withSignature(text: string, signature: string): string {
  return signature.trim() ? `${text.trimEnd()}\n\n-- \n${signature.trim()}` : text.trimEnd();
}

/** The subject of the case's latest incoming mail, else its title. */
async function threadSubject(tx: ReadTx, caseRow: CaseRow): Promise<string> {
  const events = await tx.caseEventsOf(caseRow.id);
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (event?.kind === 'email_in') return event.data.subject;
  }
  return caseRow.title;
}

/** The mailbox replies of a case go out from: where its last mail came in, else the first enabled one. */
export async function replyMailbox(tx: ReadTx, caseId: string): Promise<MailboxRecord> {
  const messages = await tx.mailMessagesOfCase(caseId);
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (message?.direction !== 'in') continue;
    const mailbox = await tx.getMailbox(message.mailboxId);
    if (mailbox) return mailbox;
  }
  const first = (await tx.listMailboxes()).find((m) => m.enabled);
  if (!first) throw new AppError('CONFLICT', 'No support mailbox is set up to send from. An admin can add one under Mailboxes.');
  return first;
}

export type QueueCaseMailInput = Readonly<{
  mailbox: MailboxRecord;
  caseRow: CaseRow;
  text: string;
  automatic: boolean;
  /** The event id the console chose (a reply); generated for acknowledgements. */
  eventId?: string;
}>;

export async function queueCaseMail(tx: WriteTx, ctx: CommandContext, input: QueueCaseMailInput): Promise<CaseEventRow> {
  const { mailbox, caseRow } = input;
  const thread = (await tx.mailMessagesOfCase(caseRow.id)).filter((m) => m.outcome !== 'ignored');
  const lastIn = [...thread].reverse().find((m) => m.direction === 'in');
  const references = thread.map((m) => m.messageId).slice(-MAX_REFERENCES);
  const message: OutgoingMessage = {
    fromName: mailbox.name,
    from: mailbox.address,
    to: caseRow.contactEmail,
    subject: caseSubject(await threadSubject(tx, caseRow), caseRow.number),
    text: input.text,
    messageId: newMessageId(mailbox.address),
    inReplyTo: lastIn?.messageId ?? null,
    references,
    automatic: input.automatic,
  };
  const event = await appendCaseEvent(
    tx,
    ctx,
    caseRow.id,
    'email_out',
    { to: message.to, subject: message.subject, text: message.text, messageId: message.messageId, automatic: input.automatic, delivery: 'queued', error: null },
    input.eventId ? { id: input.eventId } : undefined,
  );
  await tx.insertMailMessage({ id: uuidv7(), mailboxId: mailbox.id, messageId: message.messageId, direction: 'out', caseId: caseRow.id, eventId: event.id, outcome: 'queued', createdAt: ctx.now });
  await tx.insertOutbox({ id: uuidv7(), mailboxId: mailbox.id, caseId: caseRow.id, eventId: event.id, message, attempts: 0, nextAttemptAt: ctx.now, lastError: null, createdAt: ctx.now });
  return event;
}

export type NoticeMailInput = Readonly<{
  mailbox: MailboxRecord;
  caseId: string;
  /** The case event the notice is about (an escalation); the sender leaves non-email events as they are. */
  eventId: string;
  to: string;
  subject: string;
  text: string;
}>;

/**
 * Queues an internal notice (an escalation to a manager) from a support mailbox. Unlike a reply it
 * is not part of the customer's conversation: no email_out event, no entry in the thread index.
 */
export async function queueNoticeMail(tx: WriteTx, ctx: CommandContext, input: NoticeMailInput): Promise<void> {
  const { mailbox } = input;
  const message: OutgoingMessage = {
    fromName: mailbox.name,
    from: mailbox.address,
    to: input.to,
    subject: input.subject,
    text: input.text,
    messageId: newMessageId(mailbox.address),
    inReplyTo: null,
    references: [],
    automatic: true,
  };
  await tx.insertOutbox({ id: uuidv7(), mailboxId: mailbox.id, caseId: input.caseId, eventId: input.eventId, message, attempts: 0, nextAttemptAt: ctx.now, lastError: null, createdAt: ctx.now });
}
