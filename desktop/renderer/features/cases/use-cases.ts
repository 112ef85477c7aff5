// Case and projector queries and mutations. Reads are local (the core's cache) and refreshed by
// `data.changed` invalidation, never by polling.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseListQuery } from '../../../../shared/console-api.js';
import type { CaseFields, CasePatch } from '../../../../shared/domain.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useCaseList(query: CaseListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.caseList(query),
    queryFn: () => api.call('cases.list', query),
    // Keep showing the last rows while a new filter loads, so the list never flashes empty.
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.caseDetail(id ?? ''),
    queryFn: () => api.call('cases.get', { id: id ?? '' }),
    enabled: id !== null,
  });
}

export function useCreateCase() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fields: CaseFields) => api.call('cases.create', fields),
    // The core also sends data.changed; invalidating here makes this window show it without waiting.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.cases }),
  });
}

export function useUpdateCase() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: string; patch: CasePatch }) => api.call('cases.update', args),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.cases }),
  });
}

export function useDeleteCase() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: string; reason?: string }) => api.call('cases.delete', args),
    // Its conflicts go with it.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.cases }), queryClient.invalidateQueries({ queryKey: queryKeys.conflicts })]),
  });
}

export function useProjectorSearch(query: string) {
  const api = useApi();
  const trimmed = query.trim();
  return useQuery({
    queryKey: queryKeys.projectorSearch(trimmed),
    queryFn: () => api.call('projectors.search', { query: trimmed, limit: 8 }),
    enabled: trimmed !== '',
    // Keep the last suggestions on screen while the next keystroke's search runs.
    placeholderData: keepPreviousData,
  });
}
