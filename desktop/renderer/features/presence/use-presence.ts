// Presence of this window's user (on the board, editing a case) told to the core, and who else is
// where, kept current by `presence.changed`. Presence is ephemeral: never stored, never synced as data.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { PresenceEntry } from '../../../../shared/sync/protocol.js';
import type { ApiClient } from '../../api/client.js';
import { userMessage } from '../../api/error-message.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

type OwnPresence = { board: number; editing: string[] };

// One record per window's client: the board and a case panel set their parts independently and the
// core gets the whole state each time (several boards or panels in one window count).
const own = new WeakMap<ApiClient, OwnPresence>();

function ownFor(api: ApiClient): OwnPresence {
  let p = own.get(api);
  if (!p) {
    p = { board: 0, editing: [] };
    own.set(api, p);
  }
  return p;
}

let warned = false;

function publish(api: ApiClient): void {
  const p = ownFor(api);
  const editingCaseId = p.editing[p.editing.length - 1] ?? null;
  api.call('presence.set', { board: p.board > 0, editingCaseId }).catch((error: unknown) => {
    // Presence is a courtesy: say once that it failed, never block the work.
    if (warned) return;
    warned = true;
    notifications.show({ color: 'gray', title: 'Others may not see you here', message: userMessage(error) });
  });
}

/** Everyone else's presence, as the core last heard it from the hub. */
export function usePresenceOthers() {
  const api = useApi();
  const queryClient = useQueryClient();
  useEffect(() => api.on('presence.changed', ({ others }) => queryClient.setQueryData(queryKeys.presence, others)), [api, queryClient]);
  return useQuery<readonly PresenceEntry[]>({
    queryKey: queryKeys.presence,
    queryFn: () => api.call('presence.get', {}),
    staleTime: Infinity,
  });
}

/** While mounted, this user is "on the board". */
export function useBoardPresence(): void {
  const api = useApi();
  useEffect(() => {
    const p = ownFor(api);
    p.board += 1;
    publish(api);
    return () => {
      p.board -= 1;
      publish(api);
    };
  }, [api]);
}

/** While `caseId` is set, this user is editing that case (the case panel is open). */
export function useEditingPresence(caseId: string | null): void {
  const api = useApi();
  useEffect(() => {
    if (!caseId) return;
    const p = ownFor(api);
    p.editing.push(caseId);
    publish(api);
    return () => {
      const i = p.editing.lastIndexOf(caseId);
      if (i >= 0) p.editing.splice(i, 1);
      publish(api);
    };
  }, [api, caseId]);
}
