// Sends a photo from this window to the core: checks type and size first (a clear message instead
// of megabytes for nothing), then base64 chunks over uploads.chunk, then reports.addPhoto, which
// resizes, thumbnails, stores and queues it for the hub (works offline).
import { UPLOAD_CHUNK_BASE64_MAX } from '../../../../shared/console-api.js';
import { PHOTO_LIMITS, type PhotoTag } from '../../../../shared/service.js';
import type { ApiClient } from '../../api/client.js';
import { base64OfDataUrl, chunkBase64 } from './report-form.js';

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/tiff', 'image/gif']);
const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|heic|heif|tiff?|gif)$/i;

/** What is wrong with a file before sending it; null when it may go. */
export function checkPhotoFile(file: Readonly<{ name: string; size: number; type: string }>): string | null {
  if (!IMAGE_TYPES.has(file.type) && !IMAGE_EXTENSIONS.test(file.name)) return `${file.name} is not a photo. Choose a JPEG, PNG or WebP image.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > PHOTO_LIMITS.maxInputBytes) return `${file.name} is ${Math.round(file.size / (1024 * 1024))} MB; photos may be at most ${PHOTO_LIMITS.maxInputBytes / (1024 * 1024)} MB.`;
  return null;
}

export type PhotoUploadApi = Pick<ApiClient, 'call'>;

/** Sends base64 data in order, reporting after each chunk; then asks the core to add the photo. */
export async function sendPhoto(
  api: PhotoUploadApi,
  args: Readonly<{ base64: string; reportId: string; tag: PhotoTag; caption: string; fileName: string; uploadId: string }>,
  onProgress: (sent: number, total: number) => void,
): Promise<string> {
  const chunks = chunkBase64(args.base64, UPLOAD_CHUNK_BASE64_MAX);
  onProgress(0, chunks.length);
  for (const [index, dataBase64] of chunks.entries()) {
    await api.call('uploads.chunk', { uploadId: args.uploadId, index, dataBase64 });
    onProgress(index + 1, chunks.length);
  }
  const added = await api.call('reports.addPhoto', { uploadId: args.uploadId, reportId: args.reportId, tag: args.tag, caption: args.caption.trim() || undefined, fileName: args.fileName.slice(-255) });
  return added.id;
}

/** A browser File as base64 (without the data URL prefix). */
export function readFileBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(base64OfDataUrl(String(reader.result)));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
