import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../shared/console-api.js';
import { createHandlerRegistry } from './handler-registry.js';
import { createOperationRegistry } from './import-jobs/operations.js';
import { silentLogger } from './logger.js';
import type { ReportPdfData } from './pdf/report-pdf-data.js';
import { pdfText } from './pdf/testing/pdf-text.js';
import { makeSampleAssets, sampleReport, type SampleAssets } from './pdf/testing/sample-report.js';
import { createExportFolders, registerFolderExportHandler } from './service-export-folder.js';

let assets: SampleAssets;
let dir: string;
beforeAll(async () => {
  assets = await makeSampleAssets(1);
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const opId = '11111111-1111-4111-8111-111111111111';

function setUp(reports: readonly ReportPdfData[], onLoad?: (n: number) => void) {
  const byId = new Map(reports.map((r) => [r.report.id, r]));
  const progress: ImportProgress[] = [];
  const operations = createOperationRegistry((p) => progress.push(p));
  const registry = createHandlerRegistry(silentLogger);
  let loads = 0;
  const folders = registerFolderExportHandler(registry, {
    load: (id) => {
      onLoad?.(++loads);
      return byId.get(id) ?? null;
    },
    listIds: (filter) => filter.ids ?? [...byId.keys()],
    runOperation: (id, fn) => operations.run(id, fn),
  });
  let call = 0;
  const handle = (method: string, arg: unknown) => registry.handle(++call, method, arg);
  return { handle, progress, operations, folders };
}

describe('export folders', () => {
  it('registers a writable folder by id, and refuses a relative path, a file and a missing folder', () => {
    const folders = createExportFolders();
    const ref = folders.register(dir);
    expect(ref.folderName).toBe(path.basename(dir));
    expect(folders.resolve(ref.folderId)).toBe(fs.realpathSync(dir));
    expect(() => folders.register('relative/folder')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'x');
    expect(() => folders.register(file)).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/not a folder/) }));
    expect(() => folders.register(path.join(dir, 'gone'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    // An id the main process never handed out (a page making one up) is refused.
    expect(() => folders.resolve('22222222-2222-4222-8222-222222222222')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('reports.exportPdfsToFolder', () => {
  it('writes one checkable PDF per report into the chosen folder, never over an existing file, with progress', async () => {
    const a = sampleReport(assets, 1);
    const b = sampleReport(assets, 2);
    const { handle, progress, folders } = setUp([a, b]);
    const out = path.join(dir, 'chosen');
    fs.mkdirSync(out);
    // A file of the same name is already there: it stays, the export takes the next name.
    fs.writeFileSync(path.join(out, 'SR-2026-000001-rev2.pdf'), 'mine');
    const { folderId } = folders.register(out);
    const reply = await handle('reports.exportPdfsToFolder', { operationId: opId, folderId });
    expect(reply).toMatchObject({ ok: true, value: { fileName: 'chosen', path: fs.realpathSync(out), rows: 2 } });
    const names = fs.readdirSync(out).sort();
    expect(names).toEqual(['SR-2026-000001-rev2-2.pdf', 'SR-2026-000001-rev2.pdf', 'SR-2026-000002-rev2.pdf']);
    expect(fs.readFileSync(path.join(out, 'SR-2026-000001-rev2.pdf'), 'utf8')).toBe('mine');
    expect(await pdfText(fs.readFileSync(path.join(out, 'SR-2026-000001-rev2-2.pdf')))).toContain('SR-2026-000001');
    expect(await pdfText(fs.readFileSync(path.join(out, 'SR-2026-000002-rev2.pdf')))).toContain('SR-2026-000002');
    expect(progress.at(-1)).toMatchObject({ operationId: opId, done: 2, total: 2 });
  });

  it('refuses a folder id the main process did not register, writing nothing', async () => {
    const { handle } = setUp([sampleReport(assets, 1)]);
    const reply = await handle('reports.exportPdfsToFolder', { operationId: opId, folderId: '33333333-3333-4333-8333-333333333333' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // And a path in place of an id is not even a valid argument.
    const pathArg = await handle('reports.exportPdfsToFolder', { operationId: opId, folderId: dir });
    expect(pathArg).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('a cancel part-way removes what this run wrote and leaves the folder as it was', async () => {
    const reports = [1, 2, 3, 4].map((n) => sampleReport(assets, n));
    let cancel = (): void => undefined;
    const { handle, folders, operations } = setUp(reports, (n) => {
      if (n === 3) cancel();
    });
    cancel = () => void operations.cancel(opId);
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'x');
    const { folderId } = folders.register(dir);
    const reply = await handle('reports.exportPdfsToFolder', { operationId: opId, folderId });
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { cancelled: true } } });
    expect(fs.readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('says so when none of the reports are on this console', async () => {
    const { handle, folders } = setUp([]);
    const { folderId } = folders.register(dir);
    const reply = await handle('reports.exportPdfsToFolder', { operationId: opId, folderId, ids: ['44444444-4444-4444-8444-444444444444'] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
