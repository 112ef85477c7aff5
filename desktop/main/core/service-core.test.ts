import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../../shared/errors.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { getViewCase } from './cache/case-view.js';
import { setCacheUserId } from './cache/meta.js';
import { outbox } from './cache/schema.js';
import { processPhoto } from './photos/photo-intake.js';
import { photoPath, readUploadQueue } from './photos/photo-store.js';
import { applyBootstrap, applyChanges, applyPushResult } from './rebase.js';
import { listReportIdsForExport, loadReportForPdf } from './service-data.js';
import { loadServiceOverlay } from './service-overlay.js';
import { getReportView } from './service-views.js';
import { addPhotoLocally, closeCaseLocally, removePhotoLocally, saveReportLocally, scheduleVisitLocally, submitReportLocally, updateVisitLocally } from './service-writes.js';
import { checkVisit, getCalendar } from './visit-calendar.js';
import { call, coreRig, eventually, isOnline } from './testing/core-test-kit.js';
import { AGENT, AGENT_ROW, CUSTOMERS, FSE_ROW, PROJECTORS, SITES, confirmedCase, tempDataDir } from './testing/fixtures.js';

const CASE_ID = '01900000-0000-7000-8000-00000000ca5e';
const NOW = '2026-03-02T09:00:00.000Z';
const fseCtx = { userId: FSE_ROW.id, now: NOW, offline: true, isAdmin: false };
const agentCtx = { userId: AGENT.id, now: NOW, role: 'agent' as const };
const managerCtx = { userId: AGENT.id, now: NOW, role: 'manager' as const };
// Monday 2026-03-02; the FSE works 08:00-17:00 Monday to Friday and is on leave on the 4th.
const FSE = { ...FSE_ROW, engineer: { ...FSE_ROW.engineer!, timeOff: [{ from: '2026-03-04', to: '2026-03-04', reason: 'Training' }] } };

const COMPLETE = {
  checkInAt: '2026-03-02T09:10:00.000Z',
  checkOutAt: '2026-03-02T11:00:00.000Z',
  diagnosis: 'Lamp igniter worn',
  workPerformed: 'Replaced igniter',
  resolution: 'Lamp strikes reliably',
  timeSpentMinutes: 110,
  noSignatureReason: 'Manager away',
  parts: [{ partId: null, partNumber: 'IGN-100', description: 'Igniter', quantity: 1, fittedSerial: 'N1', removedSerial: 'O1' }],
};

async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .toBuffer();
}

