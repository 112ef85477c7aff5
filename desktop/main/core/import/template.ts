// The downloadable template of a kind: one column per import column (bold, frozen header), dates
// formatted as dates, the serial as Text, a region drop-down, and a Notes sheet explaining each column.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_COLUMNS, IMPORT_KIND_LABELS, type ImportColumnType, type ImportKind } from '../../../../shared/import.js';
import type { ImportDateFormat } from '../../../../shared/settings.js';

/** Rows of the data sheet that get the formats and drop-downs (Excel grows them as people type on). */
const TEMPLATE_ROWS = 5000;

const DATE_NUMFMT: Readonly<Record<ImportDateFormat, string>> = { DMY: 'dd/mm/yyyy', MDY: 'mm/dd/yyyy', YMD: 'yyyy-mm-dd' };
const DATE_TEXT: Readonly<Record<ImportDateFormat, string>> = { DMY: '31/01/2026', MDY: '01/31/2026', YMD: '2026/01/31' };

function formatNote(type: ImportColumnType, dateFormat: ImportDateFormat, regions: readonly string[]): string {
  const regionText = regions.length > 0 ? `one of: ${regions.join(', ')}` : 'one of the regions in Settings';
  switch (type) {
    case 'serial':
      return 'Text. The column is formatted as Text so Excel keeps leading zeros and long numbers exactly.';
    case 'date':
      return `A date: an Excel date, or text like ${DATE_TEXT[dateFormat]} or 2026-01-31.`;
    case 'email':
      return 'An email address, like name@example.com.';
    case 'phone':
      return 'A phone number: digits, spaces, +, -, ( ) and an extension.';
    case 'list':
      return 'Several values separated by commas, semicolons or line breaks.';
    case 'int':
      return 'A whole number.';
    case 'hours':
      return 'Days and hours, like "Mon-Fri 08:00-17:00, Sat 09:00-13:00" (days not named are off).';
    case 'region':
      return `A region, ${regionText} (pick from the list).`;
    case 'text':
      return 'Text.';
  }
}

export async function writeImportTemplate(kind: ImportKind, file: string, options: Readonly<{ regions: readonly string[]; dateFormat: ImportDateFormat }>): Promise<{ bytes: number }> {
  const columns = IMPORT_COLUMNS[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lamphouse';
  const sheet = workbook.addWorksheet(IMPORT_KIND_LABELS[kind].slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: Math.max(14, c.label.length + 4, c.type === 'hours' ? 36 : 0),
    style: c.type === 'date' ? { numFmt: DATE_NUMFMT[options.dateFormat] } : c.type === 'serial' ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    // The header itself stays plain text whatever the column's format.
    cell.numFmt = '@';
  });

  // Drop-down lists live on a hidden sheet: an inline list is limited to 255 characters.
  if (options.regions.length > 0) {
    const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
    lists.getCell('A1').value = 'Regions';
    options.regions.forEach((region, i) => {
      lists.getCell(`A${i + 2}`).value = region;
    });
    const listRange = `Lists!$A$2:$A$${options.regions.length + 1}`;
    columns.forEach((c, i) => {
      if (c.type !== 'region') return;
      const letter = sheet.getColumn(i + 1).letter;
      // Typed only on the non-streaming model's cells; the worksheet has it at runtime (range keys are written as sqref).
      (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
        type: 'list',
        allowBlank: !c.required,
        formulae: [listRange],
        showErrorMessage: true,
        errorStyle: 'error',
        errorTitle: 'Unknown region',
        error: 'Pick a region from the list.',
      });
    });
  }

  const notes = workbook.addWorksheet('Notes');
  notes.columns = [
    { header: 'Column', key: 'label', width: 24 },
    { header: 'Required', key: 'required', width: 10 },
    { header: 'What it means', key: 'note', width: 70 },
    { header: 'Format', key: 'format', width: 70 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) notes.addRow({ label: c.label, required: c.required ? 'Yes' : 'No', note: c.note, format: formatNote(c.type, options.dateFormat, options.regions) });
  notes.addRow({});
  notes.addRow({ label: 'Tip', note: 'Keep the header row as it is. Columns may be in any order; extra columns are ignored. Rows left empty are skipped.' });

  fs.mkdirSync(path.dirname(file), { recursive: true });
  await workbook.xlsx.writeFile(file);
  return { bytes: fs.statSync(file).size };
}
