// Sends queued photos to the hub's file store (PUT /files/<sha256>, the photo then its thumbnail),
// oldest first, while online; retries with backoff; the queue itself lives in the cache (photo-store),
// so it survives restarts. Content-addressed: sending a blob the hub already has is a no-op.
import fs from 'node:fs';
import path from 'node:path';
import type { UploadQueueStatus } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import { backoffDelay, type BackoffOptions } from '../backoff.js';
import { writeTransaction, type WritableDb } from '../cache/cache-db.js';
import type { HubCaller } from '../hub-caller.js';
import type { Logger } from '../logger.js';
import { photoPath, readSentUploads, readUploadQueue, writeSentUploads, writeUploadQueue, type QueuedUpload } from './photo-store.js';
import { sweepLocalUploads } from './upload-cleanup.js';

export type UploadQueueOptions = Readonly<{
  db: WritableDb;
  hub: HubCaller;
  photosDir: string;
  isOnline(): boolean;
  logger: Logger;
  onStatus(status: UploadQueueStatus): void;
  /** The queue emptied (or shrank): a submit held for these photos may go now. */
  onUploaded(): void;
  backoff?: BackoffOptions;
  /** Where window uploads are assembled (default: `uploads` beside the photos folder). */
  uploadsDir?: string;
}>;

export type UploadQueue = Readonly<{
  /** Something may have changed (a photo queued, the hub came back): try now. */
  kick(): void;
  status(): UploadQueueStatus;
  stop(): Promise<void>;
}>;

/** Errors a retry will not fix. */
const PERMANENT = new Set(['NOT_FOUND', 'FORBIDDEN', 'VALIDATION', 'PAYLOAD_TOO_LARGE', 'BAD_REQUEST']);

const SWEEP_INTERVAL_MS = 60_000;

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000, random: Math.random };

export function createUploadQueue(options: UploadQueueOptions): UploadQueue {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let current: UploadQueueStatus['current'] = null;
  let lastError: string | null = null;
  let lastSweepAt = -Infinity;

  function status(): UploadQueueStatus {
    const queue = options.db.$client.open ? readUploadQueue(options.db) : [];
    return { queued: queue.length, bytesQueued: queue.reduce((n, q) => n + q.bytes + q.thumbBytes, 0), current, lastError };
  }
  const emit = () => options.onStatus(status());

  async function sendBlob(sha: string): Promise<void> {
    const file = photoPath(options.photosDir, sha);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      throw new AppError('NOT_FOUND', 'The photo file is missing on this computer.');
    }
    await options.hub('files.put', 'Uploading a photo', { id: sha, rawBody: bytes, timeoutMs: 120_000 });
  }

  async function sendOne(item: QueuedUpload): Promise<void> {
    current = { photoId: item.photoId, bytesSent: 0, bytesTotal: item.bytes + item.thumbBytes };
    emit();
    await sendBlob(item.sha256);
    current = { ...current, bytesSent: item.bytes };
    emit();
    await sendBlob(item.thumbSha256);
    current = null;
    // Written fresh: the queue may have grown (or lost a removed photo) meanwhile. The hub has the
    // photo now: remember it, so its local copy may go once the hub also confirms the photo row.
    writeTransaction(options.db, () => {
      writeUploadQueue(
        options.db,
        readUploadQueue(options.db).filter((q) => q.photoId !== item.photoId),
      );
      writeSentUploads(options.db, new Set([...readSentUploads(options.db), item.sha256]));
    });
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped || !options.isOnline() || !options.db.$client.open) return;
        const next = readUploadQueue(options.db)[0];
        if (!next) {
          sweep();
          break;
        }
        try {
          await sendOne(next);
          failures = 0;
          lastError = null;
          emit();
          options.onUploaded();
        } catch (error) {
          current = null;
          failures += 1;
          lastError = error instanceof Error ? error.message : String(error);
          // A missing file, or a hub refusal that will not change on retry, drops the photo from the
          // queue (logged, shown as lastError) rather than holding every later change behind it; a
          // held submit then goes and the hub says which photos it lacks.
          const permanent = error instanceof AppError && PERMANENT.has(error.code);
          if (!stopped && options.db.$client.open) {
            const queue = readUploadQueue(options.db);
            writeUploadQueue(
              options.db,
              permanent ? queue.filter((q) => q.photoId !== next.photoId) : queue.map((q) => (q.photoId === next.photoId ? { ...q, attempts: q.attempts + 1 } : q)),
            );
          }
          options.logger.warn(permanent ? 'photo upload dropped' : 'photo upload failed', { photoId: next.photoId, error: lastError });
          emit();
          if (permanent) options.onUploaded();
          else {
            schedule(Math.max(50, backoffDelay(failures, backoff)));
            return;
          }
        }
      }
    } while (again);
  }

  /** Removes local files the hub has (or nobody needs); never lets a cleanup failure stop uploads. */
  function sweep(): void {
    // Once a minute at most: a busy queue drains often, and the sweep reads the whole photos folder.
    if (Date.now() - lastSweepAt < SWEEP_INTERVAL_MS) return;
    lastSweepAt = Date.now();
    try {
      const removed = sweepLocalUploads({ db: options.db, photosDir: options.photosDir, uploadsDir: options.uploadsDir ?? path.join(path.dirname(options.photosDir), 'uploads') });
      if (removed.length > 0) options.logger.info('removed local photo files the hub has or nobody needs', { files: removed.length });
    } catch (error) {
      options.logger.warn('photo cleanup failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  function schedule(ms: number): void {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      kick();
    }, ms);
    timer.unref?.();
  }

  function kick(): void {
    if (stopped) return;
    // The windows learn of a newly queued photo even while offline (nothing is sent then).
    if (options.db.$client.open) emit();
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => options.logger.error('upload queue stopped', error))
      .finally(() => {
        running = null;
      });
  }

  return {
    kick,
    status,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
