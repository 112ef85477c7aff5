// Service reports: the engineer's draft (saved again and again, offline first), submission (the
// shared submitProblems rules, photos in the file store, an SR number on first submission, a new
// revision on each resubmission) and the manager's review (approve: the case resolves; return:
// back to the engineer with the reason; either may carry the reviewer's comment). Each step moves the
// case, writes its timeline event and tells the other side (notification, and email where a support
// mailbox is enabled): the region's managers and the admins on submission, the engineer on review.
import { formatReportNumber } from './report-number.js';
import type { CaseRow } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { submitProblems, type ReviewServiceReportArgs, type SaveServiceReportArgs, type ServiceReportRow } from '../../shared/service.js';
import type { WriteTx } from '../db/repository.js';
import { appendCaseEvent } from './case-events.js';
import { moveCaseStatus } from './case-resolution.js';
import { caseForCaller, invalid } from './cases.js';
import { changeEntry, type CommandContext } from './command-context.js';
import { notifyAndMailUsers, reportReviewers } from './service-notices.js';

export type ServiceReportResult = Readonly<{ id: string; caseId: string; status: ServiceReportRow['status']; number: string | null; revision: number }>;

export const REPORT_NOT_AVAILABLE = 'This service report does not exist or is not available to you.';

const resultOf = (row: ServiceReportRow): ServiceReportResult => ({ id: row.id, caseId: row.caseId, status: row.status, number: row.number, revision: row.revision });

