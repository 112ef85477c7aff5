import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.js';
import type { UploadQueueStatus } from '../../../../shared/console-api.js';
import { closeCacheDb, openCacheDb, type WritableDb } from '../cache/cache-db.js';
import type { HubCaller } from '../hub-caller.js';
import { silentLogger } from '../logger.js';
import { eventually } from '../testing/core-test-kit.js';
import { tempDataDir } from '../testing/fixtures.js';
import { photoPath, readUploadQueue, writeUploadQueue } from './photo-store.js';
import { createUploadQueue } from './upload-queue.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const D = 'd'.repeat(64);

describe('photo upload queue', () => {
  let dir = '';
  let db: WritableDb | null = null;
  afterEach(() => {
    if (db) closeCacheDb(db);
    db = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('retries a failing hub with backoff, drops a photo the hub refuses for good, and sends in order', async () => {
    dir = tempDataDir();
    const photos = path.join(dir, 'photos');
    fs.mkdirSync(photos);
    for (const sha of [A, B, C, D]) fs.writeFileSync(photoPath(photos, sha), sha);
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    const item = (photoId: string, sha256: string, thumbSha256: string) => ({ photoId, sha256, thumbSha256, bytes: 64, thumbBytes: 64, queuedAt: '2026-03-02T09:00:00.000Z', attempts: 0 });
    writeUploadQueue(db, [item('p1', A, B), item('p2', C, D)]);
    const sent: string[] = [];
    let failuresLeft = 2;
    const hub = (async (_name: string, _what: string, call?: { id?: string; rawBody?: Uint8Array }) => {
      if (call?.id === A && failuresLeft-- > 0) throw new AppError('UNAVAILABLE', 'Cannot reach the hub.');
      if (call?.id === C) throw new AppError('FORBIDDEN', 'Your role does not allow this.');
      sent.push(call!.id!);
      expect(Buffer.from(call!.rawBody!).toString()).toBe(call!.id);
      return { sha256: call!.id!, bytes: 64, existed: false };
    }) as unknown as HubCaller;
    const statuses: UploadQueueStatus[] = [];
    let uploaded = 0;
    const queue = createUploadQueue({
      db,
      hub,
      photosDir: photos,
      isOnline: () => true,
      logger: silentLogger,
      backoff: { baseMs: 5, maxMs: 20, random: () => 1 },
      onStatus: (s) => statuses.push(s),
      onUploaded: () => (uploaded += 1),
    });
    queue.kick();
    await eventually(() => readUploadQueue(db!).length === 0, 'the queue drained');
    await queue.stop();
    expect(sent).toEqual([A, B]);
    expect(statuses.filter((s) => s.lastError === 'Cannot reach the hub.').length).toBeGreaterThanOrEqual(2);
    expect(statuses.some((s) => s.current?.photoId === 'p1' && s.current.bytesSent === 64 && s.current.bytesTotal === 128)).toBe(true);
    expect(queue.status()).toEqual({ queued: 0, bytesQueued: 0, current: null, lastError: 'Your role does not allow this.' });
    expect(uploaded).toBe(2);
  });

  it('waits while offline and sends nothing', async () => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    writeUploadQueue(db, [{ photoId: 'p1', sha256: A, thumbSha256: B, bytes: 10, thumbBytes: 5, queuedAt: 'x', attempts: 0 }]);
    let calls = 0;
    const queue = createUploadQueue({
      db,
      hub: (async () => {
        calls += 1;
      }) as unknown as HubCaller,
      photosDir: path.join(dir, 'photos'),
      isOnline: () => false,
      logger: silentLogger,
      onStatus: () => undefined,
      onUploaded: () => undefined,
    });
    queue.kick();
    await new Promise((r) => setTimeout(r, 50));
    await queue.stop();
    expect(calls).toBe(0);
    expect(queue.status()).toMatchObject({ queued: 1, bytesQueued: 15 });
  });
});
