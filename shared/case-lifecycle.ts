// Case lifecycle: which status changes are allowed, and how a new case and a patch become rows.
// Pure: the hub applies these for real, the console core applies them optimistically.
import type { CasePatch, CaseRow, CaseStatus, CreateCaseArgs } from './domain.js';
import type { SlaEvent } from './sla/types.js';
import { AppError } from './errors.js';
import { CASE_STATUS_LABELS } from './domain.js';

export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['assigned', 'in_progress', 'closed'],
  assigned: ['new', 'in_progress', 'closed'],
  in_progress: ['assigned', 'awaiting_approval', 'resolved'],
  awaiting_approval: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return from === to || CASE_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: CaseStatus, to: CaseStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('VALIDATION', `A case that is ${CASE_STATUS_LABELS[from].toLowerCase()} cannot become ${CASE_STATUS_LABELS[to].toLowerCase()}.`, {
      fields: { status: `Allowed next: ${CASE_TRANSITIONS[from].map((s) => CASE_STATUS_LABELS[s]).join(', ') || 'none'}.` },
    });
  }
}

export type NewCaseContext = Readonly<{ userId: string; now: string; version: number; number: string | null }>;

export function buildNewCase(args: CreateCaseArgs, ctx: NewCaseContext): CaseRow {
  const fieldVersions: Record<string, number> = {};
  for (const key of Object.keys(args)) if (key !== 'id') fieldVersions[key] = ctx.version;
  fieldVersions.status = ctx.version;
  fieldVersions.assigneeId = ctx.version;
  fieldVersions.waitingFor = ctx.version;
  return {
    ...args,
    number: ctx.number,
    status: 'new',
    assigneeId: null,
    waitingFor: null,
    createdBy: ctx.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    slaEvents: initialSlaEvents(args, ctx.now),
    // The hub derives the deadline from the policy and calendar (sla/compute.ts).
    slaDueAt: null,
    escalation: null,
    resolvedAt: null,
    fieldVersions,
    version: ctx.version,
  };
}

/** A new case starts its clocks; a phone case is answered by the agent who takes the call. */
export function initialSlaEvents(args: Pick<CreateCaseArgs, 'priority' | 'channel'>, now: string): SlaEvent[] {
  const events: SlaEvent[] = [{ at: now, kind: 'created', priority: args.priority }];
  if (args.channel === 'phone') events.push({ at: now, kind: 'responded' });
  return events;
}

const isDone = (status: CaseStatus) => status === 'resolved' || status === 'closed';

/** The SLA events a change from `before` to `after` adds (priority, waiting, resolution, reopening). */
export function slaEventsForChange(before: CaseRow, after: CaseRow, now: string): SlaEvent[] {
  const events: SlaEvent[] = [];
  if (after.priority !== before.priority) events.push({ at: now, kind: 'priority', priority: after.priority });
  if (after.waitingFor !== before.waitingFor) {
    events.push(after.waitingFor ? { at: now, kind: 'paused', reason: after.waitingFor } : { at: now, kind: 'resumed' });
  }
  if (isDone(after.status) && !isDone(before.status)) events.push({ at: now, kind: 'resolved' });
  if (!isDone(after.status) && isDone(before.status)) events.push({ at: now, kind: 'reopened' });
  return events;
}

/** Applies a validated patch; assignment moves a new case to assigned and back, as users expect. */
export function applyCasePatch(row: CaseRow, patch: CasePatch, ctx: Readonly<{ now: string; version: number }>): CaseRow {
  const next: Record<string, unknown> = { ...row };
  const fieldVersions: Record<string, number> = { ...row.fieldVersions };
  const set = (field: string, value: unknown) => {
    next[field] = value;
    fieldVersions[field] = ctx.version;
  };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === 'status') assertTransition(row.status, value as CaseStatus);
    set(field, value);
  }
  if (patch.assigneeId !== undefined && patch.status === undefined) {
    if (patch.assigneeId && row.status === 'new') set('status', 'assigned');
    if (patch.assigneeId === null && row.status === 'assigned') set('status', 'new');
  }
  next.fieldVersions = fieldVersions;
  next.updatedAt = ctx.now;
  next.version = ctx.version;
  const added = slaEventsForChange(row, next as CaseRow, ctx.now);
  if (added.length) next.slaEvents = [...row.slaEvents, ...added];
  return next as CaseRow;
}
