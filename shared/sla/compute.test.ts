import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { calendarFromSettings, computeSla, formatBusinessDuration, formatBusinessDurationIn, policiesFromSettings, slaDueAt, suggestedPriority } from './compute.js';
import { addBusinessMs, businessMsBetween } from './calendar.js';
import { initialSlaEvents } from '../case-lifecycle.js';
import { PRIORITIES, SEVERITIES, type Priority } from '../domain.js';
import { BUSINESS_IMPACTS, SETTINGS, resolveSettings } from '../settings.js';
import type { BusinessCalendar, SlaEvent, SlaStatus, WaitingReason } from './types.js';

const MIN = 60_000;
const H = 60 * MIN;

// Default settings: Europe/London, Monday to Friday 08:00–18:00, P1 30 min / 8 h, P2 2 h / 20 h,
// P3 4 h / 50 h, P4 8 h / 100 h, warning at 75 %. London is on UTC in January: local = Z.
const settings = resolveSettings([]);
const calendar = calendarFromSettings(settings);
const policies = policiesFromSettings(settings);

// January 2026: Monday the 5th ... Friday the 9th, Saturday the 10th, Monday the 12th.
const at = (s: string) => `2026-01-${s}:00.000Z`;
const created = (when: string, priority: Priority = 'P2'): SlaEvent => ({ at: at(when), kind: 'created', priority });
const priority = (when: string, p: Priority): SlaEvent => ({ at: at(when), kind: 'priority', priority: p });
const paused = (when: string, reason: WaitingReason = 'customer'): SlaEvent => ({ at: at(when), kind: 'paused', reason });
const resumed = (when: string): SlaEvent => ({ at: at(when), kind: 'resumed' });
const responded = (when: string): SlaEvent => ({ at: at(when), kind: 'responded' });
const resolved = (when: string): SlaEvent => ({ at: at(when), kind: 'resolved' });
const reopened = (when: string): SlaEvent => ({ at: at(when), kind: 'reopened' });

const sla = (events: readonly SlaEvent[], now: string, cal: BusinessCalendar = calendar) => computeSla(events, policies, cal, at(now));

describe('computeSla: running clocks', () => {
  it('counts a new case from creation, with deadlines projected on business hours', () => {
    const s = sla([created('05T09:00')], '05T10:00');
    expect(s.priority).toBe('P2');
    expect(s.pausedFor).toBeNull();
    expect(s.firstResponse).toEqual({ targetMinutes: 120, elapsedMs: H, remainingMs: H, state: 'running', dueAt: at('05T11:00'), breachedAt: null, stoppedAt: null });
    // 20 h: 9 h on Monday, 10 h on Tuesday, 1 h on Wednesday.
    expect(s.resolution).toMatchObject({ targetMinutes: 1200, elapsedMs: H, remainingMs: 19 * H, state: 'running', dueAt: at('07T09:00') });
  });

  it('warns from warnAtPercent of the target on', () => {
    expect(sla([created('05T09:00')], '05T10:29').firstResponse.state).toBe('running');
    expect(computeSla([created('05T09:00')], policies, calendar, '2026-01-05T10:29:59.999Z').firstResponse.state).toBe('running');
    expect(sla([created('05T09:00')], '05T10:30').firstResponse.state).toBe('warning');
    const strict = computeSla([created('05T09:00')], { ...policies, warnAtPercent: 50 }, calendar, at('05T10:00'));
    expect(strict.firstResponse.state).toBe('warning');
  });

  it('breaches a running clock after its deadline, with the exact breach instant', () => {
    const events = [created('05T09:00', 'P1')];
    expect(sla(events, '05T09:30').firstResponse).toMatchObject({ state: 'warning', remainingMs: 0, breachedAt: null, dueAt: at('05T09:30') });
    const justAfter = computeSla(events, policies, calendar, '2026-01-05T09:30:00.001Z').firstResponse;
    expect(justAfter).toMatchObject({ state: 'breached', remainingMs: -1, breachedAt: at('05T09:30') });
    expect(sla(events, '05T09:45').firstResponse).toMatchObject({ state: 'breached', remainingMs: -15 * MIN, breachedAt: at('05T09:30'), dueAt: at('05T09:30') });
  });

  it('counts only business hours: a Friday evening case is due on Monday', () => {
    const s = sla([created('09T17:45', 'P1')], '10T12:00');
    expect(s.firstResponse).toMatchObject({ state: 'running', elapsedMs: 15 * MIN, dueAt: at('12T08:15') });
    expect(sla([created('10T10:00', 'P1')], '11T10:00').firstResponse).toMatchObject({ elapsedMs: 0, state: 'running', dueAt: at('12T08:30') });
  });

  it('is breached over the weekend when the deadline was Friday closing time', () => {
    const events = [created('09T17:30', 'P1')];
    expect(sla(events, '09T18:00').firstResponse).toMatchObject({ state: 'warning', remainingMs: 0 });
    expect(sla(events, '10T12:00').firstResponse).toMatchObject({ state: 'breached', elapsedMs: 30 * MIN, remainingMs: 0, breachedAt: at('09T18:00') });
  });

  it('skips holidays', () => {
    const cal = calendarFromSettings({ ...settings, holidays: [{ date: '2026-01-12', name: 'Staff day' }] });
    expect(sla([created('09T17:00')], '12T12:00', cal).firstResponse).toMatchObject({ elapsedMs: H, dueAt: at('13T09:00') });
  });
});

