// Visits, service reports, photos and parts as this console sees them: the confirmed rows with the
// console's own still-pending mutations (outbox) replayed on top, like pending setting changes. No
// view table: a rejected mutation rolls back simply by leaving the outbox.
import { asc, eq, inArray } from 'drizzle-orm';
import {
  addReportPhotoArgsSchema,
  cancelVisitArgsSchema,
  removeReportPhotoArgsSchema,
  reviewServiceReportArgsSchema,
  savePartArgsSchema,
  saveServiceReportArgsSchema,
  scheduleVisitArgsSchema,
  submitServiceReportArgsSchema,
  updateVisitArgsSchema,
  type PartRow,
  type ReportPhotoRow,
  type ServiceReportRow,
  type VisitRow,
} from '../../../shared/service.js';
import type { MutationName } from '../../../shared/sync/mutations.js';
import type { EntityName } from '../../../shared/sync/entities.js';
import type { ReadableDb } from './cache/cache-db.js';
import { outbox, parts, reportPhotos, serviceReports, visits } from './cache/schema.js';

/** The mutations this overlay replays (the case lifecycle ones only change the case's status here). */
export const SERVICE_MUTATIONS = [
  'savePart',
  'scheduleVisit',
  'updateVisit',
  'cancelVisit',
  'saveServiceReport',
  'submitServiceReport',
  'reviewServiceReport',
  'addReportPhoto',
  'removeReportPhoto',
  'closeCase',
  'reopenCase',
] as const satisfies readonly MutationName[];

export function isServiceMutation(name: string): boolean {
  return (SERVICE_MUTATIONS as readonly string[]).includes(name);
}

/** A row the overlay touched: its value now (null: removed) and whether a pending mutation made it so. */
export type Overlaid<T> = Map<string, T | null>;

export type ServiceOverlay = Readonly<{
  parts: Overlaid<PartRow>;
  visits: Overlaid<VisitRow>;
  reports: Overlaid<ServiceReportRow>;
  photos: Overlaid<ReportPhotoRow>;
  /** Ids of rows with a pending change (for `pending` flags). */
  pending: Readonly<{ parts: Set<string>; visits: Set<string>; reports: Set<string>; photos: Set<string> }>;
  empty: boolean;
}>;

export const toPartRow = (r: typeof parts.$inferSelect): PartRow => ({ ...r, models: r.models ?? [] });
export const toVisitRow = (r: typeof visits.$inferSelect): VisitRow => r;
export const toReportRow = (r: typeof serviceReports.$inferSelect): ServiceReportRow => ({ ...r, parts: r.parts ?? [] });
export const toPhotoRow = (r: typeof reportPhotos.$inferSelect): ReportPhotoRow => r;

