// Sync status: read once, then replaced by every `sync.status` event (see use-core-events.ts);
// and asking the core to try the hub now instead of at its next backoff step.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useSyncStatus() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.syncStatus, queryFn: () => api.call('sync.status', {}) });
}

export function useReconnect() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.call('sync.reconnect', {}) });
}

/** When the computer's network comes back, reconnect at once rather than after the backoff. */
export function useReconnectWhenOnline(): void {
  const api = useApi();
  useEffect(() => {
    const onOnline = () => {
      // Best effort: if this fails the core's own backoff still reconnects.
      api.call('sync.reconnect', {}).catch(() => undefined);
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [api]);
}
