// The hub's import-job contract (shared/import.ts) kept in memory, for commit-runner tests that need
// to break the network at exact points: start idempotent on id, batches applied once per seq (a
// re-sent one answers its stored result), CONFLICT {expectedSeq} for a seq that skips ahead, finish.
// Every row applied is recorded, so a test can prove nothing was lost or sent twice.
import { AppError } from '../../../../../shared/errors.js';
import { importBatchRequestSchema, type ImportBatchResult, type ImportJobView } from '../../../../../shared/import.js';
import type { ImportHubApi } from '../commit-runner.js';

type Job = { view: ImportJobView; results: ImportBatchResult[] };

export type MemoryImportHub = ImportHubApi &
  Readonly<{
    jobs: Map<string, Job>;
    /** Rows applied, in order, per job (row numbers). */
    applied: Map<string, number[]>;
    /** Every batch request received: job, seq, rows, body bytes. */
    received: { jobId: string; seq: number; rows: number; bytes: number }[];
    /** Fail the next n calls of a kind with UNAVAILABLE; `afterApply` fails after the batch was applied (a lost answer). */
    failNext: { start: number; batch: number; batchAfterApply: number; finish: number; get: number };
  }>;

export function createMemoryImportHub(): MemoryImportHub {
  const jobs = new Map<string, Job>();
  const applied = new Map<string, number[]>();
  const received: MemoryImportHub['received'] = [];
  const failNext = { start: 0, batch: 0, batchAfterApply: 0, finish: 0, get: 0 };
  const down = () => new AppError('UNAVAILABLE', 'Cannot reach the hub at http://127.0.0.1:1: connect ECONNREFUSED');
  const jobOf = (id: string) => {
    const job = jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', 'No such import job.');
    return job;
  };
  return {
    jobs,
    applied,
    received,
    failNext,
    async start(request) {
      if (failNext.start > 0 && failNext.start--) throw down();
      const existing = jobs.get(request.id);
      if (existing) {
        if (existing.view.kind !== request.kind) throw new AppError('CONFLICT', 'An import with this id exists for another kind.');
        return existing.view;
      }
      const view: ImportJobView = {
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
        createdBy: 'admin',
        createdByName: 'Ada Admin',
        createdAt: new Date().toISOString(),
        finishedAt: null,
        undoneAt: null,
      };
      jobs.set(request.id, { view, results: [] });
      applied.set(request.id, []);
      return view;
    },
    async get(id) {
      if (failNext.get > 0 && failNext.get--) throw down();
      return jobOf(id).view;
    },
    async batch(id, request) {
      if (failNext.batch > 0 && failNext.batch--) throw down();
      const body = JSON.stringify(request);
      const parsed = importBatchRequestSchema.parse(JSON.parse(body));
      received.push({ jobId: id, seq: parsed.seq, rows: parsed.rows.length, bytes: Buffer.byteLength(body) });
      if (Buffer.byteLength(body) > 1024 * 1024) throw new AppError('PAYLOAD_TOO_LARGE', 'Request body too large.');
      const job = jobOf(id);
      if (job.view.status !== 'running') throw new AppError('CONFLICT', 'The import is not running.');
      const stored = job.results[parsed.seq];
      if (stored) return stored;
      if (parsed.seq > job.view.nextSeq) throw new AppError('CONFLICT', 'The batch skips ahead.', { expectedSeq: job.view.nextSeq });
      const rows = applied.get(id)!;
      for (const r of parsed.rows) rows.push(r.row);
      const result: ImportBatchResult = { seq: parsed.seq, created: parsed.rows.length, updated: 0, unchanged: 0, failed: 0, failures: [], nextSeq: parsed.seq + 1 };
      job.results[parsed.seq] = result;
      job.view = { ...job.view, nextSeq: parsed.seq + 1, rowsDone: job.view.rowsDone + parsed.rows.length, created: job.view.created + parsed.rows.length };
      if (failNext.batchAfterApply > 0 && failNext.batchAfterApply--) throw down();
      return result;
    },
    async finish(id, outcome) {
      if (failNext.finish > 0 && failNext.finish--) throw down();
      const job = jobOf(id);
      if (job.view.status === 'running') job.view = { ...job.view, status: outcome, finishedAt: new Date().toISOString() };
      return job.view;
    },
  };
}