describe('computeSla: stopping clocks', () => {
  it('meets the first response when answered in time, exactly at the deadline included', () => {
    const inTime = sla([created('05T09:00', 'P1'), responded('05T09:20')], '05T12:00');
    expect(inTime.firstResponse).toEqual({ targetMinutes: 30, elapsedMs: 20 * MIN, remainingMs: 10 * MIN, state: 'met', dueAt: null, breachedAt: null, stoppedAt: at('05T09:20') });
    expect(inTime.resolution.state).toBe('running');
    expect(sla([created('05T09:00', 'P1'), responded('05T09:30')], '05T12:00').firstResponse.state).toBe('met');
  });

  it('marks a late response breached-met with when it breached', () => {
    const late = sla([created('05T09:00', 'P1'), responded('05T09:40')], '05T12:00').firstResponse;
    expect(late).toMatchObject({ state: 'breached-met', elapsedMs: 40 * MIN, remainingMs: -10 * MIN, breachedAt: at('05T09:30'), dueAt: at('05T09:30'), stoppedAt: at('05T09:40') });
    // Answered on Saturday after a deadline at Friday's closing: late, though no business time passed.
    expect(sla([created('09T17:30', 'P1'), responded('10T09:00')], '12T12:00').firstResponse.state).toBe('breached-met');
  });

  it('meets the first response of a phone case at creation', () => {
    const s = sla(initialSlaEvents({ priority: 'P1', channel: 'phone' }, at('05T09:00')), '05T10:00');
    expect(s.firstResponse).toMatchObject({ state: 'met', elapsedMs: 0, stoppedAt: at('05T09:00') });
    expect(s.resolution).toMatchObject({ state: 'running', elapsedMs: H });
    expect(sla(initialSlaEvents({ priority: 'P1', channel: 'email' }, at('05T09:00')), '05T09:10').firstResponse.state).toBe('running');
  });

  it('stops both clocks on resolve, the first response too if it still ran', () => {
    const s = sla([created('05T09:00'), resolved('05T10:00')], '06T10:00');
    expect(s.firstResponse).toMatchObject({ state: 'met', elapsedMs: H, stoppedAt: at('05T10:00') });
    expect(s.resolution).toMatchObject({ state: 'met', elapsedMs: H, stoppedAt: at('05T10:00'), dueAt: null });
    expect(slaDueAt(s)).toBeNull();
  });

  it('continues the resolution clock where it stopped on reopen, and leaves the first response stopped', () => {
    const base = [created('05T09:00', 'P1'), responded('05T09:10'), resolved('05T12:00'), reopened('06T09:00')];
    const s = sla(base, '06T11:00');
    expect(s.resolution).toMatchObject({ state: 'running', elapsedMs: 5 * H, stoppedAt: null, dueAt: at('06T14:00') });
    expect(s.firstResponse).toMatchObject({ state: 'met', stoppedAt: at('05T09:10') });
    expect(sla([...base, resolved('06T14:00')], '07T10:00').resolution).toMatchObject({ state: 'met', elapsedMs: 8 * H });
    expect(sla([...base, resolved('06T15:00')], '07T10:00').resolution).toMatchObject({ state: 'breached-met', elapsedMs: 9 * H, breachedAt: at('06T14:00') });
    // A reopened case resolved before it was ever answered keeps the first response stopped at the resolve.
    const unanswered = sla([created('05T09:00', 'P1'), resolved('05T09:10'), reopened('05T10:00')], '05T12:00');
    expect(unanswered.firstResponse).toMatchObject({ state: 'met', elapsedMs: 10 * MIN, stoppedAt: at('05T09:10') });
  });
});

