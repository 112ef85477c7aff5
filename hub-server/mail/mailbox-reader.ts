// One support mailbox read over IMAP (imapflow): connect, select the folder, hand every unseen mail
// to intake in UID order and flag it \Seen only after intake committed, then wait with IDLE (or
// poll when the server has none). Errors reconnect with capped, jittered exponential backoff; the
// state, last error and next attempt are kept on the mailbox row for the admin screen.
import { ImapFlow } from 'imapflow';
import type { MailboxState } from '../../shared/mail.js';
import { isoAt, type Clock } from '../clock.js';
import type { HubRepository, MailboxRecord, MailboxStatus } from '../db/repository.js';
import type { HubLogger } from '../logger.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { intakeMail, type IntakeOutcome } from './intake.js';
import { describeMailError } from './mail-error.js';
import { decryptSecret } from './mail-key.js';

export type ReaderHooks = Readonly<{
  /** Runs after a mail's transaction committed and before it is flagged (tests simulate a crash here). */
  afterCommit?: (outcome: IntakeOutcome, uid: number) => void | Promise<void>;
  /** Every outcome, after the flag (tests and the mail→case measurement). */
  handled?: (outcome: IntakeOutcome, uid: number) => void;
}>;

export type ReaderOptions = Readonly<{
  repo: HubRepository;
  dataDir: string;
  key: Buffer;
  log: HubLogger;
  clock: Clock;
  backoff: BackoffPolicy;
  /** How often to look for mail on a server without IDLE. */
  pollMs: number;
  /** A safety re-check while idling (a missed notification costs at most this long). */
  idleRecheckMs: number;
  /** A mail larger than this is read only up to it (text kept, attachments not). */
  maxFetchBytes: number;
  connectTimeoutMs: number;
  hooks?: ReaderHooks;
}>;

export type MailboxReader = Readonly<{
  /** Connect now instead of waiting for the backoff. */
  retryNow(): void;
  stop(): Promise<void>;
}>;

class Stopped extends Error {}

