// Site visits: a manager or agent plans one for a case (with its assignee, or with another engineer
// who then takes the case over), moves it, marks it done or cancels it. Each change is change-logged,
// on the case's timeline, notified to the engineer and, where a support mailbox exists, emailed to
// the site contact.
import { applyCasePatch } from '../../shared/case-lifecycle.js';
import type { CaseRow } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { can } from '../../shared/permissions.js';
import type { CancelVisitArgs, ScheduleVisitArgs, UpdateVisitArgs, VisitRow } from '../../shared/service.js';
import type { WriteTx } from '../db/repository.js';
import { appendCaseEvent } from './case-events.js';
import { caseForCaller, invalid, writeCaseChange } from './cases.js';
import { changeEntry, type CommandContext } from './command-context.js';
import { mailSiteContact, notifyUsers, visitWhen } from './service-notices.js';

export type VisitResult = Readonly<{ id: string; caseId: string }>;

export const VISIT_NOT_AVAILABLE = 'This visit does not exist or is not available to you.';

const isDone = (row: CaseRow) => row.status === 'resolved' || row.status === 'closed';

/**
 * The engineer must be an active FSE. One other than the case's assignee takes the case over, in
 * this transaction, when the planner confirmed it (`reassignCase`) and may assign cases; otherwise
 * the visit is refused, so nobody reassigns a case by accident. An FSE plans only their own visits.
 * Returns the case as it now stands.
 */
async function engineerForCase(tx: WriteTx, ctx: CommandContext, row: CaseRow, engineerId: string, reassignCase: boolean): Promise<CaseRow> {
  if (ctx.user.role === 'fse' && engineerId !== ctx.user.id) throw new AppError('FORBIDDEN', 'You can plan visits only for yourself.', { engineerId });
  const engineer = await tx.getUser(engineerId);
  if (!engineer || !engineer.active || engineer.role !== 'fse') throw invalid('engineerId', 'Choose an active field service engineer.');
  if (row.assigneeId === engineerId) return row;
  if (!reassignCase) {
    throw new AppError(
      'VALIDATION',
      row.assigneeId === null ? 'Assign the case to the engineer before planning a visit, or confirm the reassignment.' : 'The visit must be with the engineer the case is assigned to; confirm reassigning the case to them.',
      { fields: { engineerId: 'This engineer is not the case\'s assignee.' }, assigneeId: row.assigneeId, reassignNeeded: true },
    );
  }
  if (!can(ctx.user.role, 'case.assign')) {
    throw new AppError('FORBIDDEN', 'Only a manager can reassign the case to another engineer; plan the visit with its assignee or ask a manager.', { caseId: row.id, assigneeId: row.assigneeId });
  }
  // The same write as a manager's reassignment: assignee (and new → assigned), SLA, change log and
  // the `changed` event that puts who reassigned it, from whom and to whom, on the timeline.
  const next = applyCasePatch(row, { assigneeId: engineerId }, { now: ctx.now, version: await tx.allocateVersion() });
  await writeCaseChange(tx, ctx, row, next);
  return (await tx.getCase(row.id)) ?? next;
}

