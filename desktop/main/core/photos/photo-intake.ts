// Photos arriving from a window: base64 chunks assembled in <dataDir>/uploads/<uploadId>.part, then
// checked (size, pixels, a real image), resized (long edge 2048, JPEG q82) and thumbnailed (320)
// with sharp, and stored content-addressed in the photo store.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../../../shared/errors.js';
import { PHOTO_LIMITS } from '../../../../shared/service.js';
import { photoPath } from './photo-store.js';

export const JPEG_QUALITY = 82;

export type StoredPhoto = Readonly<{ sha256: string; thumbSha256: string; bytes: number; thumbBytes: number; width: number; height: number }>;

function partFile(uploadsDir: string, uploadId: string): string {
  return path.join(uploadsDir, `${uploadId}.part`);
}

/**
 * Appends chunk `index` (chunks come in order from 0; a repeated index restarts the upload, so a
 * window that retries after a failure does not double the data). Returns the bytes received so far.
 */
export function receiveChunk(uploadsDir: string, uploadId: string, index: number, dataBase64: string): number {
  fs.mkdirSync(uploadsDir, { recursive: true });
  const file = partFile(uploadsDir, uploadId);
  const bytes = Buffer.from(dataBase64, 'base64');
  const have = fs.existsSync(file) ? fs.statSync(file).size : 0;
  if (index === 0) fs.writeFileSync(file, bytes);
  else {
    if (have === 0) throw new AppError('VALIDATION', 'This upload was not started (send its first part again).');
    if (have + bytes.length > PHOTO_LIMITS.maxInputBytes) {
      fs.rmSync(file, { force: true });
      throw new AppError('PAYLOAD_TOO_LARGE', tooLargeMessage());
    }
    fs.appendFileSync(file, bytes);
  }
  return fs.statSync(file).size;
}

function tooLargeMessage(): string {
  return `This photo is larger than ${PHOTO_LIMITS.maxInputBytes / (1024 * 1024)} MB; take it at a lower resolution or send a smaller copy.`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes a blob under its hash unless it is already there (atomic: temp file then rename). */
function storeBlob(photosDir: string, hash: string, bytes: Uint8Array): void {
  const file = photoPath(photosDir, hash);
  if (fs.existsSync(file)) return;
  fs.mkdirSync(photosDir, { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, file);
}

/** Checks, resizes, thumbnails and stores an image; clear messages for oversized or unreadable ones. */
export async function processPhoto(input: Buffer, photosDir: string, fileName = 'The photo'): Promise<StoredPhoto> {
  if (input.length === 0) throw new AppError('VALIDATION', `${fileName} is empty.`);
  if (input.length > PHOTO_LIMITS.maxInputBytes) throw new AppError('PAYLOAD_TOO_LARGE', tooLargeMessage());
  let width: number | undefined;
  let height: number | undefined;
  try {
    const info = await sharp(input, { limitInputPixels: false }).metadata();
    width = info.autoOrient?.width ?? info.width;
    height = info.autoOrient?.height ?? info.height;
  } catch {
    throw new AppError('VALIDATION', `${fileName} is not an image this console can read (it may be damaged, or not a JPEG, PNG, WebP, HEIF or TIFF).`);
  }
  if (!width || !height) throw new AppError('VALIDATION', `${fileName} is not an image this console can read.`);
  if (width * height > PHOTO_LIMITS.maxPixels) {
    throw new AppError('PAYLOAD_TOO_LARGE', `${fileName} has ${Math.round((width * height) / 1e6)} megapixels; at most ${PHOTO_LIMITS.maxPixels / 1e6} are accepted.`);
  }
  try {
    const full = await sharp(input, { limitInputPixels: PHOTO_LIMITS.maxPixels })
      .rotate()
      .resize({ width: PHOTO_LIMITS.longEdge, height: PHOTO_LIMITS.longEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    if (full.data.length > PHOTO_LIMITS.maxStoredBytes) throw new AppError('PAYLOAD_TOO_LARGE', `${fileName} is still too large after resizing.`);
    const thumb = await sharp(full.data)
      .resize({ width: PHOTO_LIMITS.thumbEdge, height: PHOTO_LIMITS.thumbEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
    const hash = sha256(full.data);
    const thumbHash = sha256(thumb);
    storeBlob(photosDir, hash, full.data);
    storeBlob(photosDir, thumbHash, thumb);
    return { sha256: hash, thumbSha256: thumbHash, bytes: full.data.length, thumbBytes: thumb.length, width: full.info.width, height: full.info.height };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('VALIDATION', `${fileName} could not be read completely (the file may be damaged or cut short).`);
  }
}

/** Takes the assembled upload, processes it and removes the part file (also when it was refused). */
export async function finishUpload(uploadsDir: string, uploadId: string, photosDir: string, fileName: string): Promise<StoredPhoto> {
  const file = partFile(uploadsDir, uploadId);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', 'This upload was not received (send the photo again).');
  try {
    if (fs.statSync(file).size > PHOTO_LIMITS.maxInputBytes) throw new AppError('PAYLOAD_TOO_LARGE', tooLargeMessage());
    return await processPhoto(fs.readFileSync(file), photosDir, fileName || 'The photo');
  } finally {
    fs.rmSync(file, { force: true });
  }
}
