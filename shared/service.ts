// Service visits and service reports (issue 7): the visit a manager plans for a case, the report
// the engineer fills in on site (offline first), its photos, the parts catalogue, and the manager's
// review. Every synced row and mutation argument is validated with these schemas at every boundary.
import { z } from 'zod';
import { idSchema } from './domain.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.');
const text = (max: number, label: string) => z.string({ message: `${label} must be text.` }).trim().max(max, `${label} may be at most ${max} characters.`);

// ---- Parts catalogue (synced to everyone) ----

export type PartRow = Readonly<{
  id: string;
  partNumber: string;
  description: string;
  /** Projector models the part fits (empty: any). */
  models: readonly string[];
  active: boolean;
  version: number;
}>;

export const savePartArgsSchema = z
  .object({
    id: idSchema,
    partNumber: text(60, 'Part number').min(1, 'Enter the part number.'),
    description: text(300, 'Description').min(1, 'Describe the part.'),
    models: z.array(text(100, 'A model').min(1)).max(100).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export type SavePartArgs = z.output<typeof savePartArgsSchema>;

// ---- Visits ----

export const VISIT_STATUSES = ['scheduled', 'done', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** Site preparation, pre-filled from the site's access notes when the visit is planned. */
export const visitChecklistSchema = z
  .object({
    siteAccessArranged: z.boolean().default(false),
    accessNotes: text(2000, 'Access notes').default(''),
    partsNeeded: text(2000, 'Parts needed').default(''),
    equipmentNeeded: text(2000, 'Equipment needed').default(''),
    safetyRequirements: text(2000, 'Safety requirements').default(''),
  })
  .strict();
export type VisitChecklist = z.output<typeof visitChecklistSchema>;

export type VisitRow = Readonly<{
  id: string;
  caseId: string;
  engineerId: string;
  /** Local date and start time in the organisation's time zone. */
  date: string;
  start: string;
  durationMinutes: number;
  travelMinutes: number;
  status: VisitStatus;
  checklist: VisitChecklist;
  cancelReason: string | null;
  /** The day-before reminder went out (hub-owned). */
  reminderSentAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}>;

const visitTimingShape = {
  engineerId: idSchema,
  date: dayString,
  start: z.string().regex(HHMM, 'Use a 24-hour time like 09:30.'),
  durationMinutes: z.number().int('Whole minutes.').min(15, 'A visit lasts at least 15 minutes.').max(12 * 60, 'A visit lasts at most 12 hours.'),
  travelMinutes: z.number().int('Whole minutes.').min(0, 'Travel time cannot be negative.').max(8 * 60, 'Travel takes at most 8 hours.').default(0),
};

/**
 * The planner confirmed that the visit's engineer takes the case over: when the engineer is not the
 * case's assignee, the hub reassigns the case to them in the same transaction (needs case.assign).
 * Without it a visit for someone else is refused, so nobody reassigns a case by accident.
 */
const reassignCaseSchema = z.boolean().default(false);

export const scheduleVisitArgsSchema = z
  .object({
    id: idSchema,
    caseId: idSchema,
    ...visitTimingShape,
    checklist: visitChecklistSchema.default({ siteAccessArranged: false, accessNotes: '', partsNeeded: '', equipmentNeeded: '', safetyRequirements: '' }),
    reassignCase: reassignCaseSchema,
  })
  .strict();
export type ScheduleVisitArgs = z.output<typeof scheduleVisitArgsSchema>;

/** Move (engineer, day, time, length), edit the checklist, or mark done. */
export const updateVisitArgsSchema = z
  .object({
    id: idSchema,
    patch: z
      .object({ ...visitTimingShape, checklist: visitChecklistSchema, status: z.enum(['scheduled', 'done']) })
      .partial()
      .strict()
      .refine((p) => Object.values(p).some((v) => v !== undefined), 'Nothing to change.'),
    reassignCase: reassignCaseSchema,
  })
  .strict();
export type UpdateVisitArgs = z.output<typeof updateVisitArgsSchema>;

export const cancelVisitArgsSchema = z.object({ id: idSchema, reason: text(500, 'Reason').min(1, 'Say why the visit is cancelled.') }).strict();
export type CancelVisitArgs = z.output<typeof cancelVisitArgsSchema>;

/** The engineer a pending visit write hands the case to, if the planner confirmed a reassignment. */
export function visitReassignTarget(name: string, args: unknown): string | null {
  if (name === 'scheduleVisit') {
    const parsed = scheduleVisitArgsSchema.safeParse(args);
    return parsed.success && parsed.data.reassignCase ? parsed.data.engineerId : null;
  }
  if (name === 'updateVisit') {
    const parsed = updateVisitArgsSchema.safeParse(args);
    return parsed.success && parsed.data.reassignCase ? (parsed.data.patch.engineerId ?? null) : null;
  }
  return null;
}

// ---- Service reports ----

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  draft: 'Draft',
  submitted: 'Awaiting review',
  returned: 'Returned',
  approved: 'Approved',
};

export const PHOTO_TAGS = ['before', 'during', 'after', 'parts'] as const;
export type PhotoTag = (typeof PHOTO_TAGS)[number];

export const reportPartSchema = z
  .object({
    /** The catalogue part, or null for a part not in the catalogue. */
    partId: idSchema.nullable(),
    partNumber: text(60, 'Part number').min(1, 'Enter the part number.'),
    description: text(300, 'Description').default(''),
    quantity: z.number().int('Whole numbers.').min(1, 'At least 1.').max(999, 'At most 999.'),
    fittedSerial: text(64, 'Serial of the part fitted').default(''),
    removedSerial: text(64, 'Serial of the part removed').default(''),
  })
  .strict();
export type ReportPart = z.output<typeof reportPartSchema>;

/** The customer's signature: a PNG drawn on screen (data URL), who signed and when. */
export const signatureSchema = z
  .object({
    imagePng: z
      .string()
      .max(300_000, 'The signature image is too large.')
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'The signature must be a PNG image.'),
    signerName: text(200, 'Signer name').min(1, 'Enter the name of the person who signed.'),
    signedAt: z.string().max(40),
  })
  .strict();
export type Signature = z.output<typeof signatureSchema>;

/** The fields an engineer fills in; every one may be empty in a draft. */
export const reportFieldsSchema = z
  .object({
    checkInAt: z.string().max(40).nullable().default(null),
    checkOutAt: z.string().max(40).nullable().default(null),
    diagnosis: text(10_000, 'Diagnosis').default(''),
    workPerformed: text(10_000, 'Work performed').default(''),
    testsPerformed: text(5000, 'Tests and calibration').default(''),
    rootCause: text(5000, 'Root cause').default(''),
    resolution: text(5000, 'Resolution').default(''),
    parts: z.array(reportPartSchema).max(100, 'At most 100 parts.').default([]),
    timeSpentMinutes: z.number().int().min(0).max(7 * 24 * 60).nullable().default(null),
    nextSteps: text(5000, 'Next steps').default(''),
    followUpNeeded: z.boolean().default(false),
    customerFeedback: text(5000, 'Customer feedback').default(''),
    /** 1 (very unhappy) to 5 (very happy); null when not given. */
    satisfaction: z.number().int().min(1, 'From 1 to 5.').max(5, 'From 1 to 5.').nullable().default(null),
    signature: signatureSchema.nullable().default(null),
    /** Why the customer could not sign (instead of a signature). */
    noSignatureReason: text(500, 'Reason').default(''),
  })
  .strict();
export type ReportFields = z.output<typeof reportFieldsSchema>;

export type ServiceReportRow = Readonly<
  ReportFields & {
    id: string;
    caseId: string;
    visitId: string | null;
    engineerId: string;
    /** "SR-2026-000123", assigned by the hub when first submitted; null for a new draft. */
    number: string | null;
    /** 1 for the first submission, +1 for each resubmission after a return. */
    revision: number;
    status: ReportStatus;
    submittedAt: string | null;
    reviewedBy: string | null;
    reviewedAt: string | null;
    /** The manager's comment when returned (why), or on approval. */
    reviewComment: string | null;
    createdAt: string;
    updatedAt: string;
    version: number;
  }
>;

/** Creates the draft (first save) or rewrites its fields (a draft or a returned report only). */
export const saveServiceReportArgsSchema = z
  .object({ id: idSchema, caseId: idSchema, visitId: idSchema.nullable().default(null), fields: reportFieldsSchema })
  .strict();
export type SaveServiceReportArgs = z.output<typeof saveServiceReportArgsSchema>;

export const submitServiceReportArgsSchema = z.object({ id: idSchema }).strict();

export const reviewServiceReportArgsSchema = z
  .object({ id: idSchema, decision: z.enum(['approve', 'return']), comment: text(2000, 'Comment').default('') })
  .strict()
  .refine((a) => a.decision === 'approve' || a.comment !== '', { message: 'Say what the engineer should change.', path: ['comment'] });
export type ReviewServiceReportArgs = z.output<typeof reviewServiceReportArgsSchema>;

/** What a report needs before it can be submitted; the same list for the form and the hub. */
export function submitProblems(fields: ReportFields, photos: readonly Readonly<{ uploaded: boolean }>[] = []): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!fields.checkInAt) problems.push({ field: 'checkInAt', message: 'Record when you arrived (check in).' });
  if (!fields.checkOutAt) problems.push({ field: 'checkOutAt', message: 'Record when you left (check out).' });
  if (fields.checkInAt && fields.checkOutAt && fields.checkOutAt < fields.checkInAt) problems.push({ field: 'checkOutAt', message: 'Check-out must be after check-in.' });
  if (!fields.diagnosis) problems.push({ field: 'diagnosis', message: 'Describe the diagnosis.' });
  if (!fields.workPerformed) problems.push({ field: 'workPerformed', message: 'Describe the work performed.' });
  if (!fields.resolution) problems.push({ field: 'resolution', message: 'Describe the resolution.' });
  if (fields.timeSpentMinutes === null) problems.push({ field: 'timeSpentMinutes', message: 'Enter the time spent.' });
  if (!fields.signature && !fields.noSignatureReason) problems.push({ field: 'signature', message: 'Get the customer\'s signature, or record why they could not sign.' });
  if (photos.some((p) => !p.uploaded)) problems.push({ field: 'photos', message: 'Some photos are still uploading.' });
  return problems;
}

