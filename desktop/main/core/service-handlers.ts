// ConsoleApi handlers for parts, visits, service reports, photos and case resolution (issue 7).
// Reads come from the cache with pending changes on top; writes are local first (outbox). Every
// write checks the role here too (a renderer is not trusted; the hub checks again).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, like, or } from 'drizzle-orm';
import type { UploadQueueStatus } from '../../../shared/console-api.js';
import type { Role } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import { can, type Action } from '../../../shared/permissions.js';
import { localDateIn } from '../../../shared/assignment/availability.js';
import type { EntityName } from '../../../shared/sync/entities.js';
import type { WritableDb } from './cache/cache-db.js';
import { parts } from './cache/schema.js';
import type { HandlerRegistry } from './handler-registry.js';
import type { HubDownloader } from './hub-caller.js';
import type { LocalWriteContext } from './local-writes.js';
import { finishUpload, receiveChunk } from './photos/photo-intake.js';
import { localPhotoPath, photoPath } from './photos/photo-store.js';
import type { UploadQueue } from './photos/upload-queue.js';
import { effectivePhoto, loadServiceOverlay, mergeOverlay, toPartRow } from './service-overlay.js';
import { filterReports, filterVisits, getReportView, reportSummaries, sortVisits, visitViews, type ServiceReadContext } from './service-views.js';
import {
  addPhotoLocally,
  cancelVisitLocally,
  closeCaseLocally,
  removePhotoLocally,
  reopenCaseLocally,
  reviewReportLocally,
  saveReportLocally,
  savePartLocally,
  scheduleVisitLocally,
  submitReportLocally,
  updateVisitLocally,
  type ServiceWriteContext,
} from './service-writes.js';
import { checkVisit, getCalendar, visitDefaults } from './visit-calendar.js';

/** What the handlers need of the signed-in session. */
export type ServiceSession = Readonly<{
  db: WritableDb;
  userId: string;
  role: Role;
  ctx: LocalWriteContext;
  timeZone: string;
  photosDir: string;
  uploadsDir: string;
  uploads: UploadQueue;
  download: HubDownloader;
  isOnline(): boolean;
  /** Local write done: tell the windows and push the outbox. */
  changed(entities: readonly EntityName[]): void;
}>;

export type ServiceHandlerDeps = Readonly<{ session(): ServiceSession }>;

const DENIED: Readonly<Partial<Record<Action, string>>> = {
  'visit.schedule': 'Only managers, agents and admins plan visits.',
  'report.write': 'Only field service engineers and admins write service reports.',
  'report.review': 'Only managers and admins review service reports.',
  'case.close': 'Your role cannot close or reopen cases.',
  'part.manage': 'Only managers and admins keep the parts catalogue.',
};

function requireRight(s: ServiceSession, action: Action): void {
  if (!can(s.role, action)) throw new AppError('FORBIDDEN', DENIED[action] ?? 'Your role does not allow this.');
}

function readCtx(s: ServiceSession): ServiceReadContext {
  return { userId: s.userId, today: localDateIn(s.timeZone, new Date().toISOString()) };
}

function writeCtx(s: ServiceSession): ServiceWriteContext {
  return { ...s.ctx, isAdmin: s.role === 'admin' };
}

