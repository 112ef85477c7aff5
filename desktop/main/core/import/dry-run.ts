// The dry run: streams the chosen sheet once, reads and validates every row, sorts it into create /
// update / unchanged / invalid / duplicate against the cache, and keeps the rows on disk (NDJSON)
// for paging, the commit and the error workbook. Nothing is written anywhere else.
import type Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import type { ImportDryRun, ImportPreviewRow, ImportRowCategory, ListPage } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import { IMPORT_COLUMNS, IMPORT_MAX_ROWS, importRowKey, type ImportKind } from '../../../../shared/import.js';
import type { ImportDateFormat } from '../../../../shared/settings.js';
import { displayOf, scalarOf } from './cell-values.js';
import { checkMapping, rememberMapping } from './header-mapping.js';
import { buildImportLookup } from './import-lookup.js';
import { diffRow } from './row-diff.js';
import { NdjsonWriter } from './row-store.js';
import { rowReader } from './row-values.js';
import { openSheet } from './sheet-reader.js';
import { inspectWorkbookFile } from './workbook-file.js';

export type DryRunHandle = Readonly<{
  summary: ImportDryRun;
  /** NDJSON, one `{"row":n,"values":{...}}` per create/update row, in file order (the commit reads it). */
  validRowsPath: string;
  validRows: number;
  rows(category: ImportRowCategory, offset: number, limit: number): ListPage<ImportPreviewRow>;
  /** Invalid + duplicate rows with the original headers and cells, plus an "Errors" column. */
  writeErrorWorkbook(path: string): Promise<{ rows: number; bytes: number }>;
}>;

export type DryRunInput = Readonly<{
  path: string;
  fileId: string;
  fileName: string;
  kind: ImportKind;
  sheet: string;
  headerRow: number;
  mapping: readonly (string | null)[];
  dateFormat: ImportDateFormat;
  cache: Database.Database;
  workDir: string;
  mappingsFile: string;
  signal: AbortSignal;
  onProgress: (p: { stage: 'reading' | 'validating'; done: number; total: number | null }) => void;
  /** Data rows a sheet may hold (IMPORT_MAX_ROWS; tests lower it). */
  maxRows?: number;
}>;

type ValidLine = { row: number; values: Record<string, unknown> };
type UpdateLine = { row: number; line: number; changes: ImportPreviewRow['changes']; creates: readonly string[] };
type UnchangedLine = { row: number; values: Readonly<Record<string, unknown>>; creates: readonly string[] };
/** Invalid and duplicate rows keep their cells for the error workbook. */
type ProblemLine = { row: number; values: Record<string, string>; errors: ImportPreviewRow['errors']; cells: readonly string[] };

const PROGRESS_EVERY_MS = 100;

export const cancelledError = () => new AppError('CONFLICT', 'The dry run was cancelled.', { cancelled: true });

