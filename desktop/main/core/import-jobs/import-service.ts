// The console side of a bulk import, behind the imports.* ConsoleApi methods: workbooks handed in
// by the shells, templates, inspect and dry run (the reader in ../import does the reading), the
// dry runs kept for paging and the error workbook, and commit / resume / cancel / undo of jobs at
// the hub. Dry runs live in memory (their rows on disk in a work folder); a job being sent keeps
// its rows on disk until the hub says it is finished, so it can be resumed after a restart.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type {
  ExportedFile,
  ImportCommitResult,
  ImportDryRun,
  ImportInspection,
  ImportJobSummary,
  ImportPreviewRow,
  ImportProgress,
  ImportRowCategory,
  ListPage,
} from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import type { HubCaller } from '../hub-caller.js';
import type { ImportKind, ImportUndoResult } from '../../../../shared/import.js';
import type { ImportDateFormat } from '../../../../shared/settings.js';
import { safeFileName } from '../attachment-save.js';
import type { BackoffOptions } from '../backoff.js';
import type { Logger } from '../logger.js';
import { commitImport, importJobsDir, listJobFiles, readJobFile, removeJob, resumeImport, type ImportHubApi } from './commit-runner.js';
import { createImportFileStore, type ImportFileStore } from './import-files.js';
import { createOperationRegistry, type Operation } from './operations.js';
import type { DryRunHandle, checkWorkbookFile, dryRunImport, inspectWorkbook, writeImportTemplate } from '../import/index.js';

/** What the reader module (desktop/main/core/import) offers; the core passes it in (tests pass fakes). */
export type { DryRunHandle };
export type ImportReader = Readonly<{
  checkWorkbookFile: typeof checkWorkbookFile;
  inspectWorkbook: typeof inspectWorkbook;
  dryRunImport: typeof dryRunImport;
  writeImportTemplate: typeof writeImportTemplate;
}>;

/** Dry runs kept per console; older ones are dropped (their rows deleted) when a new one finishes. */
export const MAX_DRY_RUNS = 4;
const DEFAULT_ROWS_PAGE = 100;

type DryRunEntry = Readonly<{ handle: DryRunHandle; kind: ImportKind; fileName: string; workDir: string; at: number }>;

export type ImportService = Readonly<{
  files: ImportFileStore;
  template(kind: ImportKind, options: { regions: readonly string[]; dateFormat: ImportDateFormat }): Promise<ExportedFile>;
  inspect(arg: { fileId: string; kind: ImportKind; sheet?: string; headerRow?: number }): Promise<ImportInspection>;
  dryRun(
    arg: { fileId: string; kind: ImportKind; operationId: string; sheet: string; headerRow: number; mapping: readonly (string | null)[] },
    context: { cache: Database.Database; dateFormat: ImportDateFormat },
  ): Promise<ImportDryRun>;
  rows(arg: { dryRunId: string; category: ImportRowCategory; offset?: number; limit?: number }): ListPage<ImportPreviewRow>;
  errorWorkbook(dryRunId: string): Promise<ExportedFile>;
  commit(arg: { dryRunId: string; operationId: string }, hub: HubCaller): Promise<ImportCommitResult>;
  resume(arg: { jobId: string; operationId: string }, hub: HubCaller): Promise<ImportCommitResult>;
  jobs(hub: HubCaller): Promise<ImportJobSummary[]>;
  undo(jobId: string, hub: HubCaller): Promise<ImportUndoResult>;
  /** Runs an export (or other long job) under an operation id, so it shows progress and can be cancelled. */
  runOperation<T>(operationId: string, fn: (op: Operation) => Promise<T>): Promise<T>;
  cancel(operationId: string): boolean;
  /** Sign-out or close: stops running work and forgets the dry runs (jobs being sent stay resumable). */
  reset(): void;
}>;

export type ImportServiceOptions = Readonly<{
  dataDir: string;
  exportsDir: string;
  reader: ImportReader;
  emitProgress(progress: ImportProgress): void;
  logger: Logger;
  /** Retry pacing for hub requests of a commit (tests make it quick). */
  backoff?: BackoffOptions;
  /** Tests: rows per batch, and a hook after each batch. */
  batchRows?: number;
  afterBatch?: Parameters<typeof commitImport>[0]['afterBatch'];
}>;

