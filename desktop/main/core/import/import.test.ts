import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.js';
import { IMPORT_COLUMNS, type ImportKind } from '../../../../shared/import.js';
import type { WritableDb } from '../cache/cache-db.js';
import { dryRunImport, inspectWorkbook, writeImportTemplate, type DryRunHandle } from './index.js';
import { closeCacheDb, seededCache, tempDir, writeWithOpenpyxl } from './testing/import-fixtures.js';

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

const mappingsFile = () => path.join(dir, 'import-mappings.json');

async function inspect(file: string, kind: ImportKind = 'projectors', extra: { sheet?: string; headerRow?: number } = {}) {
  return inspectWorkbook({ path: file, fileId: '01900000-0000-7000-8000-00000000f001', fileName: path.basename(file), kind, mappingsFile: mappingsFile(), ...extra });
}

let runs = 0;
async function dryRun(file: string, kind: ImportKind = 'projectors', options: { dateFormat?: 'DMY' | 'MDY' | 'YMD'; mapping?: (string | null)[]; sheet?: string; headerRow?: number } = {}): Promise<DryRunHandle> {
  const inspection = await inspect(file, kind, { sheet: options.sheet, headerRow: options.headerRow });
  return dryRunImport({
    path: file,
    fileId: inspection.fileId,
    fileName: inspection.fileName,
    kind,
    sheet: inspection.sheet,
    headerRow: inspection.headerRow,
    mapping: options.mapping ?? inspection.mapping,
    dateFormat: options.dateFormat ?? 'DMY',
    cache: db.$client,
    workDir: path.join(dir, `dry-${runs++}`),
    mappingsFile: mappingsFile(),
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
}

const all = (handle: DryRunHandle, category: Parameters<DryRunHandle['rows']>[0]) => handle.rows(category, 0, 500).rows;
const validRows = (handle: DryRunHandle) =>
  fs
    .readFileSync(handle.validRowsPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { row: number; values: Record<string, unknown> });

async function expectValidation(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION');
  expect((error as AppError).message).toMatch(message);
}

/** A workbook made by openpyxl: a title above the header, synonyms, serials as text and numbers, dates both ways, merges, a formula without a cached value. */
const OPENPYXL_PROJECTORS = `
wb = openpyxl.Workbook()
cover = wb.active
cover.title = 'Cover'
ws = wb.create_sheet('Installed base')
ws['A1'] = 'Installed base export (March)'
ws.append([])
ws.append(['S/N', 'Projector model', 'Make', 'Location', 'Client code', 'Area', 'Installed on', 'Warranty expiry', 'Contract expiry', 'Owner', 'Comment'])
ws.append(['000123', 'DP4K-32B', 'Barco', 'Leicester Square', 'PHC', 'north', datetime.datetime(2021, 3, 4), '31/01/2026', None, None, 'leading zeros'])
ws.append([12345678901, 'DP4K-32B', 'Barco', 'Leicester Square', 'PHC', 'North', datetime.date(2021, 3, 5), datetime.date(2026, 2, 1), datetime.date(2027, 1, 1), None, 'long number'])
ws.append([1.23456789012346e17, 'DP4K-32B', 'Barco', 'Leicester Square', 'PHC', 'North', datetime.date(2021, 3, 6), datetime.date(2026, 2, 1), None, None, 'mangled'])
ws.append([])
ws.append(['  SP-77  ', 'Ñandú 4K – 投影机', 'Sony', 'Zürich Kino', 'ZK', 'South', '2022-06-30', '30/06/2027', None, 'Zürich Kinos AG', 'unicode and a new site'])
ws.append(['SP-78', 'DP4K-32B', 'Barco', 'Ballroom East', 'PHC', None, '01/02/2022', '31.13.2026', None, None, 'bad date'])
ws.append(['000123', 'Other', 'Barco', 'Leicester Square', 'PHC', 'North', '2021-03-04', '2026-01-31', None, None, 'duplicate'])
ws.append(['SP-79', '=B4', 'Barco', 'Leicester Square', 'PHC', 'North', '2021-03-04', '2026-01-31', None, None, 'formula never calculated'])
ws.append(['SP-80', 'DP4K-32B', 'Barco', 'Ballroom East', 'PHC', 'North', '2021-03-04', '2026-01-31', None, None, 'merged'])
ws.append(['SP-81', 'DP4K-32B', 'Barco', None, 'PHC', 'North', '2021-03-04', '2026-01-31', None, None, 'merged'])
ws.merge_cells('D12:D13')
ws.append(['BRX-0001', 'DP4K-32B', 'Barco', 'Leicester Square', 'PHC', 'North', '2020-01-15', '2025-01-14', None, None, 'unchanged'])
ws.append(['brx-0002', 'DP4K-32B', 'Barco', 'Leicester Square', 'PHC', 'South', '2020-01-15', '2025-06-30', None, None, 'update'])
wb.save(OUT)
`;

describe('workbooks written by openpyxl', () => {
  it('finds the sheet with data, the header below a title, and maps synonyms', async () => {
    const file = path.join(dir, 'installed-base.xlsx');
    writeWithOpenpyxl(file, OPENPYXL_PROJECTORS);
    const inspection = await inspect(file);
    expect(inspection.sheets).toEqual(['Cover', 'Installed base']);
    expect(inspection.sheet).toBe('Installed base');
    expect(inspection.headerRow).toBe(3);
    expect(inspection.mapping).toEqual(['serial', 'model', 'manufacturer', 'siteName', 'customerCode', 'siteRegion', 'installDate', 'warrantyEnd', 'contractEnd', 'customerName', null]);
    expect(inspection.missingRequired).toEqual([]);
    expect(inspection.mappingRemembered).toBe(false);
    expect(inspection.sample[0]?.slice(0, 3)).toEqual(['000123', 'DP4K-32B', 'Barco']);
  });

  it('reads values the way an Excel user means them and sorts every row', async () => {
    const file = path.join(dir, 'installed-base.xlsx');
    writeWithOpenpyxl(file, OPENPYXL_PROJECTORS);
    const handle = await dryRun(file);
    // 11 data rows; the blank row is skipped, not invalid.
    expect(handle.summary.totalRows).toBe(11);
    expect(handle.summary.counts).toEqual({ create: 4, update: 1, unchanged: 1, invalid: 4, duplicate: 1 });
    expect(handle.summary.alsoCreates).toEqual({ sites: 1, customers: 1 });

    const created = validRows(handle);
    const byRow = new Map(created.map((r) => [r.row, r.values]));
    expect(byRow.get(4)).toMatchObject({ serial: '000123', siteRegion: 'N', installDate: '2021-03-04', warrantyEnd: '2026-01-31', contractEnd: null });
    expect(byRow.get(5)).toMatchObject({ serial: '12345678901', installDate: '2021-03-05', warrantyEnd: '2026-02-01', contractEnd: '2027-01-01' });
    expect(byRow.get(8)).toMatchObject({ serial: 'SP-77', model: 'Ñandú 4K – 投影机', siteName: 'Zürich Kino', siteRegion: 'S', installDate: '2022-06-30', warrantyEnd: '2027-06-30' });
    expect(all(handle, 'create').find((r) => r.row === 8)?.creates).toEqual(["Customer 'Zürich Kinos AG' (ZK)", "Site 'Zürich Kino' (Zürich Kinos AG)"]);
    expect(all(handle, 'create').map((r) => r.row)).toEqual([4, 5, 8, 12]);

    const invalid = new Map(all(handle, 'invalid').map((r) => [r.row, r.errors.map((e) => e.message).join(' | ')]));
    expect(invalid.get(6)).toBe('Excel changed this serial to a number (1.23E+17); format the column as Text and type it again.');
    expect(invalid.get(9)).toContain("Warranty end must be a date like 2026-01-31 or 31/01/2026 (found '31.13.2026')");
    expect(invalid.get(11)).toContain('formula whose result was never saved');
    // The merged Location cell holds its value only in the top-left cell.
    expect(invalid.get(13)).toBe('Site is required.');
    expect([...invalid.keys()]).toEqual([6, 9, 11, 13]);

    expect(all(handle, 'duplicate')).toMatchObject([{ row: 10, errors: [{ message: 'Same serial number as row 4; the first one is imported.' }] }]);
    expect(all(handle, 'unchanged').map((r) => r.row)).toEqual([14]);
    expect(all(handle, 'update')).toMatchObject([{ row: 15, changes: [{ field: 'Warranty end', from: '2025-01-14', to: '2025-06-30' }] }]);
  });
});

/** An exceljs workbook with header on row 1 and the cell kinds Excel itself writes. */
async function exceljsProjectors(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Data');
  sheet.addRow(['Serial number', 'Model', 'Manufacturer', 'Site', 'Customer code', 'Install date', 'Warranty start', 'Warranty end', 'Service contract end']);
  const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
  sheet.addRow(['EX-1', { richText: [{ text: 'DP4K-' }, { font: { bold: true }, text: '32B' }] }, 'Barco', 'Leicester Square', 'PHC', day(2020, 5, 6), null, '12/31/2026', null]);
  sheet.addRow([{ formula: 'CONCATENATE("EX-","2")', result: 'EX-2' }, 'DP4K-32B', { text: 'Barco', hyperlink: 'https://www.barco.com' }, 'Leicester Square', 'PHC', '2020-05-06', null, { formula: 'DATE(2026,12,31)', result: 46387 }, null]);
  sheet.getCell('H3').numFmt = 'dd/mm/yyyy';
  sheet.addRow([]);
  sheet.addRow([4000123, 'DP4K-32B', 'Barco', 'Leicester Square', 'PHC', '05/06/2020', '05/06/2020', '05/06/2025', { error: '#N/A' }]);
  sheet.addRow(['   ', null, null, null, null, null, null, null, null]);
  await workbook.xlsx.writeFile(file);
}

describe('workbooks written by exceljs', () => {
  it('reads formulas by their cached result, rich text, hyperlinks, error cells and MDY text dates', async () => {
    const file = path.join(dir, 'data.xlsx');
    await exceljsProjectors(file);
    const handle = await dryRun(file, 'projectors', { dateFormat: 'MDY' });
    expect(handle.summary.counts).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 1, duplicate: 0 });
    const rows = new Map(validRows(handle).map((r) => [r.row, r.values]));
    expect(rows.get(2)).toMatchObject({ serial: 'EX-1', model: 'DP4K-32B', installDate: '2020-05-06', warrantyStart: null, warrantyEnd: '2026-12-31' });
    expect(rows.get(3)).toMatchObject({ serial: 'EX-2', manufacturer: 'Barco', warrantyEnd: '2026-12-31' });
    const invalid = all(handle, 'invalid');
    expect(invalid).toMatchObject([{ row: 5, errors: [{ field: 'contractEnd', message: 'Service contract end: The cell shows the error #N/A; fix the cell in Excel.' }] }]);
    expect(invalid[0]?.values.serial).toBe('4000123');
  });

  it('refuses a mapping without the required columns, naming them, and an empty sheet', async () => {
    const file = path.join(dir, 'data.xlsx');
    await exceljsProjectors(file);
    const inspection = await inspect(file);
    const mapping = inspection.mapping.map((m) => (m === 'model' || m === 'warrantyEnd' ? null : m));
    await expectValidation(dryRun(file, 'projectors', { mapping }), /No column is mapped to Model, Warranty end \(required\)/);

    const partial = path.join(dir, 'partial.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Only serials').addRow(['Serial', 'Comment']);
    workbook.getWorksheet('Only serials')!.addRow(['A-1', 'x']);
    workbook.addWorksheet('Empty');
    await workbook.xlsx.writeFile(partial);
    const partialInspection = await inspect(partial);
    expect(partialInspection.missingRequired).toEqual(['model', 'manufacturer', 'siteName', 'installDate', 'warrantyEnd']);
    await expectValidation(inspect(partial, 'projectors', { sheet: 'Empty' }), /The sheet 'Empty' is empty/);
    await expectValidation(dryRun(partial, 'projectors', { sheet: 'Only serials' }), /No column is mapped to Model, Manufacturer, Site, Install date, Warranty end/);
  });

  it('remembers a corrected mapping for the next file with the same headers', async () => {
    const file = path.join(dir, 'odd.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['Code', 'Company', 'Kundennummer']);
    sheet.addRow(['X1', 'Example Ltd', '123']);
    await workbook.xlsx.writeFile(file);
    const first = await inspect(file, 'customers');
    expect(first.mapping).toEqual(['code', 'name', null]);
    expect(first.mappingRemembered).toBe(false);
    // The admin maps the German customer number as the code instead.
    const handle = await dryRun(file, 'customers', { mapping: [null, 'name', 'code'] });
    expect(validRows(handle)[0]?.values).toEqual({ name: 'Example Ltd', code: '123' });
    const second = await inspect(file, 'customers');
    expect(second.mapping).toEqual([null, 'name', 'code']);
    expect(second.mappingRemembered).toBe(true);
  });
});

describe('zip part order', () => {
  it('streams the chosen sheet when shared strings and styles come before the sheets (no temp copy in exceljs)', async () => {
    const original = path.join(dir, 'excel-order.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Other').addRow(['Code', 'Customer']);
    const data = workbook.addWorksheet('Customers');
    data.addRow(['Customer', 'Customer code']);
    data.addRow(['Example Ltd', 'EX']);
    data.addRow(['Picturehouse Cinemas', 'PHC']);
    await workbook.xlsx.writeFile(original);
    const reordered = path.join(dir, 'reordered.xlsx');
    writeWithOpenpyxl(
      reordered,
      `
import zipfile
src = zipfile.ZipFile(${JSON.stringify(original)})
first = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']
names = [n for n in first if n in src.namelist()] + [n for n in src.namelist() if n not in first]
with zipfile.ZipFile(OUT, 'w', zipfile.ZIP_DEFLATED) as out:
    for n in names:
        out.writestr(n, src.read(n))
`,
    );
    const inspection = await inspect(reordered, 'customers', { sheet: 'Customers' });
    expect(inspection.headers).toEqual(['Customer', 'Customer code']);
    const handle = await dryRun(reordered, 'customers', { sheet: 'Customers' });
    expect(handle.summary.counts).toMatchObject({ create: 1, unchanged: 1 });
  });
});

describe('engineers', () => {
  it('reads regions by name or code, skills lists, capacity and working hours; refuses a non-FSE email', async () => {
    const file = path.join(dir, 'fse.xlsx');
    writeWithOpenpyxl(
      file,
      `
wb = openpyxl.Workbook()
ws = wb.active
ws.append(['Full name', 'E-mail', 'Mobile', 'Areas', 'Skills', 'Max visits', 'Shift'])
ws.append(['Frankie Field', 'FSE@example.com', '+44 7700 900001', 'north; South', 'DP4K-32B\\nCP4440', 5, 'Mon-Fri 08:00-17:00, Sat 9-13'])
ws.append(['New Person', 'new@example.com', None, 'S', None, None, None])
ws.append(['Alex Agent', 'agent@example.com', None, 'N', None, None, None])
ws.append(['Bad Hours', 'bad@example.com', None, 'Atlantis', None, 'four', 'whenever'])
wb.save(OUT)
`,
    );
    const handle = await dryRun(file, 'engineers');
    expect(handle.summary.counts).toEqual({ create: 1, update: 1, unchanged: 0, invalid: 2, duplicate: 0 });
    const rows = new Map(validRows(handle).map((r) => [r.row, r.values]));
    const weekday = { start: '08:00', end: '17:00' };
    expect(rows.get(2)).toEqual({ name: 'Frankie Field', email: 'FSE@example.com', phone: '+44 7700 900001', regions: ['N', 'S'], skills: ['DP4K-32B', 'CP4440'], dailyCapacity: 5, workingHours: [weekday, weekday, weekday, weekday, weekday, { start: '09:00', end: '13:00' }, null] });
    expect(rows.get(3)).toMatchObject({ regions: ['S'], skills: [], dailyCapacity: 4, workingHours: null });
    const update = all(handle, 'update')[0]!;
    expect(update.changes.map((c) => c.field)).toEqual(['Regions', 'Skills', 'Visits per day', 'Working hours']);
    const invalid = new Map(all(handle, 'invalid').map((r) => [r.row, r.errors.map((e) => e.message)]));
    expect(invalid.get(4)).toEqual(['agent@example.com belongs to Alex Agent (agent); only field service engineers can be imported.']);
    expect(invalid.get(5)).toEqual([
      "Region must be one of North (N), South (S) (found 'Atlantis').",
      "Visits per day must be a whole number (found 'four').",
      'Working hours must look like "Mon-Fri 08:00-17:00, Sat 09:00-13:00" (found \'whenever\').',
    ]);
  });
});

describe('error workbook', () => {
  it('holds the invalid and duplicate rows with an Errors column; the fixed file imports cleanly', async () => {
    const file = path.join(dir, 'installed-base.xlsx');
    writeWithOpenpyxl(file, OPENPYXL_PROJECTORS);
    const handle = await dryRun(file);
    const errorsFile = path.join(dir, 'errors.xlsx');
    const written = await handle.writeErrorWorkbook(errorsFile);
    expect(written.rows).toBe(5);
    expect(written.bytes).toBe(fs.statSync(errorsFile).size);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(errorsFile);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['S/N', 'Projector model', 'Make', 'Location', 'Client code', 'Area', 'Installed on', 'Warranty expiry', 'Contract expiry', 'Owner', 'Comment', 'Errors']);
    const serials = [2, 3, 4, 5, 6].map((r) => sheet.getRow(r).getCell(1).value);
    expect(serials).toEqual(['123456789012346000', 'SP-78', '000123', 'SP-79', 'SP-81']);
    expect(String(sheet.getRow(3).getCell(12).value)).toContain("found '31.13.2026'");

    // Fix every row in "Excel" and import the file again.
    const fixes: Record<number, Record<number, string>> = { 2: { 1: 'SP-90' }, 3: { 8: '31/12/2026' }, 4: { 1: 'SP-91' }, 5: { 2: 'DP4K-32B' }, 6: { 4: 'Ballroom East' } };
    for (const [row, cells] of Object.entries(fixes)) for (const [column, value] of Object.entries(cells)) sheet.getRow(Number(row)).getCell(Number(column)).value = value;
    const fixed = path.join(dir, 'fixed.xlsx');
    await workbook.xlsx.writeFile(fixed);
    const inspection = await inspect(fixed);
    expect(inspection.headerRow).toBe(1);
    expect(inspection.mapping.at(-1)).toBeNull();
    const again = await dryRun(fixed);
    expect(again.summary.counts).toEqual({ create: 5, update: 0, unchanged: 0, invalid: 0, duplicate: 0 });
  });
});

