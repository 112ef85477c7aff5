// Browser shell: sends a workbook to the core for import as the raw body of a loopback POST
// (guarded by the per-launch token, like exports) and reports upload progress as it goes.
import { AppError, errorBodySchema, fromErrorBody, type ErrorBody } from '../../../shared/errors.js';
import type { ImportFileRef } from '../../../shared/console-api.js';
import { IMPORT_UPLOAD_MAX_BYTES, SHELL_IMPORTS_UPLOAD_PATH, SHELL_TOKEN_PARAM } from '../../../shared/ipc.js';

/** Where the browser shell takes a workbook to import. */
export function shellImportUploadUrl(fileName: string, token: string): string {
  const params = new URLSearchParams({ [SHELL_TOKEN_PARAM]: token, name: fileName });
  return `${SHELL_IMPORTS_UPLOAD_PATH}?${params.toString()}`;
}

/** Refuses what the shell would refuse anyway, before sending megabytes for nothing. */
export function checkUploadSize(bytes: number): string | null {
  if (bytes === 0) return 'The file is empty. Choose the workbook (.xlsx) that holds the rows.';
  if (bytes > IMPORT_UPLOAD_MAX_BYTES) return `The file is larger than ${Math.round(IMPORT_UPLOAD_MAX_BYTES / (1024 * 1024))} MB. Split it into smaller workbooks.`;
  return null;
}

function isFileRef(value: unknown): value is ImportFileRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.fileId === 'string' && typeof v.fileName === 'string' && typeof v.bytes === 'number';
}

/**
 * Reads the shell's answer: `{ok:true, value:{fileId,fileName,bytes}}` or `{ok:false, error}` (a
 * bad file's message a person can act on). Anything else is told by HTTP status.
 */
export function parseUploadAnswer(status: number, body: string, fallbackName: string, fallbackBytes: number): ImportFileRef {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = null;
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const answer = parsed as { ok?: unknown; value?: unknown; error?: unknown };
    if (answer.ok === true && typeof answer.value === 'object' && answer.value !== null) {
      const value = answer.value as Record<string, unknown>;
      // Older shells answer with the id only.
      const ref = { fileName: fallbackName, bytes: fallbackBytes, ...value };
      if (isFileRef(ref)) return { fileId: ref.fileId, fileName: ref.fileName, bytes: ref.bytes };
    }
    if (answer.ok === false) {
      const error = errorBodySchema.safeParse(answer.error);
      if (error.success) throw fromErrorBody(error.data as ErrorBody);
    }
  }
  if (status === 413) throw new AppError('PAYLOAD_TOO_LARGE', 'The file is too large to import. Split it into smaller workbooks.');
  if (status === 401 || status === 403) throw new AppError('UNAUTHENTICATED', 'This tab is not allowed to upload. Open the console from the link the shell printed.');
  if (status === 0) throw new AppError('UNAVAILABLE', 'The upload did not reach the console core. Check that it is running and try again.');
  throw new AppError('INTERNAL', 'The console core sent an answer this window does not understand.');
}

export type UploadProgress = Readonly<{ loaded: number; total: number; bytesPerSecond: number }>;

/** The part of XMLHttpRequest the upload uses (a seam for tests). */
export type XhrLike = {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob): void;
  abort(): void;
  readonly status: number;
  readonly responseText: string;
  readonly upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
};

export type UploadOptions = Readonly<{
  token: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  createXhr?: () => XhrLike;
  now?: () => number;
}>;

export const UPLOAD_CANCELLED_MESSAGE = 'Upload cancelled.';

/** Uploads the file with XMLHttpRequest (fetch cannot report upload progress) and resolves with its ref. */
export function uploadImportFile(file: Blob & { readonly name: string }, options: UploadOptions): Promise<ImportFileRef> {
  const tooBig = checkUploadSize(file.size);
  if (tooBig) return Promise.reject(new AppError('VALIDATION', tooBig));
  const xhr = options.createXhr ? options.createXhr() : (new XMLHttpRequest() as unknown as XhrLike);
  const now = options.now ?? (() => Date.now());
  const started = now();
  return new Promise<ImportFileRef>((resolve, reject) => {
    const onAbortSignal = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbortSignal, { once: true });
    const done = () => options.signal?.removeEventListener('abort', onAbortSignal);
    xhr.upload.onprogress = (event) => {
      const total = event.lengthComputable ? event.total : file.size;
      const seconds = Math.max(0.001, (now() - started) / 1000);
      options.onProgress?.({ loaded: event.loaded, total, bytesPerSecond: event.loaded / seconds });
    };
    xhr.onload = () => {
      done();
      try {
        resolve(parseUploadAnswer(xhr.status, xhr.responseText, file.name, file.size));
      } catch (error) {
        reject(error instanceof Error ? error : new AppError('INTERNAL', 'The upload failed.'));
      }
    };
    xhr.onerror = () => {
      done();
      reject(new AppError('UNAVAILABLE', 'The upload did not reach the console core. Check that it is running and try again.'));
    };
    xhr.onabort = () => {
      done();
      reject(new AppError('BAD_REQUEST', UPLOAD_CANCELLED_MESSAGE));
    };
    if (options.signal?.aborted) {
      done();
      reject(new AppError('BAD_REQUEST', UPLOAD_CANCELLED_MESSAGE));
      return;
    }
    xhr.open('POST', shellImportUploadUrl(file.name, options.token));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.send(file);
  });
}
