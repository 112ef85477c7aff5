// The browser shell's import upload endpoint on a real loopback server: the per-launch token, the
// Origin check, the size limit (declared or streamed: 413 with a clear message, nothing kept), a
// file that is no workbook (400 with the check's message, nothing kept), and a good upload landing
// in the imports folder under a new id.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { SHELL_IMPORTS_UPLOAD_PATH } from '../../../shared/ipc.js';
import { importFilesDir } from '../core/import-jobs/import-files.js';
import { startBrowserShell, type BrowserShell } from './browser-shell.js';
import { createInTestCore } from './testing/in-test-core.js';

const silent = { warn: () => undefined, error: () => undefined };
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The test's stand-in for checkWorkbookFile: a zip or a clear refusal. */
async function checkZip(file: string): Promise<void> {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(ZIP_MAGIC)) throw new AppError('VALIDATION', 'This file is not an Excel workbook (it looks like a CSV file). Save it as .xlsx and try again.');
}

type Answer = { status: number; json: { ok: boolean; value?: { fileId: string; fileName: string; bytes: number }; error?: { code: string; message: string } } | null };

/** POSTs `chunks` one after another (chunked when no length is declared), as a browser would stream a file. */
function post(port: number, query: string, chunks: readonly Buffer[], headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `${SHELL_IMPORTS_UPLOAD_PATH}?${query}`, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let json: Answer['json'] = null;
        try {
          json = JSON.parse(text) as Answer['json'];
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    // The server may close the connection while we still send (413): the answer has arrived first.
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('browser shell import upload', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  async function start(maxUploadBytes?: number): Promise<{ shell: BrowserShell; dataDir: string; files: () => string[] }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const core = createInTestCore({ dataDir, checkWorkbook: checkZip });
    const shell = await startBrowserShell({ core, staticDir: dataDir, port: 0, logger: silent, maxUploadBytes });
    cleanups.push(() => shell.close());
    const files = () => (fs.existsSync(importFilesDir(dataDir)) ? fs.readdirSync(importFilesDir(dataDir)).sort() : []);
    return { shell, dataDir, files };
  }

  const workbookBytes = (size: number) => Buffer.concat([ZIP_MAGIC, Buffer.alloc(size - 4, 7)]);

  it('stores a workbook under a new id with the name the person gave it', async () => {
    const { shell, files } = await start();
    const body = workbookBytes(300_000);
    const answer = await post(shell.port, `token=${shell.token}&name=${encodeURIComponent('C:\\Users\\ana\\Base 2026 (final).xlsx')}`, [body.subarray(0, 100_000), body.subarray(100_000)], { origin: `http://127.0.0.1:${shell.port}` });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ ok: true, value: { fileName: 'Base 2026 (final).xlsx', bytes: 300_000 } });
    const id = answer.json!.value!.fileId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(files()).toEqual([`${id}.json`, `${id}.xlsx`].sort());
  });

  it('refuses a missing or wrong token, and a page of another origin', async () => {
    const { shell, files } = await start();
    expect((await post(shell.port, 'name=a.xlsx', [workbookBytes(100)])).status).toBe(401);
    expect((await post(shell.port, `token=${shell.token}x&name=a.xlsx`, [workbookBytes(100)])).status).toBe(401);
    const foreign = await post(shell.port, `token=${shell.token}&name=a.xlsx`, [workbookBytes(100)], { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(files()).toEqual([]);
  });

  it('answers 413 with a clear message past the limit, declared or streamed, and keeps nothing', async () => {
    const { shell, files } = await start(64 * 1024);
    const declared = await post(shell.port, `token=${shell.token}&name=big.xlsx`, [workbookBytes(100 * 1024)], { 'content-length': String(100 * 1024) });
    expect(declared.status).toBe(413);
    expect(declared.json?.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('Split it into smaller files') });
    const body = workbookBytes(100 * 1024);
    const streamed = await post(shell.port, `token=${shell.token}&name=big.xlsx`, [body.subarray(0, 40_000), body.subarray(40_000)]);
    expect(streamed.status).toBe(413);
    expect(streamed.json?.error?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(files()).toEqual([]);
  });

  it('answers 400 with the check\'s message for a file that is no workbook, and deletes it', async () => {
    const { shell, files } = await start();
    const csv = await post(shell.port, `token=${shell.token}&name=base.xlsx`, [Buffer.from('serial,model\nA1,DP4K\n')]);
    expect(csv.status).toBe(400);
    expect(csv.json?.error).toEqual({ code: 'VALIDATION', message: expect.stringContaining('not an Excel workbook') });
    const empty = await post(shell.port, `token=${shell.token}&name=empty.xlsx`, []);
    expect(empty.status).toBe(400);
    expect(empty.json?.error?.message).toContain('empty');
    expect(files()).toEqual([]);
  });

  it('allows only POST on the upload path', async () => {
    const { shell } = await start();
    const res = await fetch(`http://127.0.0.1:${shell.port}${SHELL_IMPORTS_UPLOAD_PATH}?token=${shell.token}`);
    expect(res.status).toBe(405);
  });
});