function argOf(args: unknown, key: string): string | null {
  const v = (args as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : null;
}

/**
 * Replays every pending service mutation in outbox order. `userId` is this cache's user (the author
 * of every pending mutation). A mutation that no longer applies (its row is gone, or the report is no
 * longer editable) is skipped here and left for the hub to reject.
 */
export function loadServiceOverlay(db: ReadableDb, userId: string): ServiceOverlay {
  const pendingRows = db
    .select({ name: outbox.name, args: outbox.args, createdAt: outbox.createdAt })
    .from(outbox)
    .where(inArray(outbox.name, [...SERVICE_MUTATIONS]))
    .orderBy(asc(outbox.mutationId))
    .all();
  const overlay: ServiceOverlay = {
    parts: new Map(),
    visits: new Map(),
    reports: new Map(),
    photos: new Map(),
    pending: { parts: new Set(), visits: new Set(), reports: new Set(), photos: new Set() },
    empty: pendingRows.length === 0,
  };
  if (pendingRows.length === 0) return overlay;

  // Load the confirmed rows the pending mutations name, once.
  const ids = { parts: new Set<string>(), visits: new Set<string>(), reports: new Set<string>(), photos: new Set<string>() };
  for (const m of pendingRows) {
    const id = argOf(m.args, 'id');
    if (!id) continue;
    if (m.name === 'savePart') ids.parts.add(id);
    else if (m.name.endsWith('Visit')) ids.visits.add(id);
    else if (m.name.endsWith('ServiceReport')) ids.reports.add(id);
    else if (m.name.endsWith('ReportPhoto')) ids.photos.add(id);
    const reportId = argOf(m.args, 'reportId');
    if (reportId) ids.reports.add(reportId);
  }
  for (const r of ids.parts.size ? db.select().from(parts).where(inArray(parts.id, [...ids.parts])).all() : []) overlay.parts.set(r.id, toPartRow(r));
  for (const r of ids.visits.size ? db.select().from(visits).where(inArray(visits.id, [...ids.visits])).all() : []) overlay.visits.set(r.id, toVisitRow(r));
  for (const r of ids.reports.size ? db.select().from(serviceReports).where(inArray(serviceReports.id, [...ids.reports])).all() : [])
    overlay.reports.set(r.id, toReportRow(r));
  for (const r of ids.photos.size ? db.select().from(reportPhotos).where(inArray(reportPhotos.id, [...ids.photos])).all() : []) overlay.photos.set(r.id, toPhotoRow(r));

  for (const m of pendingRows) applyPending(overlay, m.name, m.args, m.createdAt, userId);
  return overlay;
}

function applyPending(o: ServiceOverlay, name: string, rawArgs: unknown, at: string, userId: string): void {
  switch (name) {
    case 'savePart': {
      const a = savePartArgsSchema.safeParse(rawArgs);
      if (!a.success) return;
      const before = o.parts.get(a.data.id);
      o.parts.set(a.data.id, { ...a.data, version: before?.version ?? 0 });
      o.pending.parts.add(a.data.id);
      return;
    }
    case 'scheduleVisit': {
      const a = scheduleVisitArgsSchema.safeParse(rawArgs);
      if (!a.success || o.visits.get(a.data.id)) return;
      const { id, caseId, engineerId, date, start, durationMinutes, travelMinutes, checklist } = a.data;
      o.visits.set(id, {
        id,
        caseId,
        engineerId,
        date,
        start,
        durationMinutes,
        travelMinutes,
        checklist,
        status: 'scheduled',
        cancelReason: null,
        reminderSentAt: null,
        createdBy: userId,
        createdAt: at,
        updatedAt: at,
        version: 0,
      });
      o.pending.visits.add(id);
      return;
    }
    case 'updateVisit': {
      const a = updateVisitArgsSchema.safeParse(rawArgs);
      const row = a.success ? o.visits.get(a.data.id) : null;
      if (!a.success || !row || row.status === 'cancelled') return;
      const patch = Object.fromEntries(Object.entries(a.data.patch).filter(([, v]) => v !== undefined));
      o.visits.set(row.id, { ...row, ...patch, updatedAt: at });
      o.pending.visits.add(row.id);
      return;
    }
    case 'cancelVisit': {
      const a = cancelVisitArgsSchema.safeParse(rawArgs);
      const row = a.success ? o.visits.get(a.data.id) : null;
      if (!a.success || !row || row.status === 'cancelled') return;
      o.visits.set(row.id, { ...row, status: 'cancelled', cancelReason: a.data.reason, updatedAt: at });
      o.pending.visits.add(row.id);
      return;
    }
    case 'saveServiceReport': {
      const a = saveServiceReportArgsSchema.safeParse(rawArgs);
      if (!a.success) return;
      const row = o.reports.get(a.data.id);
      if (row && row.status !== 'draft' && row.status !== 'returned') return;
      o.reports.set(
        a.data.id,
        row
          ? { ...row, ...a.data.fields, updatedAt: at }
          : {
              ...a.data.fields,
              id: a.data.id,
              caseId: a.data.caseId,
              visitId: a.data.visitId,
              engineerId: userId,
              number: null,
              revision: 0,
              status: 'draft',
              submittedAt: null,
              reviewedBy: null,
              reviewedAt: null,
              reviewComment: null,
              createdAt: at,
              updatedAt: at,
              version: 0,
            },
      );
      o.pending.reports.add(a.data.id);
      return;
    }
    case 'submitServiceReport': {
      const a = submitServiceReportArgsSchema.safeParse(rawArgs);
      const row = a.success ? o.reports.get(a.data.id) : null;
      if (!row || (row.status !== 'draft' && row.status !== 'returned')) return;
      o.reports.set(row.id, { ...row, status: 'submitted', submittedAt: at, updatedAt: at });
      o.pending.reports.add(row.id);
      return;
    }
    case 'reviewServiceReport': {
      const a = reviewServiceReportArgsSchema.safeParse(rawArgs);
      const row = a.success ? o.reports.get(a.data.id) : null;
      if (!a.success || !row || row.status !== 'submitted') return;
      const approve = a.data.decision === 'approve';
      o.reports.set(row.id, { ...row, status: approve ? 'approved' : 'returned', reviewedBy: userId, reviewedAt: at, reviewComment: a.data.comment || null, updatedAt: at });
      o.pending.reports.add(row.id);
      return;
    }
    case 'addReportPhoto': {
      const a = addReportPhotoArgsSchema.safeParse(rawArgs);
      const report = a.success ? o.reports.get(a.data.reportId) : null;
      if (!a.success || !report || o.photos.get(a.data.id)) return;
      o.photos.set(a.data.id, { ...a.data, caseId: report.caseId, createdBy: userId, createdAt: at, version: 0 });
      o.pending.photos.add(a.data.id);
      return;
    }
    case 'removeReportPhoto': {
      const a = removeReportPhotoArgsSchema.safeParse(rawArgs);
      if (!a.success || !o.photos.get(a.data.id)) return;
      o.photos.set(a.data.id, null);
      o.pending.photos.add(a.data.id);
      return;
    }
    // closeCase and reopenCase change only the case: its view replays them (cache/case-view.ts).
  }
}

/** Confirmed rows (already filtered by the caller's SQL) merged with the overlay, then filtered by `keep`. */
export function mergeOverlay<T extends { id: string }>(confirmed: readonly T[], overlaid: Overlaid<T>, keep: (row: T) => boolean): T[] {
  const out = new Map<string, T>();
  for (const row of confirmed) {
    const over = overlaid.has(row.id) ? overlaid.get(row.id)! : row;
    if (over && keep(over)) out.set(row.id, over);
  }
  for (const [id, row] of overlaid) if (row && !out.has(id) && keep(row)) out.set(id, row);
  return [...out.values()];
}

/** One report as seen now (confirmed + pending), or null. */
export function effectiveReport(db: ReadableDb, overlay: ServiceOverlay, id: string): ServiceReportRow | null {
  if (overlay.reports.has(id)) return overlay.reports.get(id) ?? null;
  const row = db.select().from(serviceReports).where(eq(serviceReports.id, id)).get();
  return row ? toReportRow(row) : null;
}

export function effectiveVisit(db: ReadableDb, overlay: ServiceOverlay, id: string): VisitRow | null {
  if (overlay.visits.has(id)) return overlay.visits.get(id) ?? null;
  const row = db.select().from(visits).where(eq(visits.id, id)).get();
  return row ? toVisitRow(row) : null;
}

export function effectivePhoto(db: ReadableDb, overlay: ServiceOverlay, id: string): ReportPhotoRow | null {
  if (overlay.photos.has(id)) return overlay.photos.get(id) ?? null;
  const row = db.select().from(reportPhotos).where(eq(reportPhotos.id, id)).get();
  return row ? toPhotoRow(row) : null;
}

/** The photos of a report, oldest first. */
export function reportPhotoRows(db: ReadableDb, overlay: ServiceOverlay, reportId: string): ReportPhotoRow[] {
  const confirmed = db.select().from(reportPhotos).where(eq(reportPhotos.reportId, reportId)).all().map(toPhotoRow);
  return mergeOverlay(confirmed, overlay.photos, (p) => p.reportId === reportId).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** The entities whose view a pending service mutation changes (read again when it leaves the outbox). */
export function serviceEntitiesOf(name: string): EntityName[] {
  switch (name) {
    case 'savePart':
      return ['parts'];
    case 'scheduleVisit':
    case 'updateVisit':
    case 'cancelVisit':
      return ['visits'];
    case 'saveServiceReport':
    case 'submitServiceReport':
    case 'reviewServiceReport':
      return ['serviceReports', 'visits', 'cases'];
    case 'addReportPhoto':
    case 'removeReportPhoto':
      return ['reportPhotos', 'serviceReports'];
    case 'closeCase':
    case 'reopenCase':
      return ['cases', 'serviceReports'];
    default:
      return [];
  }
}
