import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SETTINGS } from '../settings.js';
import { computeSla } from '../sla/compute.js';
import type { BusinessCalendar, SlaClock, SlaEvent, SlaStatus } from '../sla/types.js';
import { ESCALATION_REASON, escalationReasons, type EscalationRow, type EscalationRules } from './escalation.js';

const RULES: EscalationRules = SETTINGS.escalationRules.defaultValue;
const CREATED = '2026-03-04T09:00:00.000Z';
const MIN = 60_000;

const clock = (over: Partial<SlaClock> = {}): SlaClock => ({
  targetMinutes: 240,
  elapsedMs: 0,
  remainingMs: 240 * MIN,
  state: 'running',
  dueAt: '2026-03-04T13:00:00.000Z',
  breachedAt: null,
  stoppedAt: null,
  ...over,
});
const sla = (over: Partial<SlaStatus> = {}): SlaStatus => ({ priority: 'P3', firstResponse: clock({ state: 'met', stoppedAt: CREATED, dueAt: null }), resolution: clock({ targetMinutes: 3000, remainingMs: 3000 * MIN }), pausedFor: null, ...over });
const row = (over: Partial<EscalationRow> = {}): EscalationRow => ({
  priority: 'P3',
  severity: 'minor',
  status: 'assigned',
  assigneeId: '0190a1b2-c3d4-7e5f-8a9b-000000000001',
  createdAt: CREATED,
  slaEvents: [{ at: CREATED, kind: 'created', priority: 'P3' }],
  escalation: null,
  ...over,
});
const NOW = '2026-03-04T10:00:00.000Z';

