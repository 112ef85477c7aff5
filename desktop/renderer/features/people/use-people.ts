// People (admin screens): list, create, edit, (de)activate, reset password. Hub calls (online
// only); the hub's change also syncs as a `users` change, which refreshes these lists everywhere.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserRequest, UpdateUserRequest } from '../../../../shared/admin.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useAdminUsers() {
  const api = useApi();
  // Always with deactivated people: the switch filters on screen, so flipping it needs no call.
  return useQuery({
    queryKey: queryKeys.adminUsers(true),
    queryFn: () => api.call('admin.users.list', { includeInactive: true }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

function useInvalidateAdmin() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.admin });
}

export function useCreateUser() {
  const api = useApi();
  const invalidate = useInvalidateAdmin();
  return useMutation({ mutationFn: (request: CreateUserRequest) => api.call('admin.users.create', request), onSuccess: invalidate });
}

export function useUpdateUser() {
  const api = useApi();
  const invalidate = useInvalidateAdmin();
  return useMutation({ mutationFn: (args: { id: string; patch: UpdateUserRequest }) => api.call('admin.users.update', args), onSuccess: invalidate });
}

export function useSetUserActive() {
  const api = useApi();
  const invalidate = useInvalidateAdmin();
  return useMutation({ mutationFn: (args: { id: string; active: boolean }) => api.call('admin.users.setActive', args), onSuccess: invalidate });
}

export function useResetPassword() {
  const api = useApi();
  const invalidate = useInvalidateAdmin();
  return useMutation({ mutationFn: (id: string) => api.call('admin.users.resetPassword', { id }), onSuccess: invalidate });
}
