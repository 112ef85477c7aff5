// Phone intake reads: matches as the agent types (local FTS in the core, one call per keystroke,
// earlier matches kept on screen meanwhile) and the context of the picked match; writes: the case,
// or a note on an open case instead.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseFields } from '../../../../shared/domain.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';
import type { contextQuery } from './intake-model.js';

export function useIntakeSearch(text: string) {
  const api = useApi();
  const query = text.trim();
  const result = useQuery({
    queryKey: queryKeys.intakeSearch(query),
    queryFn: () => api.call('intake.search', { query, limit: 12 }),
    enabled: query !== '',
    placeholderData: keepPreviousData,
  });
  const fresh = query !== '' && result.data !== undefined && !result.isPlaceholderData;
  return { matches: query === '' ? [] : (result.data ?? []), fresh, error: result.error, isError: result.isError };
}

export function useIntakeContext(query: ReturnType<typeof contextQuery> | null) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.intakeContext(query ?? {}),
    queryFn: () => api.call('intake.context', query ?? {}),
    enabled: query !== null,
  });
}

export function useIntakeCreate() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fields: CaseFields) => api.call('cases.create', fields),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.cases }), queryClient.invalidateQueries({ queryKey: queryKeys.intake })]),
  });
}

export function useIntakeNote() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { caseId: string; text: string }) => api.call('cases.addNote', { ...args, mentions: [] }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.timeline }),
  });
}