export function startMailboxReader(options: ReaderOptions, mailboxId: string): MailboxReader {
  const { repo, log, clock } = options;
  let stopped = false;
  let client: ImapFlow | null = null;
  let wake: (() => void) | null = null;
  let lastCheckedAt: string | null = null;

  const setStatus = (status: Omit<MailboxStatus, 'lastCheckedAt'>) =>
    repo.write((tx) => tx.setMailboxStatus(mailboxId, { ...status, lastCheckedAt }));

  /** Resolves after `ms`, or earlier on wake() / stop(). */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function processUnseen(imap: ImapFlow, mailbox: MailboxRecord): Promise<void> {
    const found = await imap.search({ seen: false }, { uid: true });
    const uids = (found || []).sort((a, b) => a - b);
    for (const uid of uids) {
      if (stopped) throw new Stopped();
      const meta = await imap.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!meta) continue;
      const size = meta.size ?? 0;
      const truncated = size > options.maxFetchBytes;
      // BODY.PEEK: reading does not mark the mail seen; only the explicit flag below does.
      const message = await imap.fetchOne(String(uid), { uid: true, source: truncated ? { start: 0, maxLength: options.maxFetchBytes } : true }, { uid: true });
      if (!message || !message.source) continue;
      const outcome = await intakeMail(repo, mailbox, message.source, { dataDir: options.dataDir, now: isoAt(clock()), truncated, fullSize: size });
      await options.hooks?.afterCommit?.(outcome, uid);
      await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      if (outcome.kind === 'ignored') log.info('Mail ignored', { mailboxId, messageId: outcome.messageId, reason: outcome.reason });
      options.hooks?.handled?.(outcome, uid);
    }
  }

  /** Until new mail (IDLE's EXISTS), the re-check timer, wake() or stop(); throws when the connection drops. */
  let idling: Promise<unknown> | null = null;
  function waitForMail(imap: ImapFlow, ms: number, useIdle: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        imap.off('exists', onExists);
        imap.off('close', onClose);
        wake = null;
        if (error) reject(error);
        else resolve();
      };
      const onExists = () => finish();
      const onClose = () => finish(new Error('The connection to the mail server was lost.'));
      const timer = setTimeout(() => finish(), ms);
      imap.on('exists', onExists);
      imap.on('close', onClose);
      wake = () => finish();
      // The next command (the search after waking) ends the IDLE; its promise settles then. One
      // IDLE at a time: a second one started over a live one leaves the next command waiting.
      if (useIdle && !idling) {
        const current = imap.idle().catch(() => undefined);
        idling = current;
        void current.finally(() => {
          if (idling === current) idling = null;
        });
      }
    });
  }

  async function session(mailbox: MailboxRecord, password: string): Promise<void> {
    const imap = new ImapFlow({
      host: mailbox.imap.host,
      port: mailbox.imap.port,
      secure: mailbox.imap.security === 'tls',
      doSTARTTLS: mailbox.imap.security === 'starttls' ? true : mailbox.imap.security === 'none' ? false : undefined,
      auth: { user: mailbox.imap.user, pass: password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: options.connectTimeoutMs,
      greetingTimeout: options.connectTimeoutMs,
    });
    client = imap;
    // Without a listener an 'error' event would crash the hub; the failing call reports it.
    imap.on('error', () => undefined);
    // A dropped connection ends the session whatever it is doing (a command may otherwise wait on it).
    const closed = new Promise<never>((_, reject) => imap.once('close', () => reject(new Error('The connection to the mail server was lost.'))));
    closed.catch(() => undefined);
    idling = null;
    try {
      await imap.connect();
      const lock = await imap.getMailboxLock(mailbox.folder);
      try {
        const useIdle = imap.capabilities.has('IDLE');
        const state: MailboxState = useIdle ? 'idle' : 'polling';
        for (;;) {
          await Promise.race([processUnseen(imap, mailbox), closed]);
          lastCheckedAt = isoAt(clock());
          await setStatus({ state, lastError: null, retryAt: null });
          failures = 0;
          if (stopped) throw new Stopped();
          await waitForMail(imap, useIdle ? options.idleRecheckMs : options.pollMs, useIdle);
          if (stopped) throw new Stopped();
        }
      } finally {
        lock.release();
      }
    } finally {
      client = null;
      imap.close();
    }
  }

  let failures = 0;
  const run = (async () => {
    const initial = await repo.read((tx) => tx.getMailbox(mailboxId));
    lastCheckedAt = initial?.lastCheckedAt ?? null;
    while (!stopped) {
      const mailbox = await repo.read((tx) => tx.getMailbox(mailboxId));
      if (!mailbox) return;
      if (!mailbox.enabled) {
        await setStatus({ state: 'disabled', lastError: null, retryAt: null });
        return;
      }
      let password: string | null = null;
      try {
        if (!mailbox.imap.passwordEnc) throw new Error('No IMAP password is set for this mailbox.');
        password = decryptSecret(options.key, mailbox.imap.passwordEnc);
        await setStatus({ state: 'connecting', lastError: mailbox.lastError, retryAt: null });
        await session(mailbox, password);
      } catch (error) {
        if (stopped || error instanceof Stopped) return;
        failures += 1;
        const delay = backoffDelay(options.backoff, failures);
        const lastError = describeMailError(error, [password]);
        log.warn('Mailbox failed; retrying with backoff', { mailboxId, error: lastError, failures, retryInMs: delay });
        await setStatus({ state: 'error', lastError, retryAt: isoAt(clock() + delay) });
        await pause(delay);
      }
    }
  })().catch((error: unknown) => {
    log.error('Mailbox reader stopped unexpectedly', { mailboxId, error: describeMailError(error) });
  });

  return {
    retryNow() {
      failures = 0;
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      client?.close();
      await run;
    },
  };
}
