// Business-time arithmetic on a BusinessCalendar: how much opening time lies between two instants,
// and which instant a given amount of opening time after another one is. Pure; only `Intl` for zones.
//
// Rules (tested in calendar.test.ts):
// - Opening hours are local wall-clock times in the calendar's IANA zone, per weekday (Monday
//   first). A day is open from `start` (inclusive) to `end` (exclusive). A weekday that is null, a
//   holiday (a local date), or a day whose end is not after its start (zero length) is closed.
// - A local time maps to the FIRST instant at which the zone's wall clock shows that time or a later
//   one. So on a spring-forward day a time that does not exist (02:30 in New York) maps to the
//   instant the clocks jump (03:00 EDT), and on a fall-back day a repeated time (01:30) maps to its
//   first occurrence. A day whose open hours contain a change is an hour shorter or longer in real
//   time: business time is real elapsed time inside opening hours, never wall-clock arithmetic.
// - Zone offsets come from Intl.DateTimeFormat (one cached formatter per zone) and are sampled once
//   per zone and ~year-long block, finding every change exactly (to the second) by bisection. Two
//   changes less than a week apart that cancel out would be missed; no zone in the tz database has
//   had that since 1970.
// - Long spans are computed a whole week at a time (a week's nominal opening time, minus holidays,
//   corrected on days that contain an offset change), so a year costs microseconds, not a loop.
import type { BusinessCalendar } from './types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

// ---------------------------------------------------------------------------------------------
// Zone offsets

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone: the settings schema refuses those before they get here.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset (local minus UTC, in ms) at an instant, straight from Intl. */
function intlOffset(timeZone: string, utcMs: number): number {
  const whole = Math.floor(utcMs / SECOND) * SECOND;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(whole)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        // Some engines print midnight as 24 even with h23.
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime() - whole;
}

type Transition = Readonly<{ at: number; before: number; after: number }>;
type Block = Readonly<{ startOffset: number; transitions: readonly Transition[] }>;

// Blocks of 52 weeks, sampled weekly; a change is then bisected to the second.
const BLOCK = 52 * WEEK;
const blocks = new Map<string, Map<number, Block>>();

function computeBlock(timeZone: string, index: number): Block {
  const start = index * BLOCK;
  const startOffset = intlOffset(timeZone, start);
  const transitions: Transition[] = [];
  let prevAt = start;
  let prevOffset = startOffset;
  for (let at = start + WEEK; at <= start + BLOCK; at += WEEK) {
    const offset = intlOffset(timeZone, at);
    if (offset !== prevOffset) {
      // Bisect (lo has the old offset, hi the new) down to one second.
      let lo = prevAt;
      let hi = at;
      while (hi - lo > SECOND) {
        const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
        if (intlOffset(timeZone, mid) === prevOffset) lo = mid;
        else hi = mid;
      }
      // A change exactly at the block's end belongs to the next block.
      if (hi < start + BLOCK) transitions.push({ at: hi, before: prevOffset, after: offset });
    }
    prevAt = at;
    prevOffset = offset;
  }
  return { startOffset, transitions };
}

function blockFor(timeZone: string, index: number): Block {
  let zone = blocks.get(timeZone);
  if (!zone) {
    zone = new Map();
    blocks.set(timeZone, zone);
  }
  let block = zone.get(index);
  if (!block) {
    block = computeBlock(timeZone, index);
    zone.set(index, block);
  }
  return block;
}

/** The zone's offset (local minus UTC, ms) at an instant. */
export function zoneOffset(timeZone: string, utcMs: number): number {
  const block = blockFor(timeZone, Math.floor(utcMs / BLOCK));
  let offset = block.startOffset;
  for (const t of block.transitions) {
    if (t.at > utcMs) break;
    offset = t.after;
  }
  return offset;
}

/** The offset changes in [fromMs, toMs), in time order. */
function transitionsBetween(timeZone: string, fromMs: number, toMs: number): Transition[] {
  const out: Transition[] = [];
  for (let i = Math.floor(fromMs / BLOCK); i <= Math.floor((toMs - 1) / BLOCK); i++) {
    for (const t of blockFor(timeZone, i).transitions) if (t.at >= fromMs && t.at < toMs) out.push(t);
  }
  return out;
}

