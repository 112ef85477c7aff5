// Keeps SLA clocks true on screen between refetches: the core computed them when the list was
// read; every 30 s the window moves running clocks on by the business time passed since (closed
// hours and holidays do not count), turning them to warning or breached when they cross. Paused
// and stopped clocks do not move. No call to the core: the next data change brings exact values.
import { businessMsBetweenMs } from '../../../../shared/sla/calendar.js';
import type { BusinessCalendar, SlaClock, SlaStatus } from '../../../../shared/sla/types.js';

const MOVING: ReadonlySet<SlaClock['state']> = new Set(['running', 'warning', 'breached']);

/** `businessMs` of business time later: a running clock's remaining time shrinks by it. */
export function advanceClock(clock: SlaClock, businessMs: number, warnAtPercent: number): SlaClock {
  if (!MOVING.has(clock.state) || businessMs <= 0) return clock;
  const remainingMs = clock.remainingMs - businessMs;
  const elapsedMs = clock.elapsedMs + businessMs;
  if (remainingMs < 0) return { ...clock, remainingMs, elapsedMs, state: 'breached', breachedAt: clock.breachedAt ?? clock.dueAt };
  const warnAtMs = (clock.targetMinutes * 60_000 * warnAtPercent) / 100;
  return { ...clock, remainingMs, elapsedMs, state: elapsedMs >= warnAtMs ? 'warning' : 'running' };
}

/** The status computed at `computedAt`, as it stands at `now`. */
export function projectSla(status: SlaStatus, computedAt: number, now: number, calendar: BusinessCalendar, warnAtPercent: number): SlaStatus {
  if (now <= computedAt) return status;
  if (!MOVING.has(status.firstResponse.state) && !MOVING.has(status.resolution.state)) return status;
  const businessMs = businessMsBetweenMs(calendar, computedAt, now);
  if (businessMs <= 0) return status;
  return {
    ...status,
    firstResponse: advanceClock(status.firstResponse, businessMs, warnAtPercent),
    resolution: advanceClock(status.resolution, businessMs, warnAtPercent),
  };
}