describe('service reports and visits in the cache', () => {
  let dir = '';
  let db: WritableDb | null = null;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    if (db) closeCacheDb(db);
    db = null;
    for (const c of cleanups.splice(0).reverse()) await c();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function open(): WritableDb {
    db = openCacheDb({ file: path.join(dir, 'cache', 'c.sqlite') });
    return db;
  }

  function setup(userId = FSE_ROW.id): WritableDb {
    dir = tempDataDir();
    fs.mkdirSync(path.join(dir, 'cache'));
    const d = open();
    setCacheUserId(d, userId);
    applyBootstrap(
      d,
      {
        users: [AGENT_ROW, FSE],
        customers: CUSTOMERS,
        sites: [{ ...SITES[0]!, accessNotes: 'Ring the loading bay bell' }, SITES[1]!],
        projectors: [{ ...PROJECTORS[0]!, warrantyEnd: '2026-03-10', contractEnd: '2026-02-01' }],
        cases: [confirmedCase(CASE_ID, 5, { status: 'assigned', assigneeId: FSE_ROW.id })],
      },
      { epoch: 'e', version: 5 },
      { userId, now: NOW },
    );
    return d;
  }

  it('shows an offline draft, its photos and the submission at once, and after a restart', async () => {
    const d = setup();
    const { id } = saveReportLocally(d, { caseId: CASE_ID, fields: { diagnosis: 'Looking' } }, fseCtx);
    const today = { userId: FSE_ROW.id, today: '2026-03-02' };
    let view = getReportView(d, id, today)!;
    expect(view).toMatchObject({ status: 'draft', pending: true, diagnosis: 'Looking', caseLabel: 'DTR-2026-000001', siteName: 'Leicester Square', customerName: 'Odeon Cinemas', engineerName: FSE.name });
    expect(view.warranty).toEqual({ end: '2026-03-10', coveredOnVisitDay: true });
    expect(view.contract).toEqual({ end: '2026-02-01', coveredOnVisitDay: false });
    expect(view.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['checkInAt', 'workPerformed', 'signature']));

    const stored = await processPhoto(await jpeg(3000, 1500), path.join(dir, 'photos'));
    const photo = addPhotoLocally(d, { reportId: id, tag: 'before', caption: 'Igniter', ...stored }, stored.thumbBytes, fseCtx);
    expect(readUploadQueue(d).map((q) => q.photoId)).toEqual([photo.id]);
    saveReportLocally(d, { id, caseId: CASE_ID, fields: COMPLETE }, fseCtx);
    submitReportLocally(d, { id }, fseCtx);
    view = getReportView(d, id, today)!;
    expect(view).toMatchObject({ status: 'submitted', caseStatus: 'awaiting_approval', problems: [] });
    // The case itself reads as moving to review (pending) in lists and on the board.
    expect(getViewCase(d, CASE_ID)).toMatchObject({ status: 'awaiting_approval', pending: true });
    expect(view.photos).toEqual([expect.objectContaining({ id: photo.id, tag: 'before', uploaded: false, pending: true, width: 2048, height: 1024 })]);
    // Submitted: no more edits until a reviewer returns it.
    expect(() => saveReportLocally(d, { id, caseId: CASE_ID, fields: COMPLETE }, fseCtx)).toThrow(/submitted/);

    closeCacheDb(d);
    const again = open();
    expect(getReportView(again, id, today)).toMatchObject({ status: 'submitted', photos: [expect.objectContaining({ uploaded: false })] });
    expect(again.select().from(outbox).all().map((m) => m.name)).toEqual(['saveServiceReport', 'addReportPhoto', 'saveServiceReport', 'submitServiceReport']);

    const pdf = loadReportForPdf(again, id, { now: NOW })!;
    expect(pdf).toMatchObject({ case: { number: 'DTR-2026-000001' }, coverage: { inWarranty: true, underContract: false }, engineerName: FSE.name, pending: true });
    expect(pdf.report.parts[0]!.partNumber).toBe('IGN-100');
    expect(pdf.photos[0]!.path).toBe(photoPath(path.join(dir, 'photos'), stored.sha256));
    expect(pdf.photos[0]!.jpeg?.length).toBe(stored.thumbBytes);
    expect(listReportIdsForExport(again, { statuses: ['submitted'] })).toEqual([id]);
    expect(listReportIdsForExport(again, { statuses: ['approved'] })).toEqual([]);
  });

  it('rolls a rejected report back and takes the hub rows once confirmed', () => {
    const d = setup();
    const { id } = saveReportLocally(d, { caseId: CASE_ID, fields: COMPLETE }, fseCtx);
    submitReportLocally(d, { id }, fseCtx);
    // The hub confirms the draft but rejects the submit (say, the case moved on meanwhile).
    const confirmed = { ...COMPLETE, testsPerformed: '', rootCause: '', nextSteps: '', followUpNeeded: false, customerFeedback: '', satisfaction: null, signature: null } as const;
    const row = { ...confirmed, id, caseId: CASE_ID, visitId: null, engineerId: FSE_ROW.id, number: null, revision: 0, status: 'draft' as const, submittedAt: null, reviewedBy: null, reviewedAt: null, reviewComment: null, createdAt: NOW, updatedAt: NOW, version: 6 };
    applyChanges(d, [{ version: 6, entity: 'serviceReports', id, op: 'put', row }], { epoch: 'e', version: 6 }, { userId: FSE_ROW.id, now: NOW });
    const outcome = applyPushResult(d, [{ mutationId: 1, ok: true, result: { id } }, { mutationId: 2, ok: false, error: { code: 'CONFLICT', message: 'no' } }], 2, { userId: FSE_ROW.id });
    expect(outcome.entities).toEqual(expect.arrayContaining(['serviceReports']));
    expect(getReportView(d, id, { userId: FSE_ROW.id, today: '2026-03-02' })).toMatchObject({ status: 'draft', pending: false, caseStatus: 'assigned' });
    expect(getViewCase(d, CASE_ID)).toMatchObject({ status: 'assigned', pending: false });
    // A case deleted at the hub takes its reports with it.
    applyChanges(d, [{ version: 7, entity: 'cases', id: CASE_ID, op: 'del' }], { epoch: 'e', version: 7 }, { userId: FSE_ROW.id, now: NOW });
    expect(getReportView(d, id, { userId: FSE_ROW.id, today: '2026-03-02' })).toBeNull();
  });

  it('lets the engineer edit and resubmit a returned report', () => {
    const d = setup();
    const returned = { ...COMPLETE, testsPerformed: '', rootCause: '', nextSteps: '', followUpNeeded: false, customerFeedback: '', satisfaction: null, signature: null } as const;
    const id = '01900000-0000-7000-8000-00000000a001';
    const row = { ...returned, id, caseId: CASE_ID, visitId: null, engineerId: FSE_ROW.id, number: 'SR-2026-000009', revision: 1, status: 'returned' as const, submittedAt: NOW, reviewedBy: AGENT.id, reviewedAt: NOW, reviewComment: 'Add the root cause', createdAt: NOW, updatedAt: NOW, version: 6 };
    applyChanges(d, [{ version: 6, entity: 'serviceReports', id, op: 'put', row }], { epoch: 'e', version: 6 }, { userId: FSE_ROW.id, now: NOW });
    expect(getReportView(d, id, { userId: FSE_ROW.id, today: '2026-03-02' })).toMatchObject({ status: 'returned', reviewComment: 'Add the root cause', reviewerName: AGENT.name });
    saveReportLocally(d, { id, caseId: CASE_ID, fields: { ...COMPLETE, rootCause: 'Igniter at end of life' } }, fseCtx);
    submitReportLocally(d, { id }, fseCtx);
    expect(getReportView(d, id, { userId: FSE_ROW.id, today: '2026-03-02' })).toMatchObject({ status: 'submitted', rootCause: 'Igniter at end of life', number: 'SR-2026-000009', pending: true });
    // Someone else's report is not this engineer's to change.
    expect(() => saveReportLocally(d, { id, caseId: CASE_ID, fields: COMPLETE }, { ...fseCtx, userId: AGENT.id })).toThrow(/Only the engineer/);
  });

  it('refuses what this console can already tell is wrong', async () => {
    const d = setup();
    // Only for cases assigned to the engineer.
    expect(() => saveReportLocally(d, { caseId: CASE_ID, fields: {} }, { ...fseCtx, userId: AGENT.id })).toThrow(/assigned to you/);
    expect(() => closeCaseLocally(d, { caseId: CASE_ID }, agentCtx)).toThrow(/Only a resolved case/);
    const { id } = saveReportLocally(d, { caseId: CASE_ID, fields: {} }, fseCtx);
    try {
      submitReportLocally(d, { id }, fseCtx);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details?.fields).toMatchObject({ diagnosis: 'Describe the diagnosis.' });
    }
    const stored = await processPhoto(await jpeg(400, 300), path.join(dir, 'photos'));
    const photo = addPhotoLocally(d, { reportId: id, tag: 'after', caption: '', ...stored }, stored.thumbBytes, fseCtx);
    removePhotoLocally(d, { id: photo.id }, fseCtx);
    expect(getReportView(d, id, { userId: FSE_ROW.id, today: '2026-03-02' })!.photos).toEqual([]);
    expect(readUploadQueue(d)).toEqual([]);
  });

  it('finds double bookings (travel included), time off, days off and hours outside the working day', () => {
    const d = setup(AGENT.id);
    const plan = (date: string, start: string, durationMinutes: number, travelMinutes = 0) =>
      scheduleVisitLocally(d, { caseId: CASE_ID, engineerId: FSE_ROW.id, date, start, durationMinutes, travelMinutes }, agentCtx).id;
    const a = plan('2026-03-02', '09:00', 120);
    const b = plan('2026-03-02', '12:00', 60, 45); // leaves at 11:15, after A ends at 11:00
    const c = plan('2026-03-02', '11:30', 60, 0); // overlaps B (11:15-13:00)
    const d4 = plan('2026-03-04', '10:00', 60); // on leave
    const d7 = plan('2026-03-07', '10:00', 60); // Saturday
    const late = plan('2026-03-03', '16:00', 120); // ends 18:00
    const early = plan('2026-03-05', '08:15', 60, 30); // leaves 07:45
    const cal = getCalendar(d, loadServiceOverlay(d, AGENT.id), { from: '2026-03-02', to: '2026-03-08', engineerIds: [FSE_ROW.id] });
    expect(cal.days).toHaveLength(7);
    expect(cal.engineers[0]!.days[0]).toEqual({ date: '2026-03-02', working: true, hours: '08:00–17:00', note: null });
    expect(cal.engineers[0]!.days[2]).toEqual({ date: '2026-03-04', working: false, hours: null, note: 'On leave: Training' });
    expect(cal.engineers[0]!.days[5]).toMatchObject({ working: false, note: 'Off' });
    expect(cal.visits.map((v) => v.id)).toEqual([a, c, b, late, d4, early, d7]);
    expect(cal.visits.every((v) => v.pending && v.caseLabel === 'DTR-2026-000001')).toBe(true);
    const kinds = cal.clashes.map((k) => [k.kind, k.visitId, k.otherVisitId]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['double_booking', c, b],
        ['time_off', d4, null],
        ['day_off', d7, null],
        ['outside_hours', late, null],
        ['outside_hours', early, null],
      ]),
    );
    expect(cal.clashes.filter((k) => k.kind === 'double_booking')).toHaveLength(1);
    expect(kinds.some((k) => k[1] === a)).toBe(false);
    // Before saving: a new visit at 10:00 on Monday clashes with A; moving A itself does not clash with A.
    expect(checkVisit(d, loadServiceOverlay(d, AGENT.id), { visitId: null, engineerId: FSE_ROW.id, date: '2026-03-02', start: '10:00', durationMinutes: 30, travelMinutes: 0 })).toEqual([
      expect.objectContaining({ kind: 'double_booking', otherVisitId: a }),
    ]);
    expect(checkVisit(d, loadServiceOverlay(d, AGENT.id), { visitId: a, engineerId: FSE_ROW.id, date: '2026-03-02', start: '09:30', durationMinutes: 60, travelMinutes: 0 })).toEqual([]);
    // Visits touching end to start are fine.
    expect(checkVisit(d, loadServiceOverlay(d, AGENT.id), { visitId: null, engineerId: FSE_ROW.id, date: '2026-03-02', start: '13:00', durationMinutes: 60, travelMinutes: 0 })).toEqual([]);
  });

  it('a visit with another engineer asks first, then shows the case reassigned at once (one pending mutation)', () => {
    const d = setup(AGENT.id);
    const ANA = '01900000-0000-7000-8000-0000000000a7';
    const visit = { caseId: CASE_ID, engineerId: ANA, date: '2026-03-03', start: '09:00', durationMinutes: 60 };
    const refused = (fn: () => unknown) => {
      try {
        fn();
        return null;
      } catch (error) {
        return error as AppError;
      }
    };
    // Without the confirmation: the UI is told a reassignment is needed, nothing is queued.
    expect(refused(() => scheduleVisitLocally(d, visit, managerCtx))).toMatchObject({ code: 'VALIDATION', details: { reassignNeeded: true, assigneeId: FSE_ROW.id } });
    // An agent may not reassign, even when confirming.
    expect(refused(() => scheduleVisitLocally(d, { ...visit, reassignCase: true }, agentCtx))).toMatchObject({ code: 'FORBIDDEN' });
    // An FSE plans only for themselves.
    expect(refused(() => scheduleVisitLocally(d, { ...visit, reassignCase: true }, { ...fseCtx, role: 'fse' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(d.select().from(outbox).all()).toHaveLength(0);

    const { id } = scheduleVisitLocally(d, { ...visit, reassignCase: true }, managerCtx);
    expect(getViewCase(d, CASE_ID)).toMatchObject({ assigneeId: ANA, pending: true });
    const rows = d.select().from(outbox).all();
    expect(rows).toEqual([expect.objectContaining({ name: 'scheduleVisit', caseId: CASE_ID, args: expect.objectContaining({ id, engineerId: ANA, reassignCase: true }) })]);
    // Moving it back to the first engineer (confirmed) hands the case back, still pending.
    updateVisitLocally(d, { id, patch: { engineerId: FSE_ROW.id }, reassignCase: true }, managerCtx);
    expect(getViewCase(d, CASE_ID)).toMatchObject({ assigneeId: FSE_ROW.id, pending: true });
    // A move that keeps the engineer is not a change of the case.
    updateVisitLocally(d, { id, patch: { start: '10:00' } }, managerCtx);
    expect(d.select().from(outbox).all().map((r) => r.caseId)).toEqual([CASE_ID, CASE_ID, null]);
  });

  it('resizes photos to 2048 and 320 JPEGs, and explains corrupt and oversized ones', async () => {
    dir = tempDataDir();
    const photos = path.join(dir, 'photos');
    const stored = await processPhoto(await sharp({ create: { width: 1000, height: 4000, channels: 3, background: '#336699' } }).png().toBuffer(), photos);
    expect([stored.width, stored.height]).toEqual([512, 2048]);
    const thumb = await sharp(fs.readFileSync(photoPath(photos, stored.thumbSha256))).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['jpeg', 80, 320]);
    expect((await sharp(fs.readFileSync(photoPath(photos, stored.sha256))).metadata()).format).toBe('jpeg');
    // A small photo is not enlarged; the same photo twice is stored once.
    const small = await processPhoto(await jpeg(640, 480), photos);
    expect([small.width, small.height]).toEqual([640, 480]);
    expect((await processPhoto(await jpeg(640, 480), photos)).sha256).toBe(small.sha256);

    await expect(processPhoto(Buffer.from('this is not an image at all'), photos, 'broken.jpg')).rejects.toThrow(/broken.jpg is not an image this console can read/);
    const truncated = (await jpeg(800, 600)).subarray(0, 400);
    await expect(processPhoto(truncated, photos, 'cut.jpg')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(processPhoto(Buffer.alloc(31 * 1024 * 1024), photos)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/larger than 30 MB/) });
    // 9000 x 7000 = 63 MP: too many pixels, refused from the header before decoding (a small JPEG
    // whose frame header claims that size: the check must not need the pixels).
    const huge = await jpeg(16, 16);
    const sof = huge.indexOf(Buffer.from([0xff, 0xc0]));
    huge.writeUInt16BE(7000, sof + 5);
    huge.writeUInt16BE(9000, sof + 7);
    await expect(processPhoto(huge, photos)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/megapixels/) });
  });

  it('refuses by role in the core, before anything reaches the outbox', async () => {
    const rig = await coreRig({ user: AGENT, password: 'pw', rows: { users: [AGENT_ROW, FSE], cases: [confirmedCase(CASE_ID, 5, { status: 'assigned', assigneeId: FSE_ROW.id })] } }, cleanups);
    const { core } = await rig.open();
    await call(core, 'session.login', { email: AGENT.email, password: 'pw' });
    await isOnline(core);
    const refused = async (method: Parameters<typeof core.handle>[1], arg: unknown) => {
      const reply = await core.handle(1, method, arg);
      return reply.ok ? null : reply.error;
    };
    expect(await refused('reports.save', { caseId: CASE_ID, fields: {} })).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/engineers and admins write/) });
    expect(await refused('uploads.chunk', { uploadId: CASE_ID, index: 0, dataBase64: 'AAAA' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('reports.review', { id: CASE_ID, decision: 'approve' })).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/managers and admins review/) });
    expect(await refused('parts.save', { id: CASE_ID, partNumber: 'X', description: 'Y' })).toMatchObject({ code: 'FORBIDDEN' });
    // An agent plans visits: scheduled, moved and cancelled locally, then confirmed by the hub.
    const defaults = await call(core, 'visits.defaults', { caseId: CASE_ID });
    expect(defaults).toMatchObject({ engineerId: FSE_ROW.id, durationMinutes: 120, checklist: { accessNotes: '' } });
    const { id: visitId } = await call(core, 'visits.schedule', { caseId: CASE_ID, engineerId: FSE_ROW.id, date: '2026-03-02', start: '09:00', durationMinutes: 60, checklist: defaults.checklist });
    expect(await call(core, 'visits.list', { caseId: CASE_ID })).toEqual([expect.objectContaining({ id: visitId, engineerName: FSE.name, status: 'scheduled' })]);
    await call(core, 'visits.update', { id: visitId, patch: { start: '10:00' } });
    expect(await call(core, 'visits.check', { engineerId: FSE_ROW.id, date: '2026-03-02', start: '10:30', durationMinutes: 30 })).toEqual([expect.objectContaining({ kind: 'double_booking', otherVisitId: visitId })]);
    const confirmed = await eventually(async () => {
      const [v] = await call(core, 'visits.list', { caseId: CASE_ID });
      return v && !v.pending ? v : null;
    }, 'the hub confirms the visit');
    expect(confirmed).toMatchObject({ start: '10:00', caseLabel: 'DTR-2026-000001' });
    expect((await call(core, 'visits.calendar', { from: '2026-03-02', to: '2026-03-06' })).visits.map((v) => v.id)).toEqual([visitId]);
    await call(core, 'visits.cancel', { id: visitId, reason: 'Customer asked to move it' });
    expect(await call(core, 'visits.list', { caseId: CASE_ID })).toEqual([expect.objectContaining({ status: 'cancelled', cancelReason: 'Customer asked to move it' })]);
    expect(await refused('visits.cancel', { id: visitId, reason: 'again' })).toMatchObject({ code: 'CONFLICT' });
    expect(await call(core, 'reports.uploads', {})).toEqual({ queued: 0, bytesQueued: 0, current: null, lastError: null });
  });
});
