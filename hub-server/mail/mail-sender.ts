// The outbox sender: delivers queued mail (acknowledgements, replies) over the mailbox's SMTP server
// with nodemailer, threaded by the headers queued with it. Success marks the email_out event sent;
// a temporary failure retries with backoff; a permanent one (5xx) or the last retry marks it failed.
import nodemailer from 'nodemailer';
import type { CaseEventData } from '../../shared/case-events.js';
import { isoAt, type Clock } from '../clock.js';
import type { HubRepository, MailboxRecord, OutboxRecord } from '../db/repository.js';
import { putCaseEvent } from '../domain/case-events.js';
import type { HubLogger } from '../logger.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { describeMailError } from './mail-error.js';
import { decryptSecret } from './mail-key.js';
import type { OutgoingMessage } from './outgoing.js';
import { systemContext } from './system-context.js';

export type SenderOptions = Readonly<{
  repo: HubRepository;
  key: Buffer;
  log: HubLogger;
  clock: Clock;
  backoff: BackoffPolicy;
  /** Attempts before a mail is given up as failed. */
  maxAttempts: number;
  connectTimeoutMs: number;
}>;

export type MailSender = Readonly<{
  /** Look at the outbox now (after a commit that may have queued mail). */
  wake(): void;
  stop(): Promise<void>;
}>;

const BATCH = 20;

function transportFor(mailbox: MailboxRecord, password: string | null, timeoutMs: number) {
  const { smtp } = mailbox;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    // A server that offers no AUTH (a relay trusting the network) is used without it.
    auth: password ? { user: smtp.user, pass: password } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 3,
  });
}

function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function startMailSender(options: SenderOptions): MailSender {
  const { repo, log, clock } = options;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  async function settle(row: OutboxRecord, delivery: 'sent' | 'failed', error: string | null): Promise<void> {
    const message = row.message as OutgoingMessage;
    await repo.write(async (tx) => {
      await tx.deleteOutbox(row.id);
      const record = await tx.findMailMessage(row.mailboxId, message.messageId, 'out');
      if (record) await tx.setMailMessageOutcome(record.id, delivery);
      const event = await tx.getCaseEvent(row.eventId);
      if (event?.kind !== 'email_out') return;
      const data: CaseEventData['email_out'] = { ...event.data, delivery, error };
      await putCaseEvent(tx, await systemContext(tx, isoAt(clock())), row.eventId, 'email_out', data);
    });
  }

  async function deliver(row: OutboxRecord): Promise<void> {
    const message = row.message as OutgoingMessage;
    const mailbox = await repo.read((tx) => tx.getMailbox(row.mailboxId));
    if (!mailbox) return settle(row, 'failed', 'The mailbox this mail was to go out from was removed.');
    let password: string | null = null;
    try {
      password = mailbox.smtp.passwordEnc ? decryptSecret(options.key, mailbox.smtp.passwordEnc) : null;
      const transport = transportFor(mailbox, password, options.connectTimeoutMs);
      try {
        await transport.sendMail({
          from: { name: message.fromName, address: message.from },
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: message.messageId,
          inReplyTo: message.inReplyTo ?? undefined,
          references: message.references.length > 0 ? [...message.references] : undefined,
          headers: message.automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {},
        });
      } finally {
        transport.close();
      }
    } catch (error) {
      const text = describeMailError(error, [password]);
      const attempts = row.attempts + 1;
      if (isPermanent(error) || attempts >= options.maxAttempts) {
        log.warn('Outgoing mail failed for good', { outboxId: row.id, caseId: row.caseId, attempts, error: text });
        return settle(row, 'failed', text);
      }
      const delay = backoffDelay(options.backoff, attempts);
      log.warn('Outgoing mail failed; retrying', { outboxId: row.id, caseId: row.caseId, attempts, error: text, retryInMs: delay });
      await repo.write((tx) => tx.rescheduleOutbox(row.id, attempts, isoAt(clock() + delay), text));
      return;
    }
    await settle(row, 'sent', null);
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        const due = await repo.read((tx) => tx.dueOutbox(isoAt(clock()), BATCH));
        if (due.length === 0) break;
        for (const row of due) {
          if (stopped) return;
          await deliver(row);
        }
      }
    } while (again && !stopped);
    // Sleep until the next retry is due (a commit wakes us earlier).
    const next = await repo.read((tx) => tx.nextOutboxAt());
    if (next && !stopped) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(wake, Math.max(0, Date.parse(next) - clock()) + 5);
    }
  }

  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => log.error('The mail sender failed', { error: describeMailError(error) }))
      .finally(() => {
        running = null;
        if (again && !stopped) wake();
      });
  }

  return {
    wake,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
