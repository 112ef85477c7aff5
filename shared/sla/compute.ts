// SLA clocks as a pure function of a case's SLA events, the policies and the business calendar:
// the hub derives its sort key from it and consoles display it, so both always agree.
//
// Rules (tested in compute.test.ts):
// - Order: events are sorted by `at` (stable: events at the same instant keep their stored order);
//   events whose `at` is not a date are ignored. `now` is taken as at least the last event's time,
//   so a console whose clock lags the hub never "un-resolves" a case.
// - Start: both clocks start at the first `created` event (or the first event of a history without
//   one); earlier events still set the priority or pause but count no time. An empty history (a case
//   from before SLA events existed) starts at `now` with priority P3: its clocks show the full
//   target and never breach until the hub records events for it.
// - Priority: `created` and `priority` events set the current priority. A running or paused clock
//   is judged against the CURRENT priority's target, as if the case had always had it (raising P3
//   to P1 after two business hours breaches the 30-minute response at once, and `breachedAt` is
//   the instant the 30 minutes were used up). A stopped clock keeps the target of the priority in
//   force when it stopped, so later re-prioritising never turns a met response into a late one.
// - Pauses: `paused` stops both running clocks (a `paused` while paused only changes the reason);
//   `resumed` restarts them; a `resumed` while not paused is ignored.
// - Stops: `responded` stops the first-response clock (once; repeats are ignored). `resolved` stops
//   the resolution clock and the first-response clock if it still runs (resolving answers the
//   customer). `reopened` after `resolved` restarts the resolution clock with its accumulated time;
//   the first-response clock stays stopped. `resolved` while resolved and `reopened` while open are
//   ignored, so duplicated events change nothing.
// - Deadline: the instant the clock's accumulated business time reached its target. A clock is
//   late when it counted past that instant: `breached` while running, `breached-met` once stopped.
//   Stopping exactly at the deadline is in time (`met`); so is pausing exactly at it (until the
//   clock runs again). A paused clock shows `paused` even when late (its `breachedAt` tells).
// - `warning`: running, not late, and at least warnAtPercent of the target used.
// - `dueAt`: running → the deadline (projected with the calendar from now, or the past deadline
//   once late); paused → null; stopped → the deadline when it stopped late, else null.
import type { Priority, Severity } from '../domain.js';
import type { BusinessImpact, SettingValues } from '../settings.js';
import type { BusinessCalendar, SlaClock, SlaClockState, SlaEvent, SlaPolicies, SlaStatus, WaitingReason } from './types.js';
import { addBusinessMsMs, businessDayMs, businessMsBetweenMs } from './calendar.js';

export { addBusinessMs, businessMsBetween, businessDayMs } from './calendar.js';

const MINUTE = 60_000;
/** The priority of a case whose history names none (the default of new email cases). */
const FALLBACK_PRIORITY: Priority = 'P3';

type Segment = readonly [number, number];

type ClockTrack = {
  segments: Segment[];
  runningSince: number | null;
  stoppedAt: number | null;
  /** The priority in force when the clock stopped (it is judged against that one). */
  stopPriority: Priority | null;
};

const newTrack = (): ClockTrack => ({ segments: [], runningSince: null, stoppedAt: null, stopPriority: null });

