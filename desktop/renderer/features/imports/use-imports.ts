// Import calls to the core: inspect, dry run, a dry run's rows by category, commit, cancel, the
// jobs list, resume and undo; and the `import.progress` events of one operation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ConsoleApiArg, ImportProgress, ImportRowCategory } from '../../../../shared/console-api.js';
import type { ImportKind } from '../../../../shared/import.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';
import { usePagedList } from '../installed-base/use-installed-base.js';

/** Import jobs are the hub's (not synced): under `admin`, refreshed after each import and on demand. */
export const importJobsKey = ['admin', 'imports'] as const;

export function useImportJobs() {
  const api = useApi();
  return useQuery({ queryKey: importJobsKey, queryFn: () => api.call('imports.jobs', {}), staleTime: 0 });
}

/** The latest progress of one operation (null until its first event, or with no operation). */
export function useImportProgress(operationId: string | null): ImportProgress | null {
  const api = useApi();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!operationId) return undefined;
    return api.on('import.progress', (p) => {
      if (p.operationId === operationId) setProgress(p);
    });
  }, [api, operationId]);
  return progress;
}

/** A dry run's rows of one category, a page at a time (they never change: a new check is a new id). */
export function useImportRows(dryRunId: string, category: ImportRowCategory) {
  const api = useApi();
  return usePagedList(['admin', 'import-rows', dryRunId, category], (offset, limit) => api.call('imports.rows', { dryRunId, category, offset, limit }), Infinity);
}

export function useTemplate() {
  const api = useApi();
  return useMutation({ mutationFn: (kind: ImportKind) => api.call('imports.template', { kind }) });
}



export function useErrorWorkbook() {
  const api = useApi();
  return useMutation({ mutationFn: (dryRunId: string) => api.call('imports.errorWorkbook', { dryRunId }) });
}

/** After an import wrote (or undid) rows: the history now, the lists at once (sync also tells). */
function useAfterWrite() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: importJobsKey });
    void queryClient.invalidateQueries({ queryKey: queryKeys.projectors });
  };
}


export function useResume() {
  const api = useApi();
  const after = useAfterWrite();
  return useMutation({ mutationFn: (arg: ConsoleApiArg<'imports.resume'>) => api.call('imports.resume', arg), onSettled: after });
}

export function useUndo() {
  const api = useApi();
  const after = useAfterWrite();
  return useMutation({ mutationFn: (jobId: string) => api.call('imports.undo', { jobId }), onSettled: after });
}

export function useCancelOperation() {
  const api = useApi();
  return useMutation({ mutationFn: (operationId: string) => api.call('imports.cancel', { operationId }) });
}
