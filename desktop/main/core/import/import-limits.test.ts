// The dry run's row limit (a sheet over the limit is refused, nothing kept) and how file serials
// match cached projectors of another case (the hub's rule: as written, all upper or all lower case).
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.js';
import { IMPORT_COLUMNS, IMPORT_MAX_ROWS } from '../../../../shared/import.js';
import type { WritableDb } from '../cache/cache-db.js';
import { dryRunImport, inspectWorkbook } from './index.js';
import { closeCacheDb, seededCache, tempDir } from './testing/import-fixtures.js';

let dir: string;
let db: WritableDb;
beforeEach(() => {
  dir = tempDir();
  db = seededCache(dir);
});
afterEach(() => {
  closeCacheDb(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

type Row = Readonly<{ serial: string; model?: string }>;

async function workbook(rows: readonly Row[]): Promise<string> {
  const file = path.join(dir, 'projectors.xlsx');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Projectors');
  sheet.addRow(IMPORT_COLUMNS.projectors.map((c) => c.label));
  for (const r of rows) sheet.addRow([r.serial, r.model ?? 'DP4K-32B', 'Barco', 'Leicester Square', '', 'PHC', 'North', '2020-01-15', '', '2025-01-14', '']);
  await book.xlsx.writeFile(file);
  return file;
}

async function dryRun(file: string, workDir: string, maxRows?: number) {
  const mappingsFile = path.join(dir, 'mappings.json');
  const inspection = await inspectWorkbook({ path: file, fileId: 'f-1', fileName: 'projectors.xlsx', kind: 'projectors', mappingsFile });
  return dryRunImport({
    path: file,
    fileId: 'f-1',
    fileName: 'projectors.xlsx',
    kind: 'projectors',
    sheet: inspection.sheet,
    headerRow: inspection.headerRow,
    mapping: inspection.mapping,
    dateFormat: 'DMY',
    cache: db.$client,
    workDir,
    mappingsFile,
    signal: new AbortController().signal,
    onProgress: () => undefined,
    maxRows,
  });
}

describe('dry run row limit', () => {
  it('refuses a sheet with more data rows than the limit, with the message, and keeps nothing', async () => {
    expect(IMPORT_MAX_ROWS).toBe(1_000_000);
    const file = await workbook(Array.from({ length: 6 }, (_, i) => ({ serial: `LIM-${i}` })));
    const workDir = path.join(dir, 'dry-over');
    const error = await dryRun(file, workDir, 5).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'VALIDATION', message: 'The sheet has more than 5 rows; split it into smaller files.', details: { maxRows: 5 } });
    // Nothing written: the work folder (valid rows, previews) is gone.
    expect(fs.existsSync(workDir)).toBe(false);
    // At the limit exactly it is read.
    const handle = await dryRun(file, path.join(dir, 'dry-at'), 6);
    expect(handle.summary.counts.create).toBe(6);
  });
});

describe('serials in another case than the cache', () => {
  it('matches a serial written all lower or all upper case to the stored one, as the hub does', async () => {
    // The cache holds BRX-0001 and BRX-0002 (upper case).
    const file = await workbook([{ serial: 'brx-0001' }, { serial: 'Brx-0002', model: 'SP4K-25' }, { serial: 'brx-0003' }]);
    const handle = await dryRun(file, path.join(dir, 'dry-case'));
    expect(handle.summary.counts).toMatchObject({ unchanged: 1, update: 1, create: 1, invalid: 0 });
    expect(handle.rows('update', 0, 10).rows).toMatchObject([{ row: 3, changes: [{ field: 'Model', from: 'DP4K-32B', to: 'SP4K-25' }] }]);
  });

  it('refuses a serial that differs from a stored mixed-case one only in case (the hub would not match it)', async () => {
    db.$client
      .prepare("INSERT INTO projectors (id, serial, model, manufacturer, site_id, install_date, warranty_end, version, contract_end, warranty_start) VALUES (?, 'Mx-0003', 'DP4K-32B', 'Barco', ?, '2020-01-15', '2025-01-14', 1, NULL, NULL)")
      .run('01900000-0000-7000-8000-0000000000d3', '01900000-0000-7000-8000-0000000000a1');
    const file = await workbook([{ serial: 'mx-0003' }, { serial: 'MX-0003 ' }]);
    const handle = await dryRun(file, path.join(dir, 'dry-mixed'));
    expect(handle.summary.counts).toMatchObject({ invalid: 2, duplicate: 0, create: 0, update: 0 });
    expect(handle.rows('invalid', 0, 10).rows.map((r) => r.row)).toEqual([2, 3]);
    expect(handle.rows('invalid', 0, 10).rows.slice(0, 1)).toMatchObject([
      { row: 2, errors: [{ field: 'serial', message: "Serial number 'mx-0003' differs only in upper and lower case from the existing projector 'Mx-0003'; write it as 'Mx-0003' to update that projector." }] },
    ]);
    const exact = await dryRun(await workbook([{ serial: 'Mx-0003' }]), path.join(dir, 'dry-exact'));
    expect(exact.summary.counts).toMatchObject({ unchanged: 1, invalid: 0 });
  });
});
