// The typed contract between a renderer window and the console core. Each method has a zod schema
// for its argument (the core validates every call: a renderer is not trusted) and a result type.
// Pushed events are a second map. Both shells (Electron, browser) carry exactly this contract.
import { z } from 'zod';
import {
  CASE_STATUSES,
  LIMITS,
  PRIORITIES,
  caseFieldsSchema,
  casePatchSchema,
  engineerProfileSchema,
  CONFLICT_RESOLUTIONS,
  ROLES,
  idSchema,
  loginRequestSchema,
  requireReachableContact,
  type CasePatchField,
  type CaseRow,
  type ConflictResolution,
  type PublicUser,
  type Role,
} from './domain.js';
import type { EntityName } from './sync/entities.js';
import {
  auditQuerySchema,
  createUserRequestSchema,
  sessionListQuerySchema,
  setUserActiveRequestSchema,
  signInQuerySchema,
  updateUserRequestSchema,
  type AdminUser,
  type AuditPage,
  type AuditVerifyResult,
  type CreatedUser,
  type SessionView,
  type SignInEvent,
  type TemporaryPassword,
} from './admin.js';
import { changePasswordRequestSchema } from './passwords.js';
import { mailboxInputSchema, mailboxPatchSchema, type MailboxView } from './mail.js';
import { NOTE_MAX_CHARS, REPLY_MAX_CHARS, type CaseEventRow, type NotificationKind } from './case-events.js';
import type { SlaStatus, WaitingReason } from './sla/types.js';
import type { Recommendation } from './assignment/types.js';
import type { PresenceEntry } from './sync/protocol.js';
import { settingKeySchema, type SettingKey, type SettingValues } from './settings.js';
import { IMPORT_KINDS, type ImportCounts, type ImportJobView, type ImportKind, type ImportUndoResult } from './import.js';
import {
  PHOTO_TAGS,
  REPORT_STATUSES,
  cancelVisitArgsSchema,
  reopenCaseArgsSchema,
  reportFieldsSchema,
  reviewServiceReportArgsSchema,
  savePartArgsSchema,
  scheduleVisitArgsSchema,
  updateVisitArgsSchema,
  type PartRow,
  type PhotoTag,
  type ReportStatus,
  type ServiceReportRow,
  type VisitChecklist,
  type VisitRow,
} from './service.js';

export type SessionInfo = Readonly<{
  user: PublicUser;
  hubUrl: string;
  /** Signed in with a temporary password: the console shows only the change-password form. */
  mustChangePassword: boolean;
}>;

/** Organisation settings as the console holds them, with who changed each last. */
export type SettingsView = Readonly<{
  values: SettingValues;
  meta: Readonly<Record<SettingKey, Readonly<{ updatedAt: string | null; updatedByName: string | null; pending: boolean }>>>;
}>;

/** An xlsx written by the core; the shell offers it for download (browser) or reveals it (Electron). */
export type ExportedFile = Readonly<{
  /** Base name, also the key the browser shell serves it under (SHELL_EXPORTS_PATH + fileName). */
  fileName: string;
  /** Where the core saved it on this machine. */
  path: string;
  rows: number;
  bytes: number;
}>;

export type ConnectionState = 'signed-out' | 'connecting' | 'online' | 'reconnecting' | 'offline';

export type SyncStatus = Readonly<{
  connection: ConnectionState;
  /** Local changes not yet confirmed by the hub. */
  pending: number;
  lastSyncAt: string | null;
  /** Present while the cache is being filled from scratch. */
  bootstrap: Readonly<{ received: number; total: number }> | null;
  lastError: string | null;
}>;

export type CaseSummary = Readonly<{
  id: string;
  number: string | null;
  title: string;
  status: CaseRow['status'];
  priority: CaseRow['priority'];
  severity: CaseRow['severity'];
  serial: string;
  siteName: string | null;
  customerName: string | null;
  assigneeName: string | null;
  createdAt: string;
  /** True while the case has local changes the hub has not confirmed. */
  pending: boolean;
  waitingFor: WaitingReason | null;
  /** The SLA clocks now (computed in the core from the case's SLA events and the settings). */
  sla: SlaStatus;
}>;

export type CaseDetail = Readonly<
  CaseRow & {
    siteName: string | null;
    siteAddress: string | null;
    region: string | null;
    customerName: string | null;
    projectorModel: string | null;
    projectorManufacturer: string | null;
    warrantyEnd: string | null;
    assigneeName: string | null;
    createdByName: string | null;
    pending: boolean;
    sla: SlaStatus;
    contractEnd: string | null;
  }
