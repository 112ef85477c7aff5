import { describe, it, expect } from 'vitest';
import type { CaseSummary } from '../../../../shared/console-api.js';
import { caseSummary } from '../../testing/fixtures.js';
import { EMPTY_FILTERS, hasActiveFilters, orderRows, parsePriorities, parseSort, parseStatuses, sortNewestFirst, toListQuery } from './case-filters.js';

const row = (id: string, createdAt: string): CaseSummary => caseSummary({ id, title: id, createdAt });

describe('toListQuery', () => {
  it('sends no filters when none are set', () => {
    expect(toListQuery(EMPTY_FILTERS)).toEqual({});
  });

  it('trims the search and keeps a canonical order of statuses and priorities', () => {
    expect(toListQuery({ statuses: ['closed', 'new'], priorities: ['P4', 'P1'], search: '  lamp  ' })).toEqual({
      statuses: ['new', 'closed'],
      priorities: ['P1', 'P4'],
      search: 'lamp',
    });
  });

  it('asks the core for SLA order only when chosen, keeping the default query unchanged', () => {
    expect(toListQuery(EMPTY_FILTERS, 'sla')).toEqual({ sort: 'sla' });
    expect(toListQuery(EMPTY_FILTERS, 'newest')).toEqual({});
    expect(parseSort('sla')).toBe('sla');
    expect(parseSort('anything')).toBe('newest');
  });

  it('keeps the core order for SLA risk and sorts newest first otherwise', () => {
    const rows = [row('a', '2026-01-01T00:00:00Z'), row('b', '2026-02-01T00:00:00Z')];
    expect(orderRows(rows, 'sla').map((r) => r.id)).toEqual(['a', 'b']);
    expect(orderRows(rows, 'newest').map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('caps the search at the length the core accepts', () => {
    expect(toListQuery({ ...EMPTY_FILTERS, search: 'x'.repeat(500) }).search).toHaveLength(200);
  });
});

describe('hasActiveFilters', () => {
  it('ignores a blank search', () => {
    expect(hasActiveFilters({ ...EMPTY_FILTERS, search: '   ' })).toBe(false);
    expect(hasActiveFilters({ ...EMPTY_FILTERS, priorities: ['P1'] })).toBe(true);
  });
});

describe('parse filters', () => {
  it('drops unknown values from a multi-select', () => {
    expect(parseStatuses(['new', 'bogus', 'resolved'])).toEqual(['new', 'resolved']);
    expect(parsePriorities(['P9', 'P2'])).toEqual(['P2']);
  });
});

describe('sortNewestFirst', () => {
  it('puts the newest case first without changing the input', () => {
    const rows = [row('a', '2026-01-01T00:00:00Z'), row('b', '2026-03-01T00:00:00Z'), row('c', '2026-02-01T00:00:00Z')];
    expect(sortNewestFirst(rows).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
