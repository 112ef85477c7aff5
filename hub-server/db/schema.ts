// Hub database schema (drizzle-orm, SQLite). Migrations are generated from this file by drizzle-kit
// into db/migrations and applied at start-up; never edit a migration after it has landed.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { CaseEventKind, NotificationKind } from '../../shared/case-events.js';
import type { MailboxState, MailSecurity } from '../../shared/mail.js';
import type { SlaEvent, WaitingReason } from '../../shared/sla/types.js';
import type { SignInOutcome } from '../../shared/admin.js';
import type { CaseEscalation, CasePatchField, CaseStatus, Channel, ConflictResolution, EngineerProfile, Priority, Role, Severity } from '../../shared/domain.js';
import type { EntityName } from '../../shared/sync/entities.js';
import type { ImportJobStatus, ImportKind } from '../../shared/import.js';
import type { PhotoTag, ReportPart, ReportStatus, Signature, VisitChecklist, VisitStatus } from '../../shared/service.js';

const createdAt = () => text('created_at').notNull();

/** A mailbox's server settings as stored: the password encrypted (AES-GCM, hub mail key), or null. */
export type StoredMailServer = Readonly<{ host: string; port: number; security: MailSecurity; user: string; passwordEnc: string | null }>;

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Always stored lower-cased, so sign-in is case-insensitive and unique per person. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role').$type<Role>().notNull(),
  regions: text('regions', { mode: 'json' }).$type<string[]>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  passwordHash: text('password_hash').notNull(),
  version: integer('version').notNull(),
  createdAt: createdAt(),
  phone: text('phone').notNull().default(''),
  /** FSEs only: skills and daily capacity. */
  engineer: text('engineer', { mode: 'json' }).$type<EngineerProfile>(),
  /** Set by an admin's create or reset: only a password change is allowed until it is cleared. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  passwordChangedAt: text('password_changed_at'),
  /** Change-log version of the last role or regions change: older sync cursors need a fresh bootstrap. */
  viewVersion: integer('view_version').notNull().default(0),
  lastSignInAt: text('last_sign_in_at'),
});

export const customers = sqliteTable('customers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  code: text('code').notNull().unique(),
  version: integer('version').notNull(),
});

export const sites = sqliteTable(
  'sites',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    address: text('address').notNull(),
    region: text('region').notNull(),
    accessNotes: text('access_notes').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    contactEmail: text('contact_email').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('sites_customer_idx').on(t.customerId)],
);

export const projectors = sqliteTable(
  'projectors',
  {
    id: text('id').primaryKey(),
    serial: text('serial').notNull().unique(),
    model: text('model').notNull(),
    manufacturer: text('manufacturer').notNull(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    installDate: text('install_date').notNull(),
    warrantyStart: text('warranty_start'),
    warrantyEnd: text('warranty_end').notNull(),
    contractEnd: text('contract_end'),
    version: integer('version').notNull(),
  },
  (t) => [index('projectors_site_idx').on(t.siteId)],
);

export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    /** Null only in theory (the hub numbers every case it stores); unique when present. */
    number: text('number').unique(),
    serial: text('serial').notNull(),
    projectorId: text('projector_id').references(() => projectors.id),
    siteId: text('site_id').references(() => sites.id),
    customerId: text('customer_id').references(() => customers.id),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    contactEmail: text('contact_email').notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    priority: text('priority').$type<Priority>().notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
    assigneeId: text('assignee_id').references(() => users.id),
    waitingFor: text('waiting_for').$type<WaitingReason>(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
    slaEvents: text('sla_events', { mode: 'json' }).$type<SlaEvent[]>().notNull().default([]),
    slaDueAt: text('sla_due_at'),
    resolvedAt: text('resolved_at'),
    escalation: text('escalation', { mode: 'json' }).$type<CaseEscalation>(),
    fieldVersions: text('field_versions', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    version: integer('version').notNull(),
  },
  (t) => [
    index('cases_status_idx').on(t.status),
    index('cases_assignee_idx').on(t.assigneeId),
    index('cases_site_idx').on(t.siteId),
    index('cases_projector_idx').on(t.projectorId),
    index('cases_sla_due_idx').on(t.slaDueAt),
  ],
);

/** A case's timeline (shared/case-events.ts): append-only, synced with the case. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    /** No foreign key: a deleted case keeps its history (the `deleted` event is its last). */
    caseId: text('case_id').notNull(),
    kind: text('kind').$type<CaseEventKind>().notNull(),
    at: text('at').notNull(),
    userId: text('user_id'),
    data: text('data', { mode: 'json' }).$type<unknown>().notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)],
);

