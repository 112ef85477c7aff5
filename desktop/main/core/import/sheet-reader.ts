// Streams the rows of one worksheet with exceljs' WorkbookReader (memory stays bounded whatever the
// file's size); closing stops reading and closes the file. Styles are read so date-formatted numbers
// become Dates.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { readZipLayout } from './workbook-file.js';

export type SheetRow = ExcelJS.Row;

type StreamedSheet = AsyncIterable<ExcelJS.Row> & { name: string };
type WorkbookProperties = { model?: { date1904?: boolean } };

export type SheetStream = Readonly<{
  /** The sheet's rows in file order (empty rows are not in the file, so they never appear); null when the sheet is not found. */
  rows: AsyncIterable<SheetRow> | null;
  /** True when the workbook counts days from 1904 (old Mac files). */
  date1904: boolean;
  close(): void;
}>;

/**
 * Opens one sheet for streaming, found by its zip part (xl/worksheets/sheetN.xml): exceljs names a
 * sheet only when the relationship target is relative, and openpyxl writes absolute ones. The caller
 * iterates `rows` directly (no wrapping generator: a 100,000-row sheet pays for every extra await per
 * row) and calls close() when done or stopping early.
 */
export async function openSheet(file: string, sheet: Readonly<{ part: string }>): Promise<SheetStream> {
  const wanted = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(sheet.part)?.[1];
  // Default 64 KiB chunks: bigger ones make exceljs hold many more parse events at once (GC-heavy).
  const ordered = wanted === undefined ? null : orderedParts(file, sheet.part);
  const input = ordered ? Readable.from(streamSpans(file, ordered.spans)) : fs.createReadStream(file);
  const close = () => {
    input.destroy();
  };
  if (wanted === undefined) {
    close();
    return { rows: null, date1904: false, close };
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  // exceljs parses a sheet in place only once it holds the shared strings; a workbook without that
  // part (exceljs' own streaming writer leaves it out) has none to wait for.
  if (ordered && !ordered.hasSharedStrings) (reader as unknown as { sharedStrings?: string[] }).sharedStrings = [];
  // exceljs announces each worksheet's file number just before it hands out that worksheet.
  let current: string | null = null;
  // It is an EventEmitter at runtime; the typings leave that out.
  (reader as unknown as NodeJS.EventEmitter).on('entry', (entry: { type: string; id?: string }) => {
    if (entry.type === 'worksheet') current = String(entry.id);
  });
  try {
    for await (const worksheet of reader as unknown as AsyncIterable<StreamedSheet>) {
      if (current !== wanted) continue;
      const date1904 = Boolean((reader as unknown as { properties?: WorkbookProperties }).properties?.model?.date1904);
      return { rows: worksheet, date1904, close };
    }
  } catch (error) {
    close();
    throw error;
  }
  close();
  return { rows: null, date1904: false, close };
}

/** Parts exceljs reads before a sheet: relationships, the workbook (sheet names, 1904 dates), shared strings, styles. */
const BEFORE_SHEET = ['_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];

type Span = Readonly<{ start: number; end: number }>;

/**
 * The byte ranges of the zip to hand exceljs: the parts it needs before a sheet, then the one sheet,
 * then the central directory. Excel (and exceljs' writer) store the sheets before the shared strings
 * and styles, and exceljs then inflates the whole sheet into a temp file and reads it back, even
 * when only its first rows are wanted (inspect). Each local entry is passed on unchanged (header,
 * data, data descriptor), so exceljs' streaming unzip reads the same bytes, in a better order.
 * Null when the layout is anything but plain (then the file is streamed as it is).
 */
export function orderedParts(file: string, part: string): { spans: Span[]; hasSharedStrings: boolean } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const { entries, directoryOffset } = readZipLayout(fd, size);
    const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
    const span = new Map<string, Span>();
    const header = Buffer.alloc(4);
    for (let i = 0; i < byOffset.length; i++) {
      const entry = byOffset[i]!;
      const end = i + 1 < byOffset.length ? byOffset[i + 1]!.localOffset : directoryOffset;
      if (end <= entry.localOffset || span.has(entry.name)) return null;
      if (fs.readSync(fd, header, 0, 4, entry.localOffset) !== 4 || header.readUInt32LE(0) !== 0x04034b50) return null;
      span.set(entry.name, { start: entry.localOffset, end });
    }
    const sheet = span.get(part);
    if (!sheet || directoryOffset > size) return null;
    const spans: Span[] = [];
    for (const name of BEFORE_SHEET) {
      const found = span.get(name);
      if (found) spans.push(found);
    }
    spans.push(sheet, { start: directoryOffset, end: size });
    return { spans, hasSharedStrings: span.has('xl/sharedStrings.xml') };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

async function* streamSpans(file: string, spans: readonly Span[]): AsyncGenerator<Buffer> {
  for (const { start, end } of spans) {
    if (end <= start) continue;
    for await (const chunk of fs.createReadStream(file, { start, end: end - 1 })) yield chunk as Buffer;
  }
}

/** The Excel number format of a cell ('' when none), to tell a date-formatted formula result from a number. */
export function numFmtOf(row: SheetRow, column: number): string {
  return row.getCell(column).numFmt ?? '';
}

/** Same test exceljs applies to plain cells: a format with day, month, year or time letters outside quotes. */
export function isDateFormat(format: string): boolean {
  if (format === '') return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}
