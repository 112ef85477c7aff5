// Streams the rows of one worksheet with exceljs' WorkbookReader (memory stays bounded whatever the
// file's size); closing stops reading and closes the file. Styles are read so date-formatted numbers
// become Dates.
import ExcelJS from 'exceljs';
import fs from 'node:fs';

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
  const input = fs.createReadStream(file);
  const close = () => {
    input.destroy();
  };
  if (wanted === undefined) {
    close();
    return { rows: null, date1904: false, close };
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
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
