// Saves an email attachment fetched from the hub into the exports folder, under a safe file name
// (the sender chose the original, so it is reduced to letters, digits, dot, dash and underscore,
// which the browser shell serves and Electron can reveal). Written to `.part` and renamed, so a
// failure never leaves a file that looks complete.
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedFile } from '../../../shared/console-api.js';
import type { HubDownload } from './hub-http.js';

/** Longest saved name; file systems allow 255 bytes, and the -N suffix needs room. */
const MAX_NAME = 120;

/** A name safe on every file system and in a URL or header: [A-Za-z0-9._-], not hidden, not `.part`. */
export function safeFileName(original: string | null, fallback: string): string {
  const base = (original ?? '').split(/[\\/]/).pop() ?? '';
  const clean = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/_+/g, '_');
  const ext = clean(path.extname(base)).slice(0, 16);
  let stem = clean(base.slice(0, base.length - path.extname(base).length)).replace(/^[._-]+/, '');
  if (!/[A-Za-z0-9]/.test(stem)) stem = fallback;
  // A name ending in .part would look like an unfinished download (and the shell refuses those).
  let name = `${stem.slice(0, MAX_NAME - ext.length)}${/^\.[A-Za-z0-9]+$/.test(ext) ? ext : ''}`;
  if (/\.part$/i.test(name)) name = `${name.slice(0, -5)}_part`;
  return name;
}

function freeName(dir: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? name : `${stem}-${n}${ext}`;
    if (!fs.existsSync(path.join(dir, candidate)) && !fs.existsSync(path.join(dir, `${candidate}.part`))) return candidate;
  }
}

export function saveAttachment(exportsDir: string, attachmentId: string, download: HubDownload): ExportedFile {
  fs.mkdirSync(exportsDir, { recursive: true });
  const fileName = freeName(exportsDir, safeFileName(download.fileName, `attachment-${attachmentId.slice(-12)}`));
  const finalPath = path.join(exportsDir, fileName);
  const partPath = `${finalPath}.part`;
  try {
    fs.writeFileSync(partPath, download.bytes, { flag: 'wx' });
    fs.renameSync(partPath, finalPath);
  } catch (error) {
    fs.rmSync(partPath, { force: true });
    throw error;
  }
  return { fileName, path: finalPath, rows: 0, bytes: download.bytes.length };
}
