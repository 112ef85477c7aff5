// Audit log: pages of the hub's change log (newest first, `beforeVersion` paging), the xlsx export of
// the same filters, and the chain check. Hub calls, online only.
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { AuditQuery } from '../../../../shared/admin.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export function useAuditPages(query: Omit<AuditQuery, 'beforeVersion'> | null) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: queryKeys.auditPages(query ?? {}),
    queryFn: ({ pageParam }) => api.call('audit.query', { ...(query ?? {}), ...(pageParam ? { beforeVersion: pageParam } : {}) }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBeforeVersion,
    enabled: query !== null,
    staleTime: 0,
  });
}

/** Everyone this console knows, for the User filter (deactivated people made changes too). */
export function useAuditPeople() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.adminPeoplePicker, queryFn: () => api.call('users.list', { includeInactive: true }) });
}

export function useAuditExport() {
  const api = useApi();
  return useMutation({ mutationFn: (query: Omit<AuditQuery, 'beforeVersion'>) => api.call('audit.export', query) });
}

export function useAuditVerify() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.call('audit.verify', {}) });
}
