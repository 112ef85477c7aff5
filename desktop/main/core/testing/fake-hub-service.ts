// The fake hub's side of issue 7: visits, service reports, photos, parts and case resolution,
// applied in memory with the shared schemas and rules (canMutate, submitProblems with photos known
// to its file store), and the file store itself (PUT/GET /files/<sha256>, hash checked).
import { createHash } from 'node:crypto';
import { AppError, type ErrorBody } from '../../../../shared/errors.js';
import type { CaseRow } from '../../../../shared/domain.js';
import { canMutate } from '../../../../shared/permissions.js';
import {
  addReportPhotoArgsSchema,
  cancelVisitArgsSchema,
  closeCaseArgsSchema,
  removeReportPhotoArgsSchema,
  reopenCaseArgsSchema,
  reviewServiceReportArgsSchema,
  savePartArgsSchema,
  saveServiceReportArgsSchema,
  scheduleVisitArgsSchema,
  submitProblems,
  submitServiceReportArgsSchema,
  updateVisitArgsSchema,
  type ReportPhotoRow,
  type ServiceReportRow,
  type VisitRow,
} from '../../../../shared/service.js';
import type { AnyEntityRow, EntityName } from '../../../../shared/sync/entities.js';
import type { MutationName } from '../../../../shared/sync/mutations.js';
import type { Change } from '../../../../shared/sync/protocol.js';

export const SERVICE_MUTATION_NAMES: readonly string[] = [
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
] satisfies readonly MutationName[];

export type FakeServiceHost = Readonly<{
  rows: Map<EntityName, Map<string, AnyEntityRow>>;
  nextVersion(): number;
  record(entity: EntityName, row: AnyEntityRow, userId?: string | null): Change;
  remove(entity: EntityName, id: string, version: number): Change;
  role(userId: string): string | undefined;
  files: Map<string, Buffer>;
}>;

type Outcome = { result: unknown; changes: Change[] } | ErrorBody;

function invalid(issues: readonly { message: string }[]): ErrorBody {
  return { code: 'VALIDATION', message: issues[0]?.message ?? 'Not valid.' };
}

