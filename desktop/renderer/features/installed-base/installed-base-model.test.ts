import { describe, it, expect } from 'vitest';
import { listExportSchema } from '../../../../shared/console-api.js';
import {
  NO_PROJECTOR_FILTERS,
  NO_SITE_FILTERS,
  coverageText,
  hasFilters,
  listCountText,
  pagesFor,
  parseProjectorSort,
  parseSiteSort,
  projectorExport,
  regionOptions,
  rowPlace,
  siteExport,
  toProjectorQuery,
} from './installed-base-model.js';

describe('list queries and exports', () => {
  it('leaves empty filters out and trims the search', () => {
    expect(toProjectorQuery(NO_PROJECTOR_FILTERS)).toEqual({ sort: 'serial' });
    expect(toProjectorQuery({ search: '  DP4K ', region: 'NORTH', sort: 'warranty' })).toEqual({ search: 'DP4K', region: 'NORTH', sort: 'warranty' });
  });
  it('exports with the same filters and sort, in a shape the core accepts', () => {
    const request = projectorExport({ search: 'barco', region: 'N', sort: 'site' });
    expect(request).toEqual({ list: 'projectors', query: { search: 'barco', region: 'N', sort: 'site' } });
    expect(listExportSchema.safeParse(request).success).toBe(true);
    expect(listExportSchema.safeParse(siteExport({ ...NO_SITE_FILTERS, sort: 'region' })).success).toBe(true);
  });
  it('reads sorts defensively and knows when filters are on', () => {
    expect(parseProjectorSort('warranty')).toBe('warranty');
    expect(parseProjectorSort('bogus')).toBe('serial');
    expect(parseSiteSort(null)).toBe('name');
    expect(hasFilters(NO_SITE_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_SITE_FILTERS, region: 'S' })).toBe(true);
  });
});

describe('paging', () => {
  it('loads the pages in view and one either side, never past the end', () => {
    expect(pagesFor(0, 20, 1000, 200)).toEqual([0, 1]);
    expect(pagesFor(390, 420, 1000, 200)).toEqual([0, 1, 2, 3]);
    expect(pagesFor(980, 999, 1000, 200)).toEqual([3, 4]);
    expect(pagesFor(0, -1, 0, 200)).toEqual([0]);
    expect(pagesFor(0, 5, 3, 200)).toEqual([0]);
  });
  it('jumps to the end without the pages between', () => {
    expect(pagesFor(99_980, 99_999, 100_000, 200)).toEqual([498, 499]);
  });
  it('finds a row in its page', () => {
    expect(rowPlace(0, 200)).toEqual({ page: 0, offset: 0 });
    expect(rowPlace(401, 200)).toEqual({ page: 2, offset: 1 });
  });
  it('counts rows', () => {
    expect(listCountText(1000, 'projector', 'projectors')).toBe('1,000 projectors');
    expect(listCountText(1, 'site', 'sites')).toBe('1 site');
  });
});

describe('formatting', () => {
  it('labels regions by name and code', () => {
    expect(regionOptions([{ code: 'N', name: 'North' }, { code: 'S', name: 'S' }])).toEqual([
      { value: 'N', label: 'North (N)' },
      { value: 'S', label: 'S' },
    ]);
  });
  it('says when coverage has ended or ends soon', () => {
    expect(coverageText(null, '2026-11-28')).toBe('—');
    expect(coverageText('2026-11-01', '2026-11-28')).toBe('2026-11-01 (expired)');
    expect(coverageText('2026-11-28', '2026-11-28')).toBe('2026-11-28 (ends today)');
    expect(coverageText('2026-11-29', '2026-11-28')).toBe('2026-11-29 (in 1 day)');
    expect(coverageText('2027-11-28', '2026-11-28')).toBe('2027-11-28');
  });
});
