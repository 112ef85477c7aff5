import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { closeCacheDb, openCacheDb, type WritableDb } from '../cache/cache-db.js';
import { outbox, reportPhotos } from '../cache/schema.js';
import type { HubCaller } from '../hub-caller.js';
import { silentLogger } from '../logger.js';
import { eventually } from '../testing/core-test-kit.js';
import { tempDataDir } from '../testing/fixtures.js';
import { photoPath, readSentUploads, readUploadQueue, writeSentUploads, writeUploadQueue } from './photo-store.js';
import { ABANDONED_PART_MS, CLEANUP_GRACE_MS, sweepLocalUploads } from './upload-cleanup.js';
import { createUploadQueue } from './upload-queue.js';

const sha = (c: string) => c.repeat(64);
const NOW = Date.UTC(2026, 2, 2, 12);
const OLD = new Date(NOW - CLEANUP_GRACE_MS - 1000);

describe('local upload cleanup', () => {
  let dir = '';
  let db: WritableDb | null = null;
  afterEach(() => {
    if (db) closeCacheDb(db);
    db = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    dir = tempDataDir();
    const photosDir = path.join(dir, 'photos');
    const uploadsDir = path.join(dir, 'uploads');
    fs.mkdirSync(photosDir);
    fs.mkdirSync(uploadsDir);
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    const blob = (s: string, at = OLD) => {
      fs.writeFileSync(photoPath(photosDir, s), s);
      fs.utimesSync(photoPath(photosDir, s), at, at);
    };
    const confirmedPhoto = (id: string, full: string, thumb: string) =>
      db!
        .insert(reportPhotos)
        .values({ id, reportId: 'r1', caseId: 'c1', tag: 'before', caption: '', sha256: full, thumbSha256: thumb, bytes: 1, width: 1, height: 1, createdBy: 'u', createdAt: '2026-03-01T00:00:00.000Z', version: 1 })
        .run();
    const pendingPhoto = (mutationId: number, full: string, thumb: string) =>
      db!
        .insert(outbox)
        .values({
          mutationId,
          name: 'addReportPhoto',
          args: { id: '01900000-0000-7000-8000-0000000000f1', reportId: '01900000-0000-7000-8000-0000000000f2', tag: 'before', caption: '', sha256: full, thumbSha256: thumb, bytes: 1, width: 1, height: 1 },
          baseVersions: {},
          createdAt: '2026-03-02T09:00:00.000Z',
          caseId: null,
          offline: true,
        })
        .run();
    const sweep = () => sweepLocalUploads({ db: db!, photosDir, uploadsDir, nowMs: NOW }).sort();
    const left = () => fs.readdirSync(photosDir).sort();
    return { photosDir, uploadsDir, blob, confirmedPhoto, pendingPhoto, sweep, left };
  }

  it('removes a sent photo once the hub confirmed its row, keeping its thumbnail; never one the hub lacks', () => {
    const t = setup();
    // Sent and confirmed: the full-size copy goes, the thumbnail stays.
    t.blob(sha('a'));
    t.blob(sha('b'));
    t.confirmedPhoto('p1', sha('a'), sha('b'));
    // Confirmed row but the file was never sent from here (downloaded, or the upload was refused): kept.
    t.blob(sha('c'));
    t.blob(sha('d'));
    t.confirmedPhoto('p2', sha('c'), sha('d'));
    // Still queued for upload although a row exists: kept.
    t.blob(sha('e'));
    t.blob(sha('f'));
    t.confirmedPhoto('p3', sha('e'), sha('f'));
    writeUploadQueue(db!, [{ photoId: 'p3', sha256: sha('e'), thumbSha256: sha('f'), bytes: 1, thumbBytes: 1, queuedAt: 'x', attempts: 0 }]);
    // Sent, but the hub has not confirmed the photo row yet (its addReportPhoto is pending): kept.
    t.blob(sha('1'));
    t.blob(sha('2'));
    t.pendingPhoto(1, sha('1'), sha('2'));
    writeSentUploads(db!, new Set([sha('a'), sha('e'), sha('1')]));

    expect(t.sweep()).toEqual([`${sha('a')}.jpg`]);
    expect(t.left()).toEqual([sha('1'), sha('2'), sha('b'), sha('c'), sha('d'), sha('e'), sha('f')].map((s) => `${s}.jpg`).sort());
    // The sent list forgets what is gone; a second sweep removes nothing more.
    expect([...readSentUploads(db!)].sort()).toEqual([sha('1'), sha('e')]);
    expect(t.sweep()).toEqual([]);
  });

  it('removes the files of a removed photo or deleted draft (no row points at them), but not a fresh one', () => {
    const t = setup();
    t.blob(sha('a'));
    t.blob(sha('b'));
    // Stored a moment ago: its row may be on its way.
    t.blob(sha('c'), new Date(NOW - 1000));
    // Not a photo blob: left alone.
    fs.writeFileSync(path.join(t.photosDir, 'notes.txt'), 'x');
    expect(t.sweep()).toEqual([`${sha('a')}.jpg`, `${sha('b')}.jpg`]);
    expect(t.left()).toEqual([`${sha('c')}.jpg`, 'notes.txt']);
  });

  it('removes abandoned window uploads, not one in progress', () => {
    const t = setup();
    const stale = path.join(t.uploadsDir, 'u1.part');
    const fresh = path.join(t.uploadsDir, 'u2.part');
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(fresh, 'x');
    const old = new Date(NOW - ABANDONED_PART_MS - 1000);
    fs.utimesSync(stale, old, old);
    fs.utimesSync(fresh, new Date(NOW - 1000), new Date(NOW - 1000));
    expect(t.sweep()).toEqual(['u1.part']);
    expect(fs.readdirSync(t.uploadsDir)).toEqual(['u2.part']);
  });

  it('the upload queue records what the hub took, and its sweep then frees the confirmed photo', async () => {
    const t = setup();
    t.blob(sha('a'));
    t.blob(sha('b'));
    writeUploadQueue(db!, [{ photoId: 'p1', sha256: sha('a'), thumbSha256: sha('b'), bytes: 64, thumbBytes: 64, queuedAt: 'x', attempts: 0 }]);
    // The hub confirmed the photo row before the file went (the push and the upload are separate).
    t.confirmedPhoto('p1', sha('a'), sha('b'));
    const put: string[] = [];
    const hub = (async (_name: string, _what: string, call?: { id?: string }) => {
      // The hub has the file once it answers; until then the local copy must exist.
      expect(fs.existsSync(photoPath(t.photosDir, call!.id!))).toBe(true);
      put.push(call!.id!);
      return { sha256: call!.id!, bytes: 64, existed: false };
    }) as unknown as HubCaller;
    const queue = createUploadQueue({ db: db!, hub, photosDir: t.photosDir, isOnline: () => true, logger: silentLogger, onStatus: () => undefined, onUploaded: () => undefined });
    queue.kick();
    await eventually(() => readUploadQueue(db!).length === 0 && !fs.existsSync(photoPath(t.photosDir, sha('a'))), 'the photo was sent and its local copy removed');
    await queue.stop();
    expect(put).toEqual([sha('a'), sha('b')]);
    expect(t.left()).toEqual([`${sha('b')}.jpg`]);
  });
});
