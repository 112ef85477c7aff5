// The console's PDF methods: `reports.pdf` (one report, from this console's cache, works offline)
// and `reports.exportPdfs` (a filtered list into one zip, with progress, cancellable by operationId).
import type { ExportedFile } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import type { ReportStatus } from '../../../../shared/service.js';
import type { HandlerRegistry } from '../handler-registry.js';
import type { Operation } from '../import-jobs/operations.js';
import type { ReportPdfData } from './report-pdf-data.js';
import { exportReportPdf, exportReportPdfsZip } from './report-pdf-export.js';

export type ReportPdfFilter = Readonly<{ ids?: readonly string[]; statuses?: readonly ReportStatus[]; from?: string; to?: string }>;

export type ReportPdfDeps = Readonly<{
  exportsDir: string;
  /** The report's data for print (core: loadReportForPdf on the signed-in cache); null if unknown. */
  load(reportId: string): ReportPdfData | null;
  /** Report ids a batch covers (core: listReportIdsForExport). */
  listIds(filter: ReportPdfFilter): readonly string[];
  /** Runs a long job under the window's operation id (core: the import service's runOperation). */
  runOperation(operationId: string, fn: (op: Operation) => Promise<ExportedFile>): Promise<ExportedFile>;
}>;

export function registerReportPdfHandlers(registry: HandlerRegistry, deps: ReportPdfDeps): void {
  registry.register('reports.pdf', async (arg) => {
    const data = deps.load(arg.id);
    if (!data) throw new AppError('NOT_FOUND', 'That service report is not on this console.');
    return exportReportPdf(deps.exportsDir, data);
  });
  registry.register('reports.exportPdfs', async (arg) => {
    const { operationId, ...filter } = arg;
    const ids = deps.listIds(filter);
    return deps.runOperation(operationId, (op) => exportReportPdfsZip({ exportsDir: deps.exportsDir, ids, load: deps.load, signal: op.signal, progress: op.progress }));
  });
}