describe('template', () => {
  it('has a bold frozen header, a region list, text serials, date formats and a notes sheet; it reads back', async () => {
    const file = path.join(dir, 'template.xlsx');
    const { bytes } = await writeImportTemplate('projectors', file, { regions: ['N', 'S'], dateFormat: 'DMY' });
    expect(bytes).toBe(fs.statSync(file).size);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Projectors')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(IMPORT_COLUMNS.projectors.map((c) => c.label));
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('A2').numFmt).toBe('@');
    expect(sheet.getCell('H2').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('G2').dataValidation).toMatchObject({ type: 'list', formulae: ['Lists!$A$2:$A$3'] });
    const notes = workbook.getWorksheet('Notes')!;
    expect(notes.getRow(2).values).toEqual([undefined, 'Serial number', 'Yes', expect.stringContaining('serial'), expect.stringContaining('Text')]);

    // Filled in and imported with the reader.
    // Row 2 exists already (reading its formats above created it), so fill it rather than add one.
    sheet.getRow(2).values = ['T-1', 'DP4K-32B', 'Barco', 'Leicester Square', '', 'PHC', 'N', new Date(Date.UTC(2024, 0, 2)), null, '02/01/2029', null];
    const filled = path.join(dir, 'filled.xlsx');
    await workbook.xlsx.writeFile(filled);
    const inspection = await inspect(filled);
    expect(inspection.mapping).toEqual(IMPORT_COLUMNS.projectors.map((c) => c.key));
    const handle = await dryRun(filled);
    expect(validRows(handle)).toEqual([{ row: 2, values: expect.objectContaining({ serial: 'T-1', siteRegion: 'N', installDate: '2024-01-02', warrantyEnd: '2029-01-02' }) }]);
  });
});

