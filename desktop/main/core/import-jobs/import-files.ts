// Workbooks handed to the core for import (uploaded by the browser shell, or chosen in Electron's
// open dialog) live in `<dataDir>/imports/files/<uuid>.xlsx` with a `<uuid>.json` note of the name
// the person gave it, so a file id survives a restart. Bytes arrive through a `.part` file and are
// checked before the id is handed out; files older than a week are removed.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFileRef } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import { IMPORT_UPLOAD_MAX_BYTES } from '../../../../shared/ipc.js';
import { readJsonFile, writeJsonAtomic } from '../atomic-file.js';

/** Uploaded workbooks are kept this long (a person may dry-run today and commit tomorrow). */
export const IMPORT_FILE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type StoredImportFile = ImportFileRef & Readonly<{ path: string; receivedAt: string }>;

export type ImportFileStore = Readonly<{
  dir: string;
  /**
   * Streams bytes into a new file; over `maxBytes` → PAYLOAD_TOO_LARGE, a file that is no workbook →
   * the check's VALIDATION error. Either way nothing is left behind.
   */
  receive(source: AsyncIterable<Uint8Array>, fileName: string, maxBytes?: number): Promise<ImportFileRef>;
  /** Copies a file the person chose on this machine (Electron's open dialog). */
  register(sourcePath: string): Promise<ImportFileRef>;
  get(fileId: string): StoredImportFile;
  /** Removes files older than IMPORT_FILE_MAX_AGE_MS and stray `.part` files; returns how many. */
  cleanOld(now?: Date): number;
}>;

export type ImportFileStoreOptions = Readonly<{
  dataDir: string;
  /** Throws an AppError saying what is wrong with the file (checkWorkbookFile). */
  check(file: string): Promise<void>;
}>;

/** The name as the person gave it, for messages and the job list: no folders, no control characters. */
export function displayFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean || 'workbook.xlsx';
}

export function importFilesDir(dataDir: string): string {
  return path.join(dataDir, 'imports', 'files');
}

export function createImportFileStore(options: ImportFileStoreOptions): ImportFileStore {
  const dir = importFilesDir(options.dataDir);
  const fileOf = (id: string) => path.join(dir, `${id}.xlsx`);
  const noteOf = (id: string) => path.join(dir, `${id}.json`);

  async function finish(id: string, partPath: string, fileName: string, bytes: number): Promise<ImportFileRef> {
    try {
      await options.check(partPath);
    } catch (error) {
      fs.rmSync(partPath, { force: true });
      throw error;
    }
    fs.renameSync(partPath, fileOf(id));
    const ref: ImportFileRef = { fileId: id, fileName, bytes };
    writeJsonAtomic(noteOf(id), { ...ref, receivedAt: new Date().toISOString() });
    return ref;
  }

  // A console may run for weeks: old files are also swept on an upload, at most once an hour.
  let sweptAt = 0;
  const store: ImportFileStore = {
    dir,
    async receive(source, rawName, maxBytes = IMPORT_UPLOAD_MAX_BYTES) {
      if (Date.now() - sweptAt > 60 * 60 * 1000) {
        sweptAt = Date.now();
        store.cleanOld();
      }
      fs.mkdirSync(dir, { recursive: true });
      const id = randomUUID();
      const partPath = `${fileOf(id)}.part`;
      const out = fs.createWriteStream(partPath, { flags: 'wx' });
      let bytes = 0;
      try {
        for await (const chunk of source) {
          bytes += chunk.byteLength;
          if (bytes > maxBytes) {
            throw new AppError('PAYLOAD_TOO_LARGE', `The workbook is larger than ${Math.round(maxBytes / (1024 * 1024))} MB. Split it into smaller files.`, { maxBytes });
          }
          if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
            out.once('drain', resolve);
            out.once('error', reject);
          });
        }
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      } catch (error) {
        out.destroy();
        fs.rmSync(partPath, { force: true });
        throw error;
      }
      if (bytes === 0) {
        fs.rmSync(partPath, { force: true });
        throw new AppError('VALIDATION', 'The file is empty. Choose an Excel workbook (.xlsx).');
      }
      return finish(id, partPath, displayFileName(rawName), bytes);
    },
    async register(sourcePath) {
      // A picked file gets the same size limit as an upload, checked before anything is copied.
      const size = (await fs.promises.stat(sourcePath)).size;
      if (size > IMPORT_UPLOAD_MAX_BYTES) {
        throw new AppError('PAYLOAD_TOO_LARGE', `The workbook is larger than ${Math.round(IMPORT_UPLOAD_MAX_BYTES / (1024 * 1024))} MB. Split it into smaller files.`, { maxBytes: IMPORT_UPLOAD_MAX_BYTES });
      }
      fs.mkdirSync(dir, { recursive: true });
      const id = randomUUID();
      const partPath = `${fileOf(id)}.part`;
      await fs.promises.copyFile(sourcePath, partPath);
      const bytes = (await fs.promises.stat(partPath)).size;
      return finish(id, partPath, displayFileName(sourcePath), bytes);
    },
    get(fileId) {
      const note = ID.test(fileId) ? (readJsonFile(noteOf(fileId)) as { fileName?: unknown; bytes?: unknown; receivedAt?: unknown } | null) : null;
      const file = fileOf(fileId);
      if (!note || typeof note.fileName !== 'string' || !fs.existsSync(file)) {
        throw new AppError('NOT_FOUND', 'That workbook is no longer on this console (files are kept for a week). Choose it again.');
      }
      return {
        fileId,
        fileName: note.fileName,
        bytes: typeof note.bytes === 'number' ? note.bytes : fs.statSync(file).size,
        receivedAt: typeof note.receivedAt === 'string' ? note.receivedAt : '',
        path: file,
      };
    },
    cleanOld(now = new Date()) {
      let removed = 0;
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch {
        return 0;
      }
      for (const name of names) {
        const full = path.join(dir, name);
        let mtime: number;
        try {
          mtime = fs.statSync(full).mtimeMs;
        } catch {
          continue;
        }
        // A `.part` file older than an hour is an upload that died with its process.
        const limit = name.endsWith('.part') || name.endsWith('.tmp') ? 60 * 60 * 1000 : IMPORT_FILE_MAX_AGE_MS;
        if (now.getTime() - mtime > limit) {
          fs.rmSync(full, { force: true });
          if (name.endsWith('.xlsx')) removed += 1;
        }
      }
      return removed;
    },
  };
  return store;
}
