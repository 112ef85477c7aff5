// Sends a dry run's valid rows to the hub as one import job: a job file is written before the hub
// hears of the job, then numbered batches (<= 2000 rows and <= ~900 KB of JSON) go in order. The
// hub stores each batch's result under (job, seq), so a batch re-sent after a lost answer, a
// disconnect or a restart of either side changes nothing; resuming asks the hub for its nextSeq.
// Batches are cut the same way on every read of the file, so seq n always holds the same rows.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportCommitResult } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import {
  IMPORT_BATCH_MAX_ROWS,
  IMPORT_KINDS,
  type ImportBatchRequest,
  type ImportBatchResult,
  type ImportJobView,
  type ImportKind,
  type StartImportRequest,
} from '../../../../shared/import.js';
import { readJsonFile, writeJsonAtomic } from '../atomic-file.js';
import { backoffDelay, type BackoffOptions } from '../backoff.js';
import { cancelledError, isShutdown, type ProgressReporter } from './operations.js';

/** The hub refuses bodies over 1 MiB; stay well below with the envelope around the rows. */
export const IMPORT_BATCH_MAX_BYTES = 900 * 1024;
/** Tries per request before the commit stops (it stays resumable). */
export const IMPORT_MAX_ATTEMPTS = 8;
const RETRY_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000, random: Math.random };

/** The hub's import routes, bound to the signed-in admin (hub-caller: token refresh, revocation). */
export type ImportHubApi = Readonly<{
  start(request: StartImportRequest): Promise<ImportJobView>;
  get(jobId: string): Promise<ImportJobView>;
  batch(jobId: string, request: ImportBatchRequest): Promise<ImportBatchResult>;
  finish(jobId: string, outcome: 'completed' | 'cancelled'): Promise<ImportJobView>;
}>;

/** What this console keeps of a job it is sending, until the hub says it is finished. */
export type ImportJobFile = Readonly<{
  jobId: string;
  kind: ImportKind;
  fileName: string;
  validRowsPath: string;
  totalRows: number;
  /** The dry run's folder (valid rows, previews), removed with the job file. */
  workDir: string | null;
}>;

export type CommitOptions = Readonly<{
  hub: ImportHubApi;
  jobsDir: string;
  signal: AbortSignal;
  progress: ProgressReporter;
  backoff?: BackoffOptions;
  maxAttempts?: number;
  /** Limits per batch (tests use small ones). */
  maxRows?: number;
  maxBytes?: number;
  /** Batches on their way at once (default IMPORT_BATCHES_IN_FLIGHT; 1 sends one at a time). */
  inFlight?: number;
  /** Called after each applied batch, in seq order (tests simulate a crash here). */
  afterBatch?: (result: ImportBatchResult) => void;
}>;

export type ImportBatch = Readonly<{ seq: number; lines: readonly string[]; rowsBefore: number }>;

export function importJobsDir(dataDir: string): string {
  return path.join(dataDir, 'imports', 'jobs');
}

function jobFilePath(jobsDir: string, jobId: string): string {
  return path.join(jobsDir, `${jobId}.json`);
}

export function readJobFile(jobsDir: string, jobId: string): ImportJobFile | null {
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) return null;
  const raw = readJsonFile(jobFilePath(jobsDir, jobId)) as Partial<ImportJobFile> | null;
  if (!raw || raw.jobId !== jobId || typeof raw.validRowsPath !== 'string' || typeof raw.totalRows !== 'number') return null;
  if (typeof raw.fileName !== 'string' || !IMPORT_KINDS.includes(raw.kind as ImportKind)) return null;
  return { jobId, kind: raw.kind as ImportKind, fileName: raw.fileName, validRowsPath: raw.validRowsPath, totalRows: raw.totalRows, workDir: typeof raw.workDir === 'string' ? raw.workDir : null };
}

/** Job files whose rows are still on disk: what this console could resume. */
export function listJobFiles(jobsDir: string): ImportJobFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(jobsDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => readJobFile(jobsDir, n.slice(0, -5)))
    .filter((j): j is ImportJobFile => j !== null && fs.existsSync(j.validRowsPath));
}

/** The job is over at the hub: forget it here, rows and all. */
export function removeJob(jobsDir: string, job: ImportJobFile): void {
  fs.rmSync(jobFilePath(jobsDir, job.jobId), { force: true });
  if (job.workDir) fs.rmSync(job.workDir, { recursive: true, force: true });
  else fs.rmSync(job.validRowsPath, { force: true });
}

