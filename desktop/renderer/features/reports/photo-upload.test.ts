import { describe, it, expect } from 'vitest';
import { UPLOAD_CHUNK_BASE64_MAX } from '../../../../shared/console-api.js';
import { checkPhotoFile, sendPhoto, type PhotoUploadApi } from './photo-upload.js';

describe('checkPhotoFile', () => {
  it('refuses what is not a photo, empty, or too large, with the file name', () => {
    expect(checkPhotoFile({ name: 'a.jpg', size: 10, type: 'image/jpeg' })).toBeNull();
    expect(checkPhotoFile({ name: 'IMG.HEIC', size: 10, type: '' })).toBeNull();
    expect(checkPhotoFile({ name: 'notes.pdf', size: 10, type: 'application/pdf' })).toBe('notes.pdf is not a photo. Choose a JPEG, PNG or WebP image.');
    expect(checkPhotoFile({ name: 'a.jpg', size: 0, type: 'image/jpeg' })).toBe('a.jpg is empty.');
    expect(checkPhotoFile({ name: 'big.jpg', size: 40 * 1024 * 1024, type: 'image/jpeg' })).toBe('big.jpg is 40 MB; photos may be at most 30 MB.');
  });
});

describe('sendPhoto', () => {
  it('sends the chunks in order, then adds the photo, reporting progress', async () => {
    const calls: { method: string; arg: Record<string, unknown> }[] = [];
    const api = {
      call: (method: string, arg: Record<string, unknown>) => {
        calls.push({ method, arg });
        return Promise.resolve(method === 'reports.addPhoto' ? { id: 'photo-1' } : { received: 1 });
      },
    } as unknown as PhotoUploadApi;
    const base64 = 'A'.repeat(UPLOAD_CHUNK_BASE64_MAX * 2 + 8);
    const progress: string[] = [];
    const id = await sendPhoto(api, { base64, reportId: 'r', tag: 'before', caption: ' lamp ', fileName: 'x.jpg', uploadId: 'u' }, (s, t) => progress.push(`${s}/${t}`));
    expect(id).toBe('photo-1');
    expect(progress).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(calls.map((c) => c.method)).toEqual(['uploads.chunk', 'uploads.chunk', 'uploads.chunk', 'reports.addPhoto']);
    expect(calls.slice(0, 3).map((c) => c.arg.index)).toEqual([0, 1, 2]);
    expect(calls.slice(0, 3).map((c) => String(c.arg.dataBase64)).join('')).toBe(base64);
    expect(calls[3]?.arg).toEqual({ uploadId: 'u', reportId: 'r', tag: 'before', caption: 'lamp', fileName: 'x.jpg' });
  });

  it('stops at the first chunk the core refuses', async () => {
    let count = 0;
    const api = {
      call: () => {
        count += 1;
        return Promise.reject(new Error('refused'));
      },
    } as unknown as PhotoUploadApi;
    await expect(sendPhoto(api, { base64: 'AAAA', reportId: 'r', tag: 'after', caption: '', fileName: 'x.jpg', uploadId: 'u' }, () => undefined)).rejects.toThrow('refused');
    expect(count).toBe(1);
  });
});
