// Labels, colours and short texts of service reports, shared by the case drawer, the report
// screen and the review list.
import type { ReportSummary, UploadQueueStatus } from '../../../../shared/console-api.js';
import type { ReportStatus } from '../../../../shared/service.js';

export const REPORT_STATUS_COLORS: Readonly<Record<ReportStatus, string>> = {
  draft: 'gray',
  submitted: 'blue',
  returned: 'orange',
  approved: 'green',
};

export function reportTitle(report: Pick<ReportSummary, 'number' | 'revision'>): string {
  if (!report.number) return 'Draft service report';
  return report.revision > 1 ? `${report.number} (revision ${report.revision})` : report.number;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One line on the photo upload queue: "3 photos waiting for the network", "Sending photo: 40%". */
export function uploadQueueText(status: UploadQueueStatus | undefined, online: boolean): string | null {
  if (!status || (status.queued === 0 && status.current === null)) return status?.lastError ? `Last upload failed: ${status.lastError}` : null;
  const count = status.queued === 1 ? '1 photo' : `${status.queued} photos`;
  if (status.current) {
    const pct = status.current.bytesTotal > 0 ? Math.floor((status.current.bytesSent / status.current.bytesTotal) * 100) : 0;
    return `Sending photos to the hub: ${pct}% of the current one, ${count} (${formatBytes(status.bytesQueued)}) in the queue.`;
  }
  if (!online) return `${count} waiting for the network.`;
  return status.lastError ? `${count} waiting to upload. Last attempt failed: ${status.lastError}` : `${count} waiting to upload.`;
}

/** Upload progress in percent (0-100) of the photo being sent now, null when none is. */
export function uploadPercent(status: UploadQueueStatus | undefined): number | null {
  if (!status?.current) return null;
  const { bytesSent, bytesTotal } = status.current;
  return bytesTotal > 0 ? Math.min(100, Math.floor((bytesSent / bytesTotal) * 100)) : 0;
}
