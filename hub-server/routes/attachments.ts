// attachments.get: an email attachment's bytes, only for someone who may see its case (the same
// rule as sync: shared visibility with the case's site region). Served as a download, never inline,
// with a sanitised type, and only after its checksum matched.
import { isCaseVisible } from '../../shared/sync/visibility.js';
import { AppError } from '../../shared/errors.js';
import { FileChecksumError, readFile } from '../mail/file-store.js';
import { requireId, type HubRouteHandlers, type RouteDeps } from './hub-routes.js';

const NOT_AVAILABLE = 'This attachment does not exist or is not available to you.';

/** `type/subtype` only (no parameters, nothing a browser could be tricked by), else octet-stream. */
export function safeContentType(mime: string): string {
  const type = mime.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(type)) return 'application/octet-stream';
  // Active content is downloaded as bytes, never handed to a browser as a document.
  if (/html|javascript|xml|svg/.test(type)) return 'application/octet-stream';
  return type;
}

/** `attachment; filename="…"; filename*=UTF-8''…` with an ASCII fallback (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function createAttachmentHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'attachments.get'> {
  const { repo, log } = deps;
  return {
    'attachments.get': async ({ id, caller }) => {
      const attachmentId = requireId(id);
      const found = await repo.read(async (tx) => {
        const attachment = await tx.getAttachment(attachmentId);
        if (!attachment) return null;
        const row = await tx.getCase(attachment.caseId);
        if (!row) return null;
        const region = row.siteId ? ((await tx.getSite(row.siteId))?.region ?? null) : null;
        return isCaseVisible(caller.user, row, region) ? attachment : null;
      });
      if (!found || !deps.mail) throw new AppError('NOT_FOUND', NOT_AVAILABLE, { id: attachmentId });
      let bytes: Buffer | null;
      try {
        bytes = readFile(deps.mail.dataDir, found.sha256);
      } catch (error) {
        if (!(error instanceof FileChecksumError)) throw error;
        log.error('An attachment failed its checksum', { attachmentId, sha256: found.sha256 });
        throw new AppError('UNAVAILABLE', 'This attachment is damaged on the hub and cannot be served.', { id: attachmentId });
      }
      if (!bytes) throw new AppError('NOT_FOUND', NOT_AVAILABLE, { id: attachmentId });
      return new Response(new Uint8Array(bytes), {
        status: 200,
        headers: {
          'Content-Type': safeContentType(found.mime),
          'Content-Disposition': contentDisposition(found.fileName),
          'Content-Length': String(bytes.length),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        },
      });
    },
  };
}
