// An engineer's report offline end to end through the ConsoleApi: draft, photo (chunked upload,
// resized in the core), submit while offline, a restart, then back online: the photos reach the
// file store first (retried while the store fails), the submit follows, and the hub's rows replace
// the pending ones.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import sharp from 'sharp';
import { AppError } from '../../../shared/errors.js';
import type { UploadQueueStatus } from '../../../shared/console-api.js';
import type { EventEnvelope } from '../../../shared/ipc.js';
import { createConsoleCore } from './console-core.js';
import { silentLogger } from './logger.js';
import { call, eventually, isOnline } from './testing/core-test-kit.js';
import { startCutProxy } from './testing/cut-proxy.js';
import { startFakeHub } from './testing/fake-hub.js';
import { CUSTOMERS, FSE_ROW, PROJECTORS, SITES, AGENT_ROW, confirmedCase, tempDataDir } from './testing/fixtures.js';

const CASE_ID = '01900000-0000-7000-8000-00000000ca5e';
const PASSWORD = 'pw';
const FSE = { id: FSE_ROW.id, email: FSE_ROW.email, name: FSE_ROW.name, role: FSE_ROW.role, regions: FSE_ROW.regions, active: true };
const FIELDS = {
  checkInAt: '2026-03-02T09:10:00.000Z',
  checkOutAt: '2026-03-02T11:00:00.000Z',
  diagnosis: 'Igniter worn',
  workPerformed: 'Replaced igniter',
  resolution: 'Lamp strikes',
  timeSpentMinutes: 110,
  noSignatureReason: 'Manager away',
};

describe('service reports offline, then synced', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  it('keeps an offline draft, photo and submit through a restart and sends photos before the submit', async () => {
    const hub = await startFakeHub({
      user: FSE,
      password: PASSWORD,
      rows: { users: [AGENT_ROW, FSE_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(CASE_ID, 5, { status: 'assigned', assigneeId: FSE_ROW.id })] },
    });
    const proxy = await startCutProxy(hub.url);
    const dataDir = tempDataDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => hub.stop(), () => proxy.stop());
    const backoff = { baseMs: 20, maxMs: 100, random: () => 1 };
    const open = async () => {
      const core = await createConsoleCore({ dataDir, hubUrl: proxy.url }, { logger: silentLogger, backoff, uploadBackoff: backoff });
      const events: EventEnvelope[] = [];
      core.onEvent((e) => events.push(e));
      let closed = false;
      const close = async () => {
        if (!closed) await core.close();
        closed = true;
      };
      cleanups.push(close);
      return { core, events, close };
    };

    const first = await open();
    await call(first.core, 'session.login', { email: FSE.email, password: PASSWORD });
    await isOnline(first.core);
    await eventually(async () => (await call(first.core, 'cases.list', {})).length === 1, 'bootstrap');

    proxy.cut();
    await eventually(async () => (await call(first.core, 'sync.status', {})).connection === 'offline', 'offline', 10_000);
    const { id } = await call(first.core, 'reports.save', { caseId: CASE_ID, fields: { diagnosis: 'Looking' } });
    // The window sends the photo in base64 chunks; the core resizes and stores it.
    const photo = await sharp({ create: { width: 2600, height: 1300, channels: 3, background: '#884422' } })
      .jpeg()
      .toBuffer();
    const base64 = photo.toString('base64');
    const half = Math.ceil(base64.length / 8) * 4;
    const uploadId = '01900000-0000-7000-8000-0000000f0001';
    await call(first.core, 'uploads.chunk', { uploadId, index: 0, dataBase64: base64.slice(0, half) });
    expect(await call(first.core, 'uploads.chunk', { uploadId, index: 1, dataBase64: base64.slice(half) })).toEqual({ received: photo.length });
    const added = await call(first.core, 'reports.addPhoto', { uploadId, reportId: id, tag: 'before', caption: 'Lamp house', fileName: 'IMG_1.jpg' });
    await call(first.core, 'reports.save', { id, caseId: CASE_ID, fields: FIELDS });
    await call(first.core, 'reports.submit', { id });
    const offlineView = await call(first.core, 'reports.get', { id });
    expect(offlineView).toMatchObject({ status: 'submitted', pending: true, caseStatus: 'awaiting_approval', problems: [] });
    expect(offlineView?.photos).toEqual([expect.objectContaining({ id: added.id, uploaded: false, width: 2048, height: 1024, caption: 'Lamp house' })]);
    expect(await call(first.core, 'reports.photo', { id: added.id, size: 'thumb' })).toEqual({ dataUrl: expect.stringMatching(/^data:image\/jpeg;base64,/) });
    expect((await call(first.core, 'reports.uploads', {})).queued).toBe(1);
    // A corrupt upload is refused with a message a person understands, and nothing is added.
    await call(first.core, 'uploads.chunk', { uploadId: '01900000-0000-7000-8000-0000000f0002', index: 0, dataBase64: Buffer.from('not a photo').toString('base64') });
    const corrupt = await first.core.handle(9, 'reports.addPhoto', { uploadId: '01900000-0000-7000-8000-0000000f0002', reportId: id, tag: 'after', fileName: 'broken.jpg' });
    expect(corrupt).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/broken.jpg is not an image/) } });
    await first.close();

    // Restart, still offline: everything is still there.
    const second = await open();
    expect(await call(second.core, 'reports.get', { id })).toMatchObject({ status: 'submitted', pending: true, photos: [expect.objectContaining({ uploaded: false })] });
    expect((await call(second.core, 'reports.list', {})).map((r) => [r.id, r.status])).toEqual([[id, 'submitted']]);

    // Back online, but the file store fails for a while: the submit waits for the photo.
    hub.control.failFilePuts = new AppError('UNAVAILABLE', 'The file store is busy.');
    proxy.restore();
    await call(second.core, 'sync.reconnect', {});
    await isOnline(second.core);
    await eventually(async () => (await call(second.core, 'reports.uploads', {})).lastError !== null, 'an upload failure');
    await eventually(() => hub.control.mutations.some((m) => m.name === 'addReportPhoto'), 'draft and photo pushed');
    expect(hub.control.mutations.some((m) => m.name === 'submitServiceReport')).toBe(false);
    hub.control.failFilePuts = null;

    const synced = await eventually(async () => {
      const view = await call(second.core, 'reports.get', { id });
      return view && !view.pending && view.status === 'submitted' ? view : null;
    }, 'the submit confirmed', 10_000);
    expect(synced).toMatchObject({ number: 'SR-2026-000001', revision: 1, caseStatus: 'awaiting_approval' });
    expect(synced.photos).toEqual([expect.objectContaining({ id: added.id, uploaded: true, pending: false })]);
    expect(hub.control.files.size).toBe(2);
    expect(await call(second.core, 'reports.uploads', {})).toEqual({ queued: 0, bytesQueued: 0, current: null, lastError: null });
    const progress = second.events.filter((e) => e.name === 'uploads.changed').map((e) => e.payload as UploadQueueStatus);
    expect(progress.some((p) => p.current?.photoId === added.id)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ queued: 0 });
    // Photos from the file store: a console without the file fetches it from the hub.
    fs.rmSync(`${dataDir}/photos`, { recursive: true, force: true });
    expect(await call(second.core, 'reports.photo', { id: added.id, size: 'full' })).toEqual({ dataUrl: expect.stringMatching(/^data:image\/jpeg;base64,/) });
  });
});
