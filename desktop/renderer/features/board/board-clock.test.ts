import { describe, expect, it } from 'vitest';
import { calendarFromSettings } from '../../../../shared/sla/compute.js';
import type { SlaClock, SlaStatus } from '../../../../shared/sla/types.js';
import { projectSla } from '../sla/sla-project.js';
import { boardClock } from './board-clock.js';

const clock = (over: Partial<SlaClock>): SlaClock => ({ targetMinutes: 240, elapsedMs: 0, remainingMs: 240 * 60_000, state: 'running', dueAt: null, breachedAt: null, stoppedAt: null, ...over }) as SlaClock;
const status = (first: Partial<SlaClock>, resolution: Partial<SlaClock>): SlaStatus => ({ priority: 'P2', firstResponse: clock(first), resolution: clock(resolution), pausedFor: null });

describe('boardClock', () => {
  const day = { start: '08:00', end: '17:00' };
  const target = { firstResponseMinutes: 240, resolutionMinutes: 1440 };
  const values: Parameters<typeof boardClock>[2] & object = {
    timeZone: 'UTC',
    businessHours: { days: [day, day, day, day, day, null, null] },
    holidays: [],
    slaPolicies: { targets: { P1: target, P2: target, P3: target, P4: target }, warnAtPercent: 75 },
  };
  // A Wednesday 10:00 UTC, then three hours later.
  const computedAt = Date.parse('2026-11-25T10:00:00.000Z');
  const now = new Date('2026-11-25T13:00:00.000Z');

  it('moves running clocks exactly as the per-case projection does', () => {
    const board = boardClock(now, computedAt, values);
    const cases = [status({}, {}), status({ remainingMs: 30 * 60_000, elapsedMs: 210 * 60_000 }, { state: 'paused' }), status({ state: 'met' }, { remainingMs: -5 })];
    for (const s of cases) expect(board.project(s)).toEqual(projectSla(s, computedAt, now.getTime(), calendarFromSettings(values), values.slaPolicies.warnAtPercent));
  });

  it('keeps a status untouched when no time has passed, the settings are not loaded, or nothing runs', () => {
    const s = status({}, {});
    expect(boardClock(new Date(computedAt), computedAt, values).project(s)).toBe(s);
    expect(boardClock(now, computedAt, undefined).project(s)).toBe(s);
    const stopped = status({ state: 'met' }, { state: 'paused' });
    expect(boardClock(now, computedAt, values).project(stopped)).toBe(stopped);
  });
});
