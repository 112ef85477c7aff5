import { describe, it, expect } from 'vitest';
import { isAppError } from '../../../shared/errors.js';
import { IMPORT_UPLOAD_MAX_BYTES } from '../../../shared/ipc.js';
import { checkUploadSize, parseUploadAnswer, shellImportUploadUrl, uploadImportFile, type XhrLike } from './import-upload.js';

describe('shellImportUploadUrl', () => {
  it('carries the launch token and the file name, encoded', () => {
    expect(shellImportUploadUrl('base.xlsx', 'tok')).toBe('/imports/upload?token=tok&name=base.xlsx');
    const url = new URL(shellImportUploadUrl('Parc clients & sites été 2026.xlsx', 'a+b/c'), 'http://127.0.0.1');
    expect(url.pathname).toBe('/imports/upload');
    expect(url.searchParams.get('token')).toBe('a+b/c');
    expect(url.searchParams.get('name')).toBe('Parc clients & sites été 2026.xlsx');
  });
});

describe('checkUploadSize', () => {
  it('refuses empty and too large files with a reason', () => {
    expect(checkUploadSize(0)).toMatch(/empty/);
    expect(checkUploadSize(IMPORT_UPLOAD_MAX_BYTES + 1)).toMatch(/larger than 200 MB/);
    expect(checkUploadSize(1024)).toBeNull();
  });
});

describe('parseUploadAnswer', () => {
  it('returns the file ref of a good answer', () => {
    const body = JSON.stringify({ ok: true, value: { fileId: 'f1', fileName: 'a.xlsx', bytes: 10 } });
    expect(parseUploadAnswer(200, body, 'x.xlsx', 1)).toEqual({ fileId: 'f1', fileName: 'a.xlsx', bytes: 10 });
  });
  it('fills name and size from the file when the shell answers with the id only', () => {
    expect(parseUploadAnswer(200, JSON.stringify({ ok: true, value: { fileId: 'f1' } }), 'x.xlsx', 7)).toEqual({ fileId: 'f1', fileName: 'x.xlsx', bytes: 7 });
  });
  it('rethrows the core\'s message for a bad file', () => {
    const body = JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: 'This is not an Excel workbook (.xlsx). It looks like a PDF.' } });
    try {
      parseUploadAnswer(400, body, 'x.xlsx', 1);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('VALIDATION');
      expect((error as Error).message).toMatch(/looks like a PDF/);
    }
  });
  it('explains a bare 413 and a garbled answer', () => {
    expect(() => parseUploadAnswer(413, 'Payload Too Large', 'x', 1)).toThrow(/too large/);
    expect(() => parseUploadAnswer(200, '<html>', 'x', 1)).toThrow(/does not understand/);
  });
});

class FakeXhr implements XhrLike {
  status = 0;
  responseText = '';
  upload: XhrLike['upload'] = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  opened: string[] = [];
  headers: Record<string, string> = {};
  sent: Blob | null = null;
  aborted = false;
  open(method: string, url: string) {
    this.opened = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: Blob) {
    this.sent = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
}

const file = (bytes: number) => Object.assign(new Blob([new Uint8Array(bytes)]), { name: 'base.xlsx' });

describe('uploadImportFile', () => {
  it('posts the raw file, reports progress with speed, and resolves with the ref', async () => {
    const xhr = new FakeXhr();
    let t = 1000;
    const seen: number[] = [];
    const promise = uploadImportFile(file(2048), { token: 'tok', createXhr: () => xhr, now: () => t, onProgress: (p) => seen.push(p.loaded, p.total, Math.round(p.bytesPerSecond)) });
    expect(xhr.opened).toEqual(['POST', '/imports/upload?token=tok&name=base.xlsx']);
    expect(xhr.sent?.size).toBe(2048);
    t = 3000;
    xhr.upload.onprogress?.({ loaded: 1024, total: 2048, lengthComputable: true });
    expect(seen).toEqual([1024, 2048, 512]);
    xhr.status = 200;
    xhr.responseText = JSON.stringify({ ok: true, value: { fileId: 'id-1', fileName: 'base.xlsx', bytes: 2048 } });
    xhr.onload?.();
    await expect(promise).resolves.toEqual({ fileId: 'id-1', fileName: 'base.xlsx', bytes: 2048 });
  });
  it('aborts when the signal fires', async () => {
    const xhr = new FakeXhr();
    const controller = new AbortController();
    const promise = uploadImportFile(file(10), { token: 'tok', createXhr: () => xhr, signal: controller.signal });
    controller.abort();
    await expect(promise).rejects.toThrow(/cancelled/);
    expect(xhr.aborted).toBe(true);
  });
  it('refuses an empty file without sending it', async () => {
    const xhr = new FakeXhr();
    await expect(uploadImportFile(file(0), { token: 'tok', createXhr: () => xhr })).rejects.toThrow(/empty/);
    expect(xhr.sent).toBeNull();
  });
});
