// Exports the filtered audit log to an xlsx: pages through the hub's audit.query (newest first) and
// streams each page into exceljs' WorkbookWriter, so a million rows never sit in memory at once.
// The sheet is written to `<name>.xlsx.part` and renamed when complete: a failure leaves no file
// that looks finished (and the part file is removed).
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { AuditEntry, AuditPage, auditQuerySchema } from '../../../shared/admin.js';
import type { ExportedFile } from '../../../shared/console-api.js';
import { AppError } from '../../../shared/errors.js';

/** Rows per audit.query page (the hub's maximum). */
export const AUDIT_EXPORT_PAGE = 500;
/** Excel holds 1,048,576 rows a sheet; stop well inside that. */
export const AUDIT_EXPORT_MAX_ROWS = 1_000_000;
/** Excel refuses longer text in one cell. */
const MAX_CELL_TEXT = 32_767;

export type AuditFilters = z.output<typeof auditQuerySchema>;
/** What one page request sends to the hub: the caller's filters with paging. */
export type AuditPageRequest = Omit<AuditFilters, 'limit' | 'beforeVersion'> & Readonly<{ limit: number; beforeVersion?: number }>;

export type AuditExportOptions = Readonly<{
  exportsDir: string;
  filters: AuditFilters;
  fetchPage(request: AuditPageRequest): Promise<AuditPage>;
  now?: Date;
  maxRows?: number;
  pageSize?: number;
}>;

export const AUDIT_COLUMNS = [
  { header: 'Version', key: 'version', width: 10 },
  { header: 'Time', key: 'at', width: 20 },
  { header: 'User', key: 'user', width: 24 },
  { header: 'Console', key: 'console', width: 22 },
  { header: 'Address', key: 'address', width: 18 },
  { header: 'Made offline', key: 'offline', width: 13 },
  { header: 'Entity', key: 'entity', width: 12 },
  { header: 'Record id', key: 'entityId', width: 38 },
  { header: 'Action', key: 'action', width: 10 },
  { header: 'Changed fields', key: 'changedFields', width: 30 },
  { header: 'Before', key: 'before', width: 60 },
  { header: 'After', key: 'after', width: 60 },
  { header: 'Hash', key: 'hash', width: 66 },
] as const;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** audit-20260131-142501.xlsx, in the machine's local time (a person finds it by when they clicked). */
export function auditExportName(now: Date): string {
  const day = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `audit-${day}-${time}.xlsx`;
}

/** A name not taken yet (two exports in one second get -2, -3, ...), counting unfinished ones. */
function freeName(dir: string, base: string): string {
  const stem = base.replace(/\.xlsx$/, '');
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${stem}-${n}.xlsx`;
    if (!fs.existsSync(path.join(dir, name)) && !fs.existsSync(path.join(dir, `${name}.part`))) return name;
  }
}

function cellText(value: string): string {
  return value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT - 1)}…` : value;
}

function jsonText(value: unknown): string {
  return value === null || value === undefined ? '' : cellText(JSON.stringify(value));
}

function rowOf(entry: AuditEntry): Record<string, unknown> {
  const at = new Date(entry.at);
  return {
    version: entry.version,
    // A real date cell (sortable, filterable in Excel); text only if the hub sent something odd.
    at: Number.isNaN(at.getTime()) ? entry.at : at,
    user: entry.userName ?? entry.userId ?? '',
    console: entry.consoleName ?? '',
    address: entry.address ?? '',
    offline: entry.offline ? 'Yes' : 'No',
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    changedFields: entry.changedFields.join(', '),
    before: jsonText(entry.before),
    after: jsonText(entry.after),
    hash: entry.hash,
  };
}

export async function exportAuditLog(options: AuditExportOptions): Promise<ExportedFile> {
  const maxRows = options.maxRows ?? AUDIT_EXPORT_MAX_ROWS;
  const pageSize = options.pageSize ?? AUDIT_EXPORT_PAGE;
  fs.mkdirSync(options.exportsDir, { recursive: true });
  const fileName = freeName(options.exportsDir, auditExportName(options.now ?? new Date()));
  const finalPath = path.join(options.exportsDir, fileName);
  const partPath = `${finalPath}.part`;
  const out = fs.createWriteStream(partPath, { flags: 'wx' });
  let writeError: Error | null = null;
  out.on('error', (error) => (writeError ??= error));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let rows = 0;
  try {
    const sheet = workbook.addWorksheet('Audit log', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = AUDIT_COLUMNS.map((c) => ({ ...c }));
    sheet.getColumn('at').numFmt = 'yyyy-mm-dd hh:mm:ss';
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();

    const { limit: _limit, beforeVersion: startBefore, ...filters } = options.filters;
    let before = startBefore;
    for (;;) {
      const page = await options.fetchPage({ ...filters, limit: pageSize, ...(before !== undefined ? { beforeVersion: before } : {}) });
      for (const entry of page.entries) {
        if (rows >= maxRows) break;
        sheet.addRow(rowOf(entry)).commit();
        rows += 1;
      }
      if (writeError) throw writeError;
      const next = page.nextBeforeVersion;
      if (rows >= maxRows || next === null || page.entries.length === 0) break;
      // Paging must move towards older entries; a hub that repeats itself must not loop forever.
      if (before !== undefined && next >= before) throw new AppError('UNAVAILABLE', 'The hub sent the audit log out of order; the export was stopped.');
      before = next;
    }
    sheet.commit();
    await workbook.commit();
    if (writeError) throw writeError;
    fs.renameSync(partPath, finalPath);
  } catch (error) {
    out.destroy();
    fs.rmSync(partPath, { force: true });
    throw error;
  }
  return { fileName, path: finalPath, rows, bytes: fs.statSync(finalPath).size };
}
