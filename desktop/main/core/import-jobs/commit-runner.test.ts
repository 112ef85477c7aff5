// The commit runner against the import-job contract with the network broken at exact points:
// batches cut by rows and by bytes, retries after lost requests and lost answers, a crash between
// batches resumed without losing or repeating a row, a cancel between batches, a hub that names
// another seq, and a start that never reached the hub.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportProgress } from '../../../../shared/console-api.js';
import { tempDataDir } from '../testing/fixtures.js';
import { commitImport, importJobsDir, listJobFiles, readBatches, resumeImport, type CommitOptions } from './commit-runner.js';
import { createProgressReporter, SHUTDOWN } from './operations.js';
import { createMemoryImportHub, type MemoryImportHub } from './testing/memory-import-hub.js';

const QUICK = { baseMs: 1, maxMs: 2, random: () => 1 };

describe('import commit runner', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  function setup(rowCount: number, valueSize = 10) {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const workDir = path.join(dataDir, 'imports', 'work', 'dry-1');
    fs.mkdirSync(workDir, { recursive: true });
    const validRowsPath = path.join(workDir, 'valid.ndjson');
    const lines = Array.from({ length: rowCount }, (_, i) => JSON.stringify({ row: i + 2, values: { serial: `SN-${i}`, note: 'x'.repeat(valueSize) } }));
    fs.writeFileSync(validRowsPath, `${lines.join('\n')}\n`);
    const jobsDir = importJobsDir(dataDir);
    const hub = createMemoryImportHub();
    const progress: ImportProgress[] = [];
    const controller = new AbortController();
    const options = (extra: Partial<CommitOptions> = {}): CommitOptions => ({
      hub,
      jobsDir,
      signal: controller.signal,
      progress: createProgressReporter('op-1', (p) => progress.push(p)),
      backoff: QUICK,
      maxRows: 3,
      ...extra,
    });
    const input = { kind: 'projectors' as const, fileName: 'base.xlsx', validRowsPath, totalRows: rowCount, workDir };
    return { dataDir, workDir, validRowsPath, jobsDir, hub, progress, controller, options, input };
  }

  const expectEveryRowOnce = (hub: MemoryImportHub, jobId: string, count: number) =>
    expect(hub.applied.get(jobId)).toEqual(Array.from({ length: count }, (_, i) => i + 2));

  it('sends every row once in numbered batches, finishes the job and forgets it locally', async () => {
    const t = setup(10);
    const result = await commitImport(t.options(), t.input);
    expect(result.job.status).toBe('completed');
    expect(result.counts.created).toBe(10);
    expect(t.hub.received.map((r) => [r.seq, r.rows])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 1],
    ]);
    expectEveryRowOnce(t.hub, result.job.id, 10);
    expect(fs.readdirSync(t.jobsDir)).toEqual([]);
    expect(fs.existsSync(t.workDir)).toBe(false);
    expect(t.progress.at(-1)).toMatchObject({ operationId: 'op-1', stage: 'committing', done: 10, total: 10, etaSeconds: 0 });
  });

  it('cuts batches by size so no body passes the hub limit, the same cuts on every read', async () => {
    const t = setup(40, 60_000);
    const cuts = async () => {
      const out: number[] = [];
      for await (const b of readBatches(t.validRowsPath, 2000, 900 * 1024)) out.push(b.lines.length);
      return out;
    };
    const first = await cuts();
    expect(first.reduce((a, b) => a + b, 0)).toBe(40);
    expect(first.length).toBeGreaterThan(2);
    expect(await cuts()).toEqual(first);
    const result = await commitImport(t.options({ maxRows: 2000 }), t.input);
    expect(Math.max(...t.hub.received.map((r) => r.bytes))).toBeLessThanOrEqual(900 * 1024);
    expectEveryRowOnce(t.hub, result.job.id, 40);
  });

  it('retries a lost request and a lost answer without applying a batch twice', async () => {
    const t = setup(7);
    t.hub.failNext.start = 1;
    t.hub.failNext.batch = 2;
    t.hub.failNext.batchAfterApply = 1;
    t.hub.failNext.finish = 1;
    const result = await commitImport(t.options(), t.input);
    expect(result.job.status).toBe('completed');
    expectEveryRowOnce(t.hub, result.job.id, 7);
    expect(result.job.nextSeq).toBe(3);
  });

  it('gives up after the retries with a resumable job, and resumes where the hub stopped', async () => {
    const t = setup(9);
    let batches = 0;
    // The hub goes away for good after the second batch.
    // One batch at a time, so the hub stops at an exact seq (the pipelined case is tested below).
    const failing = t.options({
      inFlight: 1,
      maxAttempts: 3,
      afterBatch: () => {
        batches += 1;
        if (batches === 2) t.hub.failNext.batch = 1000;
      },
    });
    await expect(commitImport(failing, t.input)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('resume the import') });
    const [job] = listJobFiles(t.jobsDir);
    expect(job).toMatchObject({ kind: 'projectors', fileName: 'base.xlsx', totalRows: 9, validRowsPath: t.validRowsPath });
    expect(t.hub.jobs.get(job!.jobId)!.view.nextSeq).toBe(2);

    t.hub.failNext.batch = 0;
    const resumed = await resumeImport(t.options(), job!.jobId);
    expect(resumed.job.status).toBe('completed');
    expectEveryRowOnce(t.hub, job!.jobId, 9);
    expect(t.hub.received.filter((r) => r.seq < 2).length).toBe(2);
    expect(listJobFiles(t.jobsDir)).toEqual([]);
  });

  it('survives a crash between batches: the job file was written first, the resume sends the rest', async () => {
    const t = setup(8);
    const crash = new Error('core killed');
    const crashing = t.options({
      inFlight: 1,
      afterBatch: (r) => {
        if (r.seq === 1) throw crash;
      },
    });
    await expect(commitImport(crashing, t.input)).rejects.toBe(crash);
    const [job] = listJobFiles(t.jobsDir);
    expect(t.hub.applied.get(job!.jobId)!.length).toBe(6);
    // A fresh runner (as after a restart) finds the job on disk and asks the hub where it stopped.
    const resumed = await resumeImport(t.options(), job!.jobId);
    expect(resumed.counts.created).toBe(8);
    expectEveryRowOnce(t.hub, job!.jobId, 8);
  });

  it('stops between batches on cancel and finishes the job as cancelled', async () => {
    const t = setup(12);
    const result = await commitImport(
      t.options({
        inFlight: 1,
        afterBatch: (r) => {
          if (r.seq === 1) t.controller.abort();
        },
      }),
      t.input,
    );
    expect(result.job.status).toBe('cancelled');
    expect(t.hub.applied.get(result.job.id)!.length).toBe(6);
    expect(t.hub.received.length).toBe(2);
    expect(listJobFiles(t.jobsDir)).toEqual([]);
  });

  it('leaves the job running and resumable when the console signs out or closes mid-commit', async () => {
    const t = setup(9);
    const stopping = t.options({
      inFlight: 1,
      afterBatch: (r) => {
        if (r.seq === 0) t.controller.abort(SHUTDOWN);
      },
    });
    await expect(commitImport(stopping, t.input)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('resume it') });
    const [job] = listJobFiles(t.jobsDir);
    expect(t.hub.jobs.get(job!.jobId)!.view).toMatchObject({ status: 'running', nextSeq: 1 });
    const resumed = await resumeImport(t.options({ signal: new AbortController().signal }), job!.jobId);
    expect(resumed.job.status).toBe('completed');
    expectEveryRowOnce(t.hub, job!.jobId, 9);
  });

  it('goes back to the seq the hub expects when it names an earlier one', async () => {
    const t = setup(9);
    const crashing = t.options({
      afterBatch: (r) => {
        if (r.seq === 0) throw new Error('stop');
      },
    });
    await expect(commitImport(crashing, t.input)).rejects.toThrow('stop');
    const [job] = listJobFiles(t.jobsDir);
    // A hub view that claims more than it has: the first batch sent (seq 2) meets CONFLICT {expectedSeq: 1}.
    const real = t.hub.get;
    const lying = { ...t.hub, get: async (id: string) => ({ ...(await real(id)), nextSeq: 2 }) };
    const resumed = await resumeImport(t.options({ hub: lying }), job!.jobId);
    expect(resumed.job.status).toBe('completed');
    expectEveryRowOnce(t.hub, job!.jobId, 9);
  });

  it('starts the job on resume when the start never reached the hub', async () => {
    const t = setup(4);
    t.hub.failNext.start = 1000;
    await expect(commitImport(t.options({ maxAttempts: 2 }), t.input)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const [job] = listJobFiles(t.jobsDir);
    expect(t.hub.jobs.size).toBe(0);
    t.hub.failNext.start = 0;
    const resumed = await resumeImport(t.options(), job!.jobId);
    expect(resumed.job.id).toBe(job!.jobId);
    expectEveryRowOnce(t.hub, job!.jobId, 4);
  });

  /** The memory hub behind a delay per seq, so batches sent together reach it out of order. */
  const delayed = (hub: MemoryImportHub, delayMs: (seq: number, attempt: number) => number) => {
    const attempts = new Map<number, number>();
    let conflicts = 0;
    const api = {
      ...hub,
      batch: async (id: string, request: Parameters<MemoryImportHub['batch']>[1]) => {
        const attempt = (attempts.get(request.seq) ?? 0) + 1;
        attempts.set(request.seq, attempt);
        await new Promise((resolve) => setTimeout(resolve, delayMs(request.seq, attempt)));
        try {
          return await hub.batch(id, request);
        } catch (error) {
          if ((error as { code?: string }).code === 'CONFLICT') conflicts += 1;
          throw error;
        }
      },
    };
    return { api, conflicts: () => conflicts };
  };

  it('keeps several batches in flight; one that overtakes an earlier batch is refused and sent again, every row applied once in order', async () => {
    const t = setup(20);
    // Every third batch is slow on its first try: the two after it reach the hub first and are refused.
    const slow = delayed(t.hub, (seq, attempt) => (seq % 3 === 0 && attempt === 1 ? 15 : 0));
    const result = await commitImport(t.options({ hub: slow.api, inFlight: 3 }), t.input);
    expect(result.job.status).toBe('completed');
    expect(result.counts.created).toBe(20);
    expectEveryRowOnce(t.hub, result.job.id, 20);
    expect(slow.conflicts()).toBeGreaterThan(0);
    expect(t.progress.map((p) => p.done)).toEqual([...t.progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(listJobFiles(t.jobsDir)).toEqual([]);
  });

  it('with batches in flight, a crash leaves a prefix applied and the resume sends the rest once', async () => {
    const t = setup(20);
    const crash = new Error('core killed');
    const slow = delayed(t.hub, (seq) => (seq % 2 === 0 ? 5 : 0));
    await expect(
      commitImport(
        t.options({
          hub: slow.api,
          inFlight: 3,
          afterBatch: (r) => {
            if (r.seq === 1) throw crash;
          },
        }),
        t.input,
      ),
    ).rejects.toBe(crash);
    const [job] = listJobFiles(t.jobsDir);
    const applied = t.hub.applied.get(job!.jobId)!;
    expect(applied.length).toBeGreaterThanOrEqual(6);
    expect(applied).toEqual(Array.from({ length: applied.length }, (_, i) => i + 2));
    const resumed = await resumeImport(t.options({ inFlight: 3 }), job!.jobId);
    expect(resumed.job.status).toBe('completed');
    expectEveryRowOnce(t.hub, job!.jobId, 20);
  });

  it('with batches in flight, a cancel waits for the batches on their way and finishes as cancelled with a prefix applied', async () => {
    const t = setup(30);
    const slow = delayed(t.hub, (seq) => (seq % 2 === 0 ? 5 : 0));
    const result = await commitImport(
      t.options({
        hub: slow.api,
        inFlight: 3,
        afterBatch: (r) => {
          if (r.seq === 1) t.controller.abort();
        },
      }),
      t.input,
    );
    expect(result.job.status).toBe('cancelled');
    const applied = t.hub.applied.get(result.job.id)!;
    expect(applied.length).toBeGreaterThanOrEqual(6);
    expect(applied.length).toBeLessThan(30);
    expect(applied).toEqual(Array.from({ length: applied.length }, (_, i) => i + 2));
    expect(result.job.rowsDone).toBe(applied.length);
    expect(listJobFiles(t.jobsDir)).toEqual([]);
  });

  it('with batches in flight, a hub that goes away leaves a resumable job and no row twice', async () => {
    const t = setup(24);
    let batches = 0;
    const failing = t.options({
      inFlight: 3,
      maxAttempts: 2,
      afterBatch: () => {
        batches += 1;
        if (batches === 2) t.hub.failNext.batch = 1000;
      },
    });
    await expect(commitImport(failing, t.input)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const [job] = listJobFiles(t.jobsDir);
    t.hub.failNext.batch = 0;
    const resumed = await resumeImport(t.options({ inFlight: 3 }), job!.jobId);
    expect(resumed.job.status).toBe('completed');
    expectEveryRowOnce(t.hub, job!.jobId, 24);
  });

  it('reads lines by bytes: multi-byte text across read chunks, CRLF and blank lines, cut by UTF-8 size', async () => {
    const t = setup(0);
    // ~3 MB so lines straddle the 1 MB read chunks; each row 600 bytes of UTF-8 but ~230 characters.
    const rows = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ row: i + 2, values: { serial: `SN-${i}`, note: 'é€'.repeat(120) } }));
    fs.writeFileSync(t.validRowsPath, `${rows.slice(0, 10).join('\r\n')}\r\n\n${rows.slice(10).join('\n')}`);
    const maxBytes = 64 * 1024;
    const batches: string[][] = [];
    for await (const b of readBatches(t.validRowsPath, 2000, maxBytes)) batches.push([...b.lines]);
    expect(batches.flat()).toEqual(rows);
    for (const lines of batches) expect(32 + lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)).toBeLessThanOrEqual(maxBytes);
    // Full batches: one more row would not have fitted (sizes counted in bytes, not characters).
    const size = (lines: readonly string[]) => 32 + lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    for (let i = 0; i + 1 < batches.length; i++) expect(size([...batches[i]!, batches[i + 1]![0]!])).toBeGreaterThan(maxBytes);
    expect(batches.length).toBeGreaterThan(40);
  });

  it('refuses to resume a job whose rows are gone', async () => {
    const t = setup(2);
    await expect(resumeImport(t.options(), '01900000-0000-7000-8000-000000000999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
