// Everything a PDF service report prints, gathered from this console's cache (pending changes
// included, so it works offline) and its photo store; and which reports a batch export covers.
// The PDF renderer (desktop/main/core/pdf) reads only this.
import fs from 'node:fs';
import type { PhotoTag, ReportFields, ReportStatus } from '../../../shared/service.js';
import type { ReadableDb } from './cache/cache-db.js';
import { localDateIn } from '../../../shared/assignment/availability.js';
import { dataDirOfCache, localPhotoPath, photosDirFor } from './photos/photo-store.js';
import { caseContext, caseLabelOf, coverageOn, filterReports, userName, type ReportFilter } from './service-views.js';
import { effectiveReport, effectiveVisit, loadServiceOverlay, reportPhotoRows } from './service-overlay.js';
import { resolvedSettingValues } from './settings-view.js';
import { getCacheUserId } from './cache/meta.js';

export type ReportPdfLetterhead = Readonly<{
  organisationName: string;
  /** `data:image/png;base64,...` or `data:image/jpeg;base64,...`; null prints no logo. */
  logoDataUrl: string | null;
  address: string;
  phone: string;
  email: string;
}>;

export type ReportPdfPhoto = Readonly<{
  id: string;
  /** Content address of the full-size photo. */
  sha256: string;
  thumbSha256: string;
  tag: PhotoTag;
  caption: string;
  width: number;
  height: number;
  /** Local files (<dataDir>/photos/<sha256>.jpg), null when this console does not have them yet. */
  path: string | null;
  thumbPath: string | null;
  /** The thumbnail's bytes (else the full photo's) for a grid; null when neither is here. */
  jpeg: Uint8Array | null;
}>;

/** Coverage on the visit day (today for a report without a visit). */
export type ReportPdfCoverage = Readonly<{ warrantyEnd: string | null; inWarranty: boolean; contractEnd: string | null; underContract: boolean }>;

export type ReportPdfData = Readonly<{
  letterhead: ReportPdfLetterhead;
  report: ReportFields &
    Readonly<{
      id: string;
      number: string | null;
      revision: number;
      status: ReportStatus;
      submittedAt: string | null;
      reviewedAt: string | null;
      reviewedByName: string | null;
      reviewComment: string | null;
      createdAt: string;
      updatedAt: string;
    }>;
  case: Readonly<{ id: string; number: string; title: string; priority: string; status: string; contactName: string; contactPhone: string; contactEmail: string }>;
  customer: Readonly<{ name: string; code: string }> | null;
  site: Readonly<{ name: string; address: string; region: string; contactName: string; contactPhone: string; contactEmail: string }> | null;
  projector: Readonly<{ serial: string; model: string; manufacturer: string; installDate: string | null; warrantyStart: string | null }> | null;
  coverage: ReportPdfCoverage;
  /** The planned visit (date and start in the organisation's time zone), when the report has one. */
  visit: Readonly<{ date: string; start: string; durationMinutes: number; travelMinutes: number }> | null;
  engineerName: string;
  photos: readonly ReportPdfPhoto[];
  /** IANA zone the times are printed in. */
  timeZone: string;
  /** The row still has changes waiting for the hub (a PDF of it is a preview). */
  pending: boolean;
}>;

export type ReportPdfOptions = Readonly<{
  /** Where photos are; defaults to <dataDir>/photos of the cache's data folder. */
  photosDir?: string | null;
  /** Read the photo bytes into `jpeg` (default true). */
  readPhotos?: boolean;
  now?: string;
}>;

