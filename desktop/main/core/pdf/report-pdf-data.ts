// What a PDF service report prints, gathered by the core from its cache and photo store, and the
// content hash in its footer: a printed copy can be checked against the system by recomputing it.
import { createHash } from 'node:crypto';
import type { PhotoTag, ReportFields, ReportStatus } from '../../../../shared/service.js';

export type ReportPdfLetterhead = Readonly<{
  organisationName: string;
  /** `data:image/png;base64,...` or `data:image/jpeg;base64,...`; null prints no logo. */
  logoDataUrl: string | null;
  address: string;
  phone: string;
  email: string;
}>;

export type ReportPdfPhoto = Readonly<{
  /** Content address of the full-size photo (what the hash covers, not the bytes printed). */
  sha256: string;
  tag: PhotoTag;
  caption: string;
  /** JPEG to print (the thumbnail is enough for a grid); null when this console does not have it yet. */
  jpeg: Uint8Array | null;
}>;

/** Coverage at the visit day, worked out by the loader (warranty and contract end dates). */
export type ReportPdfCoverage = Readonly<{
  warrantyEnd: string | null;
  inWarranty: boolean;
  contractEnd: string | null;
  underContract: boolean;
}>;

export type ReportPdfData = Readonly<{
  letterhead: ReportPdfLetterhead;
  report: ReportFields &
    Readonly<{ id: string; number: string | null; revision: number; status: ReportStatus; submittedAt: string | null; reviewedAt: string | null; reviewedByName: string | null }>;
  case: Readonly<{ number: string; title: string; priority: string; status: string }>;
  customer: Readonly<{ name: string; code: string }> | null;
  site: Readonly<{ name: string; address: string; contactName: string; contactPhone: string }> | null;
  projector: Readonly<{ serial: string; model: string; manufacturer: string }> | null;
  coverage: ReportPdfCoverage;
  /** The planned visit (date and start in the organisation's time zone), when the report has one. */
  visit: Readonly<{ date: string; start: string; durationMinutes: number }> | null;
  engineerName: string;
  photos: readonly ReportPdfPhoto[];
  /** IANA zone the times are printed in. */
  timeZone: string;
}>;

/** Sorted keys, no whitespace: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Uint8Array) return JSON.stringify(createHash('sha256').update(value).digest('hex'));
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * What the content hash covers: every field the report prints, picked by name (a loader may carry
 * more, like local file paths or a pending flag, which must not change the hash), without the
 * letterhead (the organisation may restyle it) or the printed photo bytes (a photo counts by its
 * content address).
 */
export function hashedContent(data: ReportPdfData): unknown {
  const r = data.report;
  return {
    report: {
      id: r.id, number: r.number, revision: r.revision, status: r.status, submittedAt: r.submittedAt, reviewedAt: r.reviewedAt, reviewedByName: r.reviewedByName,
      checkInAt: r.checkInAt, checkOutAt: r.checkOutAt, diagnosis: r.diagnosis, workPerformed: r.workPerformed, testsPerformed: r.testsPerformed, rootCause: r.rootCause,
      resolution: r.resolution, timeSpentMinutes: r.timeSpentMinutes, nextSteps: r.nextSteps, followUpNeeded: r.followUpNeeded, customerFeedback: r.customerFeedback,
      satisfaction: r.satisfaction, noSignatureReason: r.noSignatureReason,
      parts: r.parts.map((p) => ({ partId: p.partId, partNumber: p.partNumber, description: p.description, quantity: p.quantity, fittedSerial: p.fittedSerial, removedSerial: p.removedSerial })),
      signature: r.signature ? { signerName: r.signature.signerName, signedAt: r.signature.signedAt, imageSha256: createHash('sha256').update(r.signature.imagePng).digest('hex') } : null,
    },
    case: { number: data.case.number, title: data.case.title, priority: data.case.priority, status: data.case.status },
    customer: data.customer ? { name: data.customer.name, code: data.customer.code } : null,
    site: data.site ? { name: data.site.name, address: data.site.address, contactName: data.site.contactName, contactPhone: data.site.contactPhone } : null,
    projector: data.projector ? { serial: data.projector.serial, model: data.projector.model, manufacturer: data.projector.manufacturer } : null,
    coverage: { warrantyEnd: data.coverage.warrantyEnd, inWarranty: data.coverage.inWarranty, contractEnd: data.coverage.contractEnd, underContract: data.coverage.underContract },
    visit: data.visit ? { date: data.visit.date, start: data.visit.start, durationMinutes: data.visit.durationMinutes } : null,
    engineerName: data.engineerName,
    timeZone: data.timeZone,
    photos: data.photos.map((p) => ({ sha256: p.sha256, tag: p.tag, caption: p.caption })),
  };
}

/** SHA-256 (hex) over the canonical JSON of `hashedContent`. */
export function reportContentHash(data: ReportPdfData): string {
  return createHash('sha256').update(canonicalJson(hashedContent(data))).digest('hex');
}

/** The part printed in the footer: long enough to catch any change, short enough to read out. */
export const SHORT_HASH_CHARS = 16;
export function shortHash(fullHash: string): string {
  return fullHash.slice(0, SHORT_HASH_CHARS);
}