export function runServiceMutation(host: FakeServiceHost, name: string, args: unknown, userId: string): Outcome {
  const role = host.role(userId);
  if (!role || !canMutate(role as never, name as MutationName, args)) return { code: 'FORBIDDEN', message: 'Your role does not allow this change.' };
  const now = new Date().toISOString();
  const get = <T>(entity: EntityName, id: string) => host.rows.get(entity)?.get(id) as T | undefined;
  const all = <T>(entity: EntityName) => [...(host.rows.get(entity)?.values() ?? [])] as T[];
  switch (name) {
    case 'savePart': {
      const p = savePartArgsSchema.safeParse(args);
      if (!p.success) return invalid(p.error.issues);
      const v = host.nextVersion();
      return { result: { id: p.data.id }, changes: [host.record('parts', { ...p.data, version: v })] };
    }
    case 'scheduleVisit': {
      const p = scheduleVisitArgsSchema.safeParse(args);
      if (!p.success) return invalid(p.error.issues);
      if (!get<CaseRow>('cases', p.data.caseId)) return { code: 'NOT_FOUND', message: 'That case does not exist.' };
      const v = host.nextVersion();
      const row: VisitRow = { ...p.data, status: 'scheduled', cancelReason: null, reminderSentAt: null, createdBy: userId, createdAt: now, updatedAt: now, version: v };
      return { result: { id: row.id }, changes: [host.record('visits', row)] };
    }
    case 'updateVisit':
    case 'cancelVisit': {
      const p = name === 'updateVisit' ? updateVisitArgsSchema.safeParse(args) : cancelVisitArgsSchema.safeParse(args);
      if (!p.success) return invalid(p.error.issues);
      const visit = get<VisitRow>('visits', p.data.id);
      if (!visit) return { code: 'NOT_FOUND', message: 'That visit does not exist.' };
      if (visit.status === 'cancelled') return { code: 'CONFLICT', message: 'This visit was cancelled.' };
      const v = host.nextVersion();
      const next: VisitRow = 'reason' in p.data ? { ...visit, status: 'cancelled', cancelReason: p.data.reason, updatedAt: now, version: v } : { ...visit, ...(p.data as { patch: object }).patch, updatedAt: now, version: v };
      return { result: { id: visit.id }, changes: [host.record('visits', next)] };
    }
    case 'saveServiceReport': {
      const p = saveServiceReportArgsSchema.safeParse(args);
      if (!p.success) return invalid(p.error.issues);
      const c = get<CaseRow>('cases', p.data.caseId);
      if (!c) return { code: 'NOT_FOUND', message: 'That case does not exist.' };
      const existing = get<ServiceReportRow>('serviceReports', p.data.id);
      if (role === 'fse' && (existing ? existing.engineerId !== userId : c.assigneeId !== userId)) return { code: 'FORBIDDEN', message: 'Not your case.' };
      if (existing && existing.status !== 'draft' && existing.status !== 'returned') return { code: 'CONFLICT', message: 'This report can no longer change.' };
      const v = host.nextVersion();
      const row: ServiceReportRow = existing
        ? { ...existing, ...p.data.fields, visitId: p.data.visitId, updatedAt: now, version: v }
        : { ...p.data.fields, id: p.data.id, caseId: c.id, visitId: p.data.visitId, engineerId: userId, number: null, revision: 0, status: 'draft', submittedAt: null, reviewedBy: null, reviewedAt: null, reviewComment: null, createdAt: now, updatedAt: now, version: v };
      const changes = [host.record('serviceReports', row)];
      if (c.status === 'new' || c.status === 'assigned') changes.push(host.record('cases', { ...c, status: 'in_progress', updatedAt: now, version: v }, userId));
      return { result: { id: row.id }, changes };
    }
    case 'submitServiceReport':
    case 'reviewServiceReport': {
      const p = name === 'submitServiceReport' ? submitServiceReportArgsSchema.safeParse(args) : reviewServiceReportArgsSchema.safeParse(args);
      if (!p.success) return invalid(p.error.issues);
      const report = get<ServiceReportRow>('serviceReports', p.data.id);
      const c = report ? get<CaseRow>('cases', report.caseId) : undefined;
      if (!report || !c) return { code: 'NOT_FOUND', message: 'That report does not exist.' };
      const v = host.nextVersion();
      if (name === 'reviewServiceReport') {
        const review = reviewServiceReportArgsSchema.parse(args);
        if (report.status !== 'submitted') return { code: 'CONFLICT', message: 'Not submitted.' };
        const approve = review.decision === 'approve';
        return {
          result: { id: report.id },
          changes: [
            host.record('serviceReports', { ...report, status: approve ? 'approved' : 'returned', reviewedBy: userId, reviewedAt: now, reviewComment: review.comment || null, updatedAt: now, version: v }),
            host.record('cases', { ...c, status: approve ? 'resolved' : 'in_progress', resolvedAt: approve ? now : null, updatedAt: now, version: v }, userId),
          ],
        };
      }
      if (report.status !== 'draft' && report.status !== 'returned') return { code: 'CONFLICT', message: 'Already submitted.' };
      const photos = all<ReportPhotoRow>('reportPhotos').filter((ph) => ph.reportId === report.id);
      const problems = submitProblems(report, photos.map((ph) => ({ uploaded: host.files.has(ph.sha256) && host.files.has(ph.thumbSha256) })));
      if (problems.length) return { code: 'VALIDATION', message: problems.map((x) => x.message).join(' ') };
      const count = all<ServiceReportRow>('serviceReports').filter((r) => r.number !== null).length;
      const number = report.number ?? `SR-2026-${String(count + 1).padStart(6, '0')}`;
      return {
        result: { id: report.id, number },
        changes: [
          host.record('serviceReports', { ...report, number, revision: report.revision + 1, status: 'submitted', submittedAt: now, updatedAt: now, version: v }),
          host.record('cases', { ...c, status: 'awaiting_approval', updatedAt: now, version: v }, userId),
        ],
      };
    }
    case 'addReportPhoto': {
      const p = addReportPhotoArgsSchema.safeParse(args);
      if (!p.success) return invalid(p.error.issues);
      const report = get<ServiceReportRow>('serviceReports', p.data.reportId);
      if (!report) return { code: 'NOT_FOUND', message: 'That report does not exist.' };
      const v = host.nextVersion();
      const row: ReportPhotoRow = { ...p.data, caseId: report.caseId, createdBy: userId, createdAt: now, version: v };
      return { result: { id: row.id }, changes: [host.record('reportPhotos', row)] };
    }
    case 'removeReportPhoto': {
      const p = removeReportPhotoArgsSchema.safeParse(args);
      if (!p.success) return invalid(p.error.issues);
      if (!get('reportPhotos', p.data.id)) return { code: 'NOT_FOUND', message: 'No such photo.' };
      return { result: { id: p.data.id }, changes: [host.remove('reportPhotos', p.data.id, host.nextVersion())] };
    }
    case 'closeCase':
    case 'reopenCase': {
      const p = name === 'closeCase' ? closeCaseArgsSchema.safeParse(args) : reopenCaseArgsSchema.safeParse(args);
      if (!p.success) return invalid(p.error.issues);
      const c = get<CaseRow>('cases', p.data.caseId);
      if (!c) return { code: 'NOT_FOUND', message: 'That case does not exist.' };
      const closing = name === 'closeCase';
      if (closing ? c.status !== 'resolved' : c.status !== 'resolved' && c.status !== 'closed') return { code: 'CONFLICT', message: 'Not allowed in this status.' };
      const v = host.nextVersion();
      return { result: { id: c.id }, changes: [host.record('cases', { ...c, status: closing ? 'closed' : 'in_progress', resolvedAt: closing ? c.resolvedAt : null, updatedAt: now, version: v }, userId)] };
    }
    default:
      return { code: 'BAD_REQUEST', message: `Unknown mutation ${name}.` };
  }
}

/** PUT /files/<sha256>: the body must hash to its name. */
export function putFile(files: Map<string, Buffer>, sha: string, body: Buffer): { sha256: string; bytes: number; existed: boolean } {
  if (createHash('sha256').update(body).digest('hex') !== sha) throw new AppError('VALIDATION', 'The file does not match its checksum.');
  const existed = files.has(sha);
  files.set(sha, body);
  return { sha256: sha, bytes: body.length, existed };
}