// ---- Photos ----

/** Largest photo the console accepts before resizing, and the limits of what it stores and sends. */
export const PHOTO_LIMITS = { maxInputBytes: 30 * 1024 * 1024, maxPixels: 60_000_000, longEdge: 2048, thumbEdge: 320, maxStoredBytes: 8 * 1024 * 1024 } as const;

export type ReportPhotoRow = Readonly<{
  id: string;
  reportId: string;
  caseId: string;
  tag: PhotoTag;
  caption: string;
  /** Content address (hex SHA-256) of the resized JPEG and of its thumbnail in the hub's file store. */
  sha256: string;
  thumbSha256: string;
  bytes: number;
  width: number;
  height: number;
  createdBy: string;
  createdAt: string;
  version: number;
}>;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Must be a SHA-256 in hex.');
export { sha256Schema };

export const addReportPhotoArgsSchema = z
  .object({
    id: idSchema,
    reportId: idSchema,
    tag: z.enum(PHOTO_TAGS, { message: 'Tag the photo before, during, after or parts.' }),
    caption: text(300, 'Caption').default(''),
    sha256: sha256Schema,
    thumbSha256: sha256Schema,
    bytes: z.number().int().min(1).max(PHOTO_LIMITS.maxStoredBytes),
    width: z.number().int().min(1).max(20_000),
    height: z.number().int().min(1).max(20_000),
  })
  .strict();
export type AddReportPhotoArgs = z.output<typeof addReportPhotoArgsSchema>;

export const removeReportPhotoArgsSchema = z.object({ id: idSchema }).strict();

// ---- Case resolution ----

export const closeCaseArgsSchema = z.object({ caseId: idSchema }).strict();
export const reopenCaseArgsSchema = z.object({ caseId: idSchema, reason: text(1000, 'Reason').min(1, 'Say why the case is reopened.') }).strict();
export type ReopenCaseArgs = z.output<typeof reopenCaseArgsSchema>;

/** Hub file store: photos (and later other files) by content address, at most this big. */
export const FILE_STORE_MAX_BYTES = PHOTO_LIMITS.maxStoredBytes;
