// The hub's mail service: one reader per enabled mailbox (mailbox-reader.ts) and the outbox sender
// (mail-sender.ts), started with the hub and stopped with it. Admin changes restart the reader of
// the mailbox they touch; every commit wakes the sender (a reply may have been queued).
import { systemClock, type Clock } from '../clock.js';
import type { HubRepository } from '../db/repository.js';
import { errorFields, type HubLogger } from '../logger.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { resolveMailKey } from './mail-key.js';
import { startMailboxReader, type MailboxReader, type ReaderHooks } from './mailbox-reader.js';
import { startMailSender, type MailSender } from './mail-sender.js';

export type MailServiceOptions = Readonly<{
  repo: HubRepository;
  dataDir: string;
  log: HubLogger;
  clock?: Clock;
  /** Reconnect backoff of the readers (default 1 s doubling to 5 min). */
  backoff?: BackoffPolicy;
  /** Retry backoff of outgoing mail (default 1 s doubling to 5 min). */
  sendBackoff?: BackoffPolicy;
  maxSendAttempts?: number;
  pollMs?: number;
  idleRecheckMs?: number;
  /** The most of one mail read into memory (default 64 MiB); larger mail keeps only its text. */
  maxFetchBytes?: number;
  connectTimeoutMs?: number;
  hooks?: ReaderHooks;
}>;

export type MailService = Readonly<{
  dataDir: string;
  /** The key mailbox passwords are encrypted with (`<dataDir>/mail-key`). */
  key: Buffer;
  start(): Promise<void>;
  /** Restarts (or stops) the reader of a mailbox after its settings changed or it was removed. */
  reload(mailboxId: string): Promise<void>;
  /** Connects now instead of waiting for the backoff. */
  retry(mailboxId: string): Promise<void>;
  wakeSender(): void;
  stop(): Promise<void>;
}>;

export function createMailService(options: MailServiceOptions): MailService {
  const { repo, log } = options;
  const clock = options.clock ?? systemClock;
  const key = resolveMailKey(options.dataDir);
  const readers = new Map<string, MailboxReader>();
  let sender: MailSender | null = null;
  let unsubscribe: (() => void) | null = null;
  let stopped = false;

  const readerOptions = {
    repo,
    dataDir: options.dataDir,
    key,
    log,
    clock,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    pollMs: options.pollMs ?? 5000,
    idleRecheckMs: options.idleRecheckMs ?? 60_000,
    maxFetchBytes: options.maxFetchBytes ?? 64 * 1024 * 1024,
    connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
    hooks: options.hooks,
  };

  async function reload(mailboxId: string): Promise<void> {
    const previous = readers.get(mailboxId);
    readers.delete(mailboxId);
    await previous?.stop();
    if (stopped) return;
    const mailbox = await repo.read((tx) => tx.getMailbox(mailboxId));
    if (!mailbox) return;
    if (!mailbox.enabled) {
      await repo.write((tx) => tx.setMailboxStatus(mailboxId, { state: 'disabled', lastError: null, lastCheckedAt: mailbox.lastCheckedAt, retryAt: null }));
      return;
    }
    readers.set(mailboxId, startMailboxReader(readerOptions, mailboxId));
  }

  return {
    dataDir: options.dataDir,
    key,
    async start() {
      sender = startMailSender({
        repo,
        key,
        log,
        clock,
        backoff: options.sendBackoff ?? DEFAULT_BACKOFF,
        maxAttempts: options.maxSendAttempts ?? 8,
        connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      });
      const wake = sender.wake;
      unsubscribe = repo.onCommit(() => wake());
      for (const mailbox of await repo.read((tx) => tx.listMailboxes())) await reload(mailbox.id);
      // Mail queued before a restart goes out now.
      wake();
    },
    reload,
    async retry(mailboxId) {
      const reader = readers.get(mailboxId);
      if (reader) reader.retryNow();
      else await reload(mailboxId);
    },
    wakeSender() {
      sender?.wake();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      const all = [...readers.values()];
      readers.clear();
      const results = await Promise.allSettled([...all.map((r) => r.stop()), sender?.stop()]);
      for (const result of results) if (result.status === 'rejected') log.error('Stopping the mail service failed', errorFields(result.reason));
    },
  };
}
