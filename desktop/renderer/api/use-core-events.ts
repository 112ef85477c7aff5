// Keeps react-query in step with the core's pushed events: `data.changed` invalidates the queries
// that read those entities (so every window updates at once), `sync.status` and `session.changed`
// replace their cached values, and a link that comes back refetches everything it may have missed.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionInfo } from '../../../shared/console-api.js';
import { USER_QUERY_ROOTS, queryKeys, queryKeysToInvalidate } from './query-keys.js';
import { useApi } from './use-api.js';

export function useCoreEvents(): void {
  const api = useApi();
  const queryClient = useQueryClient();

  useEffect(() => {
    let previousLink = api.linkState();
    const offs = [
      api.on('data.changed', ({ entities }) => {
        for (const queryKey of queryKeysToInvalidate(entities)) void queryClient.invalidateQueries({ queryKey });
      }),
      api.on('sync.status', (status) => {
        queryClient.setQueryData(queryKeys.syncStatus, status);
      }),
      api.on('session.changed', (session) => {
        const before = queryClient.getQueryData<SessionInfo | null>(queryKeys.session);
        if (!session || before?.user.id !== session.user.id) {
          // Another user (or nobody) now: drop what the previous user saw.
          for (const queryKey of USER_QUERY_ROOTS) queryClient.removeQueries({ queryKey });
        }
        queryClient.setQueryData(queryKeys.session, session);
      }),
      api.onLinkChange((state) => {
        if (state === 'up' && previousLink !== 'up') void queryClient.invalidateQueries();
        previousLink = state;
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api, queryClient]);
}
