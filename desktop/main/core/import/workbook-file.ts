// Checks a file before exceljs sees it: is it an xlsx at all (or a renamed CSV, a PDF, an old .xls, a
// password-protected workbook), is the zip intact, and could it be a zip bomb. Reads the zip's central
// directory itself (no extra package), which also gives the sheet names without streaming the sheets.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { AppError } from '../../../../shared/errors.js';

/** Everything inflated may be at most this big (a 1,000,000-row sheet is far below it). */
export const ZIP_MAX_TOTAL_BYTES = 2 * 1024 ** 3;
/** An entry that inflates more than this many times its stored size is treated as a bomb. */
export const ZIP_MAX_RATIO = 200;
/** Entries smaller than this are not ratio-checked: a tiny XML part may compress very well. */
const RATIO_MIN_BYTES = 64 * 1024;

export type ZipEntry = Readonly<{ name: string; method: number; compressedSize: number; size: number; localOffset: number }>;

const invalid = (message: string, details?: Record<string, unknown>) => new AppError('VALIDATION', message, details);

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = fs.readSync(fd, buffer, 0, length, position);
  return read === length ? buffer : buffer.subarray(0, read);
}

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/** True when an OLE compound file holds an `EncryptedPackage` stream (how Office stores a password-protected xlsx). */
function cfbHasEncryptedPackage(fd: number, size: number): boolean {
  const chunk = 1024 * 1024;
  for (let position = 0; position < size; position += chunk - ENCRYPTED_PACKAGE.length) {
    if (readAt(fd, position, chunk).includes(ENCRYPTED_PACKAGE)) return true;
  }
  return false;
}

/** What a file that is not a zip looks like, for the message. */
function describeNonZip(head: Buffer): string {
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'This file is a PDF, not an Excel workbook. Export the data to Excel (.xlsx) and import that file.';
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const lower = text.trimStart().slice(0, 200).toLowerCase();
  if (lower.startsWith('<html') || lower.startsWith('<!doctype html') || lower.includes('<table')) {
    return 'This file is a web page (HTML) saved with an Excel name, not a real workbook. Open it in Excel and save it as an Excel Workbook (.xlsx).';
  }
  if (lower.startsWith('<?xml')) return 'This file is XML (perhaps an Excel 2003 XML spreadsheet), not an .xlsx workbook. Open it in Excel and save it as an Excel Workbook (.xlsx).';
  // eslint-disable-next-line no-control-regex
  const printable = text.length > 0 && (text.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0) / text.length < 0.01;
  if (printable) {
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    if (/[,;\t]/.test(firstLine)) return 'This file is a CSV (text) file renamed to .xlsx, not an Excel workbook. Open it in Excel and save it as an Excel Workbook (.xlsx).';
    return 'This file is plain text, not an Excel workbook. Open it in Excel and save it as an Excel Workbook (.xlsx).';
  }
  return 'This file is not an Excel workbook (.xlsx). Save the data from Excel as an Excel Workbook (.xlsx) and import that file.';
}

function findEndOfCentralDirectory(fd: number, size: number): { tail: Buffer; at: number; tailStart: number } {
  const tailLength = Math.min(size, 22 + 65535);
  const tailStart = size - tailLength;
  const tail = readAt(fd, tailStart, tailLength);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) return { tail, at: i, tailStart };
  }
  throw invalid('The workbook is damaged (its zip directory is missing). Open it in Excel, save it again, and import the saved file.');
}

/** The zip's entries from its central directory (zip64 aware); throws VALIDATION when it is damaged. */
export function readZipDirectory(fd: number, size: number): ZipEntry[] {
  return readZipLayout(fd, size).entries;
}

/** The entries and where the central directory starts (the end of the last entry's bytes). */
export function readZipLayout(fd: number, size: number): { entries: ZipEntry[]; directoryOffset: number } {
  const damaged = () => invalid('The workbook is damaged (its zip directory cannot be read). Open it in Excel, save it again, and import the saved file.');
  const { tail, at, tailStart } = findEndOfCentralDirectory(fd, size);
  let count = tail.readUInt16LE(at + 10);
  let directorySize = tail.readUInt32LE(at + 12);
  let directoryOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = at - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== 0x07064b50) throw damaged();
    const zip64At = Number(tail.readBigUInt64LE(locatorAt + 8));
    const zip64 = readAt(fd, zip64At, 56);
    if (zip64.length < 56 || zip64.readUInt32LE(0) !== 0x06064b50) throw damaged();
    count = Number(zip64.readBigUInt64LE(32));
    directorySize = Number(zip64.readBigUInt64LE(40));
    directoryOffset = Number(zip64.readBigUInt64LE(48));
  }
  if (directoryOffset + directorySize > tailStart + at || directorySize > 256 * 1024 * 1024) throw damaged();
  const directory = readAt(fd, directoryOffset, directorySize);
  if (directory.length !== directorySize) throw damaged();
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== 0x02014b50) throw damaged();
    const method = directory.readUInt16LE(p + 10);
    let compressedSize = directory.readUInt32LE(p + 20);
    let uncompressed = directory.readUInt32LE(p + 24);
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    let localOffset = directory.readUInt32LE(p + 42);
    const name = directory.toString('utf8', p + 46, p + 46 + nameLength);
    // Zip64 sizes live in extra field 0x0001, in this order, only for the fields set to 0xffffffff.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = directory.readUInt16LE(e);
      const length = directory.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressed === 0xffffffff && q + 8 <= e + 4 + length) {
          uncompressed = Number(directory.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + length) {
          compressedSize = Number(directory.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + length) localOffset = Number(directory.readBigUInt64LE(q));
      }
      e += 4 + length;
    }
    entries.push({ name, method, compressedSize, size: uncompressed, localOffset });
    p = extraEnd + commentLength;
  }
  return { entries, directoryOffset };
}

