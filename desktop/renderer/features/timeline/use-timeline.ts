// A case's timeline and what the case panel adds to it: notes (with @mentions), replies to the
// customer, and saving an email attachment. Reads are local; `caseEvents` changes refresh them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useTimeline(caseId: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.caseTimeline(caseId), queryFn: () => api.call('cases.timeline', { id: caseId }) });
}

/** Everyone this console knows, for names and @mentions. */
export function usePeople() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.users, queryFn: () => api.call('users.list', {}) });
}

export function useAddNote() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { caseId: string; text: string; mentions: string[] }) => api.call('cases.addNote', args),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.timeline }),
  });
}

export function useReply() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { caseId: string; text: string }) => api.call('cases.reply', args),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.timeline }),
  });
}

export function useSaveAttachment() {
  const api = useApi();
  return useMutation({ mutationFn: (id: string) => api.call('attachments.save', { id }) });
}
