import { describe, it, expect } from 'vitest';
import { windowKindFromSearch } from './window-kind.js';

describe('windowKindFromSearch', () => {
  it('recognises the intake window, whatever else the query holds', () => {
    expect(windowKindFromSearch('?window=intake')).toBe('intake');
    expect(windowKindFromSearch('?token=abc&window=intake')).toBe('intake');
  });
  it('recognises the board window (popped out onto a second monitor)', () => {
    expect(windowKindFromSearch('?window=board')).toBe('board');
    expect(windowKindFromSearch('?token=abc&window=board')).toBe('board');
  });
  it('is the console for anything else', () => {
    expect(windowKindFromSearch('')).toBe('console');
    expect(windowKindFromSearch('?window=BOARD')).toBe('console');
    expect(windowKindFromSearch('?window=INTAKE')).toBe('console');
    expect(windowKindFromSearch('?token=abc')).toBe('console');
  });
});
