// When an open case escalates to its region's managers, and why: the configurable rules of the
// `escalationRules` setting as a pure function, so the hub's evaluator and the board agree.
//
// Rules (tested in escalation.test.ts):
// - Only open cases (not resolved or closed) escalate.
// - In this order: "P1 case" and "Critical severity" (p1OrCritical); "<clock> SLA breach within N
//   min" when a running clock (not yet late) has ≤ N business minutes left; "<clock> SLA breached" when a
//   clock that has not stopped is past its target (running or paused late); "Reopened K times" when
//   K > reopenedMoreThan; "Unassigned for more than N min" when nobody is assigned and more than N
//   wall-clock minutes passed since the case was created (or since `unassignedSince`, when the
//   caller knows the last unassignment).
// - <clock> is "First response" or "Resolution": handling a late response must not silence a late
//   resolution later. The texts are stable (they are compared): reasons in `handledReasons` (handled
//   before) or in the case's open escalation (already raised) are not returned again.
import type { CaseRow } from '../domain.js';
import type { SettingValues } from '../settings.js';
import type { SlaClock, SlaStatus } from '../sla/types.js';

const MINUTE_MS = 60_000;

export type EscalationRules = SettingValues['escalationRules'];

export type EscalationRow = Pick<CaseRow, 'priority' | 'severity' | 'status' | 'assigneeId' | 'createdAt' | 'slaEvents' | 'escalation'> &
  Readonly<{
    /** When the case last lost its assignee, if the caller can tell (else the wait counts from createdAt). */
    unassignedSince?: string | null;
  }>;

type ClockName = 'First response' | 'Resolution';

/** The reason texts, so callers and tests name them without retyping them. */
export const ESCALATION_REASON = {
  p1: 'P1 case',
  critical: 'Critical severity',
  breachWithin: (clock: ClockName, minutes: number) => `${clock} SLA breach within ${minutes} min`,
  breached: (clock: ClockName) => `${clock} SLA breached`,
  reopened: (count: number) => `Reopened ${count} ${count === 1 ? 'time' : 'times'}`,
  unassigned: (minutes: number) => `Unassigned for more than ${minutes} min`,
} as const;

const counting = (c: SlaClock) => c.state === 'running' || c.state === 'warning';

/** The reasons the case escalates now (empty: it does not), minus those handled or already raised. */
export function escalationReasons(row: EscalationRow, sla: SlaStatus, rules: EscalationRules, now: string, handledReasons: readonly string[] = []): string[] {
  if (row.status === 'resolved' || row.status === 'closed') return [];
  const reasons: string[] = [];
  if (rules.p1OrCritical) {
    if (row.priority === 'P1') reasons.push(ESCALATION_REASON.p1);
    if (row.severity === 'critical') reasons.push(ESCALATION_REASON.critical);
  }
  const clocks: readonly (readonly [ClockName, SlaClock])[] = [
    ['First response', sla.firstResponse],
    ['Resolution', sla.resolution],
  ];
  if (rules.breachWithinMinutes !== null) {
    const within = rules.breachWithinMinutes * MINUTE_MS;
    for (const [name, clock] of clocks) {
      // A counting clock at exactly its deadline (0 left) is not late yet: still imminent.
      if (counting(clock) && clock.remainingMs <= within) reasons.push(ESCALATION_REASON.breachWithin(name, rules.breachWithinMinutes));
    }
  }
  if (rules.breached) {
    for (const [name, clock] of clocks) {
      // A stopped clock that was late is history (answered late); one still owed is not.
      if (clock.stoppedAt === null && (clock.state === 'breached' || clock.breachedAt !== null)) reasons.push(ESCALATION_REASON.breached(name));
    }
  }
  if (rules.reopenedMoreThan !== null) {
    let reopened = 0;
    for (const e of row.slaEvents) if (e.kind === 'reopened') reopened++;
    if (reopened > rules.reopenedMoreThan) reasons.push(ESCALATION_REASON.reopened(reopened));
  }
  if (rules.unassignedMinutes !== null && row.assigneeId === null) {
    const since = Date.parse(row.unassignedSince ?? row.createdAt);
    const nowMs = Date.parse(now);
    if (!Number.isNaN(since) && !Number.isNaN(nowMs) && nowMs - since > rules.unassignedMinutes * MINUTE_MS) reasons.push(ESCALATION_REASON.unassigned(rules.unassignedMinutes));
  }
  const known = new Set([...handledReasons, ...(row.escalation?.reasons ?? [])]);
  return reasons.filter((r) => !known.has(r));
}
