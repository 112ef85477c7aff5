// Resolving a conflict record: its author keeps their value, takes the hub's, or enters a merged
// one. Keeping or merging re-applies a change, so it needs the same right as editing that field.
import type { CasePatch, ConflictRow, ResolveConflictArgs } from '../../shared/domain.js';
import { casePatchSchema } from '../../shared/domain.js';
import { applyCasePatch } from '../../shared/case-lifecycle.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { canMutate } from '../../shared/permissions.js';
import type { ChangeLogEntry, WriteTx } from '../db/repository.js';
import { assertAssignable, caseForCaller, caseNotFound, writeCaseChange } from './cases.js';
import { changeEntry, type CommandContext } from './command-context.js';

export type ResolveConflictResult = Readonly<{
  id: string;
  caseId: string;
  /** True when the case field was changed by this resolution. */
  applied: boolean;
  /** True when the case no longer exists (the conflict is closed, nothing applied). */
  caseDeleted: boolean;
}>;

export async function resolveConflict(tx: WriteTx, ctx: CommandContext, args: ResolveConflictArgs): Promise<ResolveConflictResult> {
  const conflict = await tx.getConflict(args.id);
  if (!conflict) throw new AppError('NOT_FOUND', 'That conflict does not exist.', { id: args.id });
  if (conflict.userId !== ctx.user.id) throw new AppError('FORBIDDEN', 'Only the person whose change was held back can resolve this conflict.', { id: args.id });
  const row = await tx.getCase(conflict.caseId);
  if (!row && conflict.resolvedAt) throw await caseNotFound(tx, conflict.caseId, ctx.user);
  if (conflict.resolvedAt) throw new AppError('CONFLICT', 'This conflict was already resolved.', { id: args.id, resolution: conflict.resolution });

  const entries: ChangeLogEntry[] = [];
  let applied = false;
  if (row && args.resolution !== 'theirs') {
    const value = args.resolution === 'mine' ? conflict.yourValue : args.value;
    const patch: CasePatch = parseOrThrow(casePatchSchema, { [conflict.field]: value }, 'The value needs attention.');
    if (!canMutate(ctx.user.role, 'updateCase', { patch })) {
      throw new AppError('FORBIDDEN', 'Your role no longer allows changing this field.', { field: conflict.field });
    }
    // Keeping or merging edits the case: the caller must still see it, as for any edit.
    await caseForCaller(tx, ctx, row.id);
    await assertAssignable(tx, patch.assigneeId);
    const current = (row as Record<string, unknown>)[conflict.field];
    if (current !== value && !(current == null && value == null)) {
      const version = await tx.allocateVersion();
      await writeCaseChange(tx, ctx, row, applyCasePatch(row, patch, { now: ctx.now, version }));
      applied = true;
    }
  }
  const resolved: ConflictRow = { ...conflict, resolvedAt: ctx.now, resolution: args.resolution, version: await tx.allocateVersion() };
  await tx.replaceConflict(resolved);
  entries.push(changeEntry(ctx, { version: resolved.version, entity: 'conflicts', entityId: resolved.id, op: 'put', before: conflict, after: resolved }));
  await tx.appendChanges(entries);
  return { id: conflict.id, caseId: conflict.caseId, applied, caseDeleted: row === null };
}