>;

export type ProjectorMatch = Readonly<{
  projectorId: string;
  serial: string;
  model: string;
  manufacturer: string;
  siteId: string;
  siteName: string;
  siteAddress: string;
  region: string;
  customerId: string;
  customerName: string;
  warrantyEnd: string;
}>;

/** A held-back change, as the Conflicts view shows it. */
export type ConflictSummary = Readonly<{
  id: string;
  caseId: string;
  caseLabel: string;
  field: CasePatchField;
  yourValue: unknown;
  theirValue: unknown;
  theirUserName: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolution: ConflictResolution | null;
  /** True while this console's resolution waits for the hub. */
  pending: boolean;
}>;

/** One thing an intake search found, in the order the agent sees them. */
export type IntakeMatch = Readonly<
  | { kind: 'projector'; projectorId: string; siteId: string; customerId: string; label: string; detail: string }
  | { kind: 'site'; siteId: string; customerId: string; label: string; detail: string }
  | { kind: 'customer'; customerId: string; label: string; detail: string }
  /** A contact known from a site or an earlier case, found by name, phone number or email. */
  | { kind: 'contact'; name: string; phone: string; email: string; siteIds: readonly string[]; label: string; detail: string }
>;

/** Days until a date (negative: expired that many days ago), from the console's today. */
export type CoverageStatus = Readonly<{ end: string; daysLeft: number }> | null;

/** What the intake window shows once the agent picked a match. */
export type IntakeContext = Readonly<{
  projector: Readonly<{ id: string; serial: string; model: string; manufacturer: string; installDate: string }> | null;
  site: Readonly<{ id: string; name: string; address: string; region: string; accessNotes: string; contactName: string; contactPhone: string; contactEmail: string }> | null;
  customer: Readonly<{ id: string; name: string; code: string }> | null;
  /** Sites of a caller found by phone or email (when no single site was picked). */
  sites: readonly Readonly<{ id: string; name: string; region: string }>[];
  warranty: CoverageStatus;
  contract: CoverageStatus;
  /** Open cases on the projector (first) or at the site. The duplicate guard uses the projector's. */
  openCases: readonly CaseSummary[];
  /** The most recent resolved or closed cases there (visits arrive with the visits issue). */
  recentCases: readonly CaseSummary[];
}>;

export const intakeContextQuerySchema = z
  .object({
    projectorId: idSchema.optional(),
    siteId: idSchema.optional(),
    customerId: idSchema.optional(),
    phone: z.string().max(LIMITS.phone).optional(),
    email: z.string().max(LIMITS.email).optional(),
  })
  .strict()
  .refine((q) => Object.values(q).some((v) => v !== undefined && v !== ''), 'Pick a projector, site, customer or contact.');

/** A timeline entry as the case panel shows it. */
export type TimelineEntry = Readonly<{ event: CaseEventRow; userName: string | null; pending: boolean }>;

export type NotificationView = Readonly<{
  id: string;
  kind: NotificationKind;
  caseId: string;
  caseLabel: string;
  actorName: string | null;
  text: string;
  createdAt: string;
  read: boolean;
}>;

/** One case on the assignment board. */
export type BoardCard = Readonly<{
  caseId: string;
  number: string | null;
  title: string;
  priority: CaseRow['priority'];
  severity: CaseRow['severity'];
  status: CaseRow['status'];
  sla: SlaStatus;
  slaDueAt: string | null;
  siteName: string | null;
  region: string | null;
  model: string | null;
  createdAt: string;
  assigneeId: string | null;
  escalation: CaseRow['escalation'];
  /** Local changes not yet confirmed by the hub (the card moved, the hub has not said yes yet). */
  pending: boolean;
}>;

/** One engineer's column: who, where, what they can do, how loaded, and their cases. */
export type BoardColumn = Readonly<{
  engineerId: string;
  name: string;
  regions: readonly string[];
  skills: readonly string[];
  /** Working today per their hours and time off, in the organisation's time zone. */
  availableToday: boolean;
  /** "08:00–17:00", "Off today", "On leave until 2026-12-02". */
  availability: string;
  load: Readonly<{ today: number; capacityToday: number; week: number; capacityWeek: number }>;
  cards: readonly BoardCard[];
}>;

export type BoardView = Readonly<{
  unassigned: readonly BoardCard[];
  /** Cases with an open escalation (also shown in their own column or the queue). */
  escalated: readonly BoardCard[];
  columns: readonly BoardColumn[];
  /** When every card's SLA clocks were computed (at most a short while ago); the window moves running clocks on from here. */
  generatedAt: string;
}>;