/** The hub's import routes through the hub caller (bearer token, refresh, revocation, offline). */
export function hubImportApi(hub: HubCaller): ImportHubApi {
  return {
    start: (body) => hub('imports.start', 'Starting the import', { body }),
    get: (id) => hub('imports.get', 'The import job', { id }),
    batch: (id, body) => hub('imports.batch', 'The import', { id, body, timeoutMs: 60_000 }),
    finish: (id, outcome) => hub('imports.finish', 'Finishing the import', { id, body: { outcome } }),
  };
}

function freeName(dir: string, base: string): string {
  const ext = path.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${stem}-${n}${ext}`;
    if (!fs.existsSync(path.join(dir, name)) && !fs.existsSync(path.join(dir, `${name}.part`))) return name;
  }
}

/** Writes an exported file through `.part` and a rename, so a failure leaves nothing that looks finished. */
async function writeExport(dir: string, base: string, write: (partPath: string) => Promise<{ rows: number }>): Promise<ExportedFile> {
  fs.mkdirSync(dir, { recursive: true });
  const fileName = freeName(dir, base);
  const finalPath = path.join(dir, fileName);
  const partPath = `${finalPath}.part`;
  try {
    const { rows } = await write(partPath);
    fs.renameSync(partPath, finalPath);
    return { fileName, path: finalPath, rows, bytes: fs.statSync(finalPath).size };
  } catch (error) {
    fs.rmSync(partPath, { force: true });
    throw error;
  }
}

export function createImportService(options: ImportServiceOptions): ImportService {
  const importsDir = path.join(options.dataDir, 'imports');
  const workRoot = path.join(importsDir, 'work');
  const jobsDir = importJobsDir(options.dataDir);
  const mappingsFile = path.join(importsDir, 'mappings.json');
  const files = createImportFileStore({ dataDir: options.dataDir, check: (file) => options.reader.checkWorkbookFile(file) });
  const operations = createOperationRegistry(options.emitProgress);
  const dryRuns = new Map<string, DryRunEntry>();
  /** Jobs being sent right now: a second commit or resume of the same job is refused. */
  const sending = new Set<string>();

  const jobWorkDirs = () => new Set(listJobFiles(jobsDir).map((j) => j.workDir));

  function dropDryRun(id: string): void {
    const entry = dryRuns.get(id);
    if (!entry) return;
    dryRuns.delete(id);
    // A job still being sent (or resumable) reads its rows from this folder.
    if (!jobWorkDirs().has(entry.workDir)) fs.rmSync(entry.workDir, { recursive: true, force: true });
  }

  // Left-overs of an earlier run: work folders no job needs, uploads older than a week.
  try {
    const keep = jobWorkDirs();
    for (const name of fs.existsSync(workRoot) ? fs.readdirSync(workRoot) : []) {
      const dir = path.join(workRoot, name);
      if (!keep.has(dir)) fs.rmSync(dir, { recursive: true, force: true });
    }
    files.cleanOld();
  } catch (error) {
    options.logger.warn('could not tidy the imports folder', { error: error instanceof Error ? error.message : String(error) });
  }

  function dryRunOf(id: string): DryRunEntry {
    const entry = dryRuns.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'That dry run is no longer available (the console restarted or a newer one replaced it). Run the dry run again.');
    return entry;
  }

  function commitOptions(hub: HubCaller, op: Operation) {
    return { hub: hubImportApi(hub), jobsDir, signal: op.signal, progress: op.progress, backoff: options.backoff, maxRows: options.batchRows, afterBatch: options.afterBatch };
  }

  async function exclusiveJob<T>(jobId: string, fn: () => Promise<T>): Promise<T> {
    if (sending.has(jobId)) throw new AppError('CONFLICT', 'That import is already being sent.');
    sending.add(jobId);
    try {
      return await fn();
    } finally {
      sending.delete(jobId);
    }
  }

  return {
    files,
    template: (kind, settings) =>
      writeExport(options.exportsDir, `import-template-${kind}.xlsx`, async (partPath) => {
        await options.reader.writeImportTemplate(kind, partPath, settings);
        return { rows: 0 };
      }),
    async inspect(arg) {
      const file = files.get(arg.fileId);
      return options.reader.inspectWorkbook({ path: file.path, fileId: file.fileId, fileName: file.fileName, kind: arg.kind, sheet: arg.sheet, headerRow: arg.headerRow, mappingsFile });
    },
    dryRun: (arg, context) =>
      operations.run(arg.operationId, async (op) => {
        const file = files.get(arg.fileId);
        const workDir = path.join(workRoot, randomUUID());
        fs.mkdirSync(workDir, { recursive: true });
        let handle: DryRunHandle;
        try {
          handle = await options.reader.dryRunImport({
            path: file.path,
            fileId: file.fileId,
            fileName: file.fileName,
            kind: arg.kind,
            sheet: arg.sheet,
            headerRow: arg.headerRow,
            mapping: arg.mapping,
            dateFormat: context.dateFormat,
            cache: context.cache,
            workDir,
            mappingsFile,
            signal: op.signal,
            onProgress: (p) => op.progress.report(p.stage, p.done, p.total),
          });
        } catch (error) {
          fs.rmSync(workDir, { recursive: true, force: true });
          throw error;
        }
        const id = handle.summary.dryRunId;
        dryRuns.set(id, { handle, kind: arg.kind, fileName: file.fileName, workDir, at: Date.now() });
        const oldest = [...dryRuns.entries()].sort((a, b) => a[1].at - b[1].at);
        for (const [oldId] of oldest.slice(0, Math.max(0, dryRuns.size - MAX_DRY_RUNS))) dropDryRun(oldId);
        return handle.summary;
      }),
    rows(arg) {
      return dryRunOf(arg.dryRunId).handle.rows(arg.category, arg.offset ?? 0, arg.limit ?? DEFAULT_ROWS_PAGE);
    },
    async errorWorkbook(dryRunId) {
      const entry = dryRunOf(dryRunId);
      const stem = safeFileName(entry.fileName, 'import').replace(/\.[A-Za-z0-9]+$/, '');
      return writeExport(options.exportsDir, `${stem}-errors.xlsx`, (partPath) => entry.handle.writeErrorWorkbook(partPath));
    },
    commit: (arg, hub) =>
      operations.run(arg.operationId, async (op) => {
        const entry = dryRunOf(arg.dryRunId);
        if (entry.handle.validRows === 0) throw new AppError('VALIDATION', 'Nothing to import: the dry run found no rows to create or update.');
        // One dry run becomes at most one job: from here on it is the job's (resumable from the jobs list).
        dryRuns.delete(arg.dryRunId);
        const jobId = randomUUID();
        try {
          return await exclusiveJob(jobId, () =>
            commitImport(commitOptions(hub, op), {
              jobId,
              kind: entry.kind,
              fileName: entry.fileName,
              validRowsPath: entry.handle.validRowsPath,
              totalRows: entry.handle.validRows,
              workDir: entry.workDir,
            }),
          );
        } finally {
          if (!jobWorkDirs().has(entry.workDir)) fs.rmSync(entry.workDir, { recursive: true, force: true });
        }
      }),
    resume: (arg, hub) => operations.run(arg.operationId, (op) => exclusiveJob(arg.jobId, () => resumeImport(commitOptions(hub, op), arg.jobId))),
    async jobs(hub) {
      const list = await hub('imports.list', 'The import jobs');
      return list.map((job) => {
        const local = sending.has(job.id) ? null : readJobFile(jobsDir, job.id);
        // The hub finished it (another console cancelled it, or the answer to finish was lost): forget it here.
        if (local && job.status !== 'running') {
          removeJob(jobsDir, local);
          return { ...job, resumable: false };
        }
        return { ...job, resumable: local !== null && fs.existsSync(local.validRowsPath) };
      });
    },
    undo: (jobId, hub) => hub('imports.undo', 'Undoing the import', { id: jobId, timeoutMs: 120_000 }),
    runOperation: (id, fn) => operations.run(id, fn),
    cancel: (id) => operations.cancel(id),
    reset() {
      operations.stopAll();
      for (const id of [...dryRuns.keys()]) dropDryRun(id);
    },
  };
}