describe('computeSla: pauses', () => {
  it('pauses both clocks while waiting, then continues', () => {
    const events = [created('05T09:00'), paused('05T10:00', 'parts')];
    const p = sla(events, '05T15:00');
    expect(p.pausedFor).toBe('parts');
    for (const c of [p.firstResponse, p.resolution]) expect(c).toMatchObject({ state: 'paused', elapsedMs: H, dueAt: null });
    expect(slaDueAt(p)).toBeNull();
    const r = sla([...events, resumed('05T16:00')], '05T16:30');
    expect(r.pausedFor).toBeNull();
    expect(r.firstResponse).toMatchObject({ state: 'warning', elapsedMs: 90 * MIN, dueAt: at('05T17:00') });
  });

  it('excludes the opening hours of a pause that starts before opening', () => {
    const events = [created('05T17:00', 'P3'), paused('05T19:00'), resumed('06T10:00')];
    expect(sla(events, '06T11:00').resolution.elapsedMs).toBe(2 * H);
    expect(sla([created('05T17:00', 'P3')], '06T11:00').resolution.elapsedMs).toBe(4 * H);
  });

  it('changes nothing for a pause entirely in closed hours', () => {
    const plain = sla([created('09T09:00', 'P3')], '12T10:00');
    const weekendPause = sla([created('09T09:00', 'P3'), paused('10T09:00'), resumed('11T09:00')], '12T10:00');
    expect(weekendPause.resolution).toEqual(plain.resolution);
    expect(weekendPause.firstResponse).toEqual(plain.firstResponse);
  });

  it('treats a pause while paused as a new reason only, and ignores a resume while running or before creation', () => {
    const events = [resumed('05T08:30'), created('05T09:00'), paused('05T10:00', 'customer'), paused('05T11:00', 'parts')];
    const s = sla(events, '05T11:30');
    expect(s.pausedFor).toBe('parts');
    expect(s.resolution.elapsedMs).toBe(H);
    const r = sla([...events, resumed('05T12:00'), resumed('05T13:00')], '05T14:00');
    expect(r.resolution).toMatchObject({ state: 'running', elapsedMs: 3 * H });
  });

  it('stops paused clocks on resolve and reports no pause once both stopped', () => {
    const s = sla([created('05T09:00'), paused('05T10:00'), resolved('05T11:00')], '05T12:00');
    expect(s.pausedFor).toBeNull();
    expect(s.firstResponse).toMatchObject({ state: 'met', elapsedMs: H, stoppedAt: at('05T11:00') });
    expect(s.resolution).toMatchObject({ state: 'met', elapsedMs: H });
    // Reopened while still waiting: the resolution clock is paused again.
    const again = sla([created('05T09:00'), paused('05T10:00'), resolved('05T11:00'), reopened('05T12:00')], '05T13:00');
    expect(again.pausedFor).toBe('customer');
    expect(again.resolution).toMatchObject({ state: 'paused', elapsedMs: H });
  });

  it('keeps a late clock paused, with its breach instant', () => {
    const s = sla([created('05T09:00', 'P1'), paused('05T10:00')], '05T12:00');
    expect(s.firstResponse).toMatchObject({ state: 'paused', breachedAt: at('05T09:30'), remainingMs: -30 * MIN, dueAt: null });
    // Paused exactly at the deadline: not late until it runs again.
    const edge = [created('05T09:00', 'P1'), paused('05T09:30')];
    expect(sla(edge, '05T12:00').firstResponse).toMatchObject({ state: 'paused', breachedAt: null, remainingMs: 0 });
    expect(sla([...edge, resumed('05T13:00')], '05T13:05').firstResponse).toMatchObject({ state: 'breached', breachedAt: at('05T09:30') });
  });
});