/** Computes both SLA clocks of a case at `now` (ISO). Throws RangeError when `now` is not a date. */
export function computeSla(events: readonly SlaEvent[], policies: SlaPolicies, calendar: BusinessCalendar, now: string): SlaStatus {
  let nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new RangeError(`now is not a valid date: ${now}`);

  const sorted: { e: SlaEvent; t: number; i: number }[] = [];
  events.forEach((e, i) => {
    const t = Date.parse(e.at);
    if (!Number.isNaN(t)) sorted.push({ e, t, i });
  });
  sorted.sort((a, b) => a.t - b.t || a.i - b.i);
  const lastAt = sorted.length ? (sorted[sorted.length - 1] as { t: number }).t : nowMs;
  if (lastAt > nowMs) nowMs = lastAt;

  const firstPriority = sorted.find((s) => s.e.kind === 'created' || s.e.kind === 'priority')?.e;
  let priority: Priority = firstPriority && 'priority' in firstPriority ? firstPriority.priority : FALLBACK_PRIORITY;
  let pausedFor: WaitingReason | null = null;
  const fr = newTrack();
  const res = newTrack();

  const startAt = (sorted.find((s) => s.e.kind === 'created') ?? sorted[0])?.t ?? nowMs;
  const sync = (t: number) => {
    for (const track of [fr, res]) {
      const shouldRun = t >= startAt && pausedFor === null && track.stoppedAt === null;
      if (shouldRun && track.runningSince === null) track.runningSince = t;
      else if (!shouldRun && track.runningSince !== null) {
        if (t > track.runningSince) track.segments.push([track.runningSince, t]);
        track.runningSince = null;
      }
    }
  };
  const stop = (track: ClockTrack, t: number) => {
    track.stoppedAt = t;
    track.stopPriority = priority;
  };

  if (!sorted.length) sync(startAt);
  for (const { e, t } of sorted) {
    switch (e.kind) {
      case 'created':
      case 'priority':
        priority = e.priority;
        break;
      case 'paused':
        pausedFor = e.reason;
        break;
      case 'resumed':
        pausedFor = null;
        break;
      case 'responded':
        if (fr.stoppedAt === null) stop(fr, t);
        break;
      case 'resolved':
        if (res.stoppedAt === null) {
          stop(res, t);
          if (fr.stoppedAt === null) stop(fr, t);
        }
        break;
      case 'reopened':
        if (res.stoppedAt !== null) {
          res.stoppedAt = null;
          res.stopPriority = null;
        }
        break;
      default:
        return assertNever(e);
    }
    sync(t);
  }
  // The clocks still running count up to now.
  for (const track of [fr, res]) if (track.runningSince !== null && nowMs > track.runningSince) track.segments.push([track.runningSince, nowMs]);

  // Both clocks usually share segments: count each once.
  const memo = new Map<string, number>();
  const business = (s: Segment) => {
    const key = `${s[0]}:${s[1]}`;
    let ms = memo.get(key);
    if (ms === undefined) {
      ms = businessMsBetweenMs(calendar, s[0], s[1]);
      memo.set(key, ms);
    }
    return ms;
  };
  const clock = (track: ClockTrack, minutes: (p: Priority) => number): SlaClock => {
    const targetMinutes = minutes(track.stopPriority ?? priority);
    const target = targetMinutes * MINUTE;
    let elapsed = 0;
    let deadline: number | null = null;
    for (const seg of track.segments) {
      const ms = business(seg);
      if (deadline === null && elapsed + ms >= target) deadline = addBusinessMsMs(calendar, seg[0], target - elapsed);
      elapsed += ms;
    }
    const running = track.runningSince !== null;
    const lastCounted = running ? nowMs : track.segments.length ? (track.segments[track.segments.length - 1] as Segment)[1] : null;
    const late = deadline !== null && lastCounted !== null && lastCounted > deadline;
    let state: SlaClockState;
    let dueAt: number | null;
    if (track.stoppedAt !== null) {
      state = late ? 'breached-met' : 'met';
      dueAt = late ? deadline : null;
    } else if (!running) {
      state = 'paused';
      dueAt = null;
    } else {
      state = late ? 'breached' : elapsed * 100 >= policies.warnAtPercent * target ? 'warning' : 'running';
      dueAt = deadline ?? addBusinessMsMs(calendar, nowMs, target - elapsed);
    }
    return {
      targetMinutes,
      elapsedMs: elapsed,
      remainingMs: target - elapsed,
      state,
      dueAt: iso(dueAt),
      breachedAt: late ? iso(deadline) : null,
      stoppedAt: iso(track.stoppedAt),
    };
  };

  const stillRunning = fr.stoppedAt === null || res.stoppedAt === null;
  return {
    priority,
    firstResponse: clock(fr, (p) => policies.targets[p].firstResponseMinutes),
    resolution: clock(res, (p) => policies.targets[p].resolutionMinutes),
    pausedFor: stillRunning ? pausedFor : null,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function assertNever(value: never): never {
  throw new Error(`Unknown SLA event: ${JSON.stringify(value)}`);
}

const COUNTING: readonly SlaClockState[] = ['running', 'warning', 'breached'];

/**
 * The case's SLA sort key: the nearest `dueAt` of a counting clock (running, warning or breached,
 * so a late case sorts first), or null when both clocks are paused or stopped.
 */
export function slaDueAt(status: SlaStatus): string | null {
  let best: string | null = null;
  for (const c of [status.firstResponse, status.resolution]) {
    if (COUNTING.includes(c.state) && c.dueAt !== null && (best === null || Date.parse(c.dueAt) < Date.parse(best))) best = c.dueAt;
  }
  return best;
}

/** The business calendar the settings describe (the same object for the same settings object). */
const calendars = new WeakMap<object, BusinessCalendar>();
export function calendarFromSettings(values: Pick<SettingValues, 'timeZone' | 'businessHours' | 'holidays'>): BusinessCalendar {
  let calendar = calendars.get(values);
  if (!calendar) {
    calendar = { timeZone: values.timeZone, days: values.businessHours.days, holidays: values.holidays.map((h) => h.date) };
    calendars.set(values, calendar);
  }
  return calendar;
}

export function policiesFromSettings(values: Pick<SettingValues, 'slaPolicies'>): SlaPolicies {
  return values.slaPolicies;
}

/** The priority the admins' guidance matrix suggests for a severity and business impact. */
export function suggestedPriority(guidance: SettingValues['priorityGuidance'], severity: Severity, impact: BusinessImpact): Priority {
  return guidance.matrix[severity][impact];
}

/**
 * A business duration for people: "45 min", "2 h 15 min", "3 d 4 h" (two units at most, minutes
 * rounded down, "< 1 min" under a minute, a leading "-" when negative, e.g. time past a deadline).
 * Days appear only when `dayMs` is given and are BUSINESS days of that length (pass
 * `businessDayMs(calendar)`: a 10-hour day makes 25 business hours "2 d 5 h"); without it the
 * duration stays in hours ("25 h"), which never misleads about calendar days.
 */
export function formatBusinessDuration(ms: number, dayMs?: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs === 0) return '0 min';
  if (abs < MINUTE) return `${sign}< 1 min`;
  let minutes = Math.floor(abs / MINUTE);
  const dayMinutes = dayMs && dayMs >= MINUTE ? Math.floor(dayMs / MINUTE) : 0;
  const parts: string[] = [];
  if (dayMinutes && minutes >= dayMinutes) {
    const days = Math.floor(minutes / dayMinutes);
    minutes -= days * dayMinutes;
    parts.push(`${days} d`);
    const hours = Math.floor(minutes / 60);
    if (hours) parts.push(`${hours} h`);
    return sign + parts.join(' ');
  }
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  return sign + parts.join(' ');
}

/** `formatBusinessDuration` with the calendar's business day as the day unit. */
export function formatBusinessDurationIn(calendar: BusinessCalendar, ms: number): string {
  return formatBusinessDuration(ms, businessDayMs(calendar));
}