/** Per-user notifications (@mentions), synced only to their user. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    caseId: text('case_id').notNull(),
    eventId: text('event_id').notNull(),
    actorId: text('actor_id'),
    text: text('text').notNull(),
    createdAt: createdAt(),
    readAt: text('read_at'),
    version: integer('version').notNull(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/** Support mailboxes (shared/mail.ts). Passwords are encrypted with the hub's mail key, never returned. */
export const mailboxes = sqliteTable('mailboxes', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  imap: text('imap', { mode: 'json' }).$type<StoredMailServer>().notNull(),
  smtp: text('smtp', { mode: 'json' }).$type<StoredMailServer>().notNull(),
  folder: text('folder').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  state: text('state').$type<MailboxState>().notNull(),
  lastError: text('last_error'),
  lastCheckedAt: text('last_checked_at'),
  retryAt: text('retry_at'),
  handled: integer('handled').notNull().default(0),
  createdAt: createdAt(),
});

/**
 * Every mail the hub read or sent, by Message-ID: the guard that makes intake exactly-once (a mail
 * re-read after a crash is found here and only marked handled) and the thread index for replies.
 */
export const mailMessages = sqliteTable(
  'mail_messages',
  {
    id: text('id').primaryKey(),
    mailboxId: text('mailbox_id').notNull(),
    messageId: text('message_id').notNull(),
    direction: text('direction').$type<'in' | 'out'>().notNull(),
    caseId: text('case_id'),
    eventId: text('event_id'),
    /** in: `case` (made or threaded into a case) or `ignored` (auto-reply, bounce, loop); out: delivery. */
    outcome: text('outcome').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mail_messages_mailbox_message_idx').on(t.mailboxId, t.messageId, t.direction), index('mail_messages_case_idx').on(t.caseId)],
);

/** Mail waiting to go out over SMTP (acknowledgements, replies), retried with backoff. */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    mailboxId: text('mailbox_id').notNull(),
    caseId: text('case_id').notNull(),
    eventId: text('event_id').notNull(),
    message: text('message', { mode: 'json' }).$type<unknown>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [index('mail_outbox_next_idx').on(t.nextAttemptAt)],
);

/** Email attachments kept in the hub's file store (content-addressed by sha256). */
export const attachments = sqliteTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    eventId: text('event_id').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_case_idx').on(t.caseId)],
);

/**
 * `confirm` field changes the hub held back because someone else changed the field first. No
 * foreign key to cases: a case may be hard-deleted while its conflicts stay as history (resolved).
 */
export const conflicts = sqliteTable(
  'conflicts',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    clientId: text('client_id').notNull(),
    mutationId: integer('mutation_id').notNull(),
    field: text('field').$type<CasePatchField>().notNull(),
    yourValue: text('your_value', { mode: 'json' }).$type<unknown>(),
    theirValue: text('their_value', { mode: 'json' }).$type<unknown>(),
    theirUserId: text('their_user_id'),
    baseVersion: integer('base_version').notNull(),
    createdAt: createdAt(),
    resolvedAt: text('resolved_at'),
    resolution: text('resolution').$type<ConflictResolution>(),
    version: integer('version').notNull(),
  },
  (t) => [index('conflicts_case_idx').on(t.caseId), index('conflicts_user_idx').on(t.userId)],
);

/**
 * The ordered history of every synced row: the sync feed and the audit trail. For a `del`,
 * `before` is the removed row and `after` holds what the deletion recorded (its reason).
 */
