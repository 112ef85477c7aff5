// The signed-in session: read once from the core, then kept current by `session.changed` events.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '../../../../shared/domain.js';
import { queryKeys } from '../../api/query-keys.js';
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
      queryClient.removeQueries({ queryKey: queryKeys.cases });
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
      queryClient.removeQueries({ queryKey: queryKeys.cases });
      queryClient.removeQueries({ queryKey: queryKeys.projectors });
      queryClient.setQueryData(queryKeys.session, null);
    },
  });
}
