// Sync status: read once, then replaced by every `sync.status` event (see use-core-events.ts).
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useSyncStatus() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.syncStatus, queryFn: () => api.call('sync.status', {}) });
}
