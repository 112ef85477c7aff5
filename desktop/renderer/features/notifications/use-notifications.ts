// The signed-in user's notifications (mentions): read locally, refreshed when `notifications`
// change; marking them read is a synced change like any other.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useNotifications() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.notificationList, queryFn: () => api.call('notifications.list', {}) });
}

export function useMarkNotificationsRead() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => api.call('notifications.markRead', { ids }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}
