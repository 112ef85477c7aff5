// Case commands run by the hub, the authority: create (numbering it) and update (with per-field
// conflict checks for `confirm` fields). Plain data in, plain data out, over a WriteTx.
import type { CasePatch, CaseRow, CreateCaseArgs, UpdateCaseArgs } from '../../shared/domain.js';
import { applyCasePatch, buildNewCase } from '../../shared/case-lifecycle.js';
import { formatCaseNumber } from '../../shared/case-number.js';
import { AppError } from '../../shared/errors.js';
import { CASE_FIELD_POLICY } from '../../shared/sync/field-policy.js';
import type { WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';

export type CreateCaseResult = Readonly<{ id: string; number: string }>;

/** A `confirm` field the hub did not change because someone else changed it first. */
export type FieldConflict = Readonly<{ field: string; yours: unknown; current: unknown; currentVersion: number }>;
export type UpdateCaseResult = Readonly<{ id: string; conflicts: readonly FieldConflict[] }>;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION', message, { fields: { [field]: message } });
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
 * Drops `confirm` fields that changed after the version the user saw and now hold something else;
 * `lww` fields and fields without a base version are applied as sent.
 */
function splitConflicts(row: CaseRow, patch: CasePatch, baseVersions: Readonly<Record<string, number>>): { patch: CasePatch; conflicts: FieldConflict[] } {
  const kept: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const policy = CASE_FIELD_POLICY[field as keyof typeof CASE_FIELD_POLICY];
    const base = baseVersions[field];
    const current = (row as Record<string, unknown>)[field];
    const currentVersion = row.fieldVersions[field] ?? 0;
    if (policy === 'confirm' && base !== undefined && currentVersion > base && current !== value) {
      conflicts.push({ field, yours: value, current, currentVersion });
    } else {
      kept[field] = value;
    }
  }
  return { patch: kept as CasePatch, conflicts };
}

export async function updateCase(
  tx: WriteTx,
  ctx: CommandContext,
  args: UpdateCaseArgs,
  baseVersions: Readonly<Record<string, number>> = {},
): Promise<UpdateCaseResult> {
  const row = await tx.getCase(args.id);
  if (!row) throw new AppError('NOT_FOUND', 'That case does not exist (it may have been removed).', { id: args.id });
  const { patch, conflicts } = splitConflicts(row, args.patch, baseVersions);
  if (patch.assigneeId) {
    const assignee = await tx.getUser(patch.assigneeId);
    if (!assignee || !assignee.active) throw invalid('assigneeId', 'That person cannot be assigned (unknown or deactivated).');
  }
  if (Object.keys(patch).length === 0) return { id: row.id, conflicts };
  const version = await tx.allocateVersion();
  const next = applyCasePatch(row, patch, { now: ctx.now, version });
  await tx.replaceCase(next);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: row, after: next })]);
  return { id: row.id, conflicts };
}
