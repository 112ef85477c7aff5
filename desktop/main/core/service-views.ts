// Read side of visits and service reports: the views the windows show (reports with their case,
// site, projector, coverage on the visit day, photos and what still blocks submission; visits with
// their case and engineer), built from the cache with the pending overlay on top.
import { and, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { ReportPhotoView, ReportSummary, ServiceReportView, VisitView } from '../../../shared/console-api.js';
import type { CaseRow, Customer, Projector, Site } from '../../../shared/domain.js';
import { submitProblems, type ReportStatus, type ServiceReportRow, type VisitRow } from '../../../shared/service.js';
import type { ReadableDb } from './cache/cache-db.js';
import { getViewCase } from './cache/case-view.js';
import { customers, projectors, serviceReports, sites, users, visits } from './cache/schema.js';
import { queuedPhotoIds } from './photos/photo-store.js';
import { effectiveReport, effectiveVisit, loadServiceOverlay, mergeOverlay, reportPhotoRows, toReportRow, toVisitRow, type ServiceOverlay } from './service-overlay.js';

export type ServiceReadContext = Readonly<{ userId: string; /** Today in the organisation's zone ("YYYY-MM-DD"). */ today: string }>;

export function caseLabelOf(row: Pick<CaseRow, 'number'> | null): string {
  return row?.number ?? 'Unnumbered case';
}

type CaseContext = Readonly<{ caseRow: (CaseRow & { pending: boolean }) | null; site: Site | null; customer: Customer | null; projector: Projector | null }>;

export function caseContext(db: ReadableDb, caseId: string): CaseContext {
  const caseRow = getViewCase(db, caseId);
  const site = caseRow?.siteId ? (db.select().from(sites).where(eq(sites.id, caseRow.siteId)).get() ?? null) : null;
  const customerId = caseRow?.customerId ?? site?.customerId ?? null;
  const customer = customerId ? (db.select().from(customers).where(eq(customers.id, customerId)).get() ?? null) : null;
  const projector = caseRow?.projectorId ? (db.select().from(projectors).where(eq(projectors.id, caseRow.projectorId)).get() ?? null) : null;
  return { caseRow, site, customer, projector };
}

export function userName(db: ReadableDb, id: string | null): string | null {
  if (!id) return null;
  return db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? null;
}

/** Warranty and contract cover on a day: null when there is no projector to ask about. */
export function coverageOn(projector: Projector | null, day: string) {
  if (!projector) return { warranty: { end: null, coveredOnVisitDay: null }, contract: { end: null, coveredOnVisitDay: null } };
  const warrantyCovered = (projector.warrantyStart === null || projector.warrantyStart <= day) && projector.warrantyEnd >= day;
  return {
    warranty: { end: projector.warrantyEnd, coveredOnVisitDay: warrantyCovered },
    contract: { end: projector.contractEnd, coveredOnVisitDay: projector.contractEnd === null ? false : projector.contractEnd >= day },
  };
}

function photoViews(db: ReadableDb, overlay: ServiceOverlay, reportId: string): ReportPhotoView[] {
  const queued = queuedPhotoIds(db);
  return reportPhotoRows(db, overlay, reportId).map((p) => ({
    id: p.id,
    tag: p.tag,
    caption: p.caption,
    width: p.width,
    height: p.height,
    bytes: p.bytes,
    uploaded: !queued.has(p.id),
    pending: overlay.pending.photos.has(p.id),
  }));
}

/**
 * What blocks submitting: the shared rules, except that photos still queued for upload do not:
 * this console sends a submit only after its photos reached the hub (see sync-client's upload gate),
 * so an engineer can submit offline and nothing is lost.
 */
export function reportProblems(row: ServiceReportRow): { field: string; message: string }[] {
  return submitProblems(row, []);
}

export function reportView(db: ReadableDb, overlay: ServiceOverlay, row: ServiceReportRow, ctx: ServiceReadContext): ServiceReportView {
  const { caseRow, site, customer, projector } = caseContext(db, row.caseId);
  const visit = row.visitId ? effectiveVisit(db, overlay, row.visitId) : null;
  const cover = coverageOn(projector, visit?.date ?? ctx.today);
  return {
    ...row,
    engineerName: userName(db, row.engineerId),
    reviewerName: userName(db, row.reviewedBy),
    caseLabel: caseLabelOf(caseRow),
    caseTitle: caseRow?.title ?? '',
    caseStatus: caseRow?.status ?? 'new',
    siteName: site?.name ?? null,
    siteAddress: site?.address ?? null,
    customerName: customer?.name ?? null,
    projectorSerial: projector?.serial ?? caseRow?.serial ?? '',
    projectorModel: projector?.model ?? null,
    warranty: cover.warranty,
    contract: cover.contract,
    visit: visit ? { date: visit.date, start: visit.start } : null,
    photos: photoViews(db, overlay, row.id),
    problems: reportProblems(row),
    pending: overlay.pending.reports.has(row.id),
  };
}

export function getReportView(db: ReadableDb, id: string, ctx: ServiceReadContext, overlay = loadServiceOverlay(db, ctx.userId)): ServiceReportView | null {
  const row = effectiveReport(db, overlay, id);
  return row ? reportView(db, overlay, row, ctx) : null;
}

export type ReportFilter = Readonly<{ caseId?: string; statuses?: readonly ReportStatus[]; engineerId?: string; ids?: readonly string[]; from?: string; to?: string; limit?: number }>;

/** Report rows (confirmed + pending) matching the filter, newest change first. */
export function filterReports(db: ReadableDb, overlay: ServiceOverlay, filter: ReportFilter): ServiceReportRow[] {
  const where: SQL[] = [];
  if (filter.caseId) where.push(eq(serviceReports.caseId, filter.caseId));
  if (filter.statuses) where.push(inArray(serviceReports.status, [...filter.statuses]));
  if (filter.engineerId) where.push(eq(serviceReports.engineerId, filter.engineerId));
  if (filter.ids) where.push(inArray(serviceReports.id, [...filter.ids]));
  const confirmed = db.select().from(serviceReports).where(and(...where)).all().map(toReportRow);
  // Confirmed rows that a pending change moved out of the filter are dropped by `keep`; rows a
  // pending change moved into it come from the overlay.
  const rows = mergeOverlay(confirmed, overlay.reports, (r) => {
    if (filter.caseId && r.caseId !== filter.caseId) return false;
    if (filter.statuses && !filter.statuses.includes(r.status)) return false;
    if (filter.engineerId && r.engineerId !== filter.engineerId) return false;
    if (filter.ids && !filter.ids.includes(r.id)) return false;
    // The day a report is about: its submission, else its last change.
    const day = (r.submittedAt ?? r.updatedAt).slice(0, 10);
    if (filter.from && day < filter.from) return false;
    if (filter.to && day > filter.to) return false;
    return true;
  });
  rows.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? 1 : -1));
  return filter.limit ? rows.slice(0, filter.limit) : rows;
}

