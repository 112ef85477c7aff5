// Case commands run by the hub, the authority: create (numbering it), update (field-level merge
// with the shared policy; held-back `confirm` fields become conflict records) and delete (hard,
// with the before-image in the change log; deletes win over later edits).
import { isCaseVisible } from '../../shared/sync/visibility.js';
import { uuidv7 } from 'uuidv7';
import type { CaseRow, ConflictRow, CreateCaseArgs, DeleteCaseArgs, UpdateCaseArgs } from '../../shared/domain.js';
import { applyCasePatch, buildNewCase } from '../../shared/case-lifecycle.js';
import { formatCaseNumber } from '../../shared/case-number.js';
import { AppError } from '../../shared/errors.js';
import { mergeCasePatch } from '../../shared/sync/merge.js';
import type { ChangeLogEntry, WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';

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
  const row = buildNewCase({ ...args, ...links }, { userId: ctx.user.id, now: ctx.now, version, number });
  await tx.insertCases([row]);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: null, after: row })]);
  return { id: row.id, number };
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
  const entries: ChangeLogEntry[] = [];
  if (Object.keys(apply).length > 0) {
    const version = await tx.allocateVersion();
    const next = applyCasePatch(row, apply, { now: ctx.now, version });
    await tx.replaceCase(next);
    entries.push(changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: row, after: next }));
  }
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
