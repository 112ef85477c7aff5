import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addBusinessMs, businessDayMs, businessMsBetween, isOpenAt, localToUtc, zoneOffset } from './calendar.js';
import type { BusinessCalendar } from './types.js';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

const weekdays = (start: string, end: string): BusinessCalendar['days'] => [
  { start, end },
  { start, end },
  { start, end },
  { start, end },
  { start, end },
  null,
  null,
];
const allWeek = (start: string, end: string): BusinessCalendar['days'] => Array.from({ length: 7 }, () => ({ start, end }));

// London is on GMT (= UTC) in January, so local times read as Z there.
const london: BusinessCalendar = { timeZone: 'Europe/London', days: weekdays('08:00', '18:00'), holidays: [] };
const newYork: BusinessCalendar = { timeZone: 'America/New_York', days: weekdays('08:00', '18:00'), holidays: [] };

const between = (cal: BusinessCalendar, a: string, b: string) => businessMsBetween(cal, a, b);

describe('businessMsBetween: opening hours', () => {
  // 2026-01-05 is a Monday.
  it('counts from exactly the opening and up to exactly the closing', () => {
    expect(between(london, '2026-01-05T08:00:00Z', '2026-01-05T09:00:00Z')).toBe(H);
    expect(between(london, '2026-01-05T07:00:00Z', '2026-01-05T08:00:00Z')).toBe(0);
    expect(between(london, '2026-01-05T18:00:00Z', '2026-01-05T19:00:00Z')).toBe(0);
    expect(between(london, '2026-01-05T17:59:00Z', '2026-01-05T18:00:00Z')).toBe(MIN);
    expect(between(london, '2026-01-05T07:59:59.999Z', '2026-01-05T08:00:00.001Z')).toBe(1);
    expect(between(london, '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z')).toBe(10 * H);
  });

  it('skips the night across midnight', () => {
    expect(between(london, '2026-01-05T17:00:00Z', '2026-01-06T09:00:00Z')).toBe(2 * H);
    expect(between(london, '2026-01-05T23:00:00Z', '2026-01-06T01:00:00Z')).toBe(0);
  });

  it('skips closed weekdays', () => {
    expect(between(london, '2026-01-09T17:00:00Z', '2026-01-12T09:00:00Z')).toBe(2 * H);
    expect(between(london, '2026-01-10T09:00:00Z', '2026-01-11T17:00:00Z')).toBe(0);
    expect(between(london, '2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z')).toBe(50 * H);
  });

  it('is zero for an empty span and antisymmetric for a reversed one', () => {
    expect(between(london, '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z')).toBe(0);
    expect(between(london, '2026-01-05T12:00:00Z', '2026-01-05T10:00:00Z')).toBe(-2 * H);
  });

  it('uses each weekday its own hours, and treats a zero-length or inverted day as closed', () => {
    const cal: BusinessCalendar = {
      timeZone: 'Europe/London',
      days: [{ start: '09:00', end: '17:30' }, { start: '09:00', end: '09:00' }, { start: '18:00', end: '08:00' }, { start: '00:00', end: '24:00' }, null, { start: '10:00', end: '12:00' }, null],
      holidays: [],
    };
    expect(between(cal, '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z')).toBe(8.5 * H);
    expect(between(cal, '2026-01-06T00:00:00Z', '2026-01-08T00:00:00Z')).toBe(0);
    expect(between(cal, '2026-01-08T00:00:00Z', '2026-01-09T00:00:00Z')).toBe(24 * H);
    expect(between(cal, '2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z')).toBe(8.5 * H + 24 * H + 2 * H);
    expect(businessDayMs(cal)).toBe(24 * H);
  });

  it('skips holidays, and a holiday on a closed day changes nothing', () => {
    const cal: BusinessCalendar = { ...london, holidays: ['2026-01-05', '2026-01-10'] };
    expect(between(cal, '2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z')).toBe(40 * H);
    expect(between(cal, '2026-01-02T17:00:00Z', '2026-01-06T09:00:00Z')).toBe(2 * H);
  });

  it('counts a whole year exactly: working days minus holidays', () => {
    // 2026 has 261 weekdays; eight English bank holidays, all on weekdays.
    const holidays = ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'];
    expect(between(london, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBe(261 * 10 * H);
    expect(between({ ...london, holidays }, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBe(253 * 10 * H);
    // Ten years, with local midnights in summer and winter as the ends.
    expect(between(london, '2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).toBe(2609 * 10 * H);
  });
});

describe('addBusinessMs', () => {
  it('adds inside one day, from before the opening and from after the closing', () => {
    expect(addBusinessMs(london, '2026-01-05T09:00:00Z', 2 * H)).toBe('2026-01-05T11:00:00.000Z');
    expect(addBusinessMs(london, '2026-01-05T06:00:00Z', 30 * MIN)).toBe('2026-01-05T08:30:00.000Z');
    expect(addBusinessMs(london, '2026-01-05T19:00:00Z', 30 * MIN)).toBe('2026-01-06T08:30:00.000Z');
  });

  it('returns the closing instant when the time runs out exactly at closing, not the next opening', () => {
    expect(addBusinessMs(london, '2026-01-09T17:00:00Z', H)).toBe('2026-01-09T18:00:00.000Z');
    expect(addBusinessMs(london, '2026-01-09T17:00:00Z', H + 1)).toBe('2026-01-12T08:00:00.001Z');
    expect(addBusinessMs(london, '2026-01-05T08:00:00Z', 50 * H)).toBe('2026-01-09T18:00:00.000Z');
  });

  it('returns the start itself for zero, even when closed, and refuses negative amounts', () => {
    expect(addBusinessMs(london, '2026-01-10T12:00:00Z', 0)).toBe('2026-01-10T12:00:00.000Z');
    expect(() => addBusinessMs(london, '2026-01-10T12:00:00Z', -1)).toThrow(RangeError);
  });

  it('skips weekends and holidays', () => {
    expect(addBusinessMs(london, '2026-01-10T12:00:00Z', H)).toBe('2026-01-12T09:00:00.000Z');
    expect(addBusinessMs({ ...london, holidays: ['2026-01-12'] }, '2026-01-09T17:00:00Z', 2 * H)).toBe('2026-01-13T09:00:00.000Z');
  });

  it('refuses a calendar that is never open instead of looping forever', () => {
    const never: BusinessCalendar = { timeZone: 'Europe/London', days: [null, null, null, null, null, null, null], holidays: [] };
    expect(() => addBusinessMs(never, '2026-01-05T09:00:00Z', H)).toThrow(RangeError);
    expect(between(never, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBe(0);
  });

  it('adds a year of business time in milliseconds, not by counting minutes (typically ~30 µs per call)', () => {
    const holidays = Array.from({ length: 40 }, (_, i) => `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`);
    const cal: BusinessCalendar = { ...newYork, holidays };
    const year = 60 * 24 * 365 * MIN;
    addBusinessMs(cal, '2026-01-05T14:00:00Z', year); // warm the zone cache
    const runs = 200;
    const t0 = Date.now();
    let last = '';
    for (let i = 0; i < runs; i++) last = addBusinessMs(cal, '2026-01-05T14:00:00Z', year - i * MIN);
    const perCall = (Date.now() - t0) / runs;
    expect(businessMsBetween(cal, '2026-01-05T14:00:00Z', last)).toBe(year - (runs - 1) * MIN);
    // Generous for a loaded CI machine running tests in parallel; a minute-by-minute loop takes seconds.
    expect(perCall).toBeLessThan(5);
  });
});

describe('daylight-saving changes', () => {
  it('finds the offsets and changes of London and New York from Intl', () => {
    expect(zoneOffset('Europe/London', Date.parse('2026-01-15T12:00:00Z'))).toBe(0);
    expect(zoneOffset('Europe/London', Date.parse('2026-07-15T12:00:00Z'))).toBe(H);
    expect(zoneOffset('Europe/London', Date.parse('2026-03-29T00:59:59Z'))).toBe(0);
    expect(zoneOffset('Europe/London', Date.parse('2026-03-29T01:00:00Z'))).toBe(H);
    expect(zoneOffset('America/New_York', Date.parse('2026-11-01T05:59:59Z'))).toBe(-4 * H);
    expect(zoneOffset('America/New_York', Date.parse('2026-11-01T06:00:00Z'))).toBe(-5 * H);
    expect(zoneOffset('Asia/Kolkata', Date.parse('2026-06-01T00:00:00Z'))).toBe(5.5 * H);
  });

  it('maps a local time skipped by spring-forward to the instant of the jump, and a repeated one to its first occurrence', () => {
    const local = (s: string) => Date.parse(`${s}Z`);
    // London 2026-03-29: 01:00 GMT jumps to 02:00 BST at 01:00Z.
    expect(localToUtc('Europe/London', local('2026-03-29T01:30:00'))).toBe(Date.parse('2026-03-29T01:00:00Z'));
    expect(localToUtc('Europe/London', local('2026-03-29T02:00:00'))).toBe(Date.parse('2026-03-29T01:00:00Z'));
    expect(localToUtc('Europe/London', local('2026-03-29T00:59:00'))).toBe(Date.parse('2026-03-29T00:59:00Z'));
    // London 2026-10-25: 02:00 BST goes back to 01:00 GMT at 01:00Z; 01:30 happens twice.
    expect(localToUtc('Europe/London', local('2026-10-25T01:30:00'))).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(localToUtc('Europe/London', local('2026-10-25T02:00:00'))).toBe(Date.parse('2026-10-25T02:00:00Z'));
    // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z.
    expect(localToUtc('America/New_York', local('2026-03-08T02:30:00'))).toBe(Date.parse('2026-03-08T07:00:00Z'));
    // New York 2026-11-01: 02:00 EDT goes back to 01:00 EST at 06:00Z.
    expect(localToUtc('America/New_York', local('2026-11-01T01:30:00'))).toBe(Date.parse('2026-11-01T05:30:00Z'));
  });

  it('makes a round-the-clock day 23 hours at spring-forward and 25 at fall-back (London)', () => {
    const cal: BusinessCalendar = { timeZone: 'Europe/London', days: allWeek('00:00', '24:00'), holidays: [] };
    expect(between(cal, '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')).toBe(23 * H);
    expect(between(cal, '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z')).toBe(25 * H);
    // Whole weeks containing the changes, through the week fast path.
    expect(between(cal, '2026-03-23T00:00:00Z', '2026-03-29T23:00:00Z')).toBe(7 * 24 * H - H);
    expect(between(cal, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBe(365 * 24 * H);
    expect(addBusinessMs(cal, '2026-03-29T00:00:00Z', 23 * H)).toBe('2026-03-29T23:00:00.000Z');
    expect(addBusinessMs(cal, '2026-10-24T23:00:00Z', 25 * H)).toBe('2026-10-26T00:00:00.000Z');
  });

  it('makes a round-the-clock day 23 hours at spring-forward and 25 at fall-back (New York)', () => {
    const cal: BusinessCalendar = { timeZone: 'America/New_York', days: allWeek('00:00', '24:00'), holidays: [] };
    expect(between(cal, '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toBe(23 * H);
    expect(between(cal, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toBe(25 * H);
    expect(between(cal, '2026-03-02T05:00:00Z', '2026-03-09T04:00:00Z')).toBe(7 * 24 * H - H);
  });

  it('keeps office hours on local wall-clock time across a change (London, both directions)', () => {
    // Friday 17:00 GMT + 2 h: 1 h on Friday, 1 h from Monday 08:00 BST (07:00Z).
    expect(addBusinessMs(london, '2026-03-27T17:00:00Z', 2 * H)).toBe('2026-03-30T08:00:00.000Z');
    expect(between(london, '2026-03-27T17:00:00Z', '2026-03-30T08:00:00Z')).toBe(2 * H);
    // Friday 17:00 BST (16:00Z) + 2 h: Monday 09:00 GMT.
    expect(addBusinessMs(london, '2026-10-23T16:00:00Z', 2 * H)).toBe('2026-10-26T09:00:00.000Z');
    expect(between(london, '2026-03-23T00:00:00Z', '2026-04-06T00:00:00Z')).toBe(100 * H);
  });

  it('keeps office hours on local wall-clock time across a change (New York, both directions)', () => {
    // Friday 17:00 EST (22:00Z) + 2 h → Monday 09:00 EDT (13:00Z).
    expect(addBusinessMs(newYork, '2026-03-06T22:00:00Z', 2 * H)).toBe('2026-03-09T13:00:00.000Z');
    // Friday 17:00 EDT (21:00Z) + 2 h → Monday 09:00 EST (14:00Z).
    expect(addBusinessMs(newYork, '2026-10-30T21:00:00Z', 2 * H)).toBe('2026-11-02T14:00:00.000Z');
    expect(between(newYork, '2026-10-30T21:00:00Z', '2026-11-02T14:00:00Z')).toBe(2 * H);
  });

  it('handles opening hours that contain the change or start inside the skipped hour', () => {
    // New York, Sunday 2026-03-08, open 01:00–04:00 local: 01:00 EST (06:00Z) to 04:00 EDT (08:00Z) = 2 h.
    const sunday = (start: string, end: string): BusinessCalendar => ({ timeZone: 'America/New_York', days: [null, null, null, null, null, null, { start, end }], holidays: [] });
    expect(between(sunday('01:00', '04:00'), '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toBe(2 * H);
    // Open from 02:30, which does not exist that day: it opens when the clocks jump (03:00 EDT).
    expect(between(sunday('02:30', '04:00'), '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toBe(H);
    expect(isOpenAt(sunday('02:30', '04:00'), '2026-03-08T07:00:00Z')).toBe(true);
    expect(isOpenAt(sunday('02:30', '04:00'), '2026-03-08T06:59:59Z')).toBe(false);
    // Open and closed inside the skipped hour: the day has no opening time at all.
    expect(between(sunday('02:10', '02:50'), '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toBe(0);
    // Fall-back, open 01:00–03:00 local on 2026-11-01: 01:00 EDT (05:00Z) to 03:00 EST (08:00Z) = 3 h.
    expect(between(sunday('01:00', '03:00'), '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toBe(3 * H);
    expect(addBusinessMs(sunday('01:00', '03:00'), '2026-10-31T00:00:00Z', 3 * H)).toBe('2026-11-01T08:00:00.000Z');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, against an oracle that asks Intl directly for each quarter hour.

const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'] as const;
const QUARTER = 15 * MIN;

const quarterTime = fc.integer({ min: 0, max: 96 }).map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
const dayHours = fc.option(
  fc.tuple(quarterTime, quarterTime).map(([a, b]) => (a <= b ? { start: a, end: b } : { start: b, end: a })),
  { freq: 3 },
);
// Instants from 2024 to 2027 on quarter hours, often near a change (late March, late Oct/early Nov).
const START = Date.parse('2024-01-01T00:00:00Z');
const instant = fc.oneof(
  fc.integer({ min: 0, max: 4 * 365 * 96 }).map((q) => START + q * QUARTER),
  fc.tuple(fc.constantFrom('2025-03-06', '2025-03-27', '2025-10-23', '2025-10-30', '2026-03-05', '2026-03-26', '2026-10-22', '2026-10-29', '2025-04-03', '2025-10-02'), fc.integer({ min: 0, max: 6 * 96 })).map(([d, q]) => Date.parse(`${d}T00:00:00Z`) + q * QUARTER),
);
const calendarArb = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  days: fc.array(dayHours, { minLength: 7, maxLength: 7 }),
  holidays: fc.uniqueArray(fc.integer({ min: 0, max: 4 * 365 }).map((d) => new Date(START + d * DAY).toISOString().slice(0, 10)), { maxLength: 30 }),
});
const openCalendar = calendarArb.filter((c) => c.days.some((d) => d !== null && d.start < d.end));

const oracleFormatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(timeZone: string, at: number) {
  let f = oracleFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    oracleFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday ?? ''),
    time: `${String(Number(p.hour) % 24).padStart(2, '0')}:${p.minute}`,
  };
}
/**
 * Open quarter hours × 15 min, walking the wall clock: a day opens the first time its clock shows
 * `start` or later and closes the first time it shows `end` or later (so a repeated fall-back hour
 * does not close and reopen it). Exact when hours and zone changes sit on quarter hours.
 */
function oracleBetween(cal: BusinessCalendar, from: number, to: number): number {
  let total = 0;
  let date = '';
  let opened = false;
  let closed = false;
  for (let t = from - 30 * H; t < to; t += QUARTER) {
    const w = wallClock(cal.timeZone, t);
    if (w.date !== date) [date, opened, closed] = [w.date, false, false];
    const h = cal.days[w.weekday];
    if (!h || cal.holidays.includes(w.date)) continue;
    if (w.time >= h.start) opened = true;
    if (w.time >= h.end) closed = true;
    if (t >= from && opened && !closed) total += QUARTER;
  }
  return total;
}
const iso = (ms: number) => new Date(ms).toISOString();

describe('business time properties', () => {
  it('agrees with an Intl oracle over spans of up to ten days', () => {
    fc.assert(
      fc.property(calendarArb, instant, fc.integer({ min: 0, max: 10 * 96 }), (cal, from, quarters) => {
        const to = from + quarters * QUARTER;
        expect(businessMsBetween(cal, iso(from), iso(to))).toBe(oracleBetween(cal, from, to));
      }),
      { numRuns: 200 },
    );
  });

  it('adds and measures consistently: businessMsBetween(a, addBusinessMs(a, x)) === x', () => {
    fc.assert(
      fc.property(openCalendar, instant, fc.integer({ min: 0, max: 2000 * H }), (cal, from, x) => {
        const to = addBusinessMs(cal, iso(from), x);
        expect(businessMsBetween(cal, iso(from), to)).toBe(x);
        // Earliest: a millisecond less would not have been enough.
        if (x > 0) expect(businessMsBetween(cal, iso(from), iso(Date.parse(to) - 1))).toBe(x - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('is additive, monotonic, and never more than real time', () => {
    fc.assert(
      fc.property(calendarArb, instant, instant, instant, (cal, p, q, r) => {
        const [a, b, c] = [p, q, r].sort((x, y) => x - y) as [number, number, number];
        const ab = businessMsBetween(cal, iso(a), iso(b));
        const bc = businessMsBetween(cal, iso(b), iso(c));
        expect(ab + bc).toBe(businessMsBetween(cal, iso(a), iso(c)));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(b - a);
      }),
      { numRuns: 300 },
    );
  });

  it('adds monotonically: more business time never ends earlier', () => {
    fc.assert(
      fc.property(openCalendar, instant, fc.integer({ min: 0, max: 500 * H }), fc.integer({ min: 0, max: 500 * H }), (cal, from, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(Date.parse(addBusinessMs(cal, iso(from), lo))).toBeLessThanOrEqual(Date.parse(addBusinessMs(cal, iso(from), hi)));
      }),
      { numRuns: 200 },
    );
  });
});
