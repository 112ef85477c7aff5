// Import jobs on the hub: starting one (idempotent on the id the console chose), finishing it, and
// the job views the console lists. Applying batches is import-batch.ts; undoing is import-undo.ts.
import type { ImportJobView, StartImportRequest } from '../../shared/import.js';
import { AppError } from '../../shared/errors.js';
import type { ImportJobRecord, ReadTx, WriteTx } from '../db/repository.js';
import type { CommandContext } from '../domain/command-context.js';

/** How many jobs the list shows (newest first). */
export const IMPORT_JOBS_LIST_LIMIT = 200;

export function toImportJobView(job: ImportJobRecord, createdByName: string | null): ImportJobView {
  return {
    id: job.id,
    kind: job.kind,
    fileName: job.fileName,
    status: job.status,
    totalRows: job.totalRows,
    rowsDone: job.rowsDone,
    nextSeq: job.nextSeq,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    failed: job.failed,
    createdBy: job.createdBy,
    createdByName,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    undoneAt: job.undoneAt,
  };
}

export async function importJobOrNotFound(tx: ReadTx, id: string): Promise<ImportJobRecord> {
  const job = await tx.getImportJob(id);
  if (!job) throw new AppError('NOT_FOUND', 'That import does not exist.', { id });
  return job;
}

export async function importJobView(tx: ReadTx, job: ImportJobRecord): Promise<ImportJobView> {
  return toImportJobView(job, (await tx.getUser(job.createdBy))?.name ?? null);
}

export async function getImportJobView(tx: ReadTx, id: string): Promise<ImportJobView> {
  return importJobView(tx, await importJobOrNotFound(tx, id));
}

export async function listImportJobViews(tx: ReadTx): Promise<ImportJobView[]> {
  return (await tx.listImportJobs(IMPORT_JOBS_LIST_LIMIT)).map((job) => toImportJobView(job, job.createdByName));
}

/** A start re-sent after a lost answer finds the job it made; the same id for another kind is a conflict. */
export async function startImport(tx: WriteTx, ctx: CommandContext, request: StartImportRequest): Promise<ImportJobView> {
  const existing = await tx.getImportJob(request.id);
  if (existing) {
    if (existing.kind !== request.kind) {
      throw new AppError('CONFLICT', 'An import with this id already exists for another kind of rows.', { id: request.id, kind: existing.kind });
    }
    return importJobView(tx, existing);
  }
  const job: ImportJobRecord = {
    id: request.id,
    kind: request.kind,
    fileName: request.fileName,
    status: 'running',
    totalRows: request.totalRows,
    rowsDone: 0,
    nextSeq: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    createdBy: ctx.user.id,
    createdAt: ctx.now,
    finishedAt: null,
    undoneAt: null,
  };
  await tx.insertImportJob(job);
  return toImportJobView(job, ctx.user.name);
}

/** Ends a running job; finishing it again with the same outcome answers the same view (a re-sent call). */
export async function finishImport(tx: WriteTx, id: string, outcome: 'completed' | 'cancelled', now: string): Promise<ImportJobView> {
  const job = await importJobOrNotFound(tx, id);
  if (job.status === outcome) return importJobView(tx, job);
  if (job.status !== 'running') throw new AppError('CONFLICT', `This import is already ${job.status}.`, { id, status: job.status });
  const next: ImportJobRecord = { ...job, status: outcome, finishedAt: now };
  await tx.replaceImportJob(next);
  return importJobView(tx, next);
}