function readFileOrNull(file: string | null): Uint8Array | null {
  if (!file) return null;
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

/** The data of one report's PDF, or null when this console does not know the report. */
export function loadReportForPdf(db: ReadableDb, reportId: string, options: ReportPdfOptions = {}): ReportPdfData | null {
  const userId = getCacheUserId(db) ?? '';
  const overlay = loadServiceOverlay(db, userId);
  const row = effectiveReport(db, overlay, reportId);
  if (!row) return null;
  const settings = resolvedSettingValues(db);
  const timeZone = settings.timeZone;
  const org = settings.organisation;
  const { caseRow, site, customer, projector } = caseContext(db, row.caseId);
  const visit = row.visitId ? effectiveVisit(db, overlay, row.visitId) : null;
  const day = visit?.date ?? localDateIn(timeZone, options.now ?? new Date().toISOString());
  const cover = coverageOn(projector, day);
  const dataDir = dataDirOfCache(db);
  const photosDir = options.photosDir === undefined ? (dataDir ? photosDirFor(dataDir) : null) : options.photosDir;
  const readPhotos = options.readPhotos ?? true;
  const { id, number, revision, status, submittedAt, reviewedAt, reviewedBy, reviewComment, createdAt, updatedAt, caseId: _caseId, visitId: _visitId, engineerId, version: _version, ...fields } = row;
  return {
    letterhead: {
      organisationName: org.name,
      logoDataUrl: org.logo ? `data:${org.logo.mime};base64,${org.logo.base64}` : null,
      address: org.address,
      phone: org.phone,
      email: org.email,
    },
    report: { ...fields, id, number, revision, status, submittedAt, reviewedAt, reviewedByName: userName(db, reviewedBy), reviewComment, createdAt, updatedAt },
    case: {
      id: row.caseId,
      number: caseLabelOf(caseRow),
      title: caseRow?.title ?? '',
      priority: caseRow?.priority ?? '',
      status: caseRow?.status ?? '',
      contactName: caseRow?.contactName ?? '',
      contactPhone: caseRow?.contactPhone ?? '',
      contactEmail: caseRow?.contactEmail ?? '',
    },
    customer: customer ? { name: customer.name, code: customer.code } : null,
    site: site
      ? { name: site.name, address: site.address, region: site.region, contactName: site.contactName, contactPhone: site.contactPhone, contactEmail: site.contactEmail }
      : null,
    projector: projector
      ? { serial: projector.serial, model: projector.model, manufacturer: projector.manufacturer, installDate: projector.installDate || null, warrantyStart: projector.warrantyStart }
      : caseRow?.serial
        ? { serial: caseRow.serial, model: '', manufacturer: '', installDate: null, warrantyStart: null }
        : null,
    coverage: {
      warrantyEnd: cover.warranty.end,
      inWarranty: cover.warranty.coveredOnVisitDay === true,
      contractEnd: cover.contract.end,
      underContract: cover.contract.coveredOnVisitDay === true,
    },
    visit: visit ? { date: visit.date, start: visit.start, durationMinutes: visit.durationMinutes, travelMinutes: visit.travelMinutes } : null,
    engineerName: userName(db, engineerId) ?? '',
    photos: reportPhotoRows(db, overlay, id).map((p) => {
      const path = localPhotoPath(photosDir, p.sha256);
      const thumbPath = localPhotoPath(photosDir, p.thumbSha256);
      return {
        id: p.id,
        sha256: p.sha256,
        thumbSha256: p.thumbSha256,
        tag: p.tag,
        caption: p.caption,
        width: p.width,
        height: p.height,
        path,
        thumbPath,
        jpeg: readPhotos ? readFileOrNull(thumbPath ?? path) : null,
      };
    }),
    timeZone,
    pending: overlay.pending.reports.has(id),
  };
}

/** Which reports a batch export covers: explicit ids, or by status and day (submission, else last change). */
export type ReportExportFilter = Readonly<{ ids?: readonly string[]; statuses?: readonly ReportStatus[]; from?: string; to?: string }>;

/** Report ids for an export, newest change first (only reports this console knows). */
export function listReportIdsForExport(db: ReadableDb, filter: ReportExportFilter): string[] {
  const overlay = loadServiceOverlay(db, getCacheUserId(db) ?? '');
  const reportFilter: ReportFilter = { ids: filter.ids, statuses: filter.statuses, from: filter.from, to: filter.to };
  return filterReports(db, overlay, reportFilter).map((r) => r.id);
}