/** The lines of a UTF-8 file with their byte sizes, read in big chunks and split on the newline byte. */
async function* linesWithBytes(file: string): AsyncGenerator<{ line: string; bytes: number }> {
  // Splitting the bytes (not decoded text) gives each line's size for free: readline's decoding,
  // line splitting and a Buffer.byteLength per row were a tenth of the console's CPU in a commit.
  let rest: Buffer | null = null;
  const emit = function* (buf: Buffer, start: number, end: number): Generator<{ line: string; bytes: number }> {
    if (end > start && buf[end - 1] === 0x0d) end -= 1; // CRLF, as readline's crlfDelay: Infinity
    yield { line: buf.toString('utf8', start, end), bytes: end - start };
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const data: Buffer = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
      yield* emit(data, start, nl);
      start = nl + 1;
    }
    rest = start < data.length ? data.subarray(start) : null;
  }
  if (rest) yield* emit(rest, 0, rest.length);
}

/** Reads the NDJSON of valid rows and cuts it into batches, the same cuts on every read. */
export async function* readBatches(file: string, maxRows = IMPORT_BATCH_MAX_ROWS, maxBytes = IMPORT_BATCH_MAX_BYTES): AsyncGenerator<ImportBatch> {
  let seq = 0;
  let rowsBefore = 0;
  let batch: string[] = [];
  let bytes = 0;
  // `{"seq":123456,"rows":[...]}` around the rows.
  const envelope = 32;
  for await (const { line, bytes: lineBytes } of linesWithBytes(file)) {
    if (line.length === 0) continue;
    const size = lineBytes + 1;
    if (batch.length > 0 && (batch.length >= maxRows || envelope + bytes + size > maxBytes)) {
      yield { seq, lines: batch, rowsBefore };
      seq += 1;
      rowsBefore += batch.length;
      batch = [];
      bytes = 0;
    }
    if (envelope + size > maxBytes) throw new AppError('VALIDATION', 'One row of the file is too large to import (over 900 KB).');
    batch.push(line);
    bytes += size;
  }
  if (batch.length > 0) yield { seq, lines: batch, rowsBefore };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Sign-out or shutdown mid-commit: the job is left running at the hub, to be resumed. */
function interrupted(): AppError {
  return new AppError('UNAVAILABLE', 'The import was interrupted because the console signed out or closed. Nothing was lost; resume it from the import jobs list.');
}

function isRetryable(error: unknown): boolean {
  // UNAVAILABLE: the hub could not be reached or answered garbage; RATE_LIMITED: it asked us to wait.
  return error instanceof AppError && (error.code === 'UNAVAILABLE' || error.code === 'RATE_LIMITED');
}

/** Runs one hub request, retrying network failures with backoff; a cancel stops the waiting. */
async function withRetry<T>(options: CommitOptions, what: string, attempt: () => Promise<T>, cancellable: boolean): Promise<T> {
  const max = options.maxAttempts ?? IMPORT_MAX_ATTEMPTS;
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || n >= max) {
        if (isRetryable(error)) {
          throw new AppError('UNAVAILABLE', `${what} stopped: the hub could not be reached. Nothing was lost; resume the import from the import jobs list when the hub is back.`, {
            cause: (error as AppError).message,
          });
        }
        throw error;
      }
      // After a person's cancel the finish still needs its pauses: only a live signal may cut them short.
      const delay = backoffDelay(n, options.backoff ?? RETRY_BACKOFF);
      await (options.signal.aborted ? new Promise((resolve) => setTimeout(resolve, delay)) : abortableSleep(delay, options.signal));
      if (isShutdown(options.signal)) throw interrupted();
      if (cancellable && options.signal.aborted) throw cancelledError();
    }
  }
}

function resultOf(job: ImportJobView): ImportCommitResult {
  return { job, counts: { created: job.created, updated: job.updated, unchanged: job.unchanged, failed: job.failed } };
}

function conflictExpectedSeq(error: unknown): number | null {
  if (!(error instanceof AppError) || error.code !== 'CONFLICT') return null;
  const details = error.details as { expectedSeq?: unknown } | undefined;
  return typeof details?.expectedSeq === 'number' && Number.isInteger(details.expectedSeq) ? details.expectedSeq : null;
}

/** Batches sent before the oldest one's answer: the hub applies one while the next is on the wire and this console applies the last one's synced rows. */
export const IMPORT_BATCHES_IN_FLIGHT = 3;

type Sent = { batch: ImportBatch; answer: Promise<{ ok: true; result: ImportBatchResult } | { ok: false; error: unknown }> };

/**
 * Sends the batches from `fromSeq`, then finishes the job. Up to `inFlight` batches are on their way
 * at once, but their answers are taken in seq order, and the hub applies only its nextSeq: a batch
 * that overtakes an earlier one is refused (CONFLICT, expectedSeq = the earlier one's seq) and is
 * sent again once everything before it is applied. A cancel stops sending; the batches already on
 * their way are waited for, and the job is finished as cancelled (what was sent stays applied; the
 * admin can undo it).
 */
