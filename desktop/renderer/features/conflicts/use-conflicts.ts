// Conflict queries and the resolve mutation. The list is local (the core's cache) and refreshed by
// `data.changed` for conflicts (see query-keys.ts), never by polling.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConflictResolution } from '../../../../shared/domain.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useConflicts(includeResolved: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.conflictList(includeResolved),
    queryFn: () => api.call('conflicts.list', { includeResolved }),
    // Flipping "Show resolved" keeps the current rows on screen until the other list arrives.
    placeholderData: keepPreviousData,
  });
}

/** Everyone this console knows, so conflicts can name assignees and who won the race. */
export function useConflictPeople() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.conflictPeople,
    queryFn: () => api.call('users.list', { includeInactive: true }),
    staleTime: 60_000,
  });
}

export type ResolveArgs = Readonly<{ id: string; resolution: ConflictResolution; value?: unknown }>;

export function useResolveConflict() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: ResolveArgs) => api.call('conflicts.resolve', args.resolution === 'merged' ? args : { id: args.id, resolution: args.resolution }),
    // Keeping or merging also changes the case; the core sends data.changed too, this is just sooner.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.conflicts }), queryClient.invalidateQueries({ queryKey: queryKeys.cases })]),
  });
}
