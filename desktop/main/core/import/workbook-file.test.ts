import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.js';
import { checkWorkbookFile } from './index.js';
import { inspectWorkbookFile } from './workbook-file.js';
import { tempDir, writeWithOpenpyxl } from './testing/import-fixtures.js';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function refusal(file: string): Promise<string> {
  const error = await checkWorkbookFile(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION');
  return (error as AppError).message;
}

const write = (name: string, data: Buffer | string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};

/** A minimal zip (stored or deflated entries) with a correct central directory. */
function zip(entries: readonly { name: string; data: Buffer; deflate?: boolean; claimSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const body = entry.deflate ? zlib.deflateRawSync(entry.data) : entry.data;
    const name = Buffer.from(entry.name);
    const size = entry.claimSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('checkWorkbookFile', () => {
  it('accepts workbooks from exceljs and openpyxl and lists their sheets in order', async () => {
    const fromExceljs = path.join(dir, 'a.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('First').addRow(['x']);
    workbook.addWorksheet('Second');
    await workbook.xlsx.writeFile(fromExceljs);
    await expect(checkWorkbookFile(fromExceljs)).resolves.toBeUndefined();
    expect(inspectWorkbookFile(fromExceljs).map((s) => s.name)).toEqual(['First', 'Second']);

    const fromPython = path.join(dir, 'b.xlsx');
    writeWithOpenpyxl(fromPython, "wb = openpyxl.Workbook()\nwb.active.title = 'Données & co'\nwb.create_sheet('Zwei')\nwb.save(OUT)");
    expect(inspectWorkbookFile(fromPython)).toEqual([
      { name: 'Données & co', part: 'xl/worksheets/sheet1.xml', hidden: false },
      { name: 'Zwei', part: 'xl/worksheets/sheet2.xml', hidden: false },
    ]);
  });

  it('says what a file that is not an xlsx looks like', async () => {
    expect(await refusal(write('list.xlsx', 'Serial,Model,Site\nA-1,DP4K,Leeds\n'))).toMatch(/CSV \(text\) file renamed to \.xlsx/);
    expect(await refusal(write('scan.xlsx', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 0x80)])))).toMatch(/This file is a PDF/);
    expect(await refusal(write('page.xlsx', '<html><body><table><tr><td>1</td></tr></table></body></html>'))).toMatch(/web page \(HTML\)/);
    expect(await refusal(write('empty.xlsx', ''))).toBe('The file is empty.');
    expect(await refusal(write('noise.xlsx', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x00, 0x10])))).toMatch(/not an Excel workbook/);
  });

  it('tells a password-protected workbook from an old .xls', async () => {
    const cfb = (extra: Buffer) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), extra, Buffer.alloc(512)]);
    expect(await refusal(write('secret.xlsx', cfb(Buffer.from('EncryptedPackage', 'utf16le'))))).toMatch(/protected with a password/);
    expect(await refusal(write('old.xlsx', cfb(Buffer.from('Workbook', 'utf16le'))))).toMatch(/old Excel 97-2003 workbook \(\.xls\)/);
  });

  it('refuses a corrupt zip', async () => {
    const good = path.join(dir, 'good.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('S').addRow(['x']);
    await workbook.xlsx.writeFile(good);
    const bytes = fs.readFileSync(good);
    expect(await refusal(write('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2))))).toMatch(/damaged/);
    const mangled = Buffer.from(bytes);
    // Break the central directory's first entry signature.
    const at = mangled.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    mangled.fill(0, at, at + 4);
    expect(await refusal(write('mangled.xlsx', mangled))).toMatch(/damaged/);
  });

  it('refuses a zip bomb by ratio and by total size, without inflating it', async () => {
    const zeros = Buffer.alloc(100 * 1024 * 1024);
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros, deflate: true },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusal(write('bomb.xlsx', bomb))).toMatch(/zip bomb: xl\/worksheets\/sheet1\.xml would expand \d+ times/);

    // Many entries each within the ratio, claiming more than 2 GiB together.
    const big = Array.from({ length: 3 }, (_, i) => ({ name: `xl/media/image${i}.bin`, data: Buffer.alloc(8 * 1024 * 1024, 7), claimSize: 1024 * 1024 * 1024 }));
    const huge = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, ...big]);
    expect(await refusal(write('huge.xlsx', huge))).toMatch(/expand to 3\.0 GiB \(at most 2 GiB allowed\)/);
  });

  it('refuses a workbook without worksheets and a zip that is another document', async () => {
    expect(await refusal(write('nosheets.xlsx', zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets/></workbook>') }])))).toBe('The workbook has no worksheets.');
    expect(await refusal(write('doc.xlsx', zip([{ name: 'word/document.xml', data: Buffer.from('<w/>') }])))).toMatch(/Word document/);
    expect(await refusal(write('sheet.xlsx', zip([{ name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') }, { name: 'content.xml', data: Buffer.from('<x/>') }])))).toMatch(/OpenDocument/);
  });
});
