// The board's SLA clocks kept true between fetches, for every card at once: the business time passed
// since the core computed the board is the same for all of them, so it is worked out once per tick
// (not once per card, as the per-case projection does) and each running clock moves on by it.
import { calendarFromSettings } from '../../../../shared/sla/compute.js';
import { businessMsBetweenMs } from '../../../../shared/sla/calendar.js';
import type { SlaStatus } from '../../../../shared/sla/types.js';
import type { SettingValues } from '../../../../shared/settings.js';
import { advanceClock } from '../sla/sla-project.js';

export type BoardClock = Readonly<{
  now: Date;
  /** A card's clocks (computed by the core at the board's `computedAt`) as they stand `now`. */
  project: (status: SlaStatus) => SlaStatus;
}>;

type ClockSettings = Pick<SettingValues, 'timeZone' | 'businessHours' | 'holidays' | 'slaPolicies'>;

export function boardClock(now: Date, computedAt: number, values: ClockSettings | undefined): BoardClock {
  if (!values || now.getTime() <= computedAt) return { now, project: (status) => status };
  const businessMs = businessMsBetweenMs(calendarFromSettings(values), computedAt, now.getTime());
  if (businessMs <= 0) return { now, project: (status) => status };
  const warnAt = values.slaPolicies.warnAtPercent;
  return {
    now,
    project: (status) => {
      const firstResponse = advanceClock(status.firstResponse, businessMs, warnAt);
      const resolution = advanceClock(status.resolution, businessMs, warnAt);
      return firstResponse === status.firstResponse && resolution === status.resolution ? status : { ...status, firstResponse, resolution };
    },
  };
}
