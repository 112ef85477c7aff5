// The file store over HTTP (shared/admin.ts files.put / files.get): photo bytes under their SHA-256.
// PUT checks the bytes hash to the address and are a JPEG, stores them once (temp file + rename)
// and is idempotent; GET answers only someone who may see a case with a photo of that hash.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { AppError } from '../../shared/errors.js';
import { isCaseVisible } from '../../shared/sync/visibility.js';
import { isoAt } from '../clock.js';
import { fileStorePath, putFile, sha256Of } from '../mail/file-store.js';
import { requireId, type HubRouteHandlers, type RouteDeps } from './hub-routes.js';

const NOT_AVAILABLE = 'This file does not exist or is not available to you.';

/** JPEG files start with SOI and a marker: FF D8 FF. */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function storeDir(deps: RouteDeps): string {
  if (!deps.dataDir) throw new AppError('UNAVAILABLE', 'This hub has no file store (started without a data folder).');
  return deps.dataDir;
}

export function createFileHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'files.put' | 'files.get'> {
  const { repo } = deps;
  return {
    'files.put': async ({ id, caller, rawBody }) => {
      const sha256 = requireId(id);
      const bytes = Buffer.from(rawBody ?? new Uint8Array());
      if (bytes.length === 0) throw new AppError('BAD_REQUEST', 'The file is empty.');
      if (sha256Of(bytes) !== sha256) throw new AppError('BAD_REQUEST', 'The file does not match its SHA-256; it was damaged on the way. Send it again.', { sha256 });
      if (!isJpeg(bytes)) throw new AppError('BAD_REQUEST', 'Only JPEG images can be stored.', { sha256 });
      const dir = storeDir(deps);
      // Bytes first, then the row: a row always has its file.
      putFile(dir, bytes);
      const inserted = await repo.write((tx) => tx.insertFile({ sha256, bytes: bytes.length, mime: 'image/jpeg', uploadedBy: caller.user.id, createdAt: isoAt(deps.clock()) }));
      return { sha256, bytes: bytes.length, existed: !inserted };
    },
    'files.get': async ({ id, caller }) => {
      const sha256 = requireId(id);
      const found = await repo.read(async (tx) => {
        const file = await tx.getFile(sha256);
        if (!file) return null;
        for (const photo of await tx.reportPhotosWithFile(sha256)) {
          const row = await tx.getCase(photo.caseId);
          if (!row) continue;
          const region = row.siteId ? ((await tx.getSite(row.siteId))?.region ?? null) : null;
          if (isCaseVisible(caller.user, row, region)) return file;
        }
        return null;
      });
      if (!found) throw new AppError('NOT_FOUND', NOT_AVAILABLE, { sha256 });
      const file = fileStorePath(storeDir(deps), sha256);
      if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', NOT_AVAILABLE, { sha256 });
      // Streamed: content-addressed and checked on upload, so the bytes need not sit in memory.
      const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': 'image/jpeg',
          'Content-Length': String(found.bytes),
          'X-Content-Type-Options': 'nosniff',
          // The same address always names the same bytes.
          'Cache-Control': 'private, max-age=31536000, immutable',
          ETag: `"${sha256}"`,
        },
      });
    },
  };
}
