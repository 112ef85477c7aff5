// The import file store: ids that survive a restart, files chosen on disk, a week's retention, and
// the throttled progress reporter every long operation uses.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_UPLOAD_MAX_BYTES } from '../../../../shared/ipc.js';
import type { ImportProgress } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import { tempDataDir } from '../testing/fixtures.js';
import { createImportFileStore, displayFileName, importFilesDir, IMPORT_FILE_MAX_AGE_MS } from './import-files.js';
import { createOperationRegistry, createProgressReporter } from './operations.js';

const okCheck = async () => undefined;

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield Buffer.from(p);
}

describe('import file store', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const dataDir = () => {
    const d = tempDataDir();
    dirs.push(d);
    return d;
  };

  it('keeps a received file under its id across a restart, and registers a file chosen on disk', async () => {
    const dir = dataDir();
    const ref = await createImportFileStore({ dataDir: dir, check: okCheck }).receive(chunks('PK', 'rest'), '../../etc/base.xlsx');
    expect(ref).toMatchObject({ fileName: 'base.xlsx', bytes: 6 });
    const again = createImportFileStore({ dataDir: dir, check: okCheck });
    expect(again.get(ref.fileId)).toMatchObject({ fileId: ref.fileId, fileName: 'base.xlsx', bytes: 6, path: path.join(importFilesDir(dir), `${ref.fileId}.xlsx`) });
    const source = path.join(dir, 'Chosen.xlsx');
    fs.writeFileSync(source, 'PKchosen');
    const chosen = await again.register(source);
    expect(chosen).toMatchObject({ fileName: 'Chosen.xlsx', bytes: 8 });
    expect(fs.readFileSync(again.get(chosen.fileId).path, 'utf8')).toBe('PKchosen');
    expect(() => again.get('../../cache')).toThrow(AppError);
    expect(() => again.get('01900000-0000-7000-8000-000000000000')).toThrow(/no longer on this console/);
  });

  it('refuses a chosen file over the upload limit before copying it', async () => {
    const dir = dataDir();
    const store = createImportFileStore({ dataDir: dir, check: okCheck });
    const source = path.join(dir, 'Huge.xlsx');
    // A sparse file: the size is what counts, no disk is used.
    fs.closeSync(fs.openSync(source, 'w'));
    fs.truncateSync(source, IMPORT_UPLOAD_MAX_BYTES + 1);
    await expect(store.register(source)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(fs.existsSync(importFilesDir(dir)) ? fs.readdirSync(importFilesDir(dir)) : []).toEqual([]);
  });

  it('deletes a file the check refuses, and files older than a week', async () => {
    const dir = dataDir();
    const store = createImportFileStore({ dataDir: dir, check: async () => Promise.reject(new AppError('VALIDATION', 'Not a workbook.')) });
    await expect(store.receive(chunks('hello'), 'a.xlsx')).rejects.toThrow('Not a workbook.');
    expect(fs.readdirSync(importFilesDir(dir))).toEqual([]);

    const keep = createImportFileStore({ dataDir: dir, check: okCheck });
    const old = await keep.receive(chunks('PK1'), 'old.xlsx');
    const fresh = await keep.receive(chunks('PK2'), 'fresh.xlsx');
    const past = new Date(Date.now() - IMPORT_FILE_MAX_AGE_MS - 60_000);
    fs.utimesSync(keep.get(old.fileId).path, past, past);
    fs.utimesSync(path.join(importFilesDir(dir), `${old.fileId}.json`), past, past);
    expect(keep.cleanOld()).toBe(1);
    expect(() => keep.get(old.fileId)).toThrow(AppError);
    expect(keep.get(fresh.fileId).fileName).toBe('fresh.xlsx');
  });

  it('cleans display names', () => {
    expect(displayFileName('C:\\x\\Base\u0007.xlsx')).toBe('Base.xlsx');
    expect(displayFileName('   ')).toBe('workbook.xlsx');
  });
});

describe('progress and operations', () => {
  it('reports at most five times a second, always on a stage change or when forced, with rate and time left', () => {
    let now = 0;
    const out: ImportProgress[] = [];
    const reporter = createProgressReporter('op', (p) => out.push(p), () => now);
    reporter.report('reading', 0, 1000);
    for (let i = 1; i <= 100; i += 1) {
      now = i * 10;
      reporter.report('reading', i * 5, 1000);
    }
    // One second: the first event plus one per 200 ms.
    expect(out.length).toBe(6);
    expect(out.at(-1)).toMatchObject({ stage: 'reading', done: 500, total: 1000, rowsPerSecond: 500, etaSeconds: 1 });
    reporter.report('validating', 0, null);
    expect(out.at(-1)).toMatchObject({ stage: 'validating', total: null, etaSeconds: null });
  });

  it('runs one operation per id and cancels it by id', async () => {
    const registry = createOperationRegistry(() => undefined);
    let seen: AbortSignal | null = null;
    const running = registry.run('a', async (op) => {
      seen = op.signal;
      await new Promise<void>((resolve) => op.signal.addEventListener('abort', () => resolve()));
      return 'stopped';
    });
    await expect(registry.run('a', async () => 'twice')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(registry.cancel('a')).toBe(true);
    expect(await running).toBe('stopped');
    expect(seen!.aborted).toBe(true);
    expect(registry.cancel('a')).toBe(false);
    expect(registry.running()).toBe(0);
  });
});
