import { describe, it, expect } from 'vitest';
import { caseLabel, formatDateTime, warrantyState } from './case-format.js';

describe('caseLabel', () => {
  it('names a case by number and title, or says the number is pending', () => {
    expect(caseLabel('DTR-2026-000001', 'Lamp flickers')).toBe('DTR-2026-000001 · Lamp flickers');
    expect(caseLabel(null, 'Lamp flickers')).toBe('New case (number pending) · Lamp flickers');
  });
});

describe('formatDateTime', () => {
  it('formats a local date and time with zero padding', () => {
    const d = new Date(2026, 0, 5, 7, 3);
    expect(formatDateTime(d.toISOString())).toBe('2026-01-05 07:03');
  });
  it('shows a dash for a missing or broken date', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('yesterday')).toBe('—');
  });
});

describe('warrantyState', () => {
  const today = new Date(2026, 2, 1, 12, 0);
  it('counts the end date itself as still in warranty', () => {
    expect(warrantyState('2026-03-01', today)).toEqual({ inWarranty: true, label: 'In warranty until 2026-03-01' });
  });
  it('reports an expired warranty', () => {
    expect(warrantyState('2026-02-28', today)).toEqual({ inWarranty: false, label: 'Out of warranty since 2026-02-28' });
  });
  it('is unknown without a valid date', () => {
    expect(warrantyState(null, today)).toBeNull();
    expect(warrantyState('soon', today)).toBeNull();
  });
});