export const boardQuerySchema = z
  .object({
    regions: z.array(z.string().max(40)).max(200).optional(),
    skills: z.array(z.string().max(100)).max(200).optional(),
    priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).optional(),
    statuses: z.array(z.enum(CASE_STATUSES)).max(CASE_STATUSES.length).optional(),
    /** Order of the unassigned queue: SLA risk (nearest deadline first) or oldest first. */
    sort: z.enum(['sla', 'age']).optional(),
  })
  .strict();
export type BoardQuery = z.infer<typeof boardQuerySchema>;

export type UserSummary = Readonly<{ id: string; name: string; email: string; phone: string; role: Role; regions: readonly string[]; active: boolean }>;

const empty = z.object({}).strict();

export const CASE_SORTS = ['newest', 'sla'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export const caseListQuerySchema = z
  .object({
    statuses: z.array(z.enum(CASE_STATUSES)).max(CASE_STATUSES.length).optional(),
    priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).optional(),
    search: z.string().max(LIMITS.search).optional(),
    /** `sla`: the nearest SLA deadline first (paused and met clocks last). Default newest first. */
    sort: z.enum(CASE_SORTS).optional(),
  })
  .strict();
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;


// ---- Bulk import and list exports (shared/import.ts has the kinds, columns and row schemas) ----

/** A workbook the shell handed to the core (uploaded, or picked in Electron's open dialog). */
export type ImportFileRef = Readonly<{ fileId: string; fileName: string; bytes: number }>;

/** What the core found in a workbook: its sheets, the header row and the suggested column mapping. */
export type ImportInspection = Readonly<{
  fileId: string;
  fileName: string;
  kind: ImportKind;
  sheets: readonly string[];
  sheet: string;
  /** 1-based row number of the header row (found even when it is not the first row). */
  headerRow: number;
  /** The header cells, in column order (empty string for an empty header cell). */
  headers: readonly string[];
  /** For each header cell, the field it maps to, or null (ignored). */
  mapping: readonly (string | null)[];
  /** True when the mapping came from an earlier file with the same headers. */
  mappingRemembered: boolean;
  /** Required fields no column maps to (the dry run refuses until they are mapped). */
  missingRequired: readonly string[];
  /** The first data rows as the admin would read them in Excel. */
  sample: readonly (readonly string[])[];
}>;

export const IMPORT_ROW_CATEGORIES = ['create', 'update', 'unchanged', 'invalid', 'duplicate'] as const;
export type ImportRowCategory = (typeof IMPORT_ROW_CATEGORIES)[number];

/** One row of the dry run as the diff shows it. */
export type ImportPreviewRow = Readonly<{
  /** Row number in the workbook. */
  row: number;
  category: ImportRowCategory;
  /** What the row says, field by field, as read (strings for display). */
  values: Readonly<Record<string, string>>;
  /** For `update`: each field that changes, from → to. */
  changes: readonly Readonly<{ field: string; from: string; to: string }>[];
  /** For `invalid` and `duplicate`: why, per field where known. */
  errors: readonly Readonly<{ field: string | null; message: string }>[];
  /** Sites or customers this row would create on the way. */
  creates: readonly string[];
}>;

export type ImportDryRun = Readonly<{
  /** Handle for the rows, the error workbook and the commit. */
  dryRunId: string;
  fileName: string;
  kind: ImportKind;
  totalRows: number;
  counts: Readonly<Record<ImportRowCategory, number>>;
  /** Sites and customers the import would create along the way. */
  alsoCreates: Readonly<{ sites: number; customers: number }>;
  /** Read, validated and compared in this long (ms), for the progress summary. */
  elapsedMs: number;
}>;

export type ImportStage = 'uploading' | 'reading' | 'validating' | 'committing' | 'undoing' | 'exporting';

/** Pushed while a long import or export runs (at most a few times a second). */
export type ImportProgress = Readonly<{
  operationId: string;
  stage: ImportStage;
  done: number;
  /** Null while the total is not known yet (a streamed sheet). */
  total: number | null;
  rowsPerSecond: number;
  /** Seconds left at the current rate, null when unknown. */
  etaSeconds: number | null;
}>;

/** An import job as the import screen lists it: the hub's record plus whether this console can resume it. */
export type ImportJobSummary = ImportJobView & Readonly<{ resumable: boolean }>;

export type ImportCommitResult = Readonly<{ job: ImportJobView; counts: ImportCounts }>;

