// Admin sessions and sign-in history: hub calls (online only). Sign-ins page backwards with `before`.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SignInOutcome } from '../../../../shared/admin.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';
import { nextSignInCursor } from './session-format.js';

export const SIGN_IN_PAGE_SIZE = 50;

export function useAdminSessions(includeRevoked: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.adminSessions(includeRevoked),
    queryFn: () => api.call('admin.sessions.list', { includeRevoked }),
    placeholderData: keepPreviousData,
    // Sessions come and go without a synced change; a minute-old list is as stale as it may get.
    staleTime: 0,
    refetchInterval: 60_000,
  });
}

export function useRevokeSession() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call('admin.sessions.revoke', { id }),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.admin }), queryClient.invalidateQueries({ queryKey: queryKeys.account })]),
  });
}

export function useSignIns(outcome: SignInOutcome | null) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: queryKeys.adminSignIns(outcome),
    queryFn: ({ pageParam }) =>
      api.call('admin.signIns.list', { limit: SIGN_IN_PAGE_SIZE, ...(outcome ? { outcome } : {}), ...(pageParam ? { before: pageParam } : {}) }),
    initialPageParam: null as Readonly<{ at: string; id: string }> | null,
    getNextPageParam: (last) => nextSignInCursor(last, SIGN_IN_PAGE_SIZE),
    staleTime: 0,
  });
}
