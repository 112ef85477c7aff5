// Paged lists from the core (the installed base from the local cache, a dry run's rows) fetched a
// page at a time for the rows in view, and the xlsx export of any list with its filters.
// Installed-base lists live under the `projectors` query root, which customer, site and projector
// changes invalidate (an import that lands shows here at once).
import { keepPreviousData, useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { ListExportRequest, ListPage, ProjectorListQuery, ProjectorListRow, SiteListQuery, SiteListRow } from '../../../../shared/console-api.js';
import { useApi } from '../../api/use-api.js';
import { LIST_PAGE_SIZE, pagesFor, rowPlace } from './installed-base-model.js';

export type PagedList<T> = Readonly<{
  total: number;
  /** The row at `index`, or undefined while its page loads. */
  rowAt: (index: number) => T | undefined;
  /** The table tells which rows are in view; their pages load. */
  onRangeChange: (first: number, last: number) => void;
  isPending: boolean;
  error: unknown;
  /** A page in view is loading. */
  isFetching: boolean;
}>;

/**
 * Random-access paging: page 0 gives the total; the pages of the rows in view (and one either
 * side) load as the list scrolls or jumps. `key` names the list and its filters.
 */
export function usePagedList<T>(key: readonly unknown[], fetchPage: (offset: number, limit: number) => Promise<ListPage<T>>, staleTime?: number): PagedList<T> {
  const keyText = JSON.stringify(key);
  const [seen, setRange] = useState<Readonly<{ keyText: string; first: number; last: number }>>({ keyText, first: 0, last: 0 });
  // Another list (new filters) starts at its top, not where the last one was scrolled to.
  const range = seen.keyText === keyText ? seen : { first: 0, last: 0 };
  const first = useQuery({ queryKey: [...key, 0], queryFn: () => fetchPage(0, LIST_PAGE_SIZE), placeholderData: keepPreviousData, staleTime });
  const total = first.data?.total ?? 0;
  const wanted = useMemo(() => pagesFor(range.first, range.last, total).filter((p) => p > 0), [range, total]);
  const others = useQueries({
    queries: wanted.map((page) => ({ queryKey: [...key, page], queryFn: () => fetchPage(page * LIST_PAGE_SIZE, LIST_PAGE_SIZE), staleTime })),
  });
  const pages = new Map<number, ListPage<T>>();
  if (first.data) pages.set(0, first.data);
  wanted.forEach((page, i) => {
    const data = others[i]?.data;
    if (data) pages.set(page, data);
  });
  const rowAt = (index: number): T | undefined => {
    const place = rowPlace(index);
    return pages.get(place.page)?.rows[place.offset];
  };
  const onRangeChange = useCallback(
    (a: number, b: number) => {
      setRange((r) => (r.keyText === keyText && r.first === a && r.last === b ? r : { keyText, first: a, last: b }));
    },
    [keyText],
  );
  return {
    total,
    rowAt,
    onRangeChange,
    isPending: first.isPending,
    error: first.isError ? first.error : (others.find((q) => q.isError)?.error ?? null),
    isFetching: first.isFetching || others.some((q) => q.isFetching),
  };
}

export function useProjectorList(query: Omit<ProjectorListQuery, 'offset' | 'limit'>): PagedList<ProjectorListRow> {
  const api = useApi();
  return usePagedList(['projectors', 'list', query], (offset, limit) => api.call('projectors.list', { ...query, offset, limit }));
}

export function useSiteList(query: Omit<SiteListQuery, 'offset' | 'limit'>): PagedList<SiteListRow> {
  const api = useApi();
  return usePagedList(['projectors', 'sites', query], (offset, limit) => api.call('sites.list', { ...query, offset, limit }));
}

export function useListExport() {
  const api = useApi();
  return useMutation({ mutationFn: (request: ListExportRequest) => api.call('lists.export', request) });
}