export async function dryRunImport(input: DryRunInput): Promise<DryRunHandle> {
  const started = performance.now();
  const maxRows = input.maxRows ?? IMPORT_MAX_ROWS;
  const sheets = inspectWorkbookFile(input.path);
  const sheet = sheets.find((s) => s.name === input.sheet);
  if (!sheet) throw new AppError('VALIDATION', `The workbook has no sheet called '${input.sheet}'. Its sheets: ${sheets.map((s) => s.name).join(', ')}.`);
  if (input.signal.aborted) throw cancelledError();
  input.onProgress({ stage: 'reading', done: 0, total: null });
  const lookup = buildImportLookup(input.cache, input.kind);
  const labels = new Map(IMPORT_COLUMNS[input.kind].map((c) => [c.key, c.label]));

  fs.mkdirSync(input.workDir, { recursive: true });
  // One JSON line per row: create and update rows live only in the commit's file (their preview is
  // built from it when a page is asked for), unchanged rows in their own, problems with their cells.
  const valid = new NdjsonWriter(path.join(input.workDir, 'valid-rows.ndjson'), true);
  const files = {
    update: new NdjsonWriter(path.join(input.workDir, 'update.ndjson'), true),
    unchanged: new NdjsonWriter(path.join(input.workDir, 'unchanged.ndjson'), true),
    invalid: new NdjsonWriter(path.join(input.workDir, 'invalid.ndjson'), true),
    duplicate: new NdjsonWriter(path.join(input.workDir, 'duplicate.ndjson'), true),
  };
  /** Line numbers in the valid file of the rows to create, and what each creates on the way (when anything). */
  const createLines: number[] = [];
  const createCreates = new Map<number, readonly string[]>();
  const closeAll = () => {
    for (const file of [...Object.values(files), valid]) file.close();
  };

  let headers: string[] | null = null;
  let width = 0;
  let dataRows = 0;
  const firstRowOfKey = new Map<string, number>();
  const alsoCreates = { site: new Set<string>(), customer: new Set<string>() };
  let lastProgress = performance.now();
  const stream = await openSheet(input.path, sheet);
  try {
    if (!stream.rows) throw new AppError('VALIDATION', `The sheet '${input.sheet}' could not be read; open the file in Excel, save it, and import it again.`);
    let reader: ReturnType<typeof rowReader> | null = null;
    for await (const row of stream.rows) {
      if (row.number < input.headerRow) continue;
      if (!reader) {
        if (row.number !== input.headerRow) throw new AppError('VALIDATION', `Row ${input.headerRow} of '${input.sheet}' is empty; choose the row that holds the column headers.`);
        const cells = row.values as unknown[];
        headers = Array.from({ length: Math.max(0, cells.length - 1) }, (_, i) => displayOf(scalarOf(cells[i + 1])));
        while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
        if (headers.length === 0) throw new AppError('VALIDATION', `Row ${input.headerRow} of '${input.sheet}' is empty; choose the row that holds the column headers.`);
        width = headers.length;
        const mapping = checkMapping(input.kind, headers, input.mapping);
        rememberMapping(input.mappingsFile, input.kind, headers, mapping);
        reader = rowReader(input.kind, mapping, lookup, input.dateFormat);
        continue;
      }
      const read = reader.read(row, stream.date1904);
      if (read === null) continue;
      dataRows++;
      if (dataRows > maxRows) throw new AppError('VALIDATION', `The sheet has more than ${maxRows.toLocaleString('en-GB')} rows; split it into smaller files.`, { maxRows });
      if ((dataRows & 255) === 0) {
        if (input.signal.aborted) throw cancelledError();
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now;
          // No extra setImmediate here: the stream already waits on file reads between chunks (a cancel
          // gets in then), and yielding to the macrotask queue mid-chunk made GC time grow fivefold.
          input.onProgress({ stage: 'validating', done: dataRows, total: null });
        }
      }
      if (read.row === null) {
        files.invalid.append({ row: row.number, values: reader.displayOf(row), errors: read.errors, cells: reader.cellsOf(row, width) } satisfies ProblemLine);
        continue;
      }
      const key = importRowKey(input.kind, read.row);
      const first = firstRowOfKey.get(key);
      if (first !== undefined) {
        const errors = [{ field: null, message: `Same ${keyLabel(input.kind)} as row ${first}; the first one is imported.` }];
        files.duplicate.append({ row: row.number, values: reader.displayOf(row), errors, cells: reader.cellsOf(row, width) } satisfies ProblemLine);
        continue;
      }
      const diff = diffRow(input.kind, read.row, lookup);
      if (diff.kind === 'invalid') {
        files.invalid.append({ row: row.number, values: reader.displayOf(row), errors: diff.errors, cells: reader.cellsOf(row, width) } satisfies ProblemLine);
        continue;
      }
      firstRowOfKey.set(key, row.number);
      const creates = diff.creates.length === 0 ? NONE : diff.creates.map((c) => c.label);
      for (const c of diff.creates) alsoCreates[c.entity].add(c.key);
      if (diff.kind === 'unchanged') {
        files.unchanged.append({ row: row.number, values: read.row, creates } satisfies UnchangedLine);
        continue;
      }
      const line = valid.lines;
      valid.append({ row: row.number, values: read.row });
      if (diff.kind === 'create') {
        createLines.push(line);
        if (creates.length > 0) createCreates.set(line, creates);
      } else {
        files.update.append({ row: row.number, line, changes: diff.changes.map((c) => ({ ...c, field: labels.get(c.field) ?? c.field })), creates } satisfies UpdateLine);
      }
    }
    if (!reader) throw new AppError('VALIDATION', `The sheet '${input.sheet}' is empty (no header row at row ${input.headerRow}).`);
  } catch (error) {
    closeAll();
    fs.rmSync(input.workDir, { recursive: true, force: true });
    throw error;
  } finally {
    stream.close();
  }
  closeAll();
  if (dataRows === 0) {
    fs.rmSync(input.workDir, { recursive: true, force: true });
    throw new AppError('VALIDATION', `The sheet '${input.sheet}' has no data rows below its header row (row ${input.headerRow}).`);
  }
  input.onProgress({ stage: 'validating', done: dataRows, total: dataRows });

  const summary: ImportDryRun = {
    dryRunId: uuidv7(),
    fileName: input.fileName,
    kind: input.kind,
    totalRows: dataRows,
    counts: { create: createLines.length, update: files.update.lines, unchanged: files.unchanged.lines, invalid: files.invalid.lines, duplicate: files.duplicate.lines },
    alsoCreates: { sites: alsoCreates.site.size, customers: alsoCreates.customer.size },
    elapsedMs: Math.round(performance.now() - started),
  };
  const finalHeaders = headers ?? [];
  /** Valid-file lines by line number (a page's lines lie close together: one read of their span). */
  const validLines = (lines: readonly number[]): Map<number, ValidLine> => {
    const out = new Map<number, ValidLine>();
    if (lines.length === 0) return out;
    const lo = Math.min(...lines);
    const hi = Math.max(...lines);
    const span = valid.read(lo, hi + 1) as ValidLine[];
    for (const line of lines) out.set(line, span[line - lo]!);
    return out;
  };
  const page = (category: ImportRowCategory, offset: number, limit: number): ImportPreviewRow[] => {
    switch (category) {
      case 'create': {
        const lines = createLines.slice(offset, offset + limit);
        const rows = validLines(lines);
        return lines.map((line) => {
          const v = rows.get(line)!;
          return { row: v.row, category, values: displayValues(v.values), changes: [], errors: [], creates: createCreates.get(line) ?? [] };
        });
      }
      case 'update': {
        const updates = files.update.read(offset, offset + limit) as UpdateLine[];
        const rows = validLines(updates.map((u) => u.line));
        return updates.map((u) => ({ row: u.row, category, values: displayValues(rows.get(u.line)!.values), changes: u.changes, errors: [], creates: u.creates }));
      }
      case 'unchanged':
        return (files.unchanged.read(offset, offset + limit) as UnchangedLine[]).map((u) => ({ row: u.row, category, values: displayValues(u.values), changes: [], errors: [], creates: u.creates }));
      case 'invalid':
      case 'duplicate':
        return (files[category].read(offset, offset + limit) as ProblemLine[]).map((p) => ({ row: p.row, category, values: p.values, changes: [], errors: p.errors, creates: [] }));
    }
  };
  return {
    summary,
    validRowsPath: valid.path,
    validRows: valid.lines,
    rows: (category, offset, limit) => ({ rows: page(category, offset, limit), total: summary.counts[category] }),
    writeErrorWorkbook: (file) => writeErrorWorkbook(file, finalHeaders, files.invalid, files.duplicate, labels),
  };
}

