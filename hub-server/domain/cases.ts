// Case commands run by the hub, the authority: create (numbering it), update (field-level merge
// with the shared policy; held-back `confirm` fields become conflict records) and delete (hard,
// with the before-image in the change log; deletes win over later edits). Each writes its timeline
// event (created, changed, deleted) and re-derives the SLA deadline in the same transaction.
import { isCaseVisible } from '../../shared/sync/visibility.js';
import { uuidv7 } from 'uuidv7';
import type { FieldChange } from '../../shared/case-events.js';
import { CASE_PATCH_FIELDS, type CaseRow, type ConflictRow, type CreateCaseArgs, type DeleteCaseArgs, type UpdateCaseArgs } from '../../shared/domain.js';
import { applyCasePatch, buildNewCase } from '../../shared/case-lifecycle.js';
import { formatCaseNumber } from '../../shared/case-number.js';
import { AppError } from '../../shared/errors.js';
import { mergeCasePatch } from '../../shared/sync/merge.js';
import type { ChangeLogEntry, WriteTx } from '../db/repository.js';
import { appendCaseEvent } from './case-events.js';
import { changeEntry, type CommandContext } from './command-context.js';
import { withSlaDueAt } from './sla.js';

export type CreateCaseResult = Readonly<{ id: string; number: string }>;
/** `conflicts` lists the ids of the conflict records made for held-back `confirm` fields. */
export type UpdateCaseResult = Readonly<{ id: string; conflicts: readonly string[] }>;
export type DeleteCaseResult = Readonly<{ id: string }>;

export function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION', message, { fields: { [field]: message } });
}

/** The NOT_FOUND for a case that is not there, naming who deleted it when the log knows. */
/** One answer for "never existed" and "not yours to see", so ids outside a user's view leak nothing. */
export const CASE_NOT_AVAILABLE = 'This case does not exist or is not available to you.';

async function regionOf(tx: WriteTx, siteId: string | null): Promise<string | null> {
  return siteId ? ((await tx.getSite(siteId))?.region ?? null) : null;
}

/** NOT_FOUND for a missing case; says who deleted it only to someone who could see it. */
export async function caseNotFound(tx: WriteTx, id: string, viewer: CommandContext['user']): Promise<AppError> {
  const deletion = await tx.lastDeletion('cases', id);
  const before = deletion?.before as CaseRow | null | undefined;
  if (!deletion || !before || !isCaseVisible(viewer, before, await regionOf(tx, before.siteId))) {
    return new AppError('NOT_FOUND', CASE_NOT_AVAILABLE, { id });
  }
  const who = deletion.userId ? await tx.getUser(deletion.userId) : null;
  return new AppError('NOT_FOUND', `This case was deleted by ${who?.name ?? 'someone'}.`, { id, deletedBy: deletion.userId, deletedAt: deletion.createdAt });
}

export async function assertAssignable(tx: WriteTx, assigneeId: string | null | undefined): Promise<void> {
  if (!assigneeId) return;
  const assignee = await tx.getUser(assigneeId);
  if (!assignee || !assignee.active) throw invalid('assigneeId', 'That person cannot be assigned (unknown or deactivated).');
}

/** Resolves the installed-base links: a known projector fills in its site and customer. */
async function resolveLinks(tx: WriteTx, args: CreateCaseArgs): Promise<Pick<CaseRow, 'projectorId' | 'siteId' | 'customerId'>> {
  let { siteId, customerId } = args;
  if (args.projectorId) {
    const projector = await tx.getProjector(args.projectorId);
    if (!projector) throw invalid('projectorId', 'That projector is not in the installed base.');
    siteId ??= projector.siteId;
  }
  if (siteId) {
    const site = await tx.getSite(siteId);
    if (!site) throw invalid('siteId', 'That site does not exist.');
    customerId ??= site.customerId;
  }
  if (customerId && !(await tx.getCustomer(customerId))) throw invalid('customerId', 'That customer does not exist.');
  return { projectorId: args.projectorId, siteId, customerId };
}

export async function createCase(tx: WriteTx, ctx: CommandContext, args: CreateCaseArgs): Promise<CreateCaseResult> {
  if (await tx.getCase(args.id)) throw new AppError('CONFLICT', 'A case with this id already exists.', { id: args.id });
  if (await tx.lastDeletion('cases', args.id)) throw new AppError('CONFLICT', 'A case with this id existed and was deleted.', { id: args.id });
  const links = await resolveLinks(tx, args);
  const year = new Date(ctx.now).getUTCFullYear();
  const number = formatCaseNumber(year, await tx.nextCaseNumber(year));
  const version = await tx.allocateVersion();
  const row = await withSlaDueAt(tx, buildNewCase({ ...args, ...links }, { userId: ctx.user.id, now: ctx.now, version, number }), ctx.now);
  await tx.insertCases([row]);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: null, after: row })]);
  await appendCaseEvent(tx, ctx, row.id, 'created', { channel: row.channel, title: row.title });
  return { id: row.id, number };
}

const sameValue = (a: unknown, b: unknown) => a === b || (a == null && b == null);

/** The patchable fields a write changed, before and after (what a `changed` event shows). */
export function appliedChanges(before: CaseRow, after: CaseRow): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of CASE_PATCH_FIELDS) {
    if (!sameValue(before[field], after[field])) changes.push({ field, before: before[field], after: after[field] });
  }
  return changes;
}

const isDone = (status: CaseRow['status']) => status === 'resolved' || status === 'closed';