/** A visit and its case, as the caller may see them (one answer for missing and hidden). */
async function visitForCaller(tx: WriteTx, ctx: CommandContext, id: string): Promise<{ visit: VisitRow; caseRow: CaseRow }> {
  const visit = await tx.getVisit(id);
  if (!visit) throw new AppError('NOT_FOUND', VISIT_NOT_AVAILABLE, { id });
  try {
    return { visit, caseRow: await caseForCaller(tx, ctx, visit.caseId) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', VISIT_NOT_AVAILABLE, { id });
    throw error;
  }
}

async function logVisit(tx: WriteTx, ctx: CommandContext, before: VisitRow | null, after: VisitRow): Promise<void> {
  await tx.appendChanges([changeEntry(ctx, { version: after.version, entity: 'visits', entityId: after.id, op: 'put', before, after })]);
}

export async function scheduleVisit(tx: WriteTx, ctx: CommandContext, args: ScheduleVisitArgs): Promise<VisitResult> {
  if (await tx.getVisit(args.id)) throw new AppError('CONFLICT', 'A visit with this id already exists.', { id: args.id });
  let caseRow = await caseForCaller(tx, ctx, args.caseId);
  if (isDone(caseRow)) throw new AppError('CONFLICT', 'This case is resolved or closed; reopen it before planning a visit.', { id: caseRow.id });
  caseRow = await engineerForCase(tx, ctx, caseRow, args.engineerId, args.reassignCase);
  const site = caseRow.siteId ? await tx.getSite(caseRow.siteId) : null;
  // Pre-filled from the site's access notes when the planner left them empty.
  const checklist = { ...args.checklist, accessNotes: args.checklist.accessNotes || site?.accessNotes || '' };
  const version = await tx.allocateVersion();
  const visit: VisitRow = {
    id: args.id,
    caseId: caseRow.id,
    engineerId: args.engineerId,
    date: args.date,
    start: args.start,
    durationMinutes: args.durationMinutes,
    travelMinutes: args.travelMinutes,
    status: 'scheduled',
    checklist,
    cancelReason: null,
    reminderSentAt: null,
    createdBy: ctx.user.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version,
  };
  await tx.insertVisit(visit);
  await logVisit(tx, ctx, null, visit);
  const event = await appendCaseEvent(tx, ctx, caseRow.id, 'visit_scheduled', {
    visitId: visit.id,
    engineerId: visit.engineerId,
    date: visit.date,
    start: visit.start,
    durationMinutes: visit.durationMinutes,
  });
  await notifyUsers(tx, ctx, { userIds: [visit.engineerId], kind: 'visit_booked', caseId: caseRow.id, eventId: event.id, text: `Visit booked for ${caseRow.number ?? 'a case'}: ${visitWhen(visit)}` });
  await mailSiteContact(tx, ctx, { kind: 'booked', caseRow, visit, eventId: event.id });
  return { id: visit.id, caseId: caseRow.id };
}

export async function updateVisit(tx: WriteTx, ctx: CommandContext, args: UpdateVisitArgs): Promise<VisitResult> {
  const found = await visitForCaller(tx, ctx, args.id);
  const before = found.visit;
  let caseRow = found.caseRow;
  if (before.status !== 'scheduled') throw new AppError('CONFLICT', `This visit is ${before.status} and can no longer be changed.`, { id: before.id, status: before.status });
  const patch = args.patch;
  const moved =
    (patch.engineerId !== undefined && patch.engineerId !== before.engineerId) ||
    (patch.date !== undefined && patch.date !== before.date) ||
    (patch.start !== undefined && patch.start !== before.start) ||
    (patch.durationMinutes !== undefined && patch.durationMinutes !== before.durationMinutes);
  if (patch.engineerId !== undefined && patch.engineerId !== before.engineerId) caseRow = await engineerForCase(tx, ctx, caseRow, patch.engineerId, args.reassignCase);
  const version = await tx.allocateVersion();
  const after: VisitRow = {
    ...before,
    engineerId: patch.engineerId ?? before.engineerId,
    date: patch.date ?? before.date,
    start: patch.start ?? before.start,
    durationMinutes: patch.durationMinutes ?? before.durationMinutes,
    travelMinutes: patch.travelMinutes ?? before.travelMinutes,
    checklist: patch.checklist ?? before.checklist,
    status: patch.status ?? before.status,
    // A visit moved to another day is reminded of again the day before its new date.
    reminderSentAt: patch.date !== undefined && patch.date !== before.date ? null : before.reminderSentAt,
    updatedAt: ctx.now,
    version,
  };
  await tx.replaceVisit(after);
  await logVisit(tx, ctx, before, after);
  if (moved && after.status === 'scheduled') {
    const event = await appendCaseEvent(tx, ctx, caseRow.id, 'visit_moved', {
      visitId: after.id,
      engineerId: after.engineerId,
      date: after.date,
      start: after.start,
      durationMinutes: after.durationMinutes,
      from: { engineerId: before.engineerId, date: before.date, start: before.start },
    });
    const label = caseRow.number ?? 'a case';
    await notifyUsers(tx, ctx, { userIds: [after.engineerId], kind: 'visit_moved', caseId: caseRow.id, eventId: event.id, text: `Visit for ${label} moved to ${visitWhen(after)}` });
    if (after.engineerId !== before.engineerId) {
      await notifyUsers(tx, ctx, { userIds: [before.engineerId], kind: 'visit_cancelled', caseId: caseRow.id, eventId: event.id, text: `Visit for ${label} on ${visitWhen(before)} went to another engineer` });
    }
    await mailSiteContact(tx, ctx, { kind: 'moved', caseRow, visit: after, eventId: event.id });
  }
  return { id: after.id, caseId: caseRow.id };
}

export async function cancelVisit(tx: WriteTx, ctx: CommandContext, args: CancelVisitArgs): Promise<VisitResult> {
  const { visit: before, caseRow } = await visitForCaller(tx, ctx, args.id);
  if (before.status !== 'scheduled') throw new AppError('CONFLICT', `This visit is ${before.status} and cannot be cancelled.`, { id: before.id, status: before.status });
  const after: VisitRow = { ...before, status: 'cancelled', cancelReason: args.reason, updatedAt: ctx.now, version: await tx.allocateVersion() };
  await tx.replaceVisit(after);
  await logVisit(tx, ctx, before, after);
  const event = await appendCaseEvent(tx, ctx, caseRow.id, 'visit_cancelled', { visitId: after.id, reason: args.reason });
  await notifyUsers(tx, ctx, {
    userIds: [after.engineerId],
    kind: 'visit_cancelled',
    caseId: caseRow.id,
    eventId: event.id,
    text: `Visit for ${caseRow.number ?? 'a case'} on ${visitWhen(after)} cancelled: ${args.reason}`,
  });
  await mailSiteContact(tx, ctx, { kind: 'cancelled', caseRow, visit: after, eventId: event.id, reason: args.reason });
  return { id: after.id, caseId: caseRow.id };
}