/** Inflates one (small) entry, e.g. xl/workbook.xml; refuses entries over `maxBytes`. */
export function readZipEntry(fd: number, entry: ZipEntry, maxBytes = 16 * 1024 * 1024): Buffer {
  if (entry.size > maxBytes) throw invalid(`The workbook part ${entry.name} is too large to read.`);
  const header = readAt(fd, entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw invalid('The workbook is damaged (a zip entry header is broken). Open it in Excel, save it again, and import the saved file.');
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = readAt(fd, start, entry.compressedSize);
  try {
    if (entry.method === 0) return data;
    if (entry.method === 8) return zlib.inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    throw invalid('The workbook is damaged (a zip entry cannot be inflated). Open it in Excel, save it again, and import the saved file.');
  }
  throw invalid(`The workbook uses a zip compression Lamphouse cannot read (method ${entry.method}). Save it again from Excel.`);
}

export type WorkbookSheet = Readonly<{ name: string; /** e.g. xl/worksheets/sheet1.xml */ part: string; hidden: boolean }>;

const xmlDecode = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return named[e.toLowerCase()] ?? m;
  });
const attribute = (tag: string, name: string): string | null => {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return match ? xmlDecode(match[2] ?? match[3] ?? '') : null;
};

/** Sheets in workbook order with their zip parts, read from xl/workbook.xml and its relationships. */
function listSheets(fd: number, entries: readonly ZipEntry[]): WorkbookSheet[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbook = byName.get('xl/workbook.xml');
  if (!workbook) return [];
  const xml = readZipEntry(fd, workbook).toString('utf8');
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  if (relsEntry) {
    for (const match of readZipEntry(fd, relsEntry).toString('utf8').matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
      const id = attribute(match[1]!, 'Id');
      const target = attribute(match[1]!, 'Target');
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
  }
  const sheets: WorkbookSheet[] = [];
  for (const match of xml.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
    const name = attribute(match[1]!, 'name');
    const rId = attribute(match[1]!, 'r:id') ?? attribute(match[1]!, '[\\w]+:id');
    if (name === null) continue;
    const part = (rId && targets.get(rId)) ?? '';
    sheets.push({ name, part: part.replace(/^xl\/\.\.\//, ''), hidden: (attribute(match[1]!, 'state') ?? 'visible') !== 'visible' });
  }
  return sheets;
}

/**
 * Throws AppError('VALIDATION') with a message a person can act on when the file is not a readable
 * xlsx; returns its sheets (workbook order) otherwise.
 */
export function inspectWorkbookFile(file: string): WorkbookSheet[] {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', 'The uploaded file is no longer there; choose it again.');
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) throw invalid('The file is empty.');
    const head = readAt(fd, 0, 4096);
    if (head.subarray(0, 8).equals(CFB_MAGIC)) {
      if (cfbHasEncryptedPackage(fd, size)) throw invalid('This workbook is protected with a password. Open it in Excel, remove the password (File > Info > Protect Workbook), save it, and import it again.');
      throw invalid('This is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it as an Excel Workbook (.xlsx), then import that file.');
    }
    if (head.readUInt32LE(0) !== 0x04034b50 && head.readUInt32LE(0) !== 0x06054b50) throw invalid(describeNonZip(head));
    const entries = readZipDirectory(fd, size);
    let total = 0;
    for (const entry of entries) {
      total += entry.size;
      const ratio = entry.compressedSize === 0 ? (entry.size === 0 ? 0 : Infinity) : entry.size / entry.compressedSize;
      if (entry.size >= RATIO_MIN_BYTES && ratio > ZIP_MAX_RATIO) {
        throw invalid(`The workbook looks like a zip bomb: ${entry.name} would expand ${Number.isFinite(ratio) ? `${Math.round(ratio)} times` : 'without limit'} (at most ${ZIP_MAX_RATIO} allowed). It was not read.`, { entry: entry.name });
      }
    }
    if (total > ZIP_MAX_TOTAL_BYTES) throw invalid(`The workbook would expand to ${(total / 1024 ** 3).toFixed(1)} GiB (at most 2 GiB allowed). It was not read; split the data into smaller files.`);
    const names = new Set(entries.map((e) => e.name));
    if (!names.has('xl/workbook.xml')) {
      if (names.has('mimetype') && names.has('content.xml')) throw invalid('This is an OpenDocument spreadsheet (.ods). Open it and save it as an Excel Workbook (.xlsx), then import that file.');
      if (names.has('word/document.xml')) throw invalid('This is a Word document, not an Excel workbook.');
      throw invalid('This zip file is not an Excel workbook (.xlsx).');
    }
    const sheets = listSheets(fd, entries).filter((s) => names.has(s.part));
    if (sheets.length === 0) throw invalid('The workbook has no worksheets.');
    return sheets;
  } finally {
    fs.closeSync(fd);
  }
}