describe('computeSla: priority changes', () => {
  it('re-targets running clocks to the current priority, breaching at once when the new target is used up', () => {
    const s = sla([created('05T09:00', 'P3'), priority('05T11:00', 'P1')], '05T11:05');
    expect(s.priority).toBe('P1');
    expect(s.firstResponse).toMatchObject({ targetMinutes: 30, state: 'breached', breachedAt: at('05T09:30') });
    expect(s.resolution).toMatchObject({ targetMinutes: 480, state: 'running', dueAt: at('05T17:00') });
  });

  it('lifts a breach when the priority is lowered', () => {
    const s = sla([created('05T09:00', 'P1'), priority('05T09:45', 'P4')], '05T10:00');
    expect(s.firstResponse).toMatchObject({ targetMinutes: 480, state: 'running', breachedAt: null, dueAt: at('05T17:00') });
  });

  it('judges a stopped clock by the priority it stopped under', () => {
    const s = sla([created('05T09:00', 'P3'), responded('05T11:00'), priority('05T12:00', 'P1')], '05T12:00');
    expect(s.firstResponse).toMatchObject({ targetMinutes: 240, state: 'met' });
    expect(s.resolution).toMatchObject({ targetMinutes: 480, elapsedMs: 3 * H });
  });
});

describe('computeSla: event order and odd histories', () => {
  const history = [created('05T09:00', 'P2'), paused('05T10:00'), resumed('05T11:00'), responded('05T12:00'), priority('05T13:00', 'P1'), resolved('05T15:00'), reopened('06T09:00')];

  it('sorts events by time, so stored order does not matter', () => {
    const expected = sla(history, '06T12:00');
    expect(sla([...history].reverse(), '06T12:00')).toEqual(expected);
    expect(sla([history[3], history[0], history[6], history[1], history[5], history[2], history[4]] as SlaEvent[], '06T12:00')).toEqual(expected);
  });

  it('ignores duplicated events', () => {
    expect(sla([...history, ...history], '06T12:00')).toEqual(sla(history, '06T12:00'));
  });

  it('keeps the stored order of events at the same instant', () => {
    expect(sla([created('05T09:00'), paused('05T10:00'), resumed('05T10:00')], '05T11:00').resolution.state).toBe('running');
    expect(sla([created('05T09:00'), resumed('05T10:00'), paused('05T10:00')], '05T11:00').resolution.state).toBe('paused');
  });

  it('ignores events with unreadable times and refuses an unreadable now', () => {
    const s = sla([created('05T09:00'), { at: 'yesterday', kind: 'resolved' }], '05T10:00');
    expect(s.resolution.state).toBe('running');
    expect(() => computeSla([created('05T09:00')], policies, calendar, 'soon')).toThrow(RangeError);
  });

  it('takes now as at least the last event, so a lagging clock never reopens a resolved case', () => {
    const s = sla([created('05T09:00'), resolved('05T10:00')], '05T09:59');
    expect(s.resolution).toMatchObject({ state: 'met', elapsedMs: H });
  });

  it('starts an empty history (a case from before SLA events) at now, as P3', () => {
    const s = sla([], '05T10:00');
    expect(s.priority).toBe('P3');
    expect(s.firstResponse).toMatchObject({ elapsedMs: 0, state: 'running', dueAt: at('05T14:00') });
  });
});

describe('computeSla across daylight-saving changes', () => {
  it('keeps deadlines on local office hours in London (spring forward)', () => {
    // Friday 17:00 GMT; Monday 09:00 BST is 08:00Z.
    const s = computeSla([{ at: '2026-03-27T17:00:00.000Z', kind: 'created', priority: 'P2' }], policies, calendar, '2026-03-28T12:00:00.000Z');
    expect(s.firstResponse).toMatchObject({ elapsedMs: H, dueAt: '2026-03-30T08:00:00.000Z' });
  });

  it('keeps deadlines on local office hours in New York (fall back)', () => {
    const ny = calendarFromSettings({ ...settings, timeZone: 'America/New_York' });
    const events: SlaEvent[] = [{ at: '2026-10-30T21:00:00.000Z', kind: 'created', priority: 'P2' }];
    expect(computeSla(events, policies, ny, '2026-10-31T12:00:00.000Z').firstResponse.dueAt).toBe('2026-11-02T14:00:00.000Z');
    expect(computeSla(events, policies, ny, '2026-11-02T13:30:00.000Z').firstResponse).toMatchObject({ elapsedMs: 90 * MIN, state: 'warning' });
  });
});

describe('slaDueAt', () => {
  it('is the nearest deadline of a counting clock, a late one included, else null', () => {
    expect(slaDueAt(sla([created('05T09:00')], '05T10:00'))).toBe(at('05T11:00'));
    expect(slaDueAt(sla([created('05T09:00'), responded('05T09:30')], '05T10:00'))).toBe(at('07T09:00'));
    expect(slaDueAt(sla([created('05T09:00', 'P1')], '05T10:00'))).toBe(at('05T09:30'));
    expect(slaDueAt(sla([created('05T09:00'), paused('05T09:30')], '05T10:00'))).toBeNull();
    expect(slaDueAt(sla([created('05T09:00'), resolved('05T09:30')], '05T10:00'))).toBeNull();
  });
});

