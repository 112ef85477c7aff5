// Schema of the console's local cache: confirmed server rows, the `cases` view the UI reads
// (confirmed + pending local changes), the outbox of unconfirmed mutations, and key/value meta.
// Synced tables carry no foreign keys between each other: the hub is the authority and may send
// rows in any order or hide some by visibility, so a dangling reference must not fail a sync.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { PhotoTag, ReportPart, ReportStatus, Signature, VisitChecklist, VisitStatus } from '../../../../shared/service.js';
import type { CaseEscalation, CasePatchField, CaseStatus, Channel, ConflictResolution, EngineerProfile, Priority, Role, Severity } from '../../../../shared/domain.js';
import type { CaseEventData, CaseEventKind, NotificationKind } from '../../../../shared/case-events.js';
import type { SettingKey } from '../../../../shared/settings.js';
import type { SlaEvent, WaitingReason } from '../../../../shared/sla/types.js';

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role').$type<Role>().notNull(),
  regions: text('regions', { mode: 'json' }).$type<string[]>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  version: integer('version').notNull(),
  // Defaults only for rows cached before these columns existed; the hub always sends them.
  phone: text('phone').notNull().default(''),
  engineer: text('engineer', { mode: 'json' }).$type<EngineerProfile>(),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  passwordChangedAt: text('password_changed_at'),
});

/**
 * Organisation settings as the hub last confirmed them (key = id). A change still in the outbox is
 * overlaid when reading, like pending case edits; keys never set read as their default.
 */
export const settings = sqliteTable('settings', {
  id: text('id').$type<SettingKey>().primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
  version: integer('version').notNull(),
});

export const customers = sqliteTable('customers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  code: text('code').notNull(),
  version: integer('version').notNull(),
});

export const sites = sqliteTable(
  'sites',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    region: text('region').notNull(),
    accessNotes: text('access_notes').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    contactEmail: text('contact_email').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('sites_customer_id').on(t.customerId)],
);

export const projectors = sqliteTable(
  'projectors',
  {
    id: text('id').primaryKey(),
    serial: text('serial').notNull(),
    model: text('model').notNull(),
    manufacturer: text('manufacturer').notNull(),
    siteId: text('site_id').notNull(),
    installDate: text('install_date').notNull(),
    warrantyEnd: text('warranty_end').notNull(),
    version: integer('version').notNull(),
    contractEnd: text('contract_end'),
    warrantyStart: text('warranty_start'),
  },
  (t) => [index('projectors_site_id').on(t.siteId)],
);

/** Every CaseRow column; shared by the confirmed table and the local view table. */
const caseColumns = () => ({
  id: text('id').primaryKey(),
  number: text('number'),
  serial: text('serial').notNull(),
  projectorId: text('projector_id'),
  siteId: text('site_id'),
  customerId: text('customer_id'),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone').notNull(),
  contactEmail: text('contact_email').notNull(),
  channel: text('channel').$type<Channel>().notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  priority: text('priority').$type<Priority>().notNull(),
  severity: text('severity').$type<Severity>().notNull(),
  status: text('status').$type<CaseStatus>().notNull(),
  assigneeId: text('assignee_id'),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  fieldVersions: text('field_versions', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  version: integer('version').notNull(),
  // Defaults only for rows cached before these columns existed; the hub always sends them.
  waitingFor: text('waiting_for').$type<WaitingReason>(),
  slaEvents: text('sla_events', { mode: 'json' }).$type<SlaEvent[]>().notNull().default([]),
  slaDueAt: text('sla_due_at'),
  /** Open escalation (hub-owned); null when none, handled, or cached before the column existed. */
  escalation: text('escalation', { mode: 'json' }).$type<CaseEscalation>(),
  /** When the case was resolved; null while open or cached before the column existed. */
  resolvedAt: text('resolved_at'),
});

/**
 * Case rows exactly as the hub last confirmed them. By site: a site's contact changing re-indexes
 * the contacts of its cases for the intake search (cache/intake-search-index.ts).
 */
export const casesConfirmed = sqliteTable('cases_confirmed', caseColumns(), (t) => [index('cases_confirmed_site_id').on(t.siteId)]);

/** What the UI reads: the confirmed row with still-pending local mutations replayed on top. */
export const cases = sqliteTable(
  'cases',
  {
    ...caseColumns(),
    pending: integer('pending', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('cases_created_at').on(t.createdAt), index('cases_status').on(t.status), index('cases_sla_due_at').on(t.slaDueAt), index('cases_projector_id').on(t.projectorId), index('cases_site_id').on(t.siteId)],
);

/** A case's timeline as the hub confirmed it (synced with the case; removed with it). */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    kind: text('kind').$type<CaseEventKind>().notNull(),
    at: text('at').notNull(),
    userId: text('user_id'),
    data: text('data', { mode: 'json' }).$type<CaseEventData[CaseEventKind]>().notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('case_events_case_id').on(t.caseId, t.at)],
);

/** This user's notifications (only theirs reach the console). A pending markNotificationsRead is overlaid when listing. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    caseId: text('case_id').notNull(),
    eventId: text('event_id').notNull(),
    actorId: text('actor_id'),
    text: text('text').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
    version: integer('version').notNull(),
  },
  (t) => [index('notifications_created_at').on(t.createdAt)],
);

/**
 * What the intake search finds besides projectors: sites, customers and contacts (a site's contact,
 * a case's contact). One row per source; its rowid is the rowid of its rows in the FTS5 tables
 * `intake_search` (words) and `intake_phone` (phone digits, trigram), so a source is re-indexed by
 * rowid instead of scanning the index. Maintained by the core (cache/intake-search-index.ts).
 */
