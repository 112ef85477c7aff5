// Support mailboxes (admin): answered by the hub, online only. Mailbox state changes on the hub
// (polling, errors, retries) are not synced rows, so the list refreshes on a timer while open.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MailboxInput, MailboxPatch } from '../../../../shared/mail.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export const MAILBOX_REFRESH_MS = 15_000;

export function useMailboxes() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.adminMailboxes, queryFn: () => api.call('admin.mailboxes.list', {}), staleTime: 0, refetchInterval: MAILBOX_REFRESH_MS });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.adminMailboxes });
}

export function useCreateMailbox() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: MailboxInput) => api.call('admin.mailboxes.create', input), onSuccess: invalidate });
}

export function useUpdateMailbox() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (args: { id: string; patch: MailboxPatch }) => api.call('admin.mailboxes.update', args), onSuccess: invalidate });
}

export function useRemoveMailbox() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.call('admin.mailboxes.remove', { id }), onSuccess: invalidate });
}

export function useRetryMailbox() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.call('admin.mailboxes.retry', { id }), onSuccess: invalidate });
}
