// Service report calls to the core: lists, one report, save (local first, works offline), submit,
// review, photos (chunked upload, thumbnails), the upload queue, and PDFs (one, or many in a zip).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ConsoleApiArg, UploadQueueStatus } from '../../../../shared/console-api.js';
import type { ReviewServiceReportArgs } from '../../../../shared/service.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';

export type ReportListQuery = ConsoleApiArg<'reports.list'>;

export function useReportList(query: ReportListQuery, enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.reportList(query), queryFn: () => api.call('reports.list', query), enabled });
}

export function useReport(id: string | null) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.reportDetail(id ?? ''), queryFn: () => api.call('reports.get', { id: id ?? '' }), enabled: id !== null });
}

function useInvalidateReports() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.reports });
    void queryClient.invalidateQueries({ queryKey: queryKeys.visits });
  };
}

/** Saves without refetching everything: the form is the source of truth while it is open. */
export function useSaveReport() {
  const api = useApi();
  return useMutation({ mutationFn: (args: ConsoleApiArg<'reports.save'>) => api.call('reports.save', args) });
}

export function useSubmitReport() {
  const api = useApi();
  const invalidate = useInvalidateReports();
  return useMutation({ mutationFn: (id: string) => api.call('reports.submit', { id }), onSuccess: invalidate });
}

export function useReviewReport() {
  const api = useApi();
  const invalidate = useInvalidateReports();
  return useMutation({ mutationFn: (args: ReviewServiceReportArgs) => api.call('reports.review', args), onSuccess: invalidate });
}

export function useReportPdf() {
  const api = useApi();
  return useMutation({ mutationFn: (id: string) => api.call('reports.pdf', { id }) });
}

export function useExportPdfs() {
  const api = useApi();
  return useMutation({ mutationFn: (args: ConsoleApiArg<'reports.exportPdfs'>) => api.call('reports.exportPdfs', args) });
}

export function useCancelOperation() {
  const api = useApi();
  return useMutation({ mutationFn: (operationId: string) => api.call('imports.cancel', { operationId }) });
}

export function useRemovePhoto() {
  const api = useApi();
  const invalidate = useInvalidateReports();
  return useMutation({ mutationFn: (id: string) => api.call('reports.removePhoto', { id }), onSuccess: invalidate });
}

/** A photo as a data URL; photos never change (content-addressed), so it is kept for the session. */
export function usePhoto(id: string, size: 'thumb' | 'full', enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.reportPhoto(id, size), queryFn: () => api.call('reports.photo', { id, size }), enabled, staleTime: Infinity });
}

export function useParts(model: string | null) {
  const api = useApi();
  const query = model ? { model } : {};
  return useQuery({ queryKey: queryKeys.partList(query), queryFn: () => api.call('parts.list', query) });
}

/** The photo upload queue, kept current by `uploads.changed` events. */
export function useUploadQueue(): UploadQueueStatus | undefined {
  const api = useApi();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.uploads, queryFn: () => api.call('reports.uploads', {}) });
  useEffect(
    () =>
      api.on('uploads.changed', (status) => {
        queryClient.setQueryData(queryKeys.uploads, status);
        // A photo that finished uploading changes its report's "uploaded" flags.
        if (status.current === null) void queryClient.invalidateQueries({ queryKey: ['reports', 'detail'] });
      }),
    [api, queryClient],
  );
  return query.data;
}