export const intakeDocs = sqliteTable(
  'intake_docs',
  {
    docId: integer('doc_id').primaryKey(),
    kind: text('kind').$type<'site' | 'customer' | 'site_contact' | 'case_contact'>().notNull(),
    ref: text('ref').notNull(),
    siteId: text('site_id'),
    customerId: text('customer_id'),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    email: text('email').notNull(),
  },
  (t) => [uniqueIndex('intake_docs_kind_ref').on(t.kind, t.ref)],
);

/**
 * Conflict records exactly as the hub last confirmed them (only this user's reach the console).
 * A resolution still in the outbox is overlaid when listing, like pending case edits.
 */
export const conflicts = sqliteTable(
  'conflicts',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    userId: text('user_id').notNull(),
    clientId: text('client_id').notNull(),
    mutationId: integer('mutation_id').notNull(),
    field: text('field').$type<CasePatchField>().notNull(),
    // Nullable: a held-back value may itself be null (an unassigned case).
    yourValue: text('your_value', { mode: 'json' }).$type<unknown>(),
    theirValue: text('their_value', { mode: 'json' }).$type<unknown>(),
    theirUserId: text('their_user_id'),
    baseVersion: integer('base_version').notNull(),
    createdAt: text('created_at').notNull(),
    resolvedAt: text('resolved_at'),
    resolution: text('resolution').$type<ConflictResolution>(),
    version: integer('version').notNull(),
  },
  (t) => [index('conflicts_case_id').on(t.caseId), index('conflicts_created_at').on(t.createdAt)],
);

/** Local mutations the hub has not confirmed yet, in the order they must be pushed. */
export const outbox = sqliteTable(
  'outbox',
  {
    mutationId: integer('mutation_id').primaryKey(),
    name: text('name').notNull(),
    args: text('args', { mode: 'json' }).$type<unknown>().notNull(),
    baseVersions: text('base_versions', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    createdAt: text('created_at').notNull(),
    caseId: text('case_id'),
    /** Made while the sync client was not online (the hub's audit log shows it as replayed). */
    offline: integer('offline', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('outbox_case_id').on(t.caseId)],
);

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const cacheSchema = { users, customers, sites, projectors, casesConfirmed, cases, conflicts, settings, caseEvents, notifications, intakeDocs, outbox, meta };

/** The parts catalogue (shared/service.ts PartRow), synced to everyone. */
export const parts = sqliteTable('parts', {
  id: text('id').primaryKey(),
  partNumber: text('part_number').notNull(),
  description: text('description').notNull(),
  models: text('models', { mode: 'json' }).$type<string[]>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  version: integer('version').notNull(),
});

/** Site visits planned for cases (VisitRow); they go where their case goes. */
export const visits = sqliteTable(
  'visits',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    engineerId: text('engineer_id').notNull(),
    date: text('date').notNull(),
    start: text('start').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    travelMinutes: integer('travel_minutes').notNull(),
    status: text('status').$type<VisitStatus>().notNull(),
    checklist: text('checklist', { mode: 'json' }).$type<VisitChecklist>().notNull(),
    cancelReason: text('cancel_reason'),
    reminderSentAt: text('reminder_sent_at'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('visits_case_idx').on(t.caseId), index('visits_engineer_date_idx').on(t.engineerId, t.date), index('visits_date_idx').on(t.date)],
);

/** Service reports (ServiceReportRow): the engineer's draft, then the submitted and reviewed report. */
export const serviceReports = sqliteTable(
  'service_reports',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    visitId: text('visit_id'),
    engineerId: text('engineer_id').notNull(),
    number: text('number'),
    revision: integer('revision').notNull(),
    status: text('status').$type<ReportStatus>().notNull(),
    checkInAt: text('check_in_at'),
    checkOutAt: text('check_out_at'),
    diagnosis: text('diagnosis').notNull(),
    workPerformed: text('work_performed').notNull(),
    testsPerformed: text('tests_performed').notNull(),
    rootCause: text('root_cause').notNull(),
    resolution: text('resolution').notNull(),
    parts: text('parts', { mode: 'json' }).$type<ReportPart[]>().notNull(),
    timeSpentMinutes: integer('time_spent_minutes'),
    nextSteps: text('next_steps').notNull(),
    followUpNeeded: integer('follow_up_needed', { mode: 'boolean' }).notNull(),
    customerFeedback: text('customer_feedback').notNull(),
    satisfaction: integer('satisfaction'),
    signature: text('signature', { mode: 'json' }).$type<Signature>(),
    noSignatureReason: text('no_signature_reason').notNull(),
    submittedAt: text('submitted_at'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: text('reviewed_at'),
    reviewComment: text('review_comment'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('service_reports_case_idx').on(t.caseId), index('service_reports_status_idx').on(t.status), index('service_reports_engineer_idx').on(t.engineerId)],
);

/** Photos attached to a report (ReportPhotoRow); the bytes are in the file store by SHA-256. */
export const reportPhotos = sqliteTable(
  'report_photos',
  {
    id: text('id').primaryKey(),
    reportId: text('report_id').notNull(),
    caseId: text('case_id').notNull(),
    tag: text('tag').$type<PhotoTag>().notNull(),
    caption: text('caption').notNull(),
    sha256: text('sha256').notNull(),
    thumbSha256: text('thumb_sha256').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('report_photos_report_idx').on(t.reportId), index('report_photos_case_idx').on(t.caseId)],
);