describe('cancel and paging', () => {
  it('stops a dry run when the signal aborts and pages rows by category', async () => {
    const file = path.join(dir, 'many.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
    const sheet = workbook.addWorksheet('Many');
    sheet.addRow(['Serial', 'Model', 'Manufacturer', 'Site', 'Install date', 'Warranty end']).commit();
    for (let i = 0; i < 3000; i++) sheet.addRow([`M-${i}`, 'DP4K-32B', 'Barco', 'Leicester Square', '2020-01-01', i % 1000 === 999 ? 'soon' : '2030-01-01']).commit();
    sheet.commit();
    await workbook.commit();

    const handle = await dryRun(file);
    expect(handle.summary.counts).toMatchObject({ create: 2997, invalid: 3 });
    const page = handle.rows('create', 1000, 3);
    expect(page.total).toBe(2997);
    expect(page.rows.map((r) => r.values.serial)).toEqual(['M-1001', 'M-1002', 'M-1003']);
    expect(handle.rows('invalid', 0, 10).rows.map((r) => r.row)).toEqual([1001, 2001, 3001]);

    const inspection = await inspect(file);
    const controller = new AbortController();
    controller.abort();
    const workDir = path.join(dir, 'cancelled');
    const run = dryRunImport({ path: file, fileId: inspection.fileId, fileName: 'many.xlsx', kind: 'projectors', sheet: 'Many', headerRow: 1, mapping: inspection.mapping, dateFormat: 'DMY', cache: db.$client, workDir, mappingsFile: mappingsFile(), signal: controller.signal, onProgress: () => undefined });
    await expect(run).rejects.toMatchObject({ code: 'CONFLICT', message: 'The dry run was cancelled.' });
    expect(fs.existsSync(workDir)).toBe(false);
  });
});
