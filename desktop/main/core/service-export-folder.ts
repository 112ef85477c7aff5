// Exports many service reports as one PDF each into a folder the person chose in the Electron main
// process's folder dialog. The main process registers the chosen folder here and windows get only
// an id for it, so a page can never make the core write to a path of its choosing.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedFile, ImportStage } from '../../../shared/console-api.js';
import { AppError } from '../../../shared/errors.js';
import type { HandlerRegistry } from './handler-registry.js';
import { cancelledError, type Operation } from './import-jobs/operations.js';
import type { ReportPdfData } from './pdf/report-pdf-data.js';
import { reportPdfName } from './pdf/report-pdf-export.js';
import type { ReportPdfFilter } from './pdf/report-pdf-handlers.js';
import { renderServiceReportPdf } from './pdf/service-report-pdf.js';

/** What a window gets back for a folder the main process registered. */
export type ExportFolderRef = Readonly<{ folderId: string; folderName: string }>;

/** Folders chosen in this core's lifetime: id → absolute real path (kept in memory only). */
export type ExportFolders = Readonly<{
  /** Checks the folder (absolute, exists, a folder, writable) and returns its id. Main process only. */
  register(folderPath: string): ExportFolderRef;
  /** The folder of an id, or NOT_FOUND (an id from another run, or made up by a page). */
  resolve(folderId: string): string;
}>;

/** At most this many folders are remembered; the oldest is forgotten first. */
const MAX_FOLDERS = 50;

export function createExportFolders(): ExportFolders {
  const folders = new Map<string, string>();
  return {
    register(folderPath) {
      if (!path.isAbsolute(folderPath)) throw new AppError('VALIDATION', 'Choose a folder on this computer.');
      let real: string;
      try {
        real = fs.realpathSync(folderPath);
        if (!fs.statSync(real).isDirectory()) throw new AppError('VALIDATION', 'That is a file, not a folder. Choose a folder.');
        fs.accessSync(real, fs.constants.W_OK);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('VALIDATION', 'That folder cannot be written to. Choose another folder, or check that you may save files there.');
      }
      const folderId = randomUUID();
      folders.set(folderId, real);
      if (folders.size > MAX_FOLDERS) folders.delete(folders.keys().next().value!);
      return { folderId, folderName: path.basename(real) || real };
    },
    resolve(folderId) {
      const folder = folders.get(folderId);
      if (!folder) throw new AppError('NOT_FOUND', 'That folder is no longer chosen. Choose the folder again.');
      return folder;
    },
  };
}

export type FolderExportOptions = Readonly<{
  folder: string;
  ids: readonly string[];
  /** Loads one report; null (deleted meanwhile) skips it. */
  load(id: string): ReportPdfData | null;
  signal: AbortSignal;
  progress: Readonly<{ report(stage: ImportStage, done: number, total: number | null, force?: boolean): void }>;
}>;

/** `x.pdf`, else `x-2.pdf`, ...: never over a file already in the folder (or one written by this run). */
function freeName(folder: string, base: string, used: ReadonlySet<string>): string {
  const ext = path.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${stem}-${n}${ext}`;
    if (!used.has(name) && !fs.existsSync(path.join(folder, name)) && !fs.existsSync(path.join(folder, `${name}.part`))) return name;
  }
}

/**
 * Writes each report's PDF into `folder` (one report in memory at a time), as `<name>.part` renamed
 * when complete. All or nothing: a cancel or a failure removes the files this run wrote, so the
 * folder never holds half an export; files that were there before are never touched.
 */
export async function exportReportPdfsToFolder(options: FolderExportOptions): Promise<ExportedFile> {
  const { folder, ids, signal, progress } = options;
  if (ids.length === 0) throw new AppError('NOT_FOUND', 'No service reports match; nothing was exported.');
  const written: string[] = [];
  let bytes = 0;
  let part: string | null = null;
  try {
    progress.report('exporting', 0, ids.length, true);
    for (let i = 0; i < ids.length; i += 1) {
      if (signal.aborted) throw cancelledError();
      const data = options.load(ids[i]!);
      if (data) {
        const { pdf } = await renderServiceReportPdf(data);
        if (signal.aborted) throw cancelledError();
        const name = freeName(folder, reportPdfName(data), new Set(written));
        const target = path.join(folder, name);
        part = `${target}.part`;
        fs.writeFileSync(part, pdf, { flag: 'wx' });
        fs.renameSync(part, target);
        part = null;
        written.push(name);
        bytes += pdf.length;
      }
      progress.report('exporting', i + 1, ids.length);
    }
    if (written.length === 0) throw new AppError('NOT_FOUND', 'None of those service reports are on this console; nothing was exported.');
    progress.report('exporting', ids.length, ids.length, true);
  } catch (error) {
    if (part) fs.rmSync(part, { force: true });
    for (const name of written) fs.rmSync(path.join(folder, name), { force: true });
    if (!(error instanceof AppError) && isFsError(error)) {
      throw new AppError('UNAVAILABLE', 'The PDFs could not be written to that folder (it may be full, gone or read-only). Nothing was exported.');
    }
    throw error;
  }
  return { fileName: path.basename(folder) || folder, path: folder, rows: written.length, bytes };
}

function isFsError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

export type FolderExportDeps = Readonly<{
  folders: ExportFolders;
  load(reportId: string): ReportPdfData | null;
  listIds(filter: ReportPdfFilter): readonly string[];
  runOperation(operationId: string, fn: (op: Operation) => Promise<ExportedFile>): Promise<ExportedFile>;
}>;

/** Registers `reports.exportPdfsToFolder`; returns the folder registry the main process registers folders with. */
export function registerFolderExportHandler(registry: HandlerRegistry, deps: Omit<FolderExportDeps, 'folders'> & Partial<Pick<FolderExportDeps, 'folders'>>): ExportFolders {
  const folders = deps.folders ?? createExportFolders();
  registry.register('reports.exportPdfsToFolder', async (arg) => {
    const { operationId, folderId, ...filter } = arg;
    const folder = folders.resolve(folderId);
    const ids = deps.listIds(filter);
    return deps.runOperation(operationId, (op) => exportReportPdfsToFolder({ folder, ids, load: deps.load, signal: op.signal, progress: op.progress }));
  });
  return folders;
}
