import { describe, expect, it } from 'vitest';
import { addDays, calendarRange, dayLabel, rangeLabel, stepAnchor, timeSpan, timeToMinutes, weekStart, weekdayIndex } from './visit-dates.js';

describe('visit dates', () => {
  it('adds days across months, years and a daylight-saving change', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('starts weeks on Monday', () => {
    expect(weekdayIndex('2026-02-02')).toBe(0); // a Monday
    expect(weekdayIndex('2026-02-08')).toBe(6); // a Sunday
    expect(weekStart('2026-02-08')).toBe('2026-02-02');
    expect(calendarRange('week', '2026-02-04')).toEqual({ from: '2026-02-02', to: '2026-02-08' });
    expect(calendarRange('day', '2026-02-04')).toEqual({ from: '2026-02-04', to: '2026-02-04' });
  });

  it('steps a day in day view and a week in week view', () => {
    expect(stepAnchor('day', '2026-02-04', 1)).toBe('2026-02-05');
    expect(stepAnchor('week', '2026-02-04', -1)).toBe('2026-01-28');
  });

  it('reads and writes times', () => {
    expect(timeToMinutes('09:30')).toBe(570);
    expect(timeToMinutes('24:00')).toBeNull();
    expect(timeToMinutes('9:30')).toBeNull();
    expect(timeSpan('09:30', 90)).toBe('09:30–11:00');
  });

  it('labels days and ranges', () => {
    expect(dayLabel('2026-02-02')).toBe('Mon 2 Feb');
    expect(rangeLabel('week', '2026-02-04')).toBe('2–8 Feb 2026');
    expect(rangeLabel('week', '2026-01-28')).toBe('26 Jan–1 Feb 2026');
    expect(rangeLabel('day', '2026-02-04')).toBe('Wed 4 Feb 2026');
  });
});
