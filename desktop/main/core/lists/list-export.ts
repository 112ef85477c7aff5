// Exports a console list (cases, projectors, sites, engineers) with its current filters and sort to
// an xlsx in the exports folder, streamed with exceljs' WorkbookWriter a chunk of rows at a time.
// Cells are typed (dates as dates, numbers as numbers, serials as text so leading zeros stay), the
// header is bold, frozen and filterable. Written to `.part` and renamed when complete.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import type { CaseSummary, ExportedFile, ListExportRequest } from '../../../../shared/console-api.js';
import type { ReadableDb } from '../cache/cache-db.js';
import { listCases } from '../queries.js';
import type { SlaContext } from '../sla-view.js';
import { cancelledError, type ProgressReporter } from '../import-jobs/operations.js';
import { listEngineers, projectorChunks, siteChunks, type EngineerListRow } from './installed-base.js';

type CellKind = 'text' | 'date' | 'datetime' | 'int';
type Column = Readonly<{ header: string; width: number; kind: CellKind }>;

const text = (header: string, width: number): Column => ({ header, width, kind: 'text' });
const date = (header: string): Column => ({ header, width: 13, kind: 'date' });

export const EXPORT_COLUMNS = {
  projectors: [
    text('Serial number', 20),
    text('Model', 18),
    text('Manufacturer', 16),
    text('Site', 30),
    text('Customer', 26),
    text('Region', 10),
    date('Install date'),
    date('Warranty start'),
    date('Warranty end'),
    date('Service contract end'),
  ],
  sites: [
    text('Site', 30),
    text('Customer', 26),
    text('Customer code', 14),
    text('Region', 10),
    text('Address', 40),
    text('Contact name', 22),
    text('Contact phone', 18),
    text('Contact email', 28),
    { header: 'Projectors', width: 11, kind: 'int' },
  ],
  engineers: [text('Name', 26), text('Email', 30), text('Phone', 18), text('Regions', 20), text('Skills', 40), { header: 'Visits per day', width: 14, kind: 'int' }],
  cases: [
    text('Case', 18),
    text('Title', 44),
    text('Status', 14),
    text('Priority', 10),
    text('Severity', 10),
    text('Serial number', 20),
    text('Site', 30),
    text('Customer', 26),
    text('Assignee', 22),
    { header: 'Created', width: 20, kind: 'datetime' },
    text('Waiting for', 14),
    { header: 'Resolution due', width: 20, kind: 'datetime' },
  ],
} as const satisfies Record<ListExportRequest['list'], readonly Column[]>;

type Cell = string | number | Date | null;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A stored day as an Excel date (exceljs writes Dates as UTC, so midnight UTC is that very day). */
function day(value: string | null): Cell {
  if (value === null || value === '') return null;
  return DAY.test(value) ? new Date(`${value}T00:00:00Z`) : value;
}
function instant(value: string | null): Cell {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : at;
}

function caseCells(c: CaseSummary): Cell[] {
  return [
    c.number ?? 'pending',
    c.title,
    c.status,
    c.priority,
    c.severity,
    c.serial,
    c.siteName ?? '',
    c.customerName ?? '',
    c.assigneeName ?? '',
    instant(c.createdAt),
    c.waitingFor ?? '',
    instant(c.sla.resolution.dueAt),
  ];
}

function engineerCells(e: EngineerListRow): Cell[] {
  return [e.name, e.email, e.phone, e.regions.join(', '), e.skills.join(', '), e.dailyCapacity];
}

export type ListExportOptions = Readonly<{
  db: ReadableDb;
  exportsDir: string;
  request: ListExportRequest;
  /** The case list's SLA context (cases only). */
  sla: SlaContext;
  signal?: AbortSignal;
  progress?: ProgressReporter;
  now?: Date;
}>;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** projectors-20260131-142501.xlsx, local time; -2, -3 when taken (counting unfinished ones). */
function exportName(dir: string, list: string, now: Date): string {
  const stem = `${list}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? `${stem}.xlsx` : `${stem}-${n}.xlsx`;
    if (!fs.existsSync(path.join(dir, name)) && !fs.existsSync(path.join(dir, `${name}.part`))) return name;
  }
}

/** Rows of the list, a chunk at a time, with the total when it is known up front. */
function sourceOf(options: ListExportOptions): { chunks: Iterable<Cell[][]>; total: number | null } {
  const { db, request } = options;
  switch (request.list) {
    case 'projectors': {
      const chunks = projectorChunks(db, request.query);
      return {
        chunks: (function* () {
          for (const rows of chunks)
            yield rows.map((p) => [p[1], p[2], p[3], p[4], p[5], p[6], day(p[7]), day(p[8]), day(p[9]), day(p[10])]);
        })(),
        total: null,
      };
    }
    case 'sites': {
      const chunks = siteChunks(db, request.query);
      return {
        chunks: (function* () {
          for (const rows of chunks) yield rows.map((s) => [s.name, s.customerName, s.customerCode, s.region, s.address, s.contactName, s.contactPhone, s.contactEmail, s.projectors]);
        })(),
        total: null,
      };
    }
    case 'engineers': {
      const rows = listEngineers(db, request.query).map(engineerCells);
      return { chunks: [rows], total: rows.length };
    }
    case 'cases': {
      // Every matching case, not just the screen's first CASE_LIST_LIMIT.
      const rows = listCases(db, request.query, options.sla, Number.MAX_SAFE_INTEGER).map(caseCells);
      return { chunks: [rows], total: rows.length };
    }
  }
}

export async function exportList(options: ListExportOptions): Promise<ExportedFile> {
  const { request } = options;
  const columns: readonly Column[] = EXPORT_COLUMNS[request.list];
  fs.mkdirSync(options.exportsDir, { recursive: true });
  const fileName = exportName(options.exportsDir, request.list, options.now ?? new Date());
  const finalPath = path.join(options.exportsDir, fileName);
  const partPath = `${finalPath}.part`;
  const out = fs.createWriteStream(partPath, { flags: 'wx', highWaterMark: 1024 * 1024 });
  let writeError: Error | null = null;
  out.on('error', (error) => (writeError ??= error));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let rows = 0;
  try {
    const { chunks, total } = sourceOf(options);
    const sheet = workbook.addWorksheet(request.list[0]!.toUpperCase() + request.list.slice(1), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({
      header: c.header,
      width: c.width,
      // Text cells are written as strings (a serial like 000123 stays text); only typed columns carry a
      // style, since every styled cell costs the writer time on 100,000 rows.
      ...(c.kind === 'text' ? {} : { style: { numFmt: c.kind === 'date' ? 'yyyy-mm-dd' : c.kind === 'datetime' ? 'yyyy-mm-dd hh:mm' : '0' } }),
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    options.progress?.report('exporting', 0, total, true);
    for (const chunk of chunks) {
      if (options.signal?.aborted) throw cancelledError();
      for (const cells of chunk) sheet.addRow(cells).commit();
      rows += chunk.length;
      if (writeError) throw writeError;
      options.progress?.report('exporting', rows, total);
      // Let the file stream drain and other calls run between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    sheet.commit();
    await workbook.commit();
    if (writeError) throw writeError;
    fs.renameSync(partPath, finalPath);
    options.progress?.report('exporting', rows, rows, true);
  } catch (error) {
    out.destroy();
    fs.rmSync(partPath, { force: true });
    throw error;
  }
  return { fileName, path: finalPath, rows, bytes: fs.statSync(finalPath).size };
}