/** When a case counts as resolved after a status change: set on resolving, kept on closing, cleared on reopening. */
export function resolvedAtAfter(before: CaseRow, after: CaseRow, now: string): string | null {
  if (!isDone(after.status)) return null;
  if (isDone(before.status)) return before.resolvedAt ?? now;
  return now;
}

/**
 * Writes a new state of a case the caller already loaded: derives the SLA deadline, stores it,
 * logs it and records the `changed` event (when a patchable field actually moved).
 */
export async function writeCaseChange(tx: WriteTx, ctx: CommandContext, before: CaseRow, changed: CaseRow): Promise<void> {
  const next = await withSlaDueAt(tx, { ...changed, resolvedAt: resolvedAtAfter(before, changed, ctx.now) }, ctx.now);
  await tx.replaceCase(next);
  await tx.appendChanges([changeEntry(ctx, { version: next.version, entity: 'cases', entityId: next.id, op: 'put', before, after: next })]);
  const changes = appliedChanges(before, next);
  if (changes.length > 0) await appendCaseEvent(tx, ctx, next.id, 'changed', { changes });
}

/**
 * The first response to the customer (a person's reply by email): appends `responded` to the SLA
 * events if the case has none yet and re-derives the deadline. Returns whether anything changed.
 */
export async function recordFirstResponse(tx: WriteTx, ctx: CommandContext, caseId: string): Promise<boolean> {
  const row = await tx.getCase(caseId);
  if (!row) throw new AppError('NOT_FOUND', CASE_NOT_AVAILABLE, { id: caseId });
  if (row.slaEvents.some((event) => event.kind === 'responded')) return false;
  const version = await tx.allocateVersion();
  const next = await withSlaDueAt(tx, { ...row, slaEvents: [...row.slaEvents, { at: ctx.now, kind: 'responded' }], updatedAt: ctx.now, version }, ctx.now);
  await tx.replaceCase(next);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: row, after: next })]);
  return true;
}

/**
 * The case a command acts on, as the caller may see it. The hub trusts no client: a case outside
 * the caller's sync groups is answered like a missing one, so its existence does not leak.
 */
export async function caseForCaller(tx: WriteTx, ctx: CommandContext, id: string): Promise<CaseRow> {
  const row = await tx.getCase(id);
  if (!row) throw await caseNotFound(tx, id, ctx.user);
  if (!isCaseVisible(ctx.user, row, await regionOf(tx, row.siteId))) throw new AppError('NOT_FOUND', CASE_NOT_AVAILABLE, { id });
  return row;
}

export async function updateCase(
  tx: WriteTx,
  ctx: CommandContext,
  args: UpdateCaseArgs,
  baseVersions: Readonly<Record<string, number>> = {},
): Promise<UpdateCaseResult> {
  const row = await caseForCaller(tx, ctx, args.id);
  const { apply, conflicts } = mergeCasePatch(row, args.patch, baseVersions);
  await assertAssignable(tx, apply.assigneeId);
  if (Object.keys(apply).length > 0) {
    const version = await tx.allocateVersion();
    await writeCaseChange(tx, ctx, row, applyCasePatch(row, apply, { now: ctx.now, version }));
  }
  const entries: ChangeLogEntry[] = [];
  const records: ConflictRow[] = [];
  for (const candidate of conflicts) {
    const version = await tx.allocateVersion();
    // Whoever wrote the field's current version won the race; unknown once the log is compacted.
    const winner = await tx.getChange(candidate.currentVersion);
    const record: ConflictRow = {
      id: uuidv7(),
      caseId: row.id,
      userId: ctx.user.id,
      clientId: ctx.clientId ?? '',
      mutationId: ctx.mutationId ?? 0,
      field: candidate.field,
      yourValue: candidate.yours,
      theirValue: candidate.current ?? null,
      theirUserId: winner?.entity === 'cases' && winner.entityId === row.id ? winner.userId : null,
      baseVersion: candidate.baseVersion,
      createdAt: ctx.now,
      resolvedAt: null,
      resolution: null,
      version,
    };
    records.push(record);
    entries.push(changeEntry(ctx, { version, entity: 'conflicts', entityId: record.id, op: 'put', before: null, after: record }));
  }
  await tx.insertConflicts(records);
  await tx.appendChanges(entries);
  return { id: row.id, conflicts: records.map((r) => r.id) };
}

/** Hard-deletes a case; its open conflicts are closed (the delete wins). */
export async function deleteCase(tx: WriteTx, ctx: CommandContext, args: DeleteCaseArgs): Promise<DeleteCaseResult> {
  const row = await caseForCaller(tx, ctx, args.id);
  const open = await tx.openConflictsOfCase(row.id);
  // Before the row goes: a console purges a deleted case's events, this one included.
  await appendCaseEvent(tx, ctx, row.id, 'deleted', { reason: args.reason });
  const version = await tx.allocateVersion();
  await tx.deleteCase(row.id);
  const entries: ChangeLogEntry[] = [changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'del', before: row, after: { reason: args.reason } })];
  for (const conflict of open) {
    const resolved: ConflictRow = { ...conflict, resolvedAt: ctx.now, resolution: 'theirs', version: await tx.allocateVersion() };
    await tx.replaceConflict(resolved);
    entries.push(changeEntry(ctx, { version: resolved.version, entity: 'conflicts', entityId: resolved.id, op: 'put', before: conflict, after: resolved }));
  }
  await tx.appendChanges(entries);
  return { id: row.id };
}
