// Writes service report PDFs to the exports folder: one report as a .pdf, or many in one zip that
// is streamed (one report in memory at a time, a few queued), with progress and cancel. Files are
// written as `<name>.part` and renamed when complete, so a failed or cancelled export leaves nothing
// that looks finished.
import archiver from 'archiver';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedFile, ImportStage } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import { cancelledError } from '../import-jobs/operations.js';
import { renderServiceReportPdf } from './service-report-pdf.js';
import type { ReportPdfData } from './report-pdf-data.js';

/** Rendered PDFs waiting for the zip writer at most; keeps a 1,000-report batch's memory flat. */
const ZIP_QUEUE = 8;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function stamp(now: Date): string {
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

/** A file-system-safe name: report number and revision, else the draft's case number. */
export function reportPdfName(data: ReportPdfData): string {
  const base = data.report.number ? `${data.report.number}-rev${data.report.revision}` : `${data.case.number || 'report'}-draft-${data.report.id.slice(0, 8)}`;
  return `${base.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
}

/** A name not taken yet in `dir` (counting unfinished .part files): x.pdf, x-2.pdf, ... */
function freeName(dir: string, base: string): string {
  const ext = path.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${stem}-${n}${ext}`;
    if (!fs.existsSync(path.join(dir, name)) && !fs.existsSync(path.join(dir, `${name}.part`))) return name;
  }
}

function writeAtomically(dir: string, base: string, bytes: Buffer): ExportedFile {
  fs.mkdirSync(dir, { recursive: true });
  const fileName = freeName(dir, base);
  const finalPath = path.join(dir, fileName);
  const part = `${finalPath}.part`;
  try {
    fs.writeFileSync(part, bytes, { flag: 'wx' });
    fs.renameSync(part, finalPath);
  } catch (error) {
    fs.rmSync(part, { force: true });
    throw error;
  }
  return { fileName, path: finalPath, rows: 1, bytes: bytes.length };
}

/** One report's PDF in the exports folder. */
export async function exportReportPdf(exportsDir: string, data: ReportPdfData): Promise<ExportedFile> {
  const { pdf } = await renderServiceReportPdf(data);
  return writeAtomically(exportsDir, reportPdfName(data), pdf);
}

export type ZipExportOptions = Readonly<{
  exportsDir: string;
  ids: readonly string[];
  /** Loads one report; null (deleted meanwhile) skips it. */
  load(id: string): ReportPdfData | null;
  signal: AbortSignal;
  progress: Readonly<{ report(stage: ImportStage, done: number, total: number | null, force?: boolean): void }>;
  now?: Date;
}>;

/** Many reports' PDFs in one zip (stored, not deflated: PDFs are compressed already). */
export async function exportReportPdfsZip(options: ZipExportOptions): Promise<ExportedFile> {
  const { exportsDir, ids, signal, progress } = options;
  if (ids.length === 0) throw new AppError('NOT_FOUND', 'No service reports match; nothing was exported.');
  fs.mkdirSync(exportsDir, { recursive: true });
  const fileName = freeName(exportsDir, `service-reports-${stamp(options.now ?? new Date())}.zip`);
  const finalPath = path.join(exportsDir, fileName);
  const part = `${finalPath}.part`;
  const out = fs.createWriteStream(part, { flags: 'wx' });
  const archive = archiver('zip', { store: true });
  // Entries the archiver has taken but not yet written; wait below when too many are queued.
  let queued = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    wake?.();
  };
  out.on('error', fail);
  archive.on('error', fail);
  archive.on('warning', fail);
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort, { once: true });
  archive.on('entry', () => {
    queued -= 1;
    wake?.();
  });
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
    archive.on('error', reject);
  });
  // The promise above is awaited only on success; a failure path must not leave it unhandled.
  closed.catch(() => undefined);
  archive.pipe(out);

  const used = new Set<string>();
  let written = 0;
  try {
    progress.report('exporting', 0, ids.length, true);
    for (let i = 0; i < ids.length; i += 1) {
      if (signal.aborted) throw cancelledError();
      if (failure) throw failure;
      const data = options.load(ids[i]!);
      if (data) {
        const { pdf } = await renderServiceReportPdf(data);
        let name = reportPdfName(data);
        for (let n = 2; used.has(name); n += 1) name = reportPdfName(data).replace(/\.pdf$/, `-${n}.pdf`);
        used.add(name);
        queued += 1;
        archive.append(pdf, { name, date: options.now ?? new Date() });
        written += 1;
        while (queued > ZIP_QUEUE && !failure && !signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      progress.report('exporting', i + 1, ids.length);
    }
    if (signal.aborted) throw cancelledError();
    await archive.finalize();
    await closed;
    if (failure) throw failure;
    if (written === 0) throw new AppError('NOT_FOUND', 'None of those service reports are on this console; nothing was exported.');
    fs.renameSync(part, finalPath);
    progress.report('exporting', ids.length, ids.length, true);
  } catch (error) {
    archive.abort();
    out.destroy();
    // The stream may still be opening the file; remove it only once it is closed.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    fs.rmSync(part, { force: true });
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return { fileName, path: finalPath, rows: written, bytes: fs.statSync(finalPath).size };
}
