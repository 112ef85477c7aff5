// Pure logic of the installed-base screens (projectors, sites): filters to list queries and export
// requests, paging of the virtualised lists, and how coverage dates read.
import type { ListExportRequest, ProjectorListQuery, SiteListQuery } from '../../../../shared/console-api.js';
import { LIMITS } from '../../../../shared/domain.js';

/** Rows fetched per page as the list scrolls (the core answers at most 500). */
export const LIST_PAGE_SIZE = 200;

export type ProjectorSort = NonNullable<ProjectorListQuery['sort']>;
export type SiteSort = NonNullable<SiteListQuery['sort']>;

export const PROJECTOR_SORT_OPTIONS: readonly Readonly<{ value: ProjectorSort; label: string }>[] = [
  { value: 'serial', label: 'Serial' },
  { value: 'site', label: 'Site' },
  { value: 'warranty', label: 'Warranty ending first' },
];

export const SITE_SORT_OPTIONS: readonly Readonly<{ value: SiteSort; label: string }>[] = [
  { value: 'name', label: 'Name' },
  { value: 'customer', label: 'Customer' },
  { value: 'region', label: 'Region' },
];

export function parseProjectorSort(value: string | null): ProjectorSort {
  return PROJECTOR_SORT_OPTIONS.find((o) => o.value === value)?.value ?? 'serial';
}

export function parseSiteSort(value: string | null): SiteSort {
  return SITE_SORT_OPTIONS.find((o) => o.value === value)?.value ?? 'name';
}

export type ListFilters<S extends string> = Readonly<{ search: string; region: string | null; sort: S }>;

export const NO_PROJECTOR_FILTERS: ListFilters<ProjectorSort> = { search: '', region: null, sort: 'serial' };
export const NO_SITE_FILTERS: ListFilters<SiteSort> = { search: '', region: null, sort: 'name' };

/** The filters as a query without paging; empty filters are left out so equal filters make equal keys. */
function baseQuery<S extends string>(filters: ListFilters<S>): { search?: string; region?: string; sort: S } {
  const query: { search?: string; region?: string; sort: S } = { sort: filters.sort };
  const search = filters.search.trim().slice(0, LIMITS.search);
  if (search) query.search = search;
  if (filters.region) query.region = filters.region;
  return query;
}

export function toProjectorQuery(filters: ListFilters<ProjectorSort>): Omit<ProjectorListQuery, 'offset' | 'limit'> {
  return baseQuery(filters);
}

export function toSiteQuery(filters: ListFilters<SiteSort>): Omit<SiteListQuery, 'offset' | 'limit'> {
  return baseQuery(filters);
}

export function projectorExport(filters: ListFilters<ProjectorSort>): ListExportRequest {
  return { list: 'projectors', query: toProjectorQuery(filters) };
}

export function siteExport(filters: ListFilters<SiteSort>): ListExportRequest {
  return { list: 'sites', query: toSiteQuery(filters) };
}

export function hasFilters<S extends string>(filters: ListFilters<S>): boolean {
  return filters.search.trim() !== '' || filters.region !== null;
}

/**
 * The pages a list needs for the rows in view (first..last, inclusive), plus one page of margin
 * either side so scrolling rarely meets a row still loading. Jumping to the end (End key, a drag
 * of the scroll bar) needs only the pages there, not every page before them.
 */
export function pagesFor(first: number, last: number, total: number, pageSize = LIST_PAGE_SIZE): readonly number[] {
  if (total <= 0 || last < first) return [0];
  const lastPage = Math.floor((total - 1) / pageSize);
  const from = Math.max(0, Math.floor(Math.max(0, first) / pageSize) - 1);
  const to = Math.min(lastPage, Math.floor(Math.min(total - 1, last) / pageSize) + 1);
  const pages: number[] = [];
  for (let p = from; p <= to; p++) pages.push(p);
  return pages;
}

/** Where row `index` is: its page and its place in that page. */
export function rowPlace(index: number, pageSize = LIST_PAGE_SIZE): Readonly<{ page: number; offset: number }> {
  return { page: Math.floor(index / pageSize), offset: index % pageSize };
}

export function regionOptions(regions: readonly Readonly<{ code: string; name: string }>[]): readonly Readonly<{ value: string; label: string }>[] {
  return regions.map((r) => ({ value: r.code, label: r.name === r.code ? r.code : `${r.name} (${r.code})` }));
}

const DAY_MS = 86_400_000;

/** "2027-03-31 (in 120 days)", "2025-01-01 (expired)", "—" for none; `today` is YYYY-MM-DD. */
export function coverageText(end: string | null, today: string): string {
  if (!end) return '—';
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  if (Number.isNaN(days)) return end;
  if (days < 0) return `${end} (expired)`;
  if (days === 0) return `${end} (ends today)`;
  if (days <= 90) return `${end} (in ${days} day${days === 1 ? '' : 's'})`;
  return end;
}

/** Today as YYYY-MM-DD in the machine's zone (coverage ends are calendar days). */
export function localDay(now: Date): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function listCountText(total: number, one: string, many: string): string {
  return `${new Intl.NumberFormat('en-GB').format(total)} ${total === 1 ? one : many}`;
}