/**
 * The instant of a local wall-clock time (ms since the epoch as if the zone were UTC): the first
 * instant whose wall clock shows that time or later (see the rules at the top).
 */
export function localToUtc(timeZone: string, localMs: number): number {
  // Offsets lie within ±18 h, so the instant lies within [local - 18 h, local + 18 h].
  const from = localMs - 18 * HOUR;
  const to = localMs + 18 * HOUR;
  const changes = transitionsBetween(timeZone, from, to);
  if (changes.length === 0) return localMs - zoneOffset(timeZone, from);
  let best = Number.POSITIVE_INFINITY;
  const offsets = [zoneOffset(timeZone, from), ...changes.map((t) => t.after)];
  for (const o of offsets) {
    const u = localMs - o;
    if (u < best && zoneOffset(timeZone, u) === o) best = u;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // In a gap: the wall clock jumps over this time at one of the changes.
  for (const t of changes) if (t.at + t.before <= localMs && localMs < t.at + t.after) return t.at;
  return localMs - zoneOffset(timeZone, localMs);
}

/** The local date (days since 1970-01-01) of an instant in the zone. */
function localDay(timeZone: string, utcMs: number): number {
  return Math.floor((utcMs + zoneOffset(timeZone, utcMs)) / DAY);
}

// ---------------------------------------------------------------------------------------------
// Compiled calendar

type Compiled = Readonly<{
  timeZone: string;
  /** Monday first: opening and closing as minutes after local midnight; null = closed. */
  hours: readonly (Readonly<{ open: number; close: number }> | null)[];
  /** Nominal (wall-clock) opening ms per weekday, Monday first. */
  nominal: readonly number[];
  weekNominal: number;
  /** Holidays as local day numbers, sorted, unique. */
  holidays: readonly number[];
}>;

const compiledCache = new WeakMap<BusinessCalendar, Compiled>();

function parseTime(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

function parseDate(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? null : ms / DAY;
}

function compile(calendar: BusinessCalendar): Compiled {
  const cached = compiledCache.get(calendar);
  if (cached) return cached;
  formatterFor(calendar.timeZone);
  const hours: (Readonly<{ open: number; close: number }> | null)[] = [];
  const nominal: number[] = [];
  for (let w = 0; w < 7; w++) {
    const d = calendar.days[w];
    const open = d ? parseTime(d.start) : null;
    const close = d ? parseTime(d.end) : null;
    // A malformed time or a day that does not end after it starts is closed (settings refuse both).
    const day = open !== null && close !== null && close > open ? { open, close } : null;
    hours.push(day);
    nominal.push(day ? (day.close - day.open) * MINUTE : 0);
  }
  const holidays = [...new Set(calendar.holidays.map(parseDate).filter((d): d is number => d !== null))].sort((a, b) => a - b);
  const compiled: Compiled = { timeZone: calendar.timeZone, hours, nominal, weekNominal: nominal.reduce((a, b) => a + b, 0), holidays };
  compiledCache.set(calendar, compiled);
  return compiled;
}

/** Monday-first weekday of a local day number (1970-01-01 was a Thursday). */
const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;

function isHoliday(c: Compiled, day: number): boolean {
  const i = lowerBound(c.holidays, day);
  return c.holidays[i] === day;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The real-time opening interval [open, close) of a local day, or null when closed. */
function openInterval(c: Compiled, day: number): readonly [number, number] | null {
  const h = c.hours[weekday(day)];
  if (!h || isHoliday(c, day)) return null;
  const open = localToUtc(c.timeZone, day * DAY + h.open * MINUTE);
  const close = localToUtc(c.timeZone, day * DAY + h.close * MINUTE);
  return close > open ? [open, close] : null;
}

const openLength = (c: Compiled, day: number) => {
  const i = openInterval(c, day);
  return i ? i[1] - i[0] : 0;
};

/** Opening ms of the whole local days [fromDay, toDay): weeks at once, then corrections. */
function fullDaysMs(c: Compiled, fromDay: number, toDay: number): number {
  if (toDay <= fromDay) return 0;
  const n = toDay - fromDay;
  let total = Math.floor(n / 7) * c.weekNominal;
  for (let d = fromDay + Math.floor(n / 7) * 7; d < toDay; d++) total += c.nominal[weekday(d)] as number;
  for (let i = lowerBound(c.holidays, fromDay); i < c.holidays.length && (c.holidays[i] as number) < toDay; i++) {
    total -= c.nominal[weekday(c.holidays[i] as number)] as number;
  }
  // Days holding an offset change: replace their nominal length by the real one.
  const seen = new Set<number>();
  for (const t of transitionsBetween(c.timeZone, fromDay * DAY - 18 * HOUR, toDay * DAY + 18 * HOUR)) {
    for (const day of [localDay(c.timeZone, t.at - 1), localDay(c.timeZone, t.at)]) {
      if (day < fromDay || day >= toDay || seen.has(day)) continue;
      seen.add(day);
      if (isHoliday(c, day)) continue;
      total += openLength(c, day) - (c.nominal[weekday(day)] as number);
    }
  }
  return total;
}

function toMs(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a valid date: ${iso}`);
  return ms;
}

/** Business ms between two instants (epoch ms); negative when `to` is before `from`. */
export function businessMsBetweenMs(calendar: BusinessCalendar, from: number, to: number): number {
  if (to < from) return -businessMsBetweenMs(calendar, to, from);
  if (to === from) return 0;
  const c = compile(calendar);
  const first = localDay(c.timeZone, from);
  const last = localDay(c.timeZone, to);
  const clip = (day: number) => {
    const i = openInterval(c, day);
    return i ? Math.max(0, Math.min(i[1], to) - Math.max(i[0], from)) : 0;
  };
  if (last <= first) return clip(first) + (last < first ? clip(last) : 0);
  return clip(first) + fullDaysMs(c, first + 1, last) + clip(last);
}

/** The earliest instant (epoch ms) at which `ms` business ms have passed since `from`. */
export function addBusinessMsMs(calendar: BusinessCalendar, from: number, ms: number): number {
  let rest = Math.round(ms);
  if (rest < 0) throw new RangeError('addBusinessMs counts forward only: ms must not be negative.');
  if (rest === 0) return from;
  const c = compile(calendar);
  if (c.weekNominal === 0) throw new RangeError('The business calendar has no opening hours.');
  let day = localDay(c.timeZone, from);
  const firstOpen = openInterval(c, day);
  if (firstOpen && firstOpen[1] > from) {
    const start = Math.max(from, firstOpen[0]);
    if (rest <= firstOpen[1] - start) return start + rest;
    rest -= firstOpen[1] - start;
  }
  day++;
  // Whole weeks while the rest is more than a week's opening time (strictly: the answer is the
  // earliest instant, so a rest that ends exactly at a closing time must stop on that day).
  for (;;) {
    const week = fullDaysMs(c, day, day + 7);
    if (week >= rest) break;
    rest -= week;
    day += 7;
  }
  for (;;) {
    const open = openInterval(c, day);
    if (open) {
      if (rest <= open[1] - open[0]) return open[0] + rest;
      rest -= open[1] - open[0];
    }
    day++;
  }
}

/** Business ms between two ISO instants (negative when `toIso` is earlier). */
export function businessMsBetween(calendar: BusinessCalendar, fromIso: string, toIso: string): number {
  return businessMsBetweenMs(calendar, toMs(fromIso, 'from'), toMs(toIso, 'to'));
}

/**
 * The earliest instant (ISO) at which `ms` business milliseconds (rounded to whole ms, ≥ 0) have
 * passed since `fromIso`: `businessMsBetween(cal, from, addBusinessMs(cal, from, x)) === x`. A sum
 * that ends exactly at a closing time returns that closing time, not the next opening.
 */
export function addBusinessMs(calendar: BusinessCalendar, fromIso: string, ms: number): string {
  return new Date(addBusinessMsMs(calendar, toMs(fromIso, 'from'), ms)).toISOString();
}

/** The longest nominal opening day of the calendar in ms (what "1 business day" means in durations). */
export function businessDayMs(calendar: BusinessCalendar): number {
  return Math.max(0, ...compile(calendar).nominal);
}

/** True when the calendar is open at the instant. */
export function isOpenAt(calendar: BusinessCalendar, iso: string): boolean {
  const c = compile(calendar);
  const at = toMs(iso, 'at');
  const i = openInterval(c, localDay(c.timeZone, at));
  return i !== null && i[0] <= at && at < i[1];
}
