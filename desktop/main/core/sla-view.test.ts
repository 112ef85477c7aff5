// The console's SLA view: computeSla over stored events with the cached policies and calendar, a
// memo that keeps finished clocks until the settings change and running ones for a second only.
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../../shared/settings.js';
import { calendarFromSettings, computeSla, policiesFromSettings } from '../../../shared/sla/compute.js';
import type { SlaEvent } from '../../../shared/sla/types.js';
import { RUNNING_REUSE_MS, slaFromText, type SlaContext, type SlaMemo } from './sla-view.js';

const values = resolveSettings([]);
const base = { policies: policiesFromSettings(values), calendar: calendarFromSettings(values) };
const at = (iso: string, memo: SlaMemo): SlaContext => ({ ...base, now: iso, memo });
const running: SlaEvent[] = [{ at: '2026-03-02T09:00:00.000Z', kind: 'created', priority: 'P2' }];
const finished: SlaEvent[] = [...running, { at: '2026-03-02T09:30:00.000Z', kind: 'responded' }, { at: '2026-03-02T11:00:00.000Z', kind: 'resolved' }];

describe('slaFromText', () => {
  it('equals computeSla over the parsed events; a broken text counts as no history', () => {
    const now = '2026-03-02T10:00:00.000Z';
    expect(slaFromText(JSON.stringify(running), { ...base, now })).toEqual(computeSla(running, base.policies, base.calendar, now));
    expect(slaFromText('not json', { ...base, now })).toEqual(computeSla([], base.policies, base.calendar, now));
    expect(slaFromText(null, { ...base, now })).toEqual(computeSla([], base.policies, base.calendar, now));
  });

  it('remembers finished clocks for good and running ones for a second', () => {
    const memo: SlaMemo = new Map();
    const first = slaFromText(JSON.stringify(finished), at('2026-03-02T12:00:00.000Z', memo));
    expect(first.resolution.state).toBe('met');
    // The same object later: nothing about a stopped clock depends on now.
    expect(slaFromText(JSON.stringify(finished), at('2026-03-09T12:00:00.000Z', memo))).toBe(first);

    const t0 = Date.parse('2026-03-02T10:00:00.000Z');
    const a = slaFromText(JSON.stringify(running), at(new Date(t0).toISOString(), memo));
    expect(slaFromText(JSON.stringify(running), at(new Date(t0 + RUNNING_REUSE_MS - 1).toISOString(), memo))).toBe(a);
    const later = slaFromText(JSON.stringify(running), at(new Date(t0 + 60_000).toISOString(), memo));
    expect(later).not.toBe(a);
    expect(later.resolution.elapsedMs).toBe(a.resolution.elapsedMs + 60_000);
  });
});