describe('settings helpers', () => {
  it('builds the calendar and policies from settings, once per settings object', () => {
    const values = resolveSettings([
      { id: 'timeZone', value: 'America/New_York' },
      { id: 'holidays', value: [{ date: '2026-12-25', name: 'Christmas' }] },
    ]);
    const cal = calendarFromSettings(values);
    expect(cal).toEqual({ timeZone: 'America/New_York', days: SETTINGS.businessHours.defaultValue.days, holidays: ['2026-12-25'] });
    expect(calendarFromSettings(values)).toBe(cal);
    expect(policiesFromSettings(values)).toEqual(SETTINGS.slaPolicies.defaultValue);
  });

  it('suggests the priority of the guidance matrix', () => {
    const guidance = settings.priorityGuidance;
    expect(suggestedPriority(guidance, 'critical', 'shows_stopped')).toBe('P1');
    expect(suggestedPriority(guidance, 'minor', 'shows_degraded')).toBe('P3');
    expect(suggestedPriority(guidance, 'low', 'no_show_affected')).toBe('P4');
    for (const sev of SEVERITIES) for (const impact of BUSINESS_IMPACTS) expect(PRIORITIES).toContain(suggestedPriority(guidance, sev, impact));
    const custom = { ...guidance, matrix: { ...guidance.matrix, low: { ...guidance.matrix.low, shows_stopped: 'P1' as const } } };
    expect(suggestedPriority(custom, 'low', 'shows_stopped')).toBe('P1');
  });

  it('formats business durations in hours and minutes, or business days when given a day length', () => {
    expect(formatBusinessDuration(0)).toBe('0 min');
    expect(formatBusinessDuration(30_000)).toBe('< 1 min');
    expect(formatBusinessDuration(45 * MIN)).toBe('45 min');
    expect(formatBusinessDuration(2 * H + 15 * MIN + 59_999)).toBe('2 h 15 min');
    expect(formatBusinessDuration(3 * H)).toBe('3 h');
    expect(formatBusinessDuration(-(H + 5 * MIN))).toBe('-1 h 5 min');
    expect(formatBusinessDuration(25 * H)).toBe('25 h');
    expect(formatBusinessDuration(34 * H, 10 * H)).toBe('3 d 4 h');
    expect(formatBusinessDuration(20 * H + 30 * MIN, 10 * H)).toBe('2 d');
    expect(formatBusinessDuration(9 * H + 30 * MIN, 10 * H)).toBe('9 h 30 min');
    expect(formatBusinessDurationIn(calendar, 25 * H)).toBe('2 d 5 h');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random histories.

const START = Date.parse('2026-01-05T07:00:00Z');
type Step = Readonly<{ gapMinutes: number; kind: 'priority' | 'responded' | 'resolved' | 'reopened' | 'paused' | 'resumed'; priority: Priority; reason: WaitingReason }>;
const stepArb: fc.Arbitrary<Step> = fc.record({
  gapMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  kind: fc.constantFrom('priority', 'responded', 'resolved', 'reopened', 'paused', 'resumed'),
  priority: fc.constantFrom(...PRIORITIES),
  reason: fc.constantFrom('customer', 'parts'),
});
function toEvents(first: Priority, steps: readonly Step[], exclude: readonly Step['kind'][] = []): SlaEvent[] {
  let t = START;
  const events: SlaEvent[] = [{ at: new Date(t).toISOString(), kind: 'created', priority: first }];
  for (const s of steps) {
    t += s.gapMinutes * MIN;
    if (exclude.includes(s.kind)) continue;
    const when = new Date(t).toISOString();
    if (s.kind === 'priority') events.push({ at: when, kind: 'priority', priority: s.priority });
    else if (s.kind === 'paused') events.push({ at: when, kind: 'paused', reason: s.reason });
    else events.push({ at: when, kind: s.kind });
  }
  return events;
}
const historyArb = fc.tuple(fc.constantFrom(...PRIORITIES), fc.array(stepArb, { maxLength: 12 }));
const lastAt = (events: readonly SlaEvent[]) => Math.max(...events.map((e) => Date.parse(e.at)));
const clocks = (s: SlaStatus) => [s.firstResponse, s.resolution];

describe('computeSla properties', () => {
  it('gives the same status for any order of the same events at distinct instants', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 1000 }), (h, seed) => {
        const events = toEvents(h[0], h[1].map((s) => ({ ...s, gapMinutes: s.gapMinutes + 1 })));
        const now = new Date(lastAt(events) + 5 * H).toISOString();
        const shuffled = [...events].sort((a, b) => ((Date.parse(a.at) * 31 + seed) % 97) - ((Date.parse(b.at) * 31 + seed) % 97));
        expect(computeSla(shuffled, policies, calendar, now)).toEqual(computeSla(events, policies, calendar, now));
      }),
      { numRuns: 150 },
    );
  });

  it('never counts more than the business time since creation, and never goes back as now advances', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 200 * 60 }), fc.integer({ min: 0, max: 200 * 60 }), (h, a, b) => {
        const events = toEvents(h[0], h[1]);
        const [early, late] = [a, b].sort((x, y) => x - y).map((m) => new Date(lastAt(events) + m * MIN).toISOString()) as [string, string];
        const s1 = computeSla(events, policies, calendar, early);
        const s2 = computeSla(events, policies, calendar, late);
        const total = businessMsBetween(calendar, events[0]?.at ?? early, late);
        for (const [c1, c2] of [[s1.firstResponse, s2.firstResponse], [s1.resolution, s2.resolution]] as const) {
          expect(c1.elapsedMs).toBeLessThanOrEqual(c2.elapsedMs);
          expect(c2.elapsedMs).toBeLessThanOrEqual(total);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never increases elapsed time by pausing', () => {
    fc.assert(
      fc.property(historyArb, fc.array(fc.tuple(fc.integer({ min: 0, max: 10 * 24 * 60 }), fc.integer({ min: 0, max: 3 * 24 * 60 })), { maxLength: 3 }), (h, windows) => {
        const base = toEvents(h[0], h[1], ['paused', 'resumed']);
        const withPauses: SlaEvent[] = [...base];
        let t = START;
        for (const [gap, length] of windows) {
          t += gap * MIN;
          withPauses.push({ at: new Date(t).toISOString(), kind: 'paused', reason: 'parts' });
          t += length * MIN;
          withPauses.push({ at: new Date(t).toISOString(), kind: 'resumed' });
        }
        const now = new Date(Math.max(lastAt(withPauses), lastAt(base)) + H).toISOString();
        const a = computeSla(base, policies, calendar, now);
        const b = computeSla(withPauses, policies, calendar, now);
        expect(b.firstResponse.elapsedMs).toBeLessThanOrEqual(a.firstResponse.elapsedMs);
        expect(b.resolution.elapsedMs).toBeLessThanOrEqual(a.resolution.elapsedMs);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps every clock self-consistent', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 100 * 60 }), (h, after) => {
        const events = toEvents(h[0], h[1]);
        const now = new Date(lastAt(events) + after * MIN).toISOString();
        const s = computeSla(events, policies, calendar, now);
        for (const c of clocks(s)) {
          expect(c.remainingMs).toBe(c.targetMinutes * MIN - c.elapsedMs);
          expect(c.breachedAt !== null).toBe(c.state === 'breached' || c.state === 'breached-met' || (c.state === 'paused' && c.remainingMs < 0) || (c.state === 'paused' && c.breachedAt !== null));
          if (c.breachedAt) expect(c.remainingMs).toBeLessThanOrEqual(0);
          if (c.state === 'running' || c.state === 'warning') {
            expect(c.dueAt).not.toBeNull();
            expect(businessMsBetween(calendar, now, c.dueAt as string)).toBe(c.remainingMs);
            expect(c.state === 'warning').toBe(c.elapsedMs * 100 >= policies.warnAtPercent * c.targetMinutes * MIN);
          }
          if (c.state === 'breached') expect(c.dueAt).toBe(c.breachedAt);
          if (c.breachedAt) expect(businessMsBetween(calendar, events[0]?.at as string, c.breachedAt)).toBeGreaterThanOrEqual(c.targetMinutes * MIN);
          expect(c.stoppedAt !== null).toBe(c.state === 'met' || c.state === 'breached-met');
        }
        expect(s.pausedFor !== null).toBe(clocks(s).some((c) => c.state === 'paused'));
        // The deadline projected now is where the target would be used up.
        const fr = s.firstResponse;
        if (fr.state === 'running') expect(addBusinessMs(calendar, now, fr.remainingMs)).toBe(fr.dueAt);
      }),
      { numRuns: 200 },
    );
  });
});