describe('escalationReasons', () => {
  it('is empty for a calm, assigned, in-time case', () => {
    expect(escalationReasons(row(), sla(), RULES, NOW)).toEqual([]);
  });

  it('escalates P1 and critical cases, each with its own reason', () => {
    expect(escalationReasons(row({ priority: 'P1' }), sla(), RULES, NOW)).toEqual(['P1 case']);
    expect(escalationReasons(row({ severity: 'critical' }), sla(), RULES, NOW)).toEqual(['Critical severity']);
    expect(escalationReasons(row({ priority: 'P1', severity: 'critical' }), sla(), RULES, NOW)).toEqual(['P1 case', 'Critical severity']);
    expect(escalationReasons(row({ priority: 'P1' }), sla(), { ...RULES, p1OrCritical: false }, NOW)).toEqual([]);
  });

  it('escalates a running clock with at most N business minutes left, not a paused one', () => {
    const near = sla({ resolution: clock({ state: 'warning', remainingMs: 30 * MIN }) });
    expect(escalationReasons(row(), near, RULES, NOW)).toEqual(['Resolution SLA breach within 30 min']);
    expect(escalationReasons(row(), sla({ resolution: clock({ remainingMs: 30 * MIN + 1 }) }), RULES, NOW)).toEqual([]);
    expect(escalationReasons(row(), sla({ resolution: clock({ state: 'paused', remainingMs: 5 * MIN, dueAt: null }) }), RULES, NOW)).toEqual([]);
    expect(escalationReasons(row(), near, { ...RULES, breachWithinMinutes: null }, NOW)).toEqual([]);
    // Exactly at the deadline the clock is not late yet, but the breach is certainly imminent.
    expect(escalationReasons(row(), sla({ resolution: clock({ state: 'warning', remainingMs: 0 }) }), RULES, NOW)).toEqual(['Resolution SLA breach within 30 min']);
    expect(escalationReasons(row(), sla({ firstResponse: clock({ remainingMs: 10 * MIN }) }), { ...RULES, breachWithinMinutes: 15 }, NOW)).toEqual(['First response SLA breach within 15 min']);
  });

  it('escalates a clock past its target that has not stopped, running or paused', () => {
    const late = clock({ state: 'breached', remainingMs: -MIN, breachedAt: '2026-03-04T09:59:00.000Z' });
    expect(escalationReasons(row(), sla({ resolution: late }), RULES, NOW)).toEqual(['Resolution SLA breached']);
    const pausedLate = clock({ state: 'paused', remainingMs: -MIN, breachedAt: '2026-03-04T09:59:00.000Z', dueAt: null });
    expect(escalationReasons(row(), sla({ firstResponse: pausedLate }), RULES, NOW)).toEqual(['First response SLA breached']);
    // Answered late: history, nothing to act on now.
    const answeredLate = clock({ state: 'breached-met', remainingMs: -MIN, breachedAt: '2026-03-04T09:30:00.000Z', stoppedAt: '2026-03-04T09:31:00.000Z' });
    expect(escalationReasons(row(), sla({ firstResponse: answeredLate }), RULES, NOW)).toEqual([]);
    expect(escalationReasons(row(), sla({ resolution: late }), { ...RULES, breached: false }, NOW)).toEqual([]);
  });

  it('escalates a case reopened more than N times, naming the count', () => {
    const reopened = (n: number): SlaEvent[] => [
      { at: CREATED, kind: 'created', priority: 'P3' },
      ...Array.from({ length: n }, (_, i): SlaEvent[] => [
        { at: `2026-03-04T09:1${i}:00.000Z`, kind: 'resolved' },
        { at: `2026-03-04T09:1${i}:30.000Z`, kind: 'reopened' },
      ]).flat(),
    ];
    expect(escalationReasons(row({ slaEvents: reopened(1) }), sla(), RULES, NOW)).toEqual([]);
    expect(escalationReasons(row({ slaEvents: reopened(2) }), sla(), RULES, NOW)).toEqual(['Reopened 2 times']);
    expect(escalationReasons(row({ slaEvents: reopened(1) }), sla(), { ...RULES, reopenedMoreThan: 0 }, NOW)).toEqual(['Reopened 1 time']);
    expect(escalationReasons(row({ slaEvents: reopened(5) }), sla(), { ...RULES, reopenedMoreThan: null }, NOW)).toEqual([]);
  });

  it('escalates a case unassigned for longer than N wall-clock minutes', () => {
    const unassigned = row({ assigneeId: null, status: 'new' });
    expect(escalationReasons(unassigned, sla(), RULES, '2026-03-04T10:00:00.000Z')).toEqual([]);
    expect(escalationReasons(unassigned, sla(), RULES, '2026-03-04T10:00:00.001Z')).toEqual(['Unassigned for more than 60 min']);
    // Counted from the last unassignment when the caller knows it.
    expect(escalationReasons({ ...unassigned, unassignedSince: '2026-03-04T09:30:00.000Z' }, sla(), RULES, '2026-03-04T10:15:00.000Z')).toEqual([]);
    expect(escalationReasons(row(), sla(), RULES, '2026-03-05T10:00:00.000Z')).toEqual([]);
    expect(escalationReasons(unassigned, sla(), { ...RULES, unassignedMinutes: null }, '2026-03-05T10:00:00.000Z')).toEqual([]);
  });

  it('never escalates a resolved or closed case', () => {
    const late = sla({ resolution: clock({ state: 'breached', remainingMs: -MIN, breachedAt: NOW }) });
    for (const status of ['resolved', 'closed'] as const) {
      expect(escalationReasons(row({ status, priority: 'P1', assigneeId: null }), late, RULES, '2026-03-09T10:00:00.000Z')).toEqual([]);
    }
  });

  it('does not repeat reasons handled before or already raised, but raises new ones', () => {
    const p1 = row({ priority: 'P1', assigneeId: null, status: 'new' });
    const later = '2026-03-04T11:00:00.000Z';
    expect(escalationReasons(p1, sla(), RULES, later)).toEqual(['P1 case', 'Unassigned for more than 60 min']);
    expect(escalationReasons(p1, sla(), RULES, later, ['P1 case'])).toEqual(['Unassigned for more than 60 min']);
    expect(escalationReasons({ ...p1, escalation: { at: NOW, reasons: ['P1 case'] } }, sla(), RULES, later)).toEqual(['Unassigned for more than 60 min']);
    expect(escalationReasons(p1, sla(), RULES, later, ['P1 case', 'Unassigned for more than 60 min'])).toEqual([]);
  });

  it('names its reasons with the exported texts', () => {
    expect(ESCALATION_REASON.breachWithin('Resolution', 30)).toBe('Resolution SLA breach within 30 min');
    expect(ESCALATION_REASON.reopened(3)).toBe('Reopened 3 times');
  });

  it('agrees with the real SLA clocks: escalates exactly when a running clock is near or past its target', () => {
    const calendar: BusinessCalendar = { timeZone: 'Europe/London', days: Array.from({ length: 7 }, () => ({ start: '00:00', end: '24:00' })), holidays: [] };
    const policies = SETTINGS.slaPolicies.defaultValue;
    fc.assert(
      fc.property(fc.constantFrom('P2', 'P3', 'P4' as const), fc.integer({ min: 0, max: 4 * 24 * 60 }), (priority, minutes) => {
        const events: SlaEvent[] = [
          { at: CREATED, kind: 'created', priority },
          { at: CREATED, kind: 'responded' },
        ];
        const now = new Date(Date.parse(CREATED) + minutes * MIN).toISOString();
        const status = computeSla(events, policies, calendar, now);
        const reasons = escalationReasons(row({ priority, slaEvents: events }), status, RULES, now);
        const left = policies.targets[priority].resolutionMinutes - minutes;
        const expected = left < 0 ? ['Resolution SLA breached'] : left <= 30 ? ['Resolution SLA breach within 30 min'] : [];
        expect(reasons).toEqual(expected);
      }),
      // The boundaries: exactly at the deadline, one minute past, exactly 30 minutes before.
      { numRuns: 300, examples: [['P3', 3000], ['P3', 3001], ['P3', 2970], ['P3', 2969]] },
    );
  });
});