export function reportSummaries(db: ReadableDb, overlay: ServiceOverlay, rows: readonly ServiceReportRow[]): ReportSummary[] {
  return rows.map((r) => {
    const caseRow = getViewCase(db, r.caseId);
    return {
      id: r.id,
      number: r.number,
      caseId: r.caseId,
      caseLabel: caseLabelOf(caseRow),
      caseTitle: caseRow?.title ?? '',
      engineerName: userName(db, r.engineerId),
      status: r.status,
      revision: r.revision,
      submittedAt: r.submittedAt,
      updatedAt: r.updatedAt,
      pending: overlay.pending.reports.has(r.id),
    };
  });
}

export type VisitFilter = Readonly<{ caseId?: string; engineerIds?: readonly string[]; from?: string; to?: string; includeCancelled?: boolean }>;

export function filterVisits(db: ReadableDb, overlay: ServiceOverlay, filter: VisitFilter): VisitRow[] {
  const where: SQL[] = [];
  if (filter.caseId) where.push(eq(visits.caseId, filter.caseId));
  if (filter.engineerIds) where.push(inArray(visits.engineerId, [...filter.engineerIds]));
  if (filter.from) where.push(gte(visits.date, filter.from));
  if (filter.to) where.push(lte(visits.date, filter.to));
  const confirmed = db.select().from(visits).where(and(...where)).orderBy(desc(visits.date)).all().map(toVisitRow);
  return mergeOverlay(confirmed, overlay.visits, (v) => {
    if (filter.caseId && v.caseId !== filter.caseId) return false;
    if (filter.engineerIds && !filter.engineerIds.includes(v.engineerId)) return false;
    if (filter.from && v.date < filter.from) return false;
    if (filter.to && v.date > filter.to) return false;
    if (!filter.includeCancelled && v.status === 'cancelled') return false;
    return true;
  });
}

export function visitViews(db: ReadableDb, overlay: ServiceOverlay, rows: readonly VisitRow[]): VisitView[] {
  const reportsByVisit = new Map<string, ServiceReportRow>();
  const ids = rows.map((v) => v.id);
  if (ids.length) {
    const confirmed = db.select().from(serviceReports).where(inArray(serviceReports.visitId, ids)).all().map(toReportRow);
    for (const r of mergeOverlay(confirmed, overlay.reports, (r) => r.visitId !== null && ids.includes(r.visitId))) reportsByVisit.set(r.visitId!, r);
  }
  return rows.map((v) => {
    const { caseRow, site } = caseContext(db, v.caseId);
    const report = reportsByVisit.get(v.id) ?? null;
    return {
      ...v,
      engineerName: userName(db, v.engineerId),
      caseLabel: caseLabelOf(caseRow),
      caseTitle: caseRow?.title ?? '',
      siteName: site?.name ?? null,
      siteAddress: site?.address ?? null,
      region: site?.region ?? null,
      reportId: report?.id ?? null,
      reportStatus: report?.status ?? null,
      pending: overlay.pending.visits.has(v.id),
    };
  });
}

export function sortVisits(rows: VisitRow[], newestFirst: boolean): VisitRow[] {
  const key = (v: VisitRow) => `${v.date} ${v.start} ${v.id}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (newestFirst ? -1 : 1));
}
