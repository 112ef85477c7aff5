// Bulk import through the ConsoleApi of a real console core against the real hub (a child process
// with demo data): upload, inspect, dry run with progress, error workbook, a commit that "crashes"
// between batches and is resumed by a restarted core (hub counts prove nothing was lost or sent
// twice, and sync brings the projectors into the cache), a cancel between batches, undo, and the
// admin-only rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import type { ConsoleEvents } from '../../../../shared/console-api.js';
import type { ImportBatchResult } from '../../../../shared/import.js';
import type { EventEnvelope } from '../../../../shared/ipc.js';
import { createConsoleCore } from '../console-core.js';
import type { ConsoleCore } from '../console-core-types.js';
import { silentLogger } from '../logger.js';
import { call, eventually, isOnline } from '../testing/core-test-kit.js';
import { tempDataDir } from '../testing/fixtures.js';
import { DEMO_ADMIN, DEMO_AGENT, startHubProcess, type HubProcess } from './testing/hub-process.js';

const BATCH_ROWS = 50;

async function writeWorkbook(file: string, prefix: string, count: number, bad: number): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Installed base');
  sheet.addRow(['Projector inventory, exported 2026-01-31']);
  sheet.addRow(['Serial No', 'Model', 'Make', 'Site', 'Customer', 'Region', 'Installed', 'Warranty until']);
  for (let i = 0; i < count; i += 1) {
    sheet.addRow([`${prefix}-${String(i).padStart(5, '0')}`, 'DP4K-32B', 'Barco', `${prefix} Site`, `${prefix} Customer`, 'North', new Date(Date.UTC(2023, 0, 1 + (i % 300))), new Date(Date.UTC(2028, 0, 1))]);
  }
  for (let i = 0; i < bad; i += 1) sheet.addRow([`${prefix}-BAD-${i}`, '', 'Barco', `${prefix} Site`, `${prefix} Customer`, 'North', 'not a date', new Date(Date.UTC(2028, 0, 1))]);
  await workbook.xlsx.writeFile(file);
}

async function failure(core: ConsoleCore, method: string, arg: unknown) {
  const reply = await core.handle(1, method, arg);
  if (reply.ok) throw new Error(`${method} succeeded`);
  return reply.error;
}

