// The signed-in session: read once from the core, then kept current by `session.changed` events.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '../../../../shared/domain.js';
import { USER_QUERY_ROOTS, queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useSession() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.session, queryFn: () => api.call('session.get', {}) });
}

export function useLogin() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: LoginRequest) => api.call('session.login', request),
    onSuccess: (session) => {
      for (const queryKey of USER_QUERY_ROOTS) queryClient.removeQueries({ queryKey });
      queryClient.setQueryData(queryKeys.session, session);
      void queryClient.invalidateQueries({ queryKey: queryKeys.syncStatus });
    },
  });
}

export function useLogout() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.call('session.logout', {}),
    onSuccess: () => {
      for (const queryKey of USER_QUERY_ROOTS) queryClient.removeQueries({ queryKey });
      queryClient.setQueryData(queryKeys.session, null);
    },
  });
}