const NONE: readonly string[] = [];
const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A normalised row as text for the preview (lists joined, hours as "Mon 08:00-17:00, ..."). */
function displayValues(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      out[key] = value.every((v) => typeof v === 'string')
        ? value.join(', ')
        : value.map((d: { start: string; end: string } | null, i) => (d ? `${DAY_SHORT[i]} ${d.start}-${d.end}` : null)).filter((d) => d !== null).join(', ');
    } else out[key] = String(value);
  }
  return out;
}

function keyLabel(kind: ImportKind): string {
  switch (kind) {
    case 'projectors':
      return 'serial number';
    case 'customers':
      return 'customer code';
    case 'engineers':
      return 'email';
    case 'sites':
      return 'customer and site name';
  }
}

const PAGE = 2000;

/** Rows of two files, each in file order, merged by row number. */
function* mergedRows(a: NdjsonWriter, b: NdjsonWriter): Generator<ProblemLine> {
  let ai = 0;
  let bi = 0;
  let pageA: ProblemLine[] = [];
  let pageB: ProblemLine[] = [];
  let pa = 0;
  let pb = 0;
  for (;;) {
    if (pa >= pageA.length && ai < a.lines) {
      pageA = a.read(ai, ai + PAGE) as ProblemLine[];
      ai += pageA.length;
      pa = 0;
    }
    if (pb >= pageB.length && bi < b.lines) {
      pageB = b.read(bi, bi + PAGE) as ProblemLine[];
      bi += pageB.length;
      pb = 0;
    }
    const nextA = pageA[pa];
    const nextB = pageB[pb];
    if (!nextA && !nextB) return;
    if (nextA && (!nextB || nextA.row < nextB.row)) {
      pa++;
      yield nextA;
    } else {
      pb++;
      yield nextB!;
    }
  }
}

async function writeErrorWorkbook(file: string, headers: readonly string[], invalid: NdjsonWriter, duplicate: NdjsonWriter, labels: ReadonlyMap<string, string>): Promise<{ rows: number; bytes: number }> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // A fixed error workbook imported again and failing again gets one Errors column, not two.
  const ownErrors = headers.length > 0 && headers[headers.length - 1]!.trim().toLowerCase() === 'errors';
  if (ownErrors) headers = headers.slice(0, -1);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Rows to fix', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [...headers.map((h) => ({ header: h, width: Math.min(40, Math.max(12, h.length + 2)), style: { numFmt: '@' } })), { header: 'Errors', width: 80 }];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let rows = 0;
  for (const stored of mergedRows(invalid, duplicate)) {
    const cells = [...stored.cells];
    while (cells.length < headers.length) cells.push('');
    const errors = stored.errors.map((e) => (e.field && !e.message.startsWith(labels.get(e.field) ?? '\u0000') ? `${labels.get(e.field) ?? e.field}: ${e.message}` : e.message)).join('\n');
    // Cells beyond the header row's width stay where they were; the errors go after the last header.
    const values = [...cells.slice(0, headers.length), errors, ...cells.slice(headers.length + (ownErrors ? 1 : 0))];
    sheet.addRow(values.map((v) => (v === '' ? null : v))).commit();
    rows++;
  }
  sheet.commit();
  await workbook.commit();
  return { rows, bytes: fs.statSync(file).size };
}
