import { describe, expect, it } from 'vitest';
import { CellProblem, dateOf, hoursOf, listOf, parseDateText, scalarOf, serialOf } from './cell-values.js';

describe('scalarOf', () => {
  it('reduces exceljs values: trimmed text, rich text joined, formulas by result, hyperlinks by text, errors as problems', () => {
    expect(scalarOf('  A-1 \n')).toBe('A-1');
    expect(scalarOf('   ')).toBeNull();
    expect(scalarOf({ richText: [{ text: 'Bar' }, { text: 'co ' }] })).toBe('Barco');
    expect(scalarOf({ formula: 'A1', result: 42 })).toBe(42);
    expect(scalarOf({ text: 'Barco', hyperlink: 'https://barco.com' })).toBe('Barco');
    expect(scalarOf({ error: '#N/A' })).toBeInstanceOf(CellProblem);
    expect(scalarOf({ formula: 'A1' })).toBeInstanceOf(CellProblem);
  });
});

describe('serialOf', () => {
  it('keeps text as typed and whole numbers as their digits', () => {
    expect(serialOf('000123')).toEqual({ ok: true, value: '000123' });
    expect(serialOf(12345678901)).toEqual({ ok: true, value: '12345678901' });
    expect(serialOf(123456789012345)).toEqual({ ok: true, value: '123456789012345' });
    // 16 significant digits cannot come from Excel, so the number is exact.
    expect(serialOf(1234567890123456)).toEqual({ ok: true, value: '1234567890123456' });
  });

  it('flags numbers Excel rounded and text copied from a 1.23E+10 display', () => {
    const message = (shown: string) => ({ ok: false, message: `Excel changed this serial to a number (${shown}); format the column as Text and type it again.` });
    expect(serialOf(1.23456789012346e17)).toEqual(message('1.23E+17'));
    expect(serialOf(1234567890123000)).toEqual(message('1.23E+15'));
    expect(serialOf('1.23E+10')).toEqual(message('1.23E+10'));
    expect(serialOf('4.5e+11')).toEqual(message('4.5E+11'));
  });
});

describe('dates', () => {
  it('reads ISO always and the configured order, two-digit years and month names', () => {
    expect(parseDateText('2026-01-31', 'MDY')).toBe('2026-01-31');
    expect(parseDateText('31/01/2026', 'DMY')).toBe('2026-01-31');
    expect(parseDateText('31.01.26', 'DMY')).toBe('2026-01-31');
    expect(parseDateText('01/31/2026', 'MDY')).toBe('2026-01-31');
    expect(parseDateText('2026/01/31', 'YMD')).toBe('2026-01-31');
    expect(parseDateText('31 Jan 2026', 'MDY')).toBe('2026-01-31');
    expect(parseDateText('January 31, 2026', 'DMY')).toBe('2026-01-31');
    expect(parseDateText('31/01/2026', 'MDY')).toBeNull();
    expect(parseDateText('29/02/2026', 'DMY')).toBeNull();
  });

  it('reads Excel dates and day numbers, and says what it found otherwise', () => {
    expect(dateOf(new Date(Date.UTC(2026, 0, 31)), 'Install date', 'DMY', false)).toEqual({ ok: true, value: '2026-01-31' });
    expect(dateOf(46053, 'Install date', 'DMY', false)).toEqual({ ok: true, value: '2026-01-31' });
    expect(dateOf(46053.5, 'Install date', 'DMY', true)).toEqual({ ok: true, value: '2026-01-31' });
    expect(dateOf(44591, 'Install date', 'DMY', false, true)).toEqual({ ok: true, value: '2026-01-31' });
    expect(dateOf('31.13.2026', 'Warranty end', 'DMY', false)).toEqual({ ok: false, message: "Warranty end must be a date like 2026-01-31 or 31/01/2026 (found '31.13.2026')." });
    expect(dateOf(12, 'Warranty end', 'MDY', false)).toEqual({ ok: false, message: "Warranty end must be a date like 2026-01-31 or 01/31/2026 (found '12')." });
  });
});

describe('lists and hours', () => {
  it('splits lists on commas, semicolons and line breaks', () => {
    expect(listOf('North, South;Central\nEast,, ')).toEqual(['North', 'South', 'Central', 'East']);
  });

  it('turns working hours into seven days, Monday first', () => {
    const day = (start: string, end: string) => ({ start, end });
    expect(hoursOf('Mon-Fri 08:00-17:00, Sat 09:00-13:00', 'Working hours')).toEqual({ ok: true, value: [day('08:00', '17:00'), day('08:00', '17:00'), day('08:00', '17:00'), day('08:00', '17:00'), day('08:00', '17:00'), day('09:00', '13:00'), null] });
    expect(hoursOf('Mon-Thu 7.30-15.30; Fri 8-12', 'Working hours')).toEqual({ ok: true, value: [day('07:30', '15:30'), day('07:30', '15:30'), day('07:30', '15:30'), day('07:30', '15:30'), day('08:00', '12:00'), null, null] });
    expect(hoursOf('Fri-Mon 10:00-18:00', 'Working hours')).toMatchObject({ ok: true, value: [day('10:00', '18:00'), null, null, null, day('10:00', '18:00'), day('10:00', '18:00'), day('10:00', '18:00')] });
    expect(hoursOf('Mon 17:00-08:00', 'Working hours')).toEqual({ ok: false, message: "Working hours: each day must end after it starts (found 'Mon 17:00-08:00')." });
    expect(hoursOf('weekdays', 'Working hours')).toMatchObject({ ok: false });
  });
});
