import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../shared/console-api.js';
import { createHandlerRegistry } from '../handler-registry.js';
import { createOperationRegistry } from '../import-jobs/operations.js';
import { silentLogger } from '../logger.js';
import type { ReportPdfData } from './report-pdf-data.js';
import { registerReportPdfHandlers, type ReportPdfFilter } from './report-pdf-handlers.js';
import { pdfText } from './testing/pdf-text.js';
import { makeSampleAssets, sampleReport, type SampleAssets } from './testing/sample-report.js';

let assets: SampleAssets;
let dir: string;
beforeAll(async () => {
  assets = await makeSampleAssets(2);
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function setUp(reports: readonly ReportPdfData[], slowLoad?: () => void) {
  const byId = new Map(reports.map((r) => [r.report.id, r]));
  const progress: ImportProgress[] = [];
  const operations = createOperationRegistry((p) => progress.push(p));
  const filters: ReportPdfFilter[] = [];
  const registry = createHandlerRegistry(silentLogger);
  registerReportPdfHandlers(registry, {
    exportsDir: path.join(dir, 'exports'),
    load: (id) => {
      slowLoad?.();
      return byId.get(id) ?? null;
    },
    listIds: (filter) => {
      filters.push(filter);
      return filter.ids ?? [...byId.keys()];
    },
    runOperation: (id, fn) => operations.run(id, fn),
  });
  let call = 0;
  const handle = async (method: string, arg: unknown) => {
    const reply = await registry.handle(++call, method, arg);
    return reply;
  };
  return { handle, progress, operations, filters };
}

const opId = '11111111-1111-4111-8111-111111111111';

describe('reports.pdf', () => {
  it('writes the report to the exports folder as a PDF named by its number and revision', async () => {
    const data = sampleReport(assets, 9);
    const { handle } = setUp([data]);
    const reply = await handle('reports.pdf', { id: data.report.id });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const file = reply.value as { fileName: string; path: string; rows: number; bytes: number };
    expect(file.fileName).toBe('SR-2026-000009-rev2.pdf');
    expect(fs.statSync(file.path).size).toBe(file.bytes);
    expect(pdfText(fs.readFileSync(file.path)).replace(/\s+/g, ' ')).toContain('DTR-2026-000009');
    // A second print does not overwrite the first.
    const again = await handle('reports.pdf', { id: data.report.id });
    expect(again.ok && (again.value as { fileName: string }).fileName).toBe('SR-2026-000009-rev2-2.pdf');
    expect(fs.readdirSync(path.join(dir, 'exports')).sort()).toEqual(['SR-2026-000009-rev2-2.pdf', 'SR-2026-000009-rev2.pdf']);
  });

  it('answers NOT_FOUND for a report this console does not know', async () => {
    const { handle } = setUp([]);
    const reply = await handle('reports.pdf', { id: '22222222-2222-4222-8222-222222222222' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('NOT_FOUND');
  });
});

describe('reports.exportPdfs', () => {
  it('puts every matching report in one zip, with progress under the operation id', async () => {
    const reports = Array.from({ length: 12 }, (_, i) => sampleReport(assets, i + 1));
    reports.push(sampleReport(assets, 1, { id: '33333333-3333-4333-8333-333333333333' }));
    const { handle, progress, filters } = setUp(reports);
    const reply = await handle('reports.exportPdfs', { operationId: opId, statuses: ['approved'], from: '2026-01-01', to: '2026-12-31' });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(filters).toEqual([{ statuses: ['approved'], from: '2026-01-01', to: '2026-12-31' }]);
    const file = reply.value as { fileName: string; path: string; rows: number };
    expect(file.fileName).toMatch(/^service-reports-\d{8}-\d{6}\.zip$/);
    expect(file.rows).toBe(13);
    const zip = await JSZip.loadAsync(fs.readFileSync(file.path));
    const names = Object.keys(zip.files).sort();
    expect(names).toHaveLength(13);
    // Two reports with the same number and revision get distinct names.
    expect(names).toContain('SR-2026-000001-rev2.pdf');
    expect(names).toContain('SR-2026-000001-rev2-2.pdf');
    const pdf = await zip.file('SR-2026-000007-rev2.pdf')!.async('nodebuffer');
    expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain('DTR-2026-000007');
    expect(progress.every((p) => p.operationId === opId && p.stage === 'exporting')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: 13, total: 13 });
    expect(fs.readdirSync(path.join(dir, 'exports')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('stops when cancelled, leaving no zip and no part file', async () => {
    const reports = Array.from({ length: 40 }, (_, i) => sampleReport(assets, i + 1));
    let loads = 0;
    let cancel: () => void = () => undefined;
    const { handle, operations } = setUp(reports, () => {
      loads += 1;
      if (loads === 3) cancel();
    });
    cancel = () => expect(operations.cancel(opId)).toBe(true);
    const reply = await handle('reports.exportPdfs', { operationId: opId });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatchObject({ code: 'CONFLICT', details: { cancelled: true } });
    expect(loads).toBeLessThan(6);
    const exportsDir = path.join(dir, 'exports');
    expect(fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir) : []).toEqual([]);
    expect(operations.running()).toBe(0);
  });

  it('answers NOT_FOUND when nothing matches', async () => {
    const { handle } = setUp([]);
    const reply = await handle('reports.exportPdfs', { operationId: opId, statuses: ['draft'] });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('NOT_FOUND');
  });
});