export function registerServiceHandlers(registry: HandlerRegistry, deps: ServiceHandlerDeps): void {
  const session = () => deps.session();

  registry.register('parts.list', async (arg) => {
    const s = session();
    const where = [];
    if (!arg.includeInactive) where.push(eq(parts.active, true));
    const search = arg.search?.trim();
    if (search) where.push(or(like(parts.partNumber, `%${search}%`), like(parts.description, `%${search}%`))!);
    const confirmed = s.db.select().from(parts).where(and(...where)).all().map(toPartRow);
    const needle = search?.toLowerCase();
    return mergeOverlay(confirmed, loadServiceOverlay(s.db, s.userId).parts, (p) => {
      if (!arg.includeInactive && !p.active) return false;
      if (needle && !p.partNumber.toLowerCase().includes(needle) && !p.description.toLowerCase().includes(needle)) return false;
      if (arg.model && p.models.length > 0 && !p.models.includes(arg.model)) return false;
      return true;
    }).sort((a, b) => a.partNumber.localeCompare(b.partNumber));
  });
  registry.register('parts.save', async (arg) => {
    const s = session();
    requireRight(s, 'part.manage');
    const result = savePartLocally(s.db, arg, s.ctx);
    s.changed(['parts']);
    return result;
  });

  registry.register('visits.list', async (arg) => {
    const s = session();
    const overlay = loadServiceOverlay(s.db, s.userId);
    const mine = arg.mine === true || (!arg.caseId && s.role === 'fse');
    const rows = filterVisits(s.db, overlay, { caseId: arg.caseId, engineerIds: mine ? [s.userId] : undefined, from: arg.from, to: arg.to, includeCancelled: Boolean(arg.caseId) });
    return visitViews(s.db, overlay, sortVisits(rows, Boolean(arg.caseId)));
  });
  registry.register('visits.calendar', async (arg) => {
    const s = session();
    // An engineer sees their own calendar; planning across engineers is for those who plan.
    const ownOnly = !can(s.role, 'visit.schedule');
    if (ownOnly && (arg.region !== undefined || (arg.engineerIds ?? []).some((id) => id !== s.userId))) requireRight(s, 'visit.schedule');
    return getCalendar(s.db, loadServiceOverlay(s.db, s.userId), { ...arg, engineerIds: ownOnly ? [s.userId] : arg.engineerIds });
  });
  registry.register('visits.check', async (arg) => {
    const s = session();
    requireRight(s, 'visit.schedule');
    return checkVisit(s.db, loadServiceOverlay(s.db, s.userId), { visitId: arg.visitId ?? null, engineerId: arg.engineerId, date: arg.date, start: arg.start, durationMinutes: arg.durationMinutes, travelMinutes: arg.travelMinutes ?? 0 });
  });
  registry.register('visits.defaults', async (arg) => {
    const s = session();
    requireRight(s, 'visit.schedule');
    return visitDefaults(s.db, arg.caseId);
  });
  registry.register('visits.schedule', async (arg) => {
    const s = session();
    requireRight(s, 'visit.schedule');
    const result = scheduleVisitLocally(s.db, arg, { ...s.ctx, role: s.role });
    s.changed(arg.reassignCase ? ['visits', 'cases'] : ['visits']);
    return result;
  });
  registry.register('visits.update', async (arg) => {
    const s = session();
    requireRight(s, 'visit.schedule');
    updateVisitLocally(s.db, arg, { ...s.ctx, role: s.role });
    // A confirmed reassignment moves the case too (its view reads as pending with the new assignee).
    s.changed(['visits', 'cases']);
    return null;
  });
  registry.register('visits.cancel', async (arg) => {
    const s = session();
    requireRight(s, 'visit.schedule');
    cancelVisitLocally(s.db, arg, s.ctx);
    s.changed(['visits']);
    return null;
  });

  registry.register('reports.list', async (arg) => {
    const s = session();
    const overlay = loadServiceOverlay(s.db, s.userId);
    const mine = arg.mine === true || (!arg.caseId && s.role === 'fse');
    const rows = filterReports(s.db, overlay, { caseId: arg.caseId, statuses: arg.statuses, engineerId: mine ? s.userId : undefined, limit: arg.limit ?? 500 });
    return reportSummaries(s.db, overlay, rows);
  });
  registry.register('reports.get', async (arg) => {
    const s = session();
    return getReportView(s.db, arg.id, readCtx(s));
  });
  registry.register('reports.save', async (arg) => {
    const s = session();
    requireRight(s, 'report.write');
    const result = saveReportLocally(s.db, arg, writeCtx(s));
    s.changed(['serviceReports']);
    return result;
  });
  registry.register('reports.submit', async (arg) => {
    const s = session();
    requireRight(s, 'report.write');
    submitReportLocally(s.db, arg, writeCtx(s));
    s.changed(['serviceReports', 'cases']);
    return null;
  });
  registry.register('reports.review', async (arg) => {
    const s = session();
    requireRight(s, 'report.review');
    reviewReportLocally(s.db, arg, s.ctx);
    s.changed(['serviceReports', 'cases']);
    return null;
  });

  registry.register('uploads.chunk', async (arg) => {
    const s = session();
    requireRight(s, 'report.write');
    return { received: receiveChunk(s.uploadsDir, arg.uploadId, arg.index, arg.dataBase64) };
  });
  registry.register('reports.addPhoto', async (arg) => {
    const s = session();
    requireRight(s, 'report.write');
    // Check the report first: a photo for a report that cannot take it is not worth resizing.
    const report = getReportView(s.db, arg.reportId, readCtx(s));
    if (!report) throw new AppError('NOT_FOUND', 'This service report does not exist (it may have been removed).');
    const stored = await finishUpload(s.uploadsDir, arg.uploadId, s.photosDir, arg.fileName);
    const result = addPhotoLocally(
      s.db,
      { reportId: arg.reportId, tag: arg.tag, caption: arg.caption ?? '', sha256: stored.sha256, thumbSha256: stored.thumbSha256, bytes: stored.bytes, width: stored.width, height: stored.height },
      stored.thumbBytes,
      writeCtx(s),
    );
    s.changed(['reportPhotos', 'serviceReports']);
    s.uploads.kick();
    return result;
  });
  registry.register('reports.removePhoto', async (arg) => {
    const s = session();
    requireRight(s, 'report.write');
    removePhotoLocally(s.db, arg, writeCtx(s));
    s.changed(['reportPhotos', 'serviceReports']);
    return null;
  });
  registry.register('reports.photo', async (arg) => {
    const s = session();
    const photo = effectivePhoto(s.db, loadServiceOverlay(s.db, s.userId), arg.id);
    if (!photo) throw new AppError('NOT_FOUND', 'This photo does not exist (it may have been removed).');
    const sha = arg.size === 'thumb' ? photo.thumbSha256 : photo.sha256;
    const local = localPhotoPath(s.photosDir, sha);
    if (local) return { dataUrl: `data:image/jpeg;base64,${fs.readFileSync(local).toString('base64')}` };
    if (!s.isOnline()) return null;
    const file = await s.download('files.get', 'Showing a photo', { id: sha });
    // Keep what the hub sent under its content address, once it is checked to be what was asked for.
    if (createHash('sha256').update(file.bytes).digest('hex') !== sha) throw new AppError('UNAVAILABLE', 'The hub sent a different photo than the one asked for.');
    fs.mkdirSync(s.photosDir, { recursive: true });
    const target = photoPath(s.photosDir, sha);
    const temp = path.join(s.photosDir, `${sha}.${process.pid}.download`);
    fs.writeFileSync(temp, file.bytes);
    fs.renameSync(temp, target);
    return { dataUrl: `data:image/jpeg;base64,${file.bytes.toString('base64')}` };
  });
  registry.register('reports.uploads', async (): Promise<UploadQueueStatus> => session().uploads.status());

  registry.register('cases.close', async (arg) => {
    const s = session();
    requireRight(s, 'case.close');
    closeCaseLocally(s.db, arg, s.ctx);
    s.changed(['cases', 'serviceReports']);
    return null;
  });
  registry.register('cases.reopen', async (arg) => {
    const s = session();
    requireRight(s, 'case.close');
    reopenCaseLocally(s.db, arg, s.ctx);
    s.changed(['cases', 'serviceReports']);
    return null;
  });
}
