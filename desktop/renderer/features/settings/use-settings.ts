// Organisation settings: read from the core's synced cache (defaults where never set) and changed
// like any synced row (local first, "waiting to sync" until the hub confirms).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SettingKey } from '../../../../shared/settings.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useSettings() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => api.call('settings.get', {}) });
}

export function useUpdateSetting() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: Readonly<{ key: SettingKey; value: unknown }>) => api.call('settings.update', args),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.settings }),
  });
}