/** A report and its case, as the caller may see them (one answer for missing and hidden). */
export async function reportForCaller(tx: WriteTx, ctx: CommandContext, id: string): Promise<{ report: ServiceReportRow; caseRow: CaseRow }> {
  const report = await tx.getServiceReport(id);
  if (!report) throw new AppError('NOT_FOUND', REPORT_NOT_AVAILABLE, { id });
  try {
    return { report, caseRow: await caseForCaller(tx, ctx, report.caseId) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', REPORT_NOT_AVAILABLE, { id });
    throw error;
  }
}

/** Only the report's engineer (or an admin) edits it, and only while it is a draft or returned. */
export function assertEditable(ctx: CommandContext, report: ServiceReportRow): void {
  if (report.engineerId !== ctx.user.id && ctx.user.role !== 'admin') throw new AppError('FORBIDDEN', 'Only the engineer who wrote this report can change it.', { id: report.id });
  if (report.status !== 'draft' && report.status !== 'returned') {
    throw new AppError('CONFLICT', report.status === 'approved' ? 'This report is approved and can no longer be changed.' : 'This report is waiting for review and cannot be changed now.', {
      id: report.id,
      status: report.status,
    });
  }
}

/** An FSE writes reports only for cases assigned to them. */
function assertMayWriteFor(ctx: CommandContext, caseRow: CaseRow): void {
  if (ctx.user.role === 'fse' && caseRow.assigneeId !== ctx.user.id) throw new AppError('FORBIDDEN', 'You can write reports only for cases assigned to you.', { caseId: caseRow.id });
}

async function logReport(tx: WriteTx, ctx: CommandContext, before: ServiceReportRow | null, after: ServiceReportRow): Promise<void> {
  await tx.appendChanges([changeEntry(ctx, { version: after.version, entity: 'serviceReports', entityId: after.id, op: 'put', before, after })]);
}

export async function saveServiceReport(tx: WriteTx, ctx: CommandContext, args: SaveServiceReportArgs): Promise<ServiceReportResult> {
  const existing = await tx.getServiceReport(args.id);
  if (existing && existing.caseId !== args.caseId) throw new AppError('CONFLICT', 'This report belongs to another case.', { id: args.id });
  const caseRow = await caseForCaller(tx, ctx, args.caseId);
  assertMayWriteFor(ctx, caseRow);
  if (existing) assertEditable(ctx, existing);
  else if (caseRow.status === 'resolved' || caseRow.status === 'closed') throw new AppError('CONFLICT', 'This case is resolved or closed; reopen it before writing a report.', { id: caseRow.id });
  if (args.visitId !== null) {
    const visit = await tx.getVisit(args.visitId);
    if (!visit || visit.caseId !== caseRow.id) throw invalid('visitId', 'That visit is not one of this case.');
  }
  for (const [index, part] of args.fields.parts.entries()) {
    if (part.partId !== null && !(await tx.getPart(part.partId))) throw invalid(`parts.${index}.partId`, 'That part is not in the catalogue.');
  }
  const version = await tx.allocateVersion();
  const row: ServiceReportRow = existing
    ? { ...existing, ...args.fields, visitId: args.visitId, updatedAt: ctx.now, version }
    : {
        ...args.fields,
        id: args.id,
        caseId: caseRow.id,
        visitId: args.visitId,
        // An admin writing for the assigned engineer keeps the report theirs.
        engineerId: ctx.user.role === 'fse' ? ctx.user.id : (caseRow.assigneeId ?? ctx.user.id),
        number: null,
        revision: 0,
        status: 'draft',
        submittedAt: null,
        reviewedBy: null,
        reviewedAt: null,
        reviewComment: null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        version,
      };
  if (existing) await tx.replaceServiceReport(row);
  else await tx.insertServiceReport(row);
  await logReport(tx, ctx, existing, row);
  // Work has started on site: a new or assigned case is now in progress.
  if (caseRow.status === 'new' || caseRow.status === 'assigned') await moveCaseStatus(tx, ctx, caseRow, 'in_progress', { changedEvent: true });
  return resultOf(row);
}

export async function submitServiceReport(tx: WriteTx, ctx: CommandContext, args: Readonly<{ id: string }>): Promise<ServiceReportResult> {
  const { report, caseRow } = await reportForCaller(tx, ctx, args.id);
  assertMayWriteFor(ctx, caseRow);
  assertEditable(ctx, report);
  const photos = [];
  for (const photo of await tx.reportPhotosOfReport(report.id)) {
    photos.push({ uploaded: (await tx.getFile(photo.sha256)) !== null && (await tx.getFile(photo.thumbSha256)) !== null });
  }
  const problems = submitProblems(report, photos);
  if (problems.length > 0) {
    const fields: Record<string, string> = {};
    for (const problem of problems) fields[problem.field] ??= problem.message;
    throw new AppError('VALIDATION', `The report is not ready to submit: ${problems.map((p) => p.message).join(' ')}`, { fields, problems });
  }
  const year = new Date(ctx.now).getUTCFullYear();
  const number = report.number ?? formatReportNumber(year, await tx.nextReportNumber(year));
  const after: ServiceReportRow = {
    ...report,
    number,
    revision: report.revision + 1,
    status: 'submitted',
    submittedAt: ctx.now,
    reviewedBy: null,
    reviewedAt: null,
    updatedAt: ctx.now,
    version: await tx.allocateVersion(),
  };
  await tx.replaceServiceReport(after);
  await logReport(tx, ctx, report, after);
  if (caseRow.status !== 'awaiting_approval') await moveCaseStatus(tx, ctx, caseRow, 'awaiting_approval');
  const event = await appendCaseEvent(tx, ctx, caseRow.id, 'report_submitted', { reportId: after.id, number, revision: after.revision });
  const reviewers = await reportReviewers(tx, caseRow);
  const engineer = await tx.getUser(after.engineerId);
  const label = caseRow.number ?? 'a case';
  const revision = after.revision > 1 ? ` (revision ${after.revision})` : '';
  await notifyAndMailUsers(tx, ctx, {
    userIds: reviewers.map((m) => m.id),
    kind: 'report_submitted',
    caseId: caseRow.id,
    eventId: event.id,
    text: `${number}${revision} for ${label} is waiting for review`,
    subject: `Service report ${number}${revision} to review [${label}]`,
    body: [
      `${engineer?.name ?? 'An engineer'} submitted service report ${number}${revision} for ${label} ("${caseRow.title}").`,
      '',
      `Resolution: ${after.resolution}`,
      '',
      'Open it in Lamphouse under Reviews to approve it or return it with comments.',
    ].join('\n'),
  });
  return resultOf(after);
}

export async function reviewServiceReport(tx: WriteTx, ctx: CommandContext, args: ReviewServiceReportArgs): Promise<ServiceReportResult> {
  const { report, caseRow } = await reportForCaller(tx, ctx, args.id);
  if (report.status !== 'submitted' || report.number === null) {
    throw new AppError('CONFLICT', report.status === 'approved' ? 'This report is already approved.' : 'Only a submitted report can be reviewed.', { id: report.id, status: report.status });
  }
  const approve = args.decision === 'approve';
  const after: ServiceReportRow = {
    ...report,
    status: approve ? 'approved' : 'returned',
    reviewedBy: ctx.user.id,
    reviewedAt: ctx.now,
    reviewComment: args.comment === '' ? null : args.comment,
    updatedAt: ctx.now,
    version: await tx.allocateVersion(),
  };
  await tx.replaceServiceReport(after);
  await logReport(tx, ctx, report, after);
  const number = report.number;
  const label = caseRow.number ?? 'a case';
  const reviewer = ctx.user.name;
  const comment = args.comment.trim();
  if (approve) {
    const event = await appendCaseEvent(tx, ctx, caseRow.id, 'report_approved', { reportId: after.id, number, revision: after.revision, comment: args.comment });
    await notifyAndMailUsers(tx, ctx, {
      userIds: [after.engineerId],
      kind: 'report_approved',
      caseId: caseRow.id,
      eventId: event.id,
      text: `${number} for ${label} was approved${comment ? `: ${comment}` : ''}`,
      subject: `Service report ${number} approved [${label}]`,
      body: [`${reviewer} approved your service report ${number} for ${label} ("${caseRow.title}").`, ...(comment ? ['', 'Comment:', comment] : [])].join('\n'),
    });
    if (caseRow.status !== 'resolved' && caseRow.status !== 'closed') {
      const resolved = await moveCaseStatus(tx, ctx, caseRow, 'resolved');
      await appendCaseEvent(tx, ctx, caseRow.id, 'case_resolved', { reportId: after.id, resolvedAt: resolved.resolvedAt ?? ctx.now });
    }
  } else {
    const event = await appendCaseEvent(tx, ctx, caseRow.id, 'report_returned', { reportId: after.id, number, revision: after.revision, comment: args.comment });
    await notifyAndMailUsers(tx, ctx, {
      userIds: [after.engineerId],
      kind: 'report_returned',
      caseId: caseRow.id,
      eventId: event.id,
      text: `${number} for ${label} was returned: ${comment}`,
      subject: `Service report ${number} returned for changes [${label}]`,
      body: [`${reviewer} returned your service report ${number} for ${label} ("${caseRow.title}").`, '', 'What to change:', comment, '', 'Open it in Lamphouse, make the changes and submit it again.'].join('\n'),
    });
    if (caseRow.status === 'awaiting_approval') await moveCaseStatus(tx, ctx, caseRow, 'in_progress');
  }
  return resultOf(after);
}