async function sendFrom(options: CommitOptions, job: ImportJobFile, fromSeq: number): Promise<ImportCommitResult> {
  const maxRows = options.maxRows ?? IMPORT_BATCH_MAX_ROWS;
  const maxBytes = options.maxBytes ?? IMPORT_BATCH_MAX_BYTES;
  const inFlight = Math.max(1, options.inFlight ?? IMPORT_BATCHES_IN_FLIGHT);
  let target = fromSeq;
  let cancelled = false;
  const send = (batch: ImportBatch): Sent => {
    const rows = batch.lines.map((line) => JSON.parse(line) as ImportBatchRequest['rows'][number]);
    const answer = withRetry(options, 'The import', () => options.hub.batch(job.jobId, { seq: batch.seq, rows }), false).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    return { batch, answer };
  };
  const window: Sent[] = [];
  /** Takes the oldest answer; returns the seq to read the file again from when the hub named an earlier one. */
  const settleOldest = async (): Promise<number | null> => {
    const sent = window.shift()!;
    let outcome = await sent.answer;
    // Everything before this batch is applied now: a batch that overtook one of them goes again.
    if (!outcome.ok && conflictExpectedSeq(outcome.error) === sent.batch.seq && !cancelled) outcome = await send(sent.batch).answer;
    if (!outcome.ok) {
      const expected = conflictExpectedSeq(outcome.error);
      if (expected === null) throw outcome.error;
      target = expected;
      return expected > sent.batch.seq ? null : expected;
    }
    target = outcome.result.nextSeq;
    options.progress.report('committing', sent.batch.rowsBefore + sent.batch.lines.length, job.totalRows);
    options.afterBatch?.(outcome.result);
    return null;
  };
  /** Waits for whatever is still on its way (a failure or a crash hook must not leave answers unheard). */
  const drain = async () => {
    for (const sent of window.splice(0)) await sent.answer;
  };
  options.progress.report('committing', 0, job.totalRows, true);
  try {
    // The hub may name an earlier seq than ours (it never should); reading the file again finds it.
    restart: for (;;) {
      for await (const batch of readBatches(job.validRowsPath, maxRows, maxBytes)) {
        if (batch.seq < target) continue;
        if (isShutdown(options.signal)) throw interrupted();
        if (options.signal.aborted) {
          cancelled = true;
          break;
        }
        window.push(send(batch));
        while (window.length >= inFlight) {
          const back = await settleOldest();
          if (back !== null) {
            await drain();
            continue restart;
          }
        }
      }
      while (window.length > 0) {
        if (options.signal.aborted && !isShutdown(options.signal)) cancelled = true;
        const back = await settleOldest();
        if (back !== null && !cancelled) {
          await drain();
          continue restart;
        }
      }
      break;
    }
  } catch (error) {
    await drain();
    throw error;
  }
  if (isShutdown(options.signal)) throw interrupted();
  const outcome = cancelled ? 'cancelled' : 'completed';
  const view = await withRetry(options, cancelled ? 'Cancelling the import' : 'Finishing the import', () => options.hub.finish(job.jobId, outcome), false);
  options.progress.report('committing', cancelled ? view.rowsDone : job.totalRows, job.totalRows, true);
  removeJob(options.jobsDir, job);
  return resultOf(view);
}

export type NewCommit = Readonly<{ kind: ImportKind; fileName: string; validRowsPath: string; totalRows: number; workDir: string | null; jobId?: string }>;

/** Starts a new job for a dry run's rows and sends them all. */
export async function commitImport(options: CommitOptions, input: NewCommit): Promise<ImportCommitResult> {
  if (options.signal.aborted) throw cancelledError();
  const { jobId = randomUUID(), ...rest } = input;
  const job: ImportJobFile = { jobId, ...rest };
  // Written first: whatever happens after this, the job can be found and resumed, never started twice.
  writeJsonAtomic(jobFilePath(options.jobsDir, job.jobId), job);
  await withRetry(options, 'Starting the import', () => options.hub.start({ id: job.jobId, kind: job.kind, fileName: job.fileName.slice(0, 255), totalRows: job.totalRows }), true);
  return sendFrom(options, job, 0);
}

/** Continues a job this console started: from the hub's nextSeq, or starts it if the hub never heard of it. */
export async function resumeImport(options: CommitOptions, jobId: string): Promise<ImportCommitResult> {
  const job = readJobFile(options.jobsDir, jobId);
  if (!job || !fs.existsSync(job.validRowsPath)) throw new AppError('NOT_FOUND', 'This console no longer has the rows of that import, so it cannot resume it. Import the file again.');
  let view: ImportJobView;
  try {
    view = await withRetry(options, 'Resuming the import', () => options.hub.get(jobId), true);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
    // The start never reached the hub (the console stopped in between): start it now, same id.
    view = await withRetry(options, 'Starting the import', () => options.hub.start({ id: job.jobId, kind: job.kind, fileName: job.fileName.slice(0, 255), totalRows: job.totalRows }), true);
  }
  if (view.status !== 'running') {
    removeJob(options.jobsDir, job);
    return resultOf(view);
  }
  return sendFrom(options, job, view.nextSeq);
}
