// The bench's workbooks: a projector installed base of N rows written with exceljs' streaming
// writer (sites and customers that exist in the demo data, so rows resolve without creating any),
// and the floor: a bare exceljs streaming read of the same file touching every cell value.
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../shared/import.js';

export type SiteRef = Readonly<{ name: string; customerCode: string; region: string }>;

export async function writeProjectorWorkbook(path: string, rows: number, sites: readonly SiteRef[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('Installed base');
  const columns = IMPORT_COLUMNS.projectors;
  sheet.columns = columns.map((column) => ({ header: column.label, key: column.key, width: 18 }));
  const day = (base: number, i: number) => new Date(Date.UTC(base + (i % 6), i % 12, 1 + (i % 28)));
  for (let i = 0; i < rows; i++) {
    const site = sites[i % sites.length]!;
    sheet
      .addRow({
        serial: `IMP-${String(i).padStart(9, '0')}`,
        model: ['DP4K-32B', 'CP4440-RGB', 'NC1402L', 'SRX-R815P'][i % 4],
        manufacturer: ['Barco', 'Christie', 'NEC', 'Sony'][i % 4],
        siteName: site.name,
        customerName: '',
        customerCode: site.customerCode,
        siteRegion: site.region,
        installDate: day(2018, i),
        warrantyStart: day(2018, i),
        warrantyEnd: day(2023, i),
        contractEnd: i % 3 === 0 ? null : day(2027, i),
      })
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** The floor: exceljs streaming every row of every sheet and reading each cell's value. */
export async function bareStreamingRead(path: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.value !== undefined) cells++;
      });
    }
  }
  return cells;
}
