// Local writes for visits, service reports, photos, parts and case resolution: each checks what
// this console can check (the row exists as the user sees it, the report is editable, the case's
// status allows it) and appends the mutation to the outbox in one transaction. Reads overlay the
// pending outbox (service-overlay.ts), so the change shows at once, offline and after a restart.
import { uuidv7 } from 'uuidv7';
import type { Role } from '../../../shared/domain.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import { can } from '../../../shared/permissions.js';
import {
  addReportPhotoArgsSchema,
  cancelVisitArgsSchema,
  closeCaseArgsSchema,
  removeReportPhotoArgsSchema,
  reopenCaseArgsSchema,
  reviewServiceReportArgsSchema,
  savePartArgsSchema,
  saveServiceReportArgsSchema,
  scheduleVisitArgsSchema,
  submitServiceReportArgsSchema,
  updateVisitArgsSchema,
  type AddReportPhotoArgs,
  type ServiceReportRow,
} from '../../../shared/service.js';
import type { MutationName } from '../../../shared/sync/mutations.js';
import { writeTransaction, type WritableDb } from './cache/cache-db.js';
import { getViewCase, recomputeCases } from './cache/case-view.js';
import { getLastMutationId, setLastMutationId } from './cache/meta.js';
import { outbox } from './cache/schema.js';
import { max } from 'drizzle-orm';
import type { LocalWriteContext } from './local-writes.js';
import { readUploadQueue, writeUploadQueue, type QueuedUpload } from './photos/photo-store.js';
import { effectivePhoto, effectiveReport, effectiveVisit, loadServiceOverlay, type ServiceOverlay } from './service-overlay.js';
import { reportProblems } from './service-views.js';

export type ServiceWriteContext = LocalWriteContext & Readonly<{ /** Admins may edit any engineer's report. */ isAdmin: boolean }>;

function nextMutationId(db: WritableDb): number {
  const inOutbox = db.select({ id: max(outbox.mutationId) }).from(outbox).get()?.id ?? 0;
  const next = Math.max(getLastMutationId(db), inOutbox) + 1;
  setLastMutationId(db, next);
  return next;
}

/** caseId on the outbox row only for mutations that change the case itself (it then reads as pending). */
function append(db: WritableDb, name: MutationName, args: unknown, caseId: string | null, ctx: LocalWriteContext): number {
  const mutationId = nextMutationId(db);
  db.insert(outbox).values({ mutationId, name, args, baseVersions: {}, createdAt: ctx.now, caseId, offline: ctx.offline === true }).run();
  // The case view shows the status it is moving to (cache/case-view.ts replayView), marked pending.
  if (caseId) recomputeCases(db, [caseId], ctx);
  return mutationId;
}

function requireCase(db: WritableDb, caseId: string) {
  const row = getViewCase(db, caseId);
  if (!row) throw new AppError('NOT_FOUND', 'This case does not exist (it may have been removed).');
  return row;
}

function overlay(db: WritableDb, ctx: LocalWriteContext): ServiceOverlay {
  return loadServiceOverlay(db, ctx.userId);
}

export function savePartLocally(db: WritableDb, input: unknown, ctx: LocalWriteContext): { id: string } {
  const args = parseOrThrow(savePartArgsSchema, input);
  return writeTransaction(db, () => {
    append(db, 'savePart', args, null, ctx);
    return { id: args.id };
  });
}

/** Who plans a visit: their role decides whether a visit may hand the case to another engineer. */
export type VisitWriteContext = LocalWriteContext & Readonly<{ role: Role }>;

/**
 * The hub's rule, checked here first: a visit is with the case's assignee, or with another engineer
 * who takes the case over when the planner confirmed it (`reassignCase`) and may assign cases. An
 * FSE plans only their own visits. Returns whether the write reassigns the case.
 */
function visitReassigns(caseRow: Readonly<{ id: string; assigneeId: string | null }>, engineerId: string, reassignCase: boolean, ctx: VisitWriteContext): boolean {
  if (ctx.role === 'fse' && engineerId !== ctx.userId) throw new AppError('FORBIDDEN', 'You can plan visits only for yourself.');
  if (caseRow.assigneeId === engineerId) return false;
  if (!reassignCase) {
    throw new AppError('VALIDATION', 'The visit must be with the engineer the case is assigned to; confirm reassigning the case to them.', {
      fields: { engineerId: "This engineer is not the case's assignee." },
      assigneeId: caseRow.assigneeId,
      reassignNeeded: true,
    });
  }
  if (!can(ctx.role, 'case.assign')) throw new AppError('FORBIDDEN', 'Only a manager can reassign the case to another engineer; plan the visit with its assignee or ask a manager.');
  return true;
}