describe('bulk import through the console core against the real hub', () => {
  let hub: HubProcess;
  let dataDir = '';
  const cleanups: (() => Promise<void> | void)[] = [];
  let afterBatch: (r: ImportBatchResult) => void = () => undefined;

  beforeAll(async () => {
    hub = await startHubProcess();
    dataDir = tempDataDir();
  }, 60_000);
  afterAll(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await hub?.stop();
  });

  async function openCore(dir = dataDir): Promise<{ core: ConsoleCore; events: EventEnvelope[] }> {
    const core = await createConsoleCore(
      { dataDir: dir, hubUrl: hub.url },
      { logger: silentLogger, backoff: { baseMs: 20, maxMs: 100, random: () => 1 }, importBackoff: { baseMs: 5, maxMs: 20, random: () => 1 }, importBatchRows: BATCH_ROWS, importAfterBatch: (r) => afterBatch(r) },
    );
    const events: EventEnvelope[] = [];
    core.onEvent((e) => events.push(e));
    // close() is idempotent: a test may close early (a restart) and the cleanup closes again.
    cleanups.push(() => core.close());
    return { core, events };
  }

  async function upload(core: ConsoleCore, prefix: string, count: number, bad: number) {
    const file = path.join(dataDir, `${prefix}.xlsx`);
    await writeWorkbook(file, prefix, count, bad);
    return core.importFiles.receive(fs.createReadStream(file), `${prefix}.xlsx`);
  }

  async function dryRun(core: ConsoleCore, fileId: string, operationId: string) {
    const inspection = await call(core, 'imports.inspect', { fileId, kind: 'projectors' });
    return { inspection, dry: await call(core, 'imports.dryRun', { fileId, kind: 'projectors', operationId, sheet: inspection.sheet, headerRow: inspection.headerRow, mapping: [...inspection.mapping] }) };
  }

  it('imports 230 rows across a crash between batches and a core restart, each row once', async () => {
    const first = await openCore();
    await call(first.core, 'session.login', DEMO_ADMIN);
    await isOnline(first.core);

    const ref = await upload(first.core, 'IMP', 230, 3);
    const { inspection, dry } = await dryRun(first.core, ref.fileId, '01900000-0000-7000-8000-00000000d001');
    expect(inspection.headerRow).toBe(2);
    expect(inspection.missingRequired).toEqual([]);
    expect(dry.counts).toMatchObject({ create: 230, invalid: 3 });
    const progress = first.events.filter((e) => e.name === 'import.progress').map((e) => e.payload as ConsoleEvents['import.progress']);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.operationId === '01900000-0000-7000-8000-00000000d001')).toBe(true);

    const invalid = await call(first.core, 'imports.rows', { dryRunId: dry.dryRunId, category: 'invalid' });
    expect(invalid.total).toBe(3);
    const errors = await call(first.core, 'imports.errorWorkbook', { dryRunId: dry.dryRunId });
    expect(errors.fileName).toBe('IMP-errors.xlsx');
    expect(errors.rows).toBe(3);
    expect(fs.existsSync(errors.path)).toBe(true);

    // The core "dies" right after the hub applied batch 1 (rows 51-100).
    afterBatch = (r) => {
      if (r.seq === 1) throw new Error('simulated crash');
    };
    const crashed = await failure(first.core, 'imports.commit', { dryRunId: dry.dryRunId, operationId: '01900000-0000-7000-8000-00000000d002' });
    expect(crashed.code).toBe('INTERNAL');
    await first.core.close();
    afterBatch = () => undefined;

    const second = await openCore();
    await isOnline(second.core);
    const jobs = await call(second.core, 'imports.jobs', {});
    const job = jobs.find((j) => j.fileName === 'IMP.xlsx');
    // Batches go several at a time: the hub may have applied one or two more after batch 1 (never a gap).
    expect(job).toMatchObject({ status: 'running', resumable: true, totalRows: 230 });
    expect(job!.nextSeq).toBeGreaterThanOrEqual(2);
    expect(job!.nextSeq).toBeLessThan(5);
    expect(job!.rowsDone).toBe(job!.nextSeq * BATCH_ROWS);

    const result = await call(second.core, 'imports.resume', { jobId: job!.id, operationId: '01900000-0000-7000-8000-00000000d003' });
    expect(result.job).toMatchObject({ status: 'completed', rowsDone: 230, nextSeq: 5, created: 230, updated: 0, failed: 0 });
    expect(result.counts).toEqual({ created: 230, updated: 0, unchanged: 0, failed: 0 });
    const committing = second.events.filter((e) => e.name === 'import.progress' && (e.payload as ConsoleEvents['import.progress']).stage === 'committing');
    expect(committing.at(-1)?.payload).toMatchObject({ done: 230, total: 230 });
    expect((await call(second.core, 'imports.jobs', {})).find((j) => j.id === job!.id)).toMatchObject({ status: 'completed', resumable: false });
    expect(fs.readdirSync(path.join(dataDir, 'imports', 'jobs'))).toEqual([]);

    // Sync brings exactly the 230 projectors (and the site it created) into this console's cache.
    const listed = await eventually(async () => {
      const page = await call(second.core, 'projectors.list', { search: 'IMP Site', limit: 500 });
      return page.total === 230 ? page : null;
    }, '230 imported projectors in the cache', 15_000);
    expect(new Set(listed.rows.map((r) => r.serial)).size).toBe(230);
    expect((await call(second.core, 'sites.list', { search: 'IMP Site' })).rows).toEqual([expect.objectContaining({ name: 'IMP Site', customerName: 'IMP Customer', projectors: 230 })]);

    // The list exports with its filter; the template is an ExportedFile beside it.
    const exported = await call(second.core, 'lists.export', { list: 'projectors', query: { search: 'IMP Site', sort: 'serial' } });
    expect(exported.rows).toBe(230);
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.readFile(exported.path);
    expect(sheet.worksheets[0]!.getRow(2).getCell(1).value).toBe('IMP-00000');
    expect(sheet.worksheets[0]!.getRow(2).getCell(7).value).toEqual(new Date('2023-01-01T00:00:00Z'));
    const template = await call(second.core, 'imports.template', { kind: 'projectors' });
    expect(template.fileName).toBe('import-template-projectors.xlsx');
    expect(fs.statSync(template.path).size).toBe(template.bytes);

    // A second dry run of the same file now finds every row unchanged: nothing to commit.
    const again = await dryRun(second.core, ref.fileId, '01900000-0000-7000-8000-00000000d004');
    expect(again.dry.counts).toMatchObject({ create: 0, unchanged: 230 });
    expect((await failure(second.core, 'imports.commit', { dryRunId: again.dry.dryRunId, operationId: '01900000-0000-7000-8000-00000000d005' })).code).toBe('VALIDATION');
    await second.core.close();
  }, 90_000);

  it('cancels between batches (the job ends cancelled, half a batch never applied) and undoes it', async () => {
    const { core } = await openCore();
    await isOnline(core);
    const ref = await upload(core, 'CAN', 300, 0);
    const { dry } = await dryRun(core, ref.fileId, '01900000-0000-7000-8000-00000000d006');
    const operationId = '01900000-0000-7000-8000-00000000d007';
    afterBatch = (r) => {
      if (r.seq === 0) void core.handle(2, 'imports.cancel', { operationId });
    };
    const result = await call(core, 'imports.commit', { dryRunId: dry.dryRunId, operationId });
    afterBatch = () => undefined;
    // The batches already on their way when the cancel came are applied; the rest never are.
    expect(result.job).toMatchObject({ status: 'cancelled' });
    expect(result.job.rowsDone % BATCH_ROWS).toBe(0);
    expect(result.job.rowsDone).toBeGreaterThanOrEqual(BATCH_ROWS);
    expect(result.job.rowsDone).toBeLessThan(300);
    expect(result.job.created).toBe(result.job.rowsDone);

    const undo = await call(core, 'imports.undo', { jobId: result.job.id });
    expect(undo.removed).toBeGreaterThanOrEqual(BATCH_ROWS);
    await eventually(async () => ((await call(core, 'projectors.list', { search: 'CAN Site' })).total === 0 ? true : null), 'undone projectors gone from the cache', 15_000);
    await core.close();
  }, 60_000);

  it('refuses import calls to a role without data.import, and lists need a signed-in user', async () => {
    const dir = tempDataDir();
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const { core } = await openCore(dir);
    expect((await failure(core, 'projectors.list', {})).code).toBe('UNAUTHENTICATED');
    await call(core, 'session.login', DEMO_AGENT);
    await isOnline(core);
    expect((await failure(core, 'imports.jobs', {})).code).toBe('FORBIDDEN');
    expect((await failure(core, 'imports.template', { kind: 'projectors' })).code).toBe('FORBIDDEN');
    // Reading the installed base needs no right beyond signing in (once the bootstrap has landed).
    await eventually(async () => ((await call(core, 'projectors.list', { limit: 5 })).rows.length === 5 ? true : null), 'the demo projectors in the cache', 15_000);
    await core.close();
  }, 60_000);
});
