// Case list filters: the state the toolbar edits, turned into the core's `cases.list` query.
import type { CaseListQuery, CaseSort, CaseSummary } from '../../../../shared/console-api.js';
import { CASE_STATUSES, CASE_STATUS_LABELS, LIMITS, PRIORITIES, type CaseStatus, type Priority } from '../../../../shared/domain.js';

export type CaseFilters = Readonly<{ statuses: readonly CaseStatus[]; priorities: readonly Priority[]; search: string }>;

export const EMPTY_FILTERS: CaseFilters = { statuses: [], priorities: [], search: '' };

export const STATUS_OPTIONS = CASE_STATUSES.map((value) => ({ value, label: CASE_STATUS_LABELS[value] }));
export const PRIORITY_OPTIONS = PRIORITIES.map((value) => ({ value, label: value }));

export const SORT_OPTIONS: readonly Readonly<{ value: CaseSort; label: string }>[] = [
  { value: 'newest', label: 'Newest' },
  { value: 'sla', label: 'SLA risk' },
];

export function parseSort(value: string): CaseSort {
  return value === 'sla' ? 'sla' : 'newest';
}

export function toListQuery(filters: CaseFilters, sort: CaseSort = 'newest'): CaseListQuery {
  const query: { statuses?: CaseStatus[]; priorities?: Priority[]; search?: string; sort?: CaseSort } = {};
  // "newest" is the core's default: left out so the default query stays the same key.
  if (sort === 'sla') query.sort = 'sla';
  // Keep the canonical order so equal filters make equal query keys.
  if (filters.statuses.length) query.statuses = CASE_STATUSES.filter((s) => filters.statuses.includes(s));
  if (filters.priorities.length) query.priorities = PRIORITIES.filter((p) => filters.priorities.includes(p));
  const search = filters.search.trim().slice(0, LIMITS.search);
  if (search) query.search = search;
  return query;
}

export function hasActiveFilters(filters: CaseFilters): boolean {
  return filters.statuses.length > 0 || filters.priorities.length > 0 || filters.search.trim() !== '';
}

export function parseStatuses(values: readonly string[]): CaseStatus[] {
  return CASE_STATUSES.filter((s) => values.includes(s));
}

export function parsePriorities(values: readonly string[]): Priority[] {
  return PRIORITIES.filter((p) => values.includes(p));
}

/** Rows in the order of the chosen sort: newest first here, SLA risk as the core ordered them. */
export function orderRows(rows: readonly CaseSummary[], sort: CaseSort): readonly CaseSummary[] {
  return sort === 'sla' ? rows : sortNewestFirst(rows);
}

/** Newest first; ties broken by id so the order is stable between refreshes. */
export function sortNewestFirst(rows: readonly CaseSummary[]): CaseSummary[] {
  return [...rows].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