export const changeLog = sqliteTable(
  'change_log',
  {
    version: integer('version').primaryKey(),
    entity: text('entity').$type<EntityName>().notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op').$type<'put' | 'del'>().notNull(),
    before: text('before', { mode: 'json' }).$type<unknown>(),
    after: text('after', { mode: 'json' }).$type<unknown>(),
    userId: text('user_id'),
    clientId: text('client_id'),
    mutationId: integer('mutation_id'),
    clientCreatedAt: text('client_created_at'),
    createdAt: createdAt(),
    /** The sign-in (sessions.id) the change came through: console name and address for the audit log. */
    sessionId: text('session_id'),
    /** Made while the console was offline and replayed later. */
    offline: integer('offline', { mode: 'boolean' }).notNull().default(false),
    /** HMAC chained to the previous entry's hash (audit/hash-chain.ts): edits behind the hub's back show. */
    hash: text('hash'),
  },
  (t) => [index('change_log_entity_idx').on(t.entity, t.entityId), index('change_log_user_idx').on(t.userId), index('change_log_created_idx').on(t.createdAt)],
);

export const clients = sqliteTable('clients', {
  clientId: text('client_id').primaryKey(),
  clientGroupId: text('client_group_id').notNull(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  lastMutationId: integer('last_mutation_id').notNull().default(0),
});

export const mutationResults = sqliteTable(
  'mutation_results',
  {
    clientId: text('client_id')
      .notNull()
      .references(() => clients.clientId),
    mutationId: integer('mutation_id').notNull(),
    result: text('result', { mode: 'json' }).$type<unknown>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.mutationId] })],
);

/** One row per sign-in; its id is the refresh-token family id carried in access tokens as `sid`. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    clientName: text('client_name'),
    ip: text('ip'),
    createdAt: createdAt(),
    lastSeenAt: text('last_seen_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    familyId: text('family_id')
      .notNull()
      .references(() => sessions.id),
    /** sha256 of the token: a stolen database copy does not hand out live tokens. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId)],
);

/** Every sign-in attempt, for the admins' sign-in history. Never holds a password. */
export const signIns = sqliteTable(
  'sign_ins',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    /** As typed (lower-cased), also for unknown accounts. */
    email: text('email').notNull(),
    userId: text('user_id'),
    outcome: text('outcome').$type<SignInOutcome>().notNull(),
    ip: text('ip'),
    clientName: text('client_name'),
  },
  (t) => [index('sign_ins_at_idx').on(t.at, t.id), index('sign_ins_user_idx').on(t.userId)],
);

/** Organisation settings (shared/settings.ts): one row per key, synced to every console. */
export const settings = sqliteTable('settings', {
  id: text('id').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
  version: integer('version').notNull(),
});

/** Small settings such as the epoch. The JWT secret is deliberately not here (it lives in a 0600 file). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const caseCounters = sqliteTable('case_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull().default(0),
});


/** A bulk import (shared/import.ts): fed in numbered batches, each applied once in its own transaction. */
export const importJobs = sqliteTable('import_jobs', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<ImportKind>().notNull(),
  fileName: text('file_name').notNull(),
  status: text('status').$type<ImportJobStatus>().notNull(),
  totalRows: integer('total_rows').notNull(),
  rowsDone: integer('rows_done').notNull().default(0),
  nextSeq: integer('next_seq').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  finishedAt: text('finished_at'),
  undoneAt: text('undone_at'),
});

/** The stored answer of each applied batch: a re-sent batch gets it back and changes nothing. */
export const importBatches = sqliteTable(
  'import_batches',
  {
    jobId: text('job_id').notNull(),
    seq: integer('seq').notNull(),
    result: text('result', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

/**
 * Every row an import created or changed, tagged with its job: `before` is null for a created row,
 * else the row as it was; `version` is the row's version right after the import wrote it (undo
 * leaves a row alone that changed again since).
 */
export const importRows = sqliteTable(
  'import_rows',
  {
    jobId: text('job_id').notNull(),
    entity: text('entity').$type<EntityName>().notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before', { mode: 'json' }).$type<unknown>(),
    version: integer('version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.entity, t.entityId] })],
);

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

/** The hub's file store: content-addressed blobs (photos), checked against their SHA-256 on upload. */
export const files = sqliteTable('files', {
  sha256: text('sha256').primaryKey(),
  bytes: integer('bytes').notNull(),
  mime: text('mime').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  createdAt: createdAt(),
});

/** Service report numbers per year (SR-2026-000001), like case numbers. */
export const reportCounters = sqliteTable('report_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull().default(0),
});
