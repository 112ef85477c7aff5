import { describe, it, expect } from 'vitest';
import { parseHash, routeHash } from './hash-route.js';

describe('hash routes', () => {
  const id = '0190a000-0000-7000-8000-000000000001';
  it('round-trips a case route', () => {
    expect(parseHash(routeHash({ name: 'case', id }))).toEqual({ name: 'case', id });
  });
  it('round-trips the conflicts route', () => {
    expect(routeHash({ name: 'conflicts' })).toBe('#/conflicts');
    expect(parseHash('#/conflicts')).toEqual({ name: 'conflicts' });
  });
  it('falls back to the list for anything else', () => {
    expect(parseHash('')).toEqual({ name: 'cases' });
    expect(parseHash('#/cases')).toEqual({ name: 'cases' });
    expect(parseHash('#/cases/not-an-id')).toEqual({ name: 'cases' });
    expect(parseHash(`#/cases/${id}/extra`)).toEqual({ name: 'cases' });
    expect(parseHash('#/conflicts/extra')).toEqual({ name: 'cases' });
  });
});
