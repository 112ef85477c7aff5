// When an engineer works: local dates in the organisation's zone, working hours per weekday, time
// off, and the visits that leaves them today and this week. Pure; only `Intl` (via the SLA calendar).
//
// Rules (tested in availability.test.ts):
// - A local date is "YYYY-MM-DD" in the organisation's time zone; weekdays are Monday first (0..6).
// - An engineer works on a date when that weekday's hours are not null and the date is not inside
//   any time-off period (both ends inclusive).
// - Capacity today is dailyCapacity on a working date, else 0; capacity this week is dailyCapacity
//   times the working dates of that date's week (Monday to Sunday).
import type { EngineerProfile } from '../domain.js';
import { zoneOffset } from '../sla/calendar.js';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a "YYYY-MM-DD" date; NaN when it is not one. */
function dayNumber(localDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function requireDay(localDate: string): number {
  const day = dayNumber(localDate);
  if (Number.isNaN(day)) throw new RangeError(`Not a local date like 2026-01-31: ${localDate}`);
  return day;
}

/** The local date ("YYYY-MM-DD") of an ISO instant in an IANA zone. Throws RangeError on a bad instant or zone. */
export function localDateIn(timeZone: string, iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${iso}`);
  return fromDayNumber(Math.floor((ms + zoneOffset(timeZone, ms)) / DAY_MS));
}

/** Monday 0 … Sunday 6 (1970-01-01 was a Thursday). */
export function weekdayIndex(localDate: string): number {
  return (((requireDay(localDate) + 3) % 7) + 7) % 7;
}

/** The date `days` after (or before, when negative) a local date. */
export function addDays(localDate: string, days: number): string {
  return fromDayNumber(requireDay(localDate) + days);
}

/** The seven local dates, Monday to Sunday, of the week holding `localDate`. */
export function weekOf(localDate: string): string[] {
  const monday = requireDay(localDate) - weekdayIndex(localDate);
  return Array.from({ length: 7 }, (_, i) => fromDayNumber(monday + i));
}

type Availability = Pick<EngineerProfile, 'workingHours' | 'timeOff' | 'dailyCapacity'>;

/** The time-off period covering the date, if any (dates compare as text: same fixed format). */
function leaveOn(profile: Pick<Availability, 'timeOff'>, localDate: string) {
  return profile.timeOff.find((t) => t.from <= localDate && localDate <= t.to);
}

export function isOnLeave(profile: Pick<Availability, 'timeOff'>, localDate: string): boolean {
  return leaveOn(profile, localDate) !== undefined;
}

/** Working hours that weekday are set and the date is not time off. */
export function isWorkingOn(profile: Pick<Availability, 'workingHours' | 'timeOff'>, localDate: string): boolean {
  return profile.workingHours[weekdayIndex(localDate)] != null && !isOnLeave(profile, localDate);
}

/**
 * One line for the board: "08:00–17:00", "Off today", or "On leave until 2026-12-02" (the last day
 * of leave, following periods that touch or overlap, so back-to-back bookings read as one).
 */
export function availabilityText(profile: Pick<Availability, 'workingHours' | 'timeOff'>, localDate: string): string {
  const leave = leaveOn(profile, localDate);
  if (leave) {
    let until = leave.to;
    for (let extended = true; extended; ) {
      extended = false;
      const next = addDays(until, 1);
      for (const t of profile.timeOff) {
        if (t.from <= next && t.to > until) {
          until = t.to;
          extended = true;
        }
      }
    }
    return `On leave until ${until}`;
  }
  const hours = profile.workingHours[weekdayIndex(localDate)];
  return hours ? `${hours.start}–${hours.end}` : 'Off today';
}

/** Visits the engineer can take on that date: dailyCapacity when working, else 0. */
export function capacityToday(profile: Availability, localDate: string): number {
  return isWorkingOn(profile, localDate) ? profile.dailyCapacity : 0;
}

/** dailyCapacity × the working dates (not on leave) Monday to Sunday of that date's week. */
export function capacityThisWeek(profile: Availability, localDate: string): number {
  let days = 0;
  for (const date of weekOf(localDate)) if (isWorkingOn(profile, date)) days++;
  return days * profile.dailyCapacity;
}