export function scheduleVisitLocally(db: WritableDb, input: Record<string, unknown>, ctx: VisitWriteContext): { id: string } {
  const args = parseOrThrow(scheduleVisitArgsSchema, { ...input, id: uuidv7() });
  return writeTransaction(db, () => {
    const c = requireCase(db, args.caseId);
    if (c.status === 'resolved' || c.status === 'closed') throw new AppError('CONFLICT', 'This case is resolved; reopen it before planning a visit.');
    const reassigns = visitReassigns(c, args.engineerId, args.reassignCase, ctx);
    // A reassigning visit is also a change of the case: it reads as pending with its new assignee.
    append(db, 'scheduleVisit', args, reassigns ? c.id : null, ctx);
    return { id: args.id };
  });
}

export function updateVisitLocally(db: WritableDb, input: unknown, ctx: VisitWriteContext): void {
  const args = parseOrThrow(updateVisitArgsSchema, input);
  writeTransaction(db, () => {
    const visit = effectiveVisit(db, overlay(db, ctx), args.id);
    if (!visit) throw new AppError('NOT_FOUND', 'This visit does not exist (it may have been removed).');
    if (visit.status === 'cancelled') throw new AppError('CONFLICT', 'This visit was cancelled.');
    const engineerId = args.patch.engineerId;
    const reassigns = engineerId !== undefined && engineerId !== visit.engineerId && visitReassigns(requireCase(db, visit.caseId), engineerId, args.reassignCase, ctx);
    append(db, 'updateVisit', args, reassigns ? visit.caseId : null, ctx);
  });
}

export function cancelVisitLocally(db: WritableDb, input: unknown, ctx: LocalWriteContext): void {
  const args = parseOrThrow(cancelVisitArgsSchema, input);
  writeTransaction(db, () => {
    const visit = effectiveVisit(db, overlay(db, ctx), args.id);
    if (!visit) throw new AppError('NOT_FOUND', 'This visit does not exist (it may have been removed).');
    if (visit.status !== 'scheduled') throw new AppError('CONFLICT', visit.status === 'cancelled' ? 'This visit is already cancelled.' : 'This visit is done.');
    append(db, 'cancelVisit', args, null, ctx);
  });
}

/** The report as the user sees it, editable by them (its engineer, or an admin) — else the reason. */
function editableReport(db: WritableDb, o: ServiceOverlay, id: string, ctx: ServiceWriteContext): ServiceReportRow {
  const report = effectiveReport(db, o, id);
  if (!report) throw new AppError('NOT_FOUND', 'This service report does not exist (it may have been removed).');
  if (report.engineerId !== ctx.userId && !ctx.isAdmin) throw new AppError('FORBIDDEN', 'Only the engineer who wrote this report can change it.');
  if (report.status !== 'draft' && report.status !== 'returned') throw new AppError('CONFLICT', report.status === 'approved' ? 'This report is approved and can no longer change.' : 'This report is submitted; it can change only if the reviewer returns it.');
  return report;
}

/** Creates the draft (no id) or saves its fields. An FSE writes reports only for cases assigned to them. */
export function saveReportLocally(
  db: WritableDb,
  input: Readonly<{ id?: string; caseId: string; visitId?: string | null; fields: unknown }>,
  ctx: ServiceWriteContext,
): { id: string } {
  return writeTransaction(db, () => {
    const o = overlay(db, ctx);
    const existing = input.id ? effectiveReport(db, o, input.id) : null;
    if (existing) {
      editableReport(db, o, existing.id, ctx);
      if (existing.caseId !== input.caseId) throw new AppError('VALIDATION', 'This report belongs to another case.');
    } else {
      const c = requireCase(db, input.caseId);
      if (!ctx.isAdmin && c.assigneeId !== ctx.userId) throw new AppError('FORBIDDEN', 'You can write a report only for a case assigned to you.');
      if (c.status === 'resolved' || c.status === 'closed') throw new AppError('CONFLICT', 'This case is resolved; it needs reopening before a new report.');
    }
    const visitId = input.visitId === undefined ? (existing?.visitId ?? null) : input.visitId;
    if (visitId) {
      const visit = effectiveVisit(db, o, visitId);
      if (!visit || visit.caseId !== input.caseId) throw new AppError('VALIDATION', 'That visit is not one of this case.', { fields: { visitId: 'That visit is not one of this case.' } });
    }
    const args = parseOrThrow(saveServiceReportArgsSchema, { id: existing?.id ?? input.id ?? uuidv7(), caseId: input.caseId, visitId, fields: input.fields });
    append(db, 'saveServiceReport', args, null, ctx);
    return { id: args.id };
  });
}

