// Saving an attachment: the sender's file name reduced to a safe one (what the browser shell serves),
// never overwriting, never leaving a partial file.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { safeFileName, saveAttachment } from './attachment-save.js';
import { dispositionFileName } from './hub-http.js';
import { tempDataDir } from './testing/fixtures.js';

describe('safeFileName', () => {
  it('keeps letters, digits, dot, dash and underscore, drops paths, accents and leading dots', () => {
    expect(safeFileName('report.pdf', 'x')).toBe('report.pdf');
    expect(safeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeFileName('C:\\Users\\dana\\Fehler Protokoll (März).pdf', 'x')).toBe('Fehler_Protokoll_Marz_.pdf');
    expect(safeFileName('.htaccess', 'x')).toBe('htaccess');
    expect(safeFileName('photo.jpg.part', 'x')).toBe('photo.jpg_part');
    expect(safeFileName('日本語.txt', 'attachment-1')).toBe('attachment-1.txt');
    expect(safeFileName('archive.tar.gz', 'x')).toBe('archive.tar.gz');
    expect(safeFileName('weird.p?f', 'x')).toBe('weird');
    expect(safeFileName('???', 'attachment-1')).toBe('attachment-1');
    expect(safeFileName(null, 'attachment-1')).toBe('attachment-1');
    const long = safeFileName(`${'a'.repeat(300)}.xlsx`, 'x');
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('.xlsx')).toBe(true);
  });
});

describe('dispositionFileName', () => {
  it('prefers filename* (RFC 5987) and unquotes filename', () => {
    expect(dispositionFileName(`attachment; filename="a.bin"; filename*=UTF-8''M%C3%A4rz%20log.txt`)).toBe('März log.txt');
    expect(dispositionFileName('attachment; filename="say \\"hi\\".txt"')).toBe('say "hi".txt');
    expect(dispositionFileName('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(dispositionFileName('attachment')).toBeNull();
    expect(dispositionFileName(null)).toBeNull();
  });
});

describe('saveAttachment', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the bytes under a free name and leaves no .part file', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const exportsDir = path.join(dir, 'exports');
    const bytes = Buffer.from('hello');
    const a = saveAttachment(exportsDir, '01900000-0000-7000-8000-0000000a77a1', { bytes, contentType: 'text/plain', fileName: 'notes.txt' });
    const b = saveAttachment(exportsDir, '01900000-0000-7000-8000-0000000a77a1', { bytes, contentType: 'text/plain', fileName: 'notes.txt' });
    expect([a.fileName, b.fileName]).toEqual(['notes.txt', 'notes-2.txt']);
    expect(fs.readFileSync(b.path, 'utf8')).toBe('hello');
    expect(fs.readdirSync(exportsDir).sort()).toEqual(['notes-2.txt', 'notes.txt']);
    const unnamed = saveAttachment(exportsDir, '01900000-0000-7000-8000-0000000a77a1', { bytes, contentType: 'text/plain', fileName: null });
    expect(unnamed.fileName).toBe('attachment-0000000a77a1');
  });
});
