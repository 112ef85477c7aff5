// First look at a workbook: its sheets, the sheet to use (the first with data unless the admin picked
// one), the header row among the first 30 rows, the column mapping (remembered or automatic) and a
// few sample rows. Reads only the start of the sheet and stops.
import type { ImportInspection } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import type { ImportKind } from '../../../../shared/import.js';
import { displayOf, scalarOf } from './cell-values.js';
import { autoMapping, HEADER_SCAN_ROWS, missingRequired, pickHeaderRow, recallMapping } from './header-mapping.js';
import { openSheet } from './sheet-reader.js';
import { inspectWorkbookFile, type WorkbookSheet } from './workbook-file.js';

/** Data rows shown under the header in the mapping step. */
export const SAMPLE_ROWS = 5;

export type InspectInput = Readonly<{ path: string; fileId: string; fileName: string; kind: ImportKind; sheet?: string; headerRow?: number; mappingsFile: string }>;

type ScannedRow = { number: number; cells: string[] };

const cellsOf = (values: unknown[]) => {
  const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => displayOf(scalarOf(values[i + 1])));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
};

/** The first rows of a sheet up to `lastRow` (non-empty rows only), stopping the stream there. */
async function scanSheet(file: string, sheet: WorkbookSheet, lastRow: number): Promise<ScannedRow[]> {
  const rows: ScannedRow[] = [];
  const stream = await openSheet(file, sheet);
  try {
    for await (const row of stream.rows ?? []) {
      if (row.number > lastRow) break;
      const cells = cellsOf(row.values as unknown[]);
      if (cells.length > 0) rows.push({ number: row.number, cells });
    }
  } finally {
    stream.close();
  }
  return rows;
}

export async function inspectWorkbook(input: InspectInput): Promise<ImportInspection> {
  const sheets = inspectWorkbookFile(input.path);
  const names = sheets.map((s) => s.name);
  let sheet: string;
  let scanned: ScannedRow[];
  const lastRow = (input.headerRow ?? HEADER_SCAN_ROWS) + SAMPLE_ROWS;
  if (input.sheet !== undefined) {
    if (!names.includes(input.sheet)) throw new AppError('VALIDATION', `The workbook has no sheet called '${input.sheet}'. Its sheets: ${names.join(', ')}.`);
    sheet = input.sheet;
    scanned = await scanSheet(input.path, sheets.find((s) => s.name === sheet)!, lastRow);
  } else {
    // The first visible sheet with data; several sheets are read only until one has rows.
    const ordered = [...sheets.filter((s) => !s.hidden), ...sheets.filter((s) => s.hidden)];
    sheet = ordered[0]!.name;
    scanned = [];
    for (const candidate of ordered) {
      const rows = await scanSheet(input.path, candidate, lastRow);
      if (rows.length > 0) {
        sheet = candidate.name;
        scanned = rows;
        break;
      }
    }
  }
  if (scanned.length === 0) throw new AppError('VALIDATION', sheets.length > 1 && input.sheet === undefined ? 'Every sheet of the workbook is empty.' : `The sheet '${sheet}' is empty.`);

  const headerRow = input.headerRow ?? pickHeaderRow(input.kind, scanned.filter((r) => r.number <= HEADER_SCAN_ROWS)) ?? scanned[0]!.number;
  const headers = scanned.find((r) => r.number === headerRow)?.cells ?? [];
  const remembered = recallMapping(input.mappingsFile, input.kind, headers);
  const mapping = remembered ?? autoMapping(input.kind, headers);
  const sample = scanned
    .filter((r) => r.number > headerRow)
    .slice(0, SAMPLE_ROWS)
    .map((r) => headers.map((_, i) => r.cells[i] ?? ''));
  return {
    fileId: input.fileId,
    fileName: input.fileName,
    kind: input.kind,
    sheets: names,
    sheet,
    headerRow,
    headers,
    mapping,
    mappingRemembered: remembered !== null,
    missingRequired: missingRequired(input.kind, mapping),
    sample,
  };
}

/** Checks a file is a readable xlsx (see workbook-file.ts for what is refused and why). */
export async function checkWorkbookFile(file: string): Promise<void> {
  inspectWorkbookFile(file);
  return Promise.resolve();
}
