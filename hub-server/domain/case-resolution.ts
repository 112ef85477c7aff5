// How service work moves a case: into progress (first report saved), awaiting approval (report
// submitted), resolved (report approved, with resolvedAt), closed, and reopened with a reason. The
// hub sets the status directly (these are its own rules, not a user's patch), keeps the SLA events
// (a reopen counts towards the escalation rule's "reopened more than" through them) and writes the
// timeline event that says why.
import type { CaseRow, CaseStatus } from '../../shared/domain.js';
import { slaEventsForChange } from '../../shared/case-lifecycle.js';
import { AppError } from '../../shared/errors.js';
import type { ReopenCaseArgs } from '../../shared/service.js';
import type { WriteTx } from '../db/repository.js';
import { appendCaseEvent } from './case-events.js';
import { appliedChanges, caseForCaller } from './cases.js';
import { changeEntry, type CommandContext } from './command-context.js';
import { withSlaDueAt } from './sla.js';

export type CaseStatusResult = Readonly<{ id: string; status: CaseStatus }>;

const isDone = (status: CaseStatus) => status === 'resolved' || status === 'closed';

/**
 * Writes a new status (and resolvedAt: set when the case becomes resolved, kept when it is closed,
 * cleared when it reopens). `changedEvent` also records a `changed` event (when no event of its
 * own explains the move).
 */
export async function moveCaseStatus(tx: WriteTx, ctx: CommandContext, row: CaseRow, status: CaseStatus, options: Readonly<{ changedEvent?: boolean }> = {}): Promise<CaseRow> {
  const version = await tx.allocateVersion();
  const resolvedAt = status === 'resolved' ? (row.status === 'resolved' ? row.resolvedAt : ctx.now) : status === 'closed' ? (row.resolvedAt ?? ctx.now) : null;
  const moved: CaseRow = { ...row, status, resolvedAt, fieldVersions: { ...row.fieldVersions, status: version }, updatedAt: ctx.now, version };
  const added = slaEventsForChange(row, moved, ctx.now);
  const next = await withSlaDueAt(tx, added.length > 0 ? { ...moved, slaEvents: [...row.slaEvents, ...added] } : moved, ctx.now);
  await tx.replaceCase(next);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: row, after: next })]);
  if (options.changedEvent) {
    const changes = appliedChanges(row, next);
    if (changes.length > 0) await appendCaseEvent(tx, ctx, row.id, 'changed', { changes });
  }
  return next;
}

/** Resolved → closed. */
export async function closeCase(tx: WriteTx, ctx: CommandContext, args: Readonly<{ caseId: string }>): Promise<CaseStatusResult> {
  const row = await caseForCaller(tx, ctx, args.caseId);
  if (row.status !== 'resolved') {
    throw new AppError('CONFLICT', row.status === 'closed' ? 'This case is already closed.' : 'Only a resolved case can be closed.', { id: row.id, status: row.status });
  }
  const next = await moveCaseStatus(tx, ctx, row, 'closed');
  await appendCaseEvent(tx, ctx, row.id, 'case_closed', { closedAt: ctx.now });
  return { id: next.id, status: next.status };
}

/** Resolved or closed → in progress, with the reason on the timeline; resolvedAt is cleared. */
export async function reopenCase(tx: WriteTx, ctx: CommandContext, args: ReopenCaseArgs): Promise<CaseStatusResult> {
  const row = await caseForCaller(tx, ctx, args.caseId);
  if (!isDone(row.status)) throw new AppError('CONFLICT', 'Only a resolved or closed case can be reopened.', { id: row.id, status: row.status });
  const next = await moveCaseStatus(tx, ctx, row, 'in_progress');
  await appendCaseEvent(tx, ctx, row.id, 'case_reopened', { reason: args.reason });
  return { id: next.id, status: next.status };
}
