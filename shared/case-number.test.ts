import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatCaseNumber, parseCaseNumber } from './case-number.js';

describe('formatCaseNumber', () => {
  it('zero-pads the sequence to six digits after the year', () => {
    expect(formatCaseNumber(2026, 123)).toBe('DTR-2026-000123');
    expect(formatCaseNumber(2026, 1)).toBe('DTR-2026-000001');
    expect(formatCaseNumber(2031, 45_678)).toBe('DTR-2031-045678');
    expect(formatCaseNumber(2026, 999_999)).toBe('DTR-2026-999999');
  });

  it.each([0, -1, 1_000_000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses sequence %s with a RangeError', (sequence) => {
    expect(() => formatCaseNumber(2026, sequence)).toThrow(RangeError);
  });

  it('formats numbers that sort in sequence order within a year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (a, b) => {
        const [fa, fb] = [formatCaseNumber(2026, a), formatCaseNumber(2026, b)];
        expect(fa.length).toBe(fb.length);
        expect(Math.sign(fa.localeCompare(fb))).toBe(Math.sign(a - b));
      }),
    );
  });
});

describe('parseCaseNumber', () => {
  it('round-trips every number the hub can assign', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2999 }), fc.integer({ min: 1, max: 999_999 }), (year, sequence) => {
        expect(parseCaseNumber(formatCaseNumber(year, sequence))).toEqual({ year, sequence });
      }),
    );
  });

  it('accepts lower case and surrounding whitespace, as people type or paste them', () => {
    expect(parseCaseNumber('dtr-2026-000123')).toEqual({ year: 2026, sequence: 123 });
    expect(parseCaseNumber('  DTR-2026-000123\n')).toEqual({ year: 2026, sequence: 123 });
    expect(parseCaseNumber('\tDtR-2027-100000 ')).toEqual({ year: 2027, sequence: 100_000 });
  });

  it.each([
    '',
    '   ',
    'DTR-2026-123',
    'DTR-2026-0001234',
    'DTR-26-000123',
    'DTR-20260-000123',
    'XYZ-2026-000123',
    'DTR2026000123',
    'DTR-2026-000123-1',
    'DTR-2026-00012a',
    'DTR 2026 000123',
    'DTR-2026-000123x',
    'see DTR-2026-000123',
    'DTR-２０２６-000123',
  ])('rejects the malformed %j', (text) => {
    expect(parseCaseNumber(text)).toBeNull();
  });
});