export function submitReportLocally(db: WritableDb, input: unknown, ctx: ServiceWriteContext): void {
  const args = parseOrThrow(submitServiceReportArgsSchema, input);
  writeTransaction(db, () => {
    const report = editableReport(db, overlay(db, ctx), args.id, ctx);
    const problems = reportProblems(report);
    if (problems.length) {
      throw new AppError('VALIDATION', `This report is not complete: ${problems.map((p) => p.message).join(' ')}`, { fields: Object.fromEntries(problems.map((p) => [p.field, p.message])) });
    }
    append(db, 'submitServiceReport', args, report.caseId, ctx);
  });
}

export function reviewReportLocally(db: WritableDb, input: unknown, ctx: LocalWriteContext): void {
  const args = parseOrThrow(reviewServiceReportArgsSchema, input);
  writeTransaction(db, () => {
    const report = effectiveReport(db, overlay(db, ctx), args.id);
    if (!report) throw new AppError('NOT_FOUND', 'This service report does not exist (it may have been removed).');
    if (report.status !== 'submitted') throw new AppError('CONFLICT', 'Only a submitted report can be reviewed (someone may have reviewed it already).');
    append(db, 'reviewServiceReport', args, report.caseId, ctx);
  });
}

/** Adds the photo row and queues both blobs for the hub, in one transaction (so neither is lost). */
export function addPhotoLocally(db: WritableDb, input: Omit<AddReportPhotoArgs, 'id'>, thumbBytes: number, ctx: ServiceWriteContext): { id: string } {
  const { reportId, tag, caption, sha256, thumbSha256, bytes, width, height } = input;
  const args = parseOrThrow(addReportPhotoArgsSchema, { id: uuidv7(), reportId, tag, caption, sha256, thumbSha256, bytes, width, height });
  return writeTransaction(db, () => {
    editableReport(db, overlay(db, ctx), args.reportId, ctx);
    append(db, 'addReportPhoto', args, null, ctx);
    const queued: QueuedUpload = { photoId: args.id, sha256: args.sha256, thumbSha256: args.thumbSha256, bytes: args.bytes, thumbBytes, queuedAt: ctx.now, attempts: 0 };
    writeUploadQueue(db, [...readUploadQueue(db), queued]);
    return { id: args.id };
  });
}

export function removePhotoLocally(db: WritableDb, input: unknown, ctx: ServiceWriteContext): void {
  const args = parseOrThrow(removeReportPhotoArgsSchema, input);
  writeTransaction(db, () => {
    const o = overlay(db, ctx);
    const photo = effectivePhoto(db, o, args.id);
    if (!photo) throw new AppError('NOT_FOUND', 'This photo does not exist (it may have been removed).');
    editableReport(db, o, photo.reportId, ctx);
    append(db, 'removeReportPhoto', args, null, ctx);
    // Nothing left to send for a photo that is gone (its files stay: another photo may share them).
    writeUploadQueue(db, readUploadQueue(db).filter((q) => q.photoId !== args.id));
  });
}

export function closeCaseLocally(db: WritableDb, input: unknown, ctx: LocalWriteContext): void {
  const args = parseOrThrow(closeCaseArgsSchema, input);
  writeTransaction(db, () => {
    const c = requireCase(db, args.caseId);
    const status = c.status;
    if (status !== 'resolved') throw new AppError('CONFLICT', status === 'closed' ? 'This case is already closed.' : 'Only a resolved case can be closed.');
    append(db, 'closeCase', args, c.id, ctx);
  });
}

export function reopenCaseLocally(db: WritableDb, input: unknown, ctx: LocalWriteContext): void {
  const args = parseOrThrow(reopenCaseArgsSchema, input);
  writeTransaction(db, () => {
    const c = requireCase(db, args.caseId);
    const status = c.status;
    if (status !== 'resolved' && status !== 'closed') throw new AppError('CONFLICT', 'Only a resolved or closed case can be reopened.');
    append(db, 'reopenCase', args, c.id, ctx);
  });
}