export const projectorListQuerySchema = z
  .object({
    search: z.string().max(LIMITS.search).optional(),
    region: z.string().max(40).optional(),
    /** `warranty`: warranty ending soonest first. */
    sort: z.enum(['serial', 'site', 'warranty']).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
export type ProjectorListQuery = z.infer<typeof projectorListQuerySchema>;

export type ProjectorListRow = Readonly<{
  id: string;
  serial: string;
  model: string;
  manufacturer: string;
  siteName: string;
  customerName: string;
  region: string;
  installDate: string;
  warrantyStart: string | null;
  warrantyEnd: string;
  contractEnd: string | null;
}>;

export const siteListQuerySchema = z
  .object({
    search: z.string().max(LIMITS.search).optional(),
    region: z.string().max(40).optional(),
    sort: z.enum(['name', 'customer', 'region']).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
export type SiteListQuery = z.infer<typeof siteListQuerySchema>;

export type SiteListRow = Readonly<{
  id: string;
  name: string;
  customerName: string;
  customerCode: string;
  region: string;
  address: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  projectors: number;
}>;

export type ListPage<T> = Readonly<{ rows: readonly T[]; total: number }>;

/** Every list exports with its current filters and sort. */
export const listExportSchema = z.discriminatedUnion('list', [
  z.object({ list: z.literal('cases'), query: caseListQuerySchema }).strict(),
  z.object({ list: z.literal('projectors'), query: projectorListQuerySchema.omit({ offset: true, limit: true }) }).strict(),
  z.object({ list: z.literal('sites'), query: siteListQuerySchema.omit({ offset: true, limit: true }) }).strict(),
  z.object({ list: z.literal('engineers'), query: z.object({ search: z.string().max(LIMITS.search).optional(), region: z.string().max(40).optional() }).strict() }).strict(),
]);
export type ListExportRequest = z.infer<typeof listExportSchema>;

const importFileArgs = { fileId: idSchema, kind: z.enum(IMPORT_KINDS, { message: 'Choose what the file holds.' }) };
const mappingSchema = z.array(z.string().max(40).nullable()).max(500, 'At most 500 columns.');


// ---- Visits, service reports, photos, PDFs (shared/service.ts has the rows and mutation schemas) ----

/** A visit as lists and calendars show it. */
export type VisitView = VisitRow &
  Readonly<{
    engineerName: string | null;
    caseLabel: string;
    caseTitle: string;
    siteName: string | null;
    siteAddress: string | null;
    region: string | null;
    /** The report of this visit, if one was started. */
    reportId: string | null;
    reportStatus: ReportStatus | null;
    pending: boolean;
  }>;

/** Why a planned visit is a problem: another visit at the same time, time off, a day off, outside hours. */
export type VisitClash = Readonly<{
  kind: 'double_booking' | 'time_off' | 'day_off' | 'outside_hours';
  visitId: string | null;
  /** The other visit, for a double booking. */
  otherVisitId: string | null;
  message: string;
}>;

export type CalendarEngineer = Readonly<{
  engineerId: string;
  name: string;
  regions: readonly string[];
  /** Per day of the range: working hours ("08:00–17:00"), or why not working ("Off", "On leave: …"). */
  days: readonly Readonly<{ date: string; working: boolean; hours: string | null; note: string | null }>[];
}>;

export type CalendarView = Readonly<{
  days: readonly string[];
  engineers: readonly CalendarEngineer[];
  visits: readonly VisitView[];
  clashes: readonly VisitClash[];
}>;

export type VisitDefaults = Readonly<{ engineerId: string | null; durationMinutes: number; travelMinutes: number; checklist: VisitChecklist }>;

export type ReportPhotoView = Readonly<{
  id: string;
  tag: PhotoTag;
  caption: string;
  width: number;
  height: number;
  bytes: number;
  /** Sent to the hub's file store (false while queued, offline or uploading). */
  uploaded: boolean;
  pending: boolean;
}>;

export type ServiceReportView = ServiceReportRow &
  Readonly<{
    engineerName: string | null;
    reviewerName: string | null;
    caseLabel: string;
    caseTitle: string;
    caseStatus: CaseRow['status'];
    siteName: string | null;
    siteAddress: string | null;
    customerName: string | null;
    projectorSerial: string;
    projectorModel: string | null;
    /** Warranty and contract coverage on the visit day (or today for a report without a visit). */
    warranty: Readonly<{ end: string | null; coveredOnVisitDay: boolean | null }>;
    contract: Readonly<{ end: string | null; coveredOnVisitDay: boolean | null }>;
    visit: Readonly<{ date: string; start: string }> | null;
    photos: readonly ReportPhotoView[];
    /** What still blocks submission (shared/service.ts submitProblems). */
    problems: readonly Readonly<{ field: string; message: string }>[];
    pending: boolean;
  }>;

export type ReportSummary = Readonly<{
  id: string;
  number: string | null;
  caseId: string;
  caseLabel: string;
  caseTitle: string;
  engineerName: string | null;
  status: ReportStatus;
  revision: number;
  submittedAt: string | null;
  updatedAt: string;
  pending: boolean;
}>;

/** The photo upload queue: photos wait here while offline and go to the hub's file store in order. */
export type UploadQueueStatus = Readonly<{
  queued: number;
  bytesQueued: number;
  /** The photo being sent now, with how far along. */
  current: Readonly<{ photoId: string; bytesSent: number; bytesTotal: number }> | null;
  lastError: string | null;
}>;

/** Largest base64 chunk of a photo upload (the browser shell's frames are at most 1 MiB). */
export const UPLOAD_CHUNK_BASE64_MAX = 700_000;

const visitRangeSchema = {
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.'),
};

/** Argument schemas, one per method. */
export const CONSOLE_API_ARGS = {
  'session.get': empty,
  'session.login': loginRequestSchema.strict(),
  'session.logout': empty,
  'sync.status': empty,
  'cases.list': caseListQuerySchema,
  'cases.get': z.object({ id: idSchema }).strict(),
  'cases.create': requireReachableContact(caseFieldsSchema.strict()),
  'cases.update': z.object({ id: idSchema, patch: casePatchSchema }).strict(),
  'cases.delete': z.object({ id: idSchema, reason: z.string().max(500).optional() }).strict(),
  'conflicts.list': z.object({ includeResolved: z.boolean().optional() }).strict(),
  'conflicts.resolve': z.object({ id: idSchema, resolution: z.enum(CONFLICT_RESOLUTIONS), value: z.unknown().optional() }).strict(),
  /** Try the hub now instead of waiting for the next backoff step (e.g. the network came back). */
  'sync.reconnect': empty,
  /** People this console knows (for names and pickers), optionally of one role. */
  'users.list': z.object({ role: z.enum(ROLES).optional(), includeInactive: z.boolean().optional() }).strict(),
  'projectors.search': z.object({ query: z.string().max(LIMITS.search), limit: z.number().int().min(1).max(50).optional() }).strict(),
  /** Everyone: their own password (current one required) and their own sessions. Online only. */
  'account.changePassword': changePasswordRequestSchema,
  'account.sessions': empty,
  'account.revokeSession': z.object({ id: idSchema }).strict(),
  /** Admin screens (online only: the hub answers them; the hub checks every right again). */
  'admin.users.list': z.object({ includeInactive: z.boolean().optional() }).strict(),
  'admin.users.create': createUserRequestSchema,
  'admin.users.update': z.object({ id: idSchema, patch: updateUserRequestSchema }).strict(),
  'admin.users.setActive': z.object({ id: idSchema }).extend(setUserActiveRequestSchema.shape).strict(),
  'admin.users.resetPassword': z.object({ id: idSchema }).strict(),
  'admin.sessions.list': sessionListQuerySchema,
  'admin.sessions.revoke': z.object({ id: idSchema }).strict(),
  'admin.signIns.list': signInQuerySchema,
  'audit.query': auditQuerySchema,
  /** The filtered audit view (every page, not just the one shown) as an xlsx. */
  'audit.export': auditQuerySchema,
  'audit.verify': empty,
  /** Settings read from the local cache (defaults where never set); changed like any synced row. */
  'settings.get': empty,
  'settings.update': z.object({ key: settingKeySchema, value: z.unknown() }).strict(),
  /** Phone intake: serials, models, sites, customers, contacts' names, phones and emails, as typed. */
  'intake.search': z.object({ query: z.string().max(LIMITS.search), limit: z.number().int().min(1).max(50).optional() }).strict(),
  'intake.context': intakeContextQuerySchema,
  'cases.timeline': z.object({ id: idSchema }).strict(),
  'cases.addNote': z
    .object({ caseId: idSchema, text: z.string().max(NOTE_MAX_CHARS, `A note may be at most ${NOTE_MAX_CHARS} characters.`), mentions: z.array(idSchema).max(50).optional() })
    .strict(),
  'cases.reply': z.object({ caseId: idSchema, text: z.string().max(REPLY_MAX_CHARS, `A reply may be at most ${REPLY_MAX_CHARS} characters.`) }).strict(),
  'notifications.list': z.object({ unreadOnly: z.boolean().optional() }).strict(),
  'notifications.markRead': z.object({ ids: z.array(idSchema).min(1).max(500) }).strict(),
  'admin.mailboxes.list': empty,
  'admin.mailboxes.create': mailboxInputSchema,
  'admin.mailboxes.update': z.object({ id: idSchema, patch: mailboxPatchSchema }).strict(),
  'admin.mailboxes.remove': z.object({ id: idSchema }).strict(),
  'admin.mailboxes.retry': z.object({ id: idSchema }).strict(),
  /** Downloads an email attachment into the exports folder (online only). */
  'attachments.save': z.object({ id: idSchema }).strict(),
  /** The assignment board from the local cache (open cases only). */
  'board.get': boardQuerySchema,
  /** Ranked engineers for a case, with reasons, and who was filtered out and why. */
  'board.recommend': z.object({ caseId: idSchema, limit: z.number().int().min(1).max(50).optional() }).strict(),
  /** Tell the others where this window's user is (on the board, editing a case). */
  'presence.set': z.object({ board: z.boolean(), editingCaseId: idSchema.nullable() }).strict(),
  'presence.get': empty,
  'cases.handleEscalation': z.object({ caseId: idSchema, note: z.string().max(2000).optional() }).strict(),
  /** Managers and admins edit an engineer's record (online only). */
  'engineers.update': z.object({ id: idSchema, profile: engineerProfileSchema }).strict(),
  /** The installed base, from the local cache, paged. */
  'projectors.list': projectorListQuerySchema,
  'sites.list': siteListQuerySchema,
  /** A list with its filters and sort, streamed into an xlsx in the exports folder. */
  'lists.export': listExportSchema,
  /** An empty workbook for one kind: header row, notes sheet, validation lists. */
  'imports.template': z.object({ kind: importFileArgs.kind }).strict(),
  /** Finds the sheets, the header row and a column mapping (remembered from a file with the same headers). */
  'imports.inspect': z.object({ ...importFileArgs, sheet: z.string().max(200).optional(), headerRow: z.number().int().min(1).max(1000).optional() }).strict(),
  /** Reads, validates and compares every row with the cache; nothing is written. Progress under `operationId`. */
  'imports.dryRun': z.object({ ...importFileArgs, operationId: idSchema, sheet: z.string().max(200), headerRow: z.number().int().min(1).max(1000), mapping: mappingSchema }).strict(),
  /** A page of the dry run's rows of one category. */
  'imports.rows': z
    .object({ dryRunId: idSchema, category: z.enum(IMPORT_ROW_CATEGORIES), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() })
    .strict(),
  /** The invalid and duplicate rows as a workbook with an Errors column, to fix in Excel and import again. */
  'imports.errorWorkbook': z.object({ dryRunId: idSchema }).strict(),
  /** Sends the valid rows of a dry run to the hub as one job, in batches. Online only. */
  'imports.commit': z.object({ dryRunId: idSchema, operationId: idSchema }).strict(),
  /** Stops a dry run, commit, resume or export between batches (a batch is never half applied). */
  'imports.cancel': z.object({ operationId: idSchema }).strict(),
  'imports.jobs': empty,
  /** Continues an interrupted commit from the hub's next batch. */
  'imports.resume': z.object({ jobId: idSchema, operationId: idSchema }).strict(),
  /** Removes what an import created and restores what it changed (where nothing changed since). */
  'imports.undo': z.object({ jobId: idSchema }).strict(),
  /** The parts catalogue from the cache (everyone); managers and admins keep it. */
  'parts.list': z.object({ search: z.string().max(LIMITS.search).optional(), model: z.string().max(100).optional(), includeInactive: z.boolean().optional() }).strict(),
  'parts.save': savePartArgsSchema,
  /** A case's visits (newest first), or the signed-in engineer's own between two dates. */
  'visits.list': z.object({ caseId: idSchema.optional(), mine: z.boolean().optional(), ...visitRangeSchema }).partial().strict(),
  /** Day or week calendar of engineers (by id or by region) with visits, hours, time off and clashes. At most 42 days. */
  'visits.calendar': z.object({ ...visitRangeSchema, engineerIds: z.array(idSchema).max(200).optional(), region: z.string().max(40).optional() }).strict(),
  /** Clashes a planned or moved visit would have, before saving. */
  'visits.check': z
    .object({ visitId: idSchema.optional(), engineerId: idSchema, date: visitRangeSchema.from, start: z.string().max(5), durationMinutes: z.number().int().min(1).max(24 * 60), travelMinutes: z.number().int().min(0).max(24 * 60).optional() })
    .strict(),
  /** Engineer (the case's assignee), length and the site preparation checklist pre-filled from the site's notes. */
  'visits.defaults': z.object({ caseId: idSchema }).strict(),
  'visits.schedule': scheduleVisitArgsSchema.omit({ id: true }),
  'visits.update': updateVisitArgsSchema,
  'visits.cancel': cancelVisitArgsSchema,
  /** Reports of a case, or a review list by status (managers), or the engineer's own. */
  'reports.list': z.object({ caseId: idSchema.optional(), statuses: z.array(z.enum(REPORT_STATUSES)).max(4).optional(), mine: z.boolean().optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  'reports.get': z.object({ id: idSchema }).strict(),
  /** Creates (no id) or saves a draft; a local write first, works offline. */
  'reports.save': z.object({ id: idSchema.optional(), caseId: idSchema, visitId: idSchema.nullable().optional(), fields: reportFieldsSchema }).strict(),
  /** Submits for review when nothing is missing (else VALIDATION naming each field). */
  'reports.submit': z.object({ id: idSchema }).strict(),
  'reports.review': reviewServiceReportArgsSchema,
  /** One chunk of a photo the window sends (base64, in order); `reports.addPhoto` takes the whole upload. */
  'uploads.chunk': z.object({ uploadId: idSchema, index: z.number().int().min(0).max(100), dataBase64: z.string().max(UPLOAD_CHUNK_BASE64_MAX) }).strict(),
  /** Checks, resizes and thumbnails the uploaded photo in the core, stores it and queues it for the hub. */
  'reports.addPhoto': z.object({ uploadId: idSchema, reportId: idSchema, tag: z.enum(PHOTO_TAGS), caption: z.string().max(300).optional(), fileName: z.string().max(255) }).strict(),
  'reports.removePhoto': z.object({ id: idSchema }).strict(),
  /** A photo as a data URL (thumbnail or full size), from this console's store or fetched from the hub; null when neither has it yet. */
  'reports.photo': z.object({ id: idSchema, size: z.enum(['thumb', 'full']) }).strict(),
  'reports.uploads': empty,
  /** The service report as a PDF in the exports folder (works offline). */
  'reports.pdf': z.object({ id: idSchema }).strict(),
  /** Many reports' PDFs in one zip, with progress under `operationId` (cancellable with imports.cancel). */
  'reports.exportPdfs': z
    .object({ operationId: idSchema, ids: z.array(idSchema).max(10_000).optional(), statuses: z.array(z.enum(REPORT_STATUSES)).max(4).optional(), ...visitRangeSchema })
    .partial({ ids: true, statuses: true, from: true, to: true })
    .strict(),
  /**
   * Many reports' PDFs, one file each, into a folder the person chose in the Electron main process's
   * folder dialog (registered with the core, which hands out `folderId`: never a path from a page).
   * Progress under `operationId`, cancellable with imports.cancel.
   */
  'reports.exportPdfsToFolder': z
    .object({ operationId: idSchema, folderId: idSchema, ids: z.array(idSchema).max(10_000).optional(), statuses: z.array(z.enum(REPORT_STATUSES)).max(4).optional(), ...visitRangeSchema })
    .partial({ ids: true, statuses: true, from: true, to: true })
    .strict(),
  /** Close a resolved case; reopen a resolved or closed one with a reason. */
  'cases.close': z.object({ caseId: idSchema }).strict(),
  'cases.reopen': reopenCaseArgsSchema,
} as const;

export type ConsoleApiMethod = keyof typeof CONSOLE_API_ARGS;
export type ConsoleApiArg<M extends ConsoleApiMethod> = z.input<(typeof CONSOLE_API_ARGS)[M]>;

/** Result type of each method. */
export type ConsoleApiResults = {
  'session.get': SessionInfo | null;
  'session.login': SessionInfo;
  'session.logout': null;
  'sync.status': SyncStatus;
  'cases.list': readonly CaseSummary[];
  'cases.get': CaseDetail | null;
  'cases.create': Readonly<{ id: string }>;
  'cases.update': null;
  'cases.delete': null;
  'conflicts.list': readonly ConflictSummary[];
  'conflicts.resolve': null;
  'sync.reconnect': null;
  'users.list': readonly UserSummary[];
  'projectors.search': readonly ProjectorMatch[];
  'account.changePassword': null;
  'account.sessions': readonly SessionView[];
  'account.revokeSession': null;
  'admin.users.list': readonly AdminUser[];
  'admin.users.create': CreatedUser;
  'admin.users.update': AdminUser;
  'admin.users.setActive': AdminUser;
  'admin.users.resetPassword': TemporaryPassword;
  'admin.sessions.list': readonly SessionView[];
  'admin.sessions.revoke': null;
  'admin.signIns.list': readonly SignInEvent[];
  'audit.query': AuditPage;
  'audit.export': ExportedFile;
  'audit.verify': AuditVerifyResult;
  'settings.get': SettingsView;
  'settings.update': null;
  'intake.search': readonly IntakeMatch[];
  'intake.context': IntakeContext;
  'cases.timeline': readonly TimelineEntry[];
  'cases.addNote': Readonly<{ id: string }>;
  'cases.reply': Readonly<{ id: string }>;
  'notifications.list': Readonly<{ items: readonly NotificationView[]; unread: number }>;
  'notifications.markRead': null;
  'admin.mailboxes.list': readonly MailboxView[];
  'admin.mailboxes.create': MailboxView;
  'admin.mailboxes.update': MailboxView;
  'admin.mailboxes.remove': null;
  'admin.mailboxes.retry': MailboxView;
  'attachments.save': ExportedFile;
  'board.get': BoardView;
  'board.recommend': Recommendation;
  'presence.set': null;
  'presence.get': readonly PresenceEntry[];
  'cases.handleEscalation': null;
  'engineers.update': AdminUser;
  'projectors.list': ListPage<ProjectorListRow>;
  'sites.list': ListPage<SiteListRow>;
  'lists.export': ExportedFile;
  'imports.template': ExportedFile;
  'imports.inspect': ImportInspection;
  'imports.dryRun': ImportDryRun;
  'imports.rows': ListPage<ImportPreviewRow>;
  'imports.errorWorkbook': ExportedFile;
  'imports.commit': ImportCommitResult;
  'imports.cancel': null;
  'imports.jobs': readonly ImportJobSummary[];
  'imports.resume': ImportCommitResult;
  'imports.undo': ImportUndoResult;
  'parts.list': readonly PartRow[];
  'parts.save': Readonly<{ id: string }>;
  'visits.list': readonly VisitView[];
  'visits.calendar': CalendarView;
  'visits.check': readonly VisitClash[];
  'visits.defaults': VisitDefaults;
  'visits.schedule': Readonly<{ id: string }>;
  'visits.update': null;
  'visits.cancel': null;
  'reports.list': readonly ReportSummary[];
  'reports.get': ServiceReportView | null;
  'reports.save': Readonly<{ id: string }>;
  'reports.submit': null;
  'reports.review': null;
  'uploads.chunk': Readonly<{ received: number }>;
  'reports.addPhoto': Readonly<{ id: string }>;
  'reports.removePhoto': null;
  'reports.photo': Readonly<{ dataUrl: string }> | null;
  'reports.uploads': UploadQueueStatus;
  'reports.pdf': ExportedFile;
  'reports.exportPdfs': ExportedFile;
  /** `fileName` is the folder's name, `path` the folder, `rows` the PDFs written. */
  'reports.exportPdfsToFolder': ExportedFile;
  'cases.close': null;
  'cases.reopen': null;
};

/** The whole API as functions, for handlers (core) and clients (renderer). */
export type ConsoleApi = {
  [M in ConsoleApiMethod]: (arg: z.output<(typeof CONSOLE_API_ARGS)[M]>) => Promise<ConsoleApiResults[M]>;
};

/** Events the core pushes to every window. */
export type ConsoleEvents = {
  'data.changed': Readonly<{ entities: readonly EntityName[] }>;
  'sync.status': SyncStatus;
  'session.changed': SessionInfo | null;
  /** A local change the hub refused; it has been rolled back. */
  'mutation.rejected': Readonly<{ mutationName: string; caseId: string | null; caseLabel: string | null; message: string }>;
  /** Who else is on the board or editing which case changed. */
  'presence.changed': Readonly<{ others: readonly PresenceEntry[] }>;
  /** A long import or export moved on (this window or another started it). */
  'import.progress': ImportProgress;
  /** The photo upload queue moved on (queued, sending, sent, failed). */
  'uploads.changed': UploadQueueStatus;
};
export type ConsoleEventName = keyof ConsoleEvents;

export const CONSOLE_API_METHODS = Object.keys(CONSOLE_API_ARGS) as ConsoleApiMethod[];

export function isConsoleApiMethod(name: unknown): name is ConsoleApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CONSOLE_API_ARGS, name);
}
