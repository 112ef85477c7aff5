// Against the real hub (a child process with demo data): an engineer's offline report with a photo
// syncs when the network is back (photo in the hub's file store, then the submit), a manager
// approves it, the case resolves, and is then closed and reopened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import sharp from 'sharp';
import type { ConsoleCore } from './console-core-types.js';
import { createConsoleCore } from './console-core.js';
import { startHubProcess, type HubProcess } from './import-jobs/testing/hub-process.js';
import { silentLogger } from './logger.js';
import { call, eventually, isOnline } from './testing/core-test-kit.js';
import { startCutProxy, type CutProxy } from './testing/cut-proxy.js';
import { tempDataDir } from './testing/fixtures.js';

const PASSWORD = 'demo-password';
const FIELDS = {
  checkInAt: '2026-03-02T09:10:00.000Z',
  checkOutAt: '2026-03-02T11:00:00.000Z',
  diagnosis: 'Igniter worn',
  workPerformed: 'Replaced igniter',
  resolution: 'Lamp strikes',
  timeSpentMinutes: 110,
  parts: [{ partId: null, partNumber: 'IGN-100', description: 'Igniter', quantity: 1, fittedSerial: 'N1', removedSerial: 'O1' }],
  noSignatureReason: 'Manager away',
};

describe('service reports against the real hub', () => {
  let hub: HubProcess;
  let proxy: CutProxy;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    hub = await startHubProcess();
    proxy = await startCutProxy(hub.url);
  }, 60_000);
  afterAll(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
    await proxy?.stop();
    await hub?.stop();
  });

  async function signIn(email: string): Promise<ConsoleCore> {
    const dataDir = tempDataDir();
    const backoff = { baseMs: 20, maxMs: 200, random: () => 1 };
    const core = await createConsoleCore({ dataDir, hubUrl: proxy.url }, { logger: silentLogger, backoff, uploadBackoff: backoff });
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => core.close());
    await call(core, 'session.login', { email, password: PASSWORD });
    await isOnline(core);
    await eventually(async () => (await call(core, 'sync.status', {})).bootstrap === null && (await call(core, 'cases.list', {})).length > 0, 'bootstrap', 30_000);
    return core;
  }

  it('offline report with a photo → synced → approved → resolved → closed → reopened', async () => {
    const fse = await signIn('fse1@demo.test');
    const me = (await call(fse, 'session.get', {}))!.user;
    const mine = (await call(fse, 'cases.list', { statuses: ['assigned', 'in_progress'] })).find((c) => c.assigneeName === me.name);
    expect(mine, 'a demo case assigned to fse1').toBeDefined();
    const caseId = mine!.id;

    proxy.cut();
    await eventually(async () => (await call(fse, 'sync.status', {})).connection === 'offline', 'offline', 15_000);
    const { id } = await call(fse, 'reports.save', { caseId, fields: FIELDS });
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#225588' } })
      .jpeg()
      .toBuffer();
    const uploadId = '01900000-0000-7000-8000-0000000f0101';
    await call(fse, 'uploads.chunk', { uploadId, index: 0, dataBase64: photo.toString('base64') });
    await call(fse, 'reports.addPhoto', { uploadId, reportId: id, tag: 'after', fileName: 'after.jpg' });
    await call(fse, 'reports.submit', { id });
    expect(await call(fse, 'reports.get', { id })).toMatchObject({ status: 'submitted', pending: true, photos: [expect.objectContaining({ uploaded: false })] });

    proxy.restore();
    await call(fse, 'sync.reconnect', {});
    const synced = await eventually(async () => {
      const view = await call(fse, 'reports.get', { id });
      return view && !view.pending && view.status === 'submitted' && view.photos.every((p) => p.uploaded && !p.pending) ? view : null;
    }, 'the report synced', 30_000);
    expect(synced.number).toMatch(/^SR-\d{4}-\d{6}$/);
    expect(synced).toMatchObject({ revision: 1, caseStatus: 'awaiting_approval', parts: [expect.objectContaining({ partNumber: 'IGN-100' })] });

    await eventually(async () => {
      const c = await call(fse, 'cases.get', { id: caseId });
      return c?.status === 'awaiting_approval' && !c.pending;
    }, 'the case awaiting approval', 15_000);
    expect((await call(fse, 'reports.list', {})).map((r) => r.id)).toContain(id);
    // An engineer's own visits and calendar only; planning across engineers is refused.
    expect((await call(fse, 'visits.list', {})).every((v) => v.engineerId === me.id)).toBe(true);
    expect((await call(fse, 'visits.calendar', { from: '2026-03-02', to: '2026-03-08' })).engineers.map((e) => e.engineerId)).toEqual([me.id]);
    expect(await fse.handle(2, 'visits.calendar', { from: '2026-03-02', to: '2026-03-08', region: 'North' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await fse.handle(3, 'reports.review', { id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const manager = await signIn('manager@demo.test');
    await eventually(async () => (await call(manager, 'reports.list', { statuses: ['submitted'] })).some((r) => r.id === id), 'the report in the review list', 15_000);
    // The manager's console has no copy of the photo: it comes from the hub's file store.
    const photoId = synced.photos[0]!.id;
    expect(await call(manager, 'reports.photo', { id: photoId, size: 'thumb' })).toEqual({ dataUrl: expect.stringMatching(/^data:image\/jpeg;base64,/) });
    await call(manager, 'reports.review', { id, decision: 'approve' });
    await eventually(async () => {
      const view = await call(fse, 'reports.get', { id });
      return view?.status === 'approved' && view.caseStatus === 'resolved' && !view.pending;
    }, 'approval reaches the engineer', 15_000);
    expect((await call(fse, 'cases.get', { id: caseId }))?.resolvedAt).toEqual(expect.any(String));

    await call(manager, 'cases.close', { caseId });
    await eventually(async () => (await call(manager, 'cases.get', { id: caseId }))?.status === 'closed', 'closed', 15_000);
    // An engineer may not reopen; a manager may, with a reason.
    expect(await fse.handle(1, 'cases.reopen', { caseId, reason: 'Lamp fails again' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await call(manager, 'cases.reopen', { caseId, reason: 'Lamp fails again' });
    await eventually(async () => {
      const c = await call(manager, 'cases.get', { id: caseId });
      return c?.status === 'in_progress' && c.resolvedAt === null && !c.pending;
    }, 'reopened', 15_000);
  }, 120_000);
});
