// The user's own account: change password, own sessions, revoke one. Online-only hub calls.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '../../../../shared/passwords.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useChangePassword() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ChangePasswordRequest) => api.call('account.changePassword', request),
    // The core announces the cleared flag with session.changed; reading the session again covers a
    // window that missed it. Other sessions were revoked by the hub, so the list changed too.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.session }), queryClient.invalidateQueries({ queryKey: queryKeys.account })]),
  });
}

export function useMySessions() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.accountSessions, queryFn: () => api.call('account.sessions', {}), retry: false });
}

export function useRevokeMySession() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call('account.revokeSession', { id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.account }),
  });
}
