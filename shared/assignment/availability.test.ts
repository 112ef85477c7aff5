import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_WORKING_HOURS, type EngineerProfile } from '../domain.js';
import { addDays, availabilityText, capacityThisWeek, capacityToday, isOnLeave, isWorkingOn, localDateIn, weekOf, weekdayIndex } from './availability.js';

const hours = (): EngineerProfile['workingHours'] => DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null));
const profile = (over: Partial<EngineerProfile> = {}): EngineerProfile => ({ skills: [], dailyCapacity: 4, workingHours: hours(), timeOff: [], ...over });

describe('localDateIn', () => {
  it('gives the local date of an instant in the zone', () => {
    expect(localDateIn('Europe/London', '2026-03-04T10:00:00Z')).toBe('2026-03-04');
    expect(localDateIn('Asia/Tokyo', '2026-03-04T15:30:00Z')).toBe('2026-03-05');
    expect(localDateIn('America/Los_Angeles', '2026-03-04T05:00:00Z')).toBe('2026-03-03');
  });

  it('follows daylight saving: 23:30 UTC in July is already the next day in London', () => {
    expect(localDateIn('Europe/London', '2026-07-01T23:30:00Z')).toBe('2026-07-02');
    expect(localDateIn('Europe/London', '2026-01-01T23:30:00Z')).toBe('2026-01-01');
  });

  it('agrees with Intl for arbitrary instants and zones', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'), (ms, zone) => {
        const expected = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
        expect(localDateIn(zone, new Date(ms).toISOString())).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an instant that is not a date', () => {
    expect(() => localDateIn('Europe/London', 'yesterday')).toThrow(RangeError);
  });
});

describe('weekdays and weeks', () => {
  it('counts weekdays from Monday 0', () => {
    expect(weekdayIndex('2026-03-02')).toBe(0);
    expect(weekdayIndex('2026-03-04')).toBe(2);
    expect(weekdayIndex('2026-03-08')).toBe(6);
    expect(weekdayIndex('1969-12-29')).toBe(0);
  });

  it('gives the Monday-to-Sunday week of a date, across month ends', () => {
    expect(weekOf('2026-03-01')).toEqual(['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01']);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('refuses what is not a date', () => {
    expect(() => weekdayIndex('04/03/2026')).toThrow(RangeError);
  });
});

describe('working and leave', () => {
  const leave = profile({ timeOff: [{ from: '2026-03-04', to: '2026-03-06', reason: 'Training' }] });

  it('works on weekdays with hours, not on days off', () => {
    expect(isWorkingOn(profile(), '2026-03-04')).toBe(true);
    expect(isWorkingOn(profile(), '2026-03-07')).toBe(false);
  });

  it('does not work inside time off, both ends included', () => {
    expect(isWorkingOn(leave, '2026-03-03')).toBe(true);
    expect(isWorkingOn(leave, '2026-03-04')).toBe(false);
    expect(isWorkingOn(leave, '2026-03-06')).toBe(false);
    expect(isOnLeave(leave, '2026-03-05')).toBe(true);
    expect(isWorkingOn(leave, '2026-03-09')).toBe(true);
  });

  it('describes the day in one line', () => {
    const wh = hours();
    wh[2] = { start: '07:30', end: '15:00' };
    expect(availabilityText(profile({ workingHours: wh }), '2026-03-04')).toBe('07:30–15:00');
    expect(availabilityText(profile(), '2026-03-07')).toBe('Off today');
    expect(availabilityText(leave, '2026-03-05')).toBe('On leave until 2026-03-06');
    // Leave wins over a day off: it says when they are back.
    expect(availabilityText(profile({ timeOff: [{ from: '2026-03-07', to: '2026-03-10', reason: '' }] }), '2026-03-07')).toBe('On leave until 2026-03-10');
  });

  it('reads back-to-back and overlapping leave as one period', () => {
    const chained = profile({
      timeOff: [
        { from: '2026-11-30', to: '2026-12-02', reason: '' },
        { from: '2026-11-20', to: '2026-11-29', reason: '' },
        { from: '2026-12-02', to: '2026-12-04', reason: '' },
        { from: '2026-12-10', to: '2026-12-11', reason: '' },
      ],
    });
    expect(availabilityText(chained, '2026-11-25')).toBe('On leave until 2026-12-04');
  });
});

describe('capacity', () => {
  it('is dailyCapacity on a working day, else 0', () => {
    expect(capacityToday(profile(), '2026-03-04')).toBe(4);
    expect(capacityToday(profile(), '2026-03-08')).toBe(0);
    expect(capacityToday(profile({ timeOff: [{ from: '2026-03-04', to: '2026-03-04', reason: '' }] }), '2026-03-04')).toBe(0);
  });

  it('is dailyCapacity × working days of the Monday-to-Sunday week, less leave', () => {
    expect(capacityThisWeek(profile(), '2026-03-08')).toBe(20);
    expect(capacityThisWeek(profile(), '2026-03-02')).toBe(20);
    // Leave from Thursday into the next week: Monday to Wednesday remain.
    expect(capacityThisWeek(profile({ timeOff: [{ from: '2026-03-05', to: '2026-03-12', reason: '' }] }), '2026-03-04')).toBe(12);
    // A day off a weekend changes nothing.
    expect(capacityThisWeek(profile({ timeOff: [{ from: '2026-03-07', to: '2026-03-08', reason: '' }] }), '2026-03-04')).toBe(20);
  });

  it('equals the sum of capacityToday over the week, for any hours and leave', () => {
    const dayArb = fc.option(fc.constant({ start: '08:00', end: '16:00' }), { nil: null });
    const dateArb = fc.integer({ min: 0, max: 40 }).map((n) => addDays('2026-02-20', n));
    fc.assert(
      fc.property(
        fc.array(dayArb, { minLength: 7, maxLength: 7 }),
        fc.array(fc.tuple(dateArb, fc.integer({ min: 0, max: 9 })), { maxLength: 4 }),
        fc.integer({ min: 1, max: 20 }),
        dateArb,
        (workingHours, leaves, dailyCapacity, date) => {
          const p = profile({ workingHours, dailyCapacity, timeOff: leaves.map(([from, n]) => ({ from, to: addDays(from, n), reason: '' })) });
          const sum = weekOf(date).reduce((acc, d) => acc + capacityToday(p, d), 0);
          expect(capacityThisWeek(p, date)).toBe(sum);
          expect(weekOf(date)).toContain(date);
        },
      ),
      { numRuns: 300 },
    );
  });
});
