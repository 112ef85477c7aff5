// The storage seam. Domain code, auth and sync depend only on these types; SQLite implements them
// today (sqlite-repository.ts) and PostgreSQL can later. Every method is async so a networked
// database fits without changing callers. A transaction hands out a scoped ReadTx or WriteTx.
import type { AuditAction, SignInOutcome } from '../../shared/admin.js';
import type { CaseRow, ConflictRow, Customer, Projector, Site, SyncedUser } from '../../shared/domain.js';
import type { SettingRow } from '../../shared/settings.js';
import type { AuditChainReport } from '../audit/verify.js';
import type { EntityName, EntityRows } from '../../shared/sync/entities.js';
import type { ErrorBody } from '../../shared/errors.js';
import type { MailboxState } from '../../shared/mail.js';
import type { StoredMailServer } from './schema.js';
import type { CaseEventRow, NotificationRow } from '../../shared/case-events.js';
import type { ImportJobStatus, ImportKind } from '../../shared/import.js';
import type { PartRow, ReportPhotoRow, ServiceReportRow, VisitRow } from '../../shared/service.js';

/** A blob in the file store (db/schema.ts `files`); the bytes are under `<dataDir>/files`. */
export type FileRecord = Readonly<{ sha256: string; bytes: number; mime: string; uploadedBy: string; createdAt: string }>;

export type UserRecord = SyncedUser &
  Readonly<{
    passwordHash: string;
    createdAt: string;
    /** Change-log version of the last role or regions change (a sync cursor below it needs a bootstrap). */
    viewVersion: number;
    lastSignInAt: string | null;
  }>;

export type ChangeLogEntry = Readonly<{
  version: number;
  entity: EntityName;
  entityId: string;
  op: 'put' | 'del';
  before: unknown;
  after: unknown;
  userId: string | null;
  clientId: string | null;
  mutationId: number | null;
  clientCreatedAt: string | null;
  createdAt: string;
  /** The sign-in the change came through (null for the hub's own writes). */
  sessionId?: string | null;
  /** Made while the console was offline (Mutation.offline). */
  offline?: boolean;
  /** Set by the repository when appended (audit/hash-chain.ts); ignored on input. */
  hash?: string | null;
}>;

export type SignInRecord = Readonly<{
  id: string;
  at: string;
  email: string;
  userId: string | null;
  outcome: SignInOutcome;
  ip: string | null;
  clientName: string | null;
}>;

export type SignInFilter = Readonly<{ userId?: string | undefined; outcome?: SignInOutcome | undefined; before?: Readonly<{ at: string; id: string }> | undefined; limit: number }>;

export type SessionWithUser = SessionRecord & Readonly<{ userName: string; userEmail: string }>;

export type AuditFilter = Readonly<{
  userId?: string | undefined;
  entity?: EntityName | undefined;
  entityId?: string | undefined;
  action?: AuditAction | undefined;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string | undefined;
  to?: string | undefined;
  beforeVersion?: number | undefined;
  limit: number;
}>;

/** A change-log entry with who and where it came from, for the audit viewer. */
export type AuditRecord = ChangeLogEntry & Readonly<{ userName: string | null; consoleName: string | null; address: string | null }>;

export type ClientRecord = Readonly<{ clientId: string; clientGroupId: string; userId: string; lastMutationId: number }>;

export type SessionRecord = Readonly<{
  id: string;
  userId: string;
  clientName: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
}>;

export type RefreshTokenRecord = Readonly<{
  id: string;
  familyId: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}>;

/** What is stored per consumed mutation and returned again on replay. */
export type StoredMutationResult =
  | Readonly<{ ok: true; result: unknown }>
  | Readonly<{ ok: false; error: ErrorBody }>;

/** The cases assigned to one user and what they reference: an FSE's sync group, read in one query. */
export type AssignedCaseRefs = Readonly<{ caseIds: ReadonlySet<string>; siteIds: ReadonlySet<string>; projectorIds: ReadonlySet<string> }>;

/** One assigned case as the engineers' loads count it (its site's region joined in). */
export type AssignmentLoadRow = Readonly<{ id: string; assigneeId: string; status: CaseRow['status']; region: string | null; slaDueAt: string | null; updatedAt: string }>;
export type PastFixRow = Readonly<{ assigneeId: string; model: string; count: number }>;

/** Which rows a bootstrap streams: everything, the sites of some regions, or one user's assigned cases. */
export type SnapshotScope =
  | Readonly<{ kind: 'all'; userId: string }>
  | Readonly<{ kind: 'regions'; userId: string; regions: readonly string[] }>
  | Readonly<{ kind: 'assigned'; userId: string }>;

/** A row of a bootstrap page with the region of the site it belongs to (cases and projectors). */
export type ScopedRow<E extends EntityName> = Readonly<{ row: EntityRows[E]; siteRegion: string | null }>;

/**
 * A read transaction on its own connection, held for as long as a bootstrap streams: every page
 * comes from the same committed state, and writers are never blocked (WAL).
 */
export type SnapshotTx = {
  headVersion(): Promise<number>;
  assignedRefs(userId: string): Promise<AssignedCaseRefs>;
  countScoped(entity: EntityName, scope: SnapshotScope): Promise<number>;
  /** Up to `limit` rows with id > `afterId` (keyset pagination), in id order. */
  pageScoped<E extends EntityName>(entity: E, scope: SnapshotScope, afterId: string | null, limit: number): Promise<ScopedRow<E>[]>;
};

/** An import job as stored (db/schema.ts `import_jobs`). */
export type ImportJobRecord = Readonly<{
  id: string;
  kind: ImportKind;
  fileName: string;
  status: ImportJobStatus;
  totalRows: number;
  rowsDone: number;
  nextSeq: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
}>;

/** A row an import created (`before` null) or changed, and its version right after the import wrote it. */
export type ImportRowTag = Readonly<{ jobId: string; entity: EntityName; entityId: string; before: unknown; version: number }>;

/** The installed-base tables an import writes (users go through the user functions). */
export type ImportTable = 'customers' | 'sites' | 'projectors';
export type ImportTableRow<E extends ImportTable> = E extends 'customers' ? Customer : E extends 'sites' ? Site : Projector;

/** A foreign key an undo must respect: rows still pointing at a row it would delete. */
export type ImportReference = 'cases.projectorId' | 'cases.siteId' | 'cases.customerId' | 'projectors.siteId' | 'sites.customerId';

export type ReadTx = {
  /** Highest version in the change log (0 when empty). */
  headVersion(): Promise<number>;
  changesSince(version: number, limit: number): Promise<ChangeLogEntry[]>;
  listRows<E extends EntityName>(entity: E): Promise<EntityRows[E][]>;
  countRows(entity: EntityName): Promise<number>;
  getUser(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  countActiveAdmins(): Promise<number>;
  getSetting(key: string): Promise<SettingRow | null>;
  listSessions(filter: Readonly<{ userId?: string | undefined; includeRevoked: boolean }>): Promise<SessionWithUser[]>;
  /** Newest first. */
  listSignIns(filter: SignInFilter): Promise<(SignInRecord & Readonly<{ userName: string | null }>)[]>;
  /** Newest first (version descending). */
  queryAudit(filter: AuditFilter): Promise<AuditRecord[]>;
  /** The highest `version` any synced row carries (a log ending before it lost its tail). */
  maxRowVersion(): Promise<number>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  countUsers(): Promise<number>;
  getCase(id: string): Promise<CaseRow | null>;
  getProjector(id: string): Promise<Projector | null>;
  getSite(id: string): Promise<Site | null>;
  getCustomer(id: string): Promise<Customer | null>;
  getClient(clientId: string): Promise<ClientRecord | null>;
  getMutationResult(clientId: string, mutationId: number): Promise<StoredMutationResult | null>;
  getSession(id: string): Promise<SessionRecord | null>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Tokens of a session issued at or after a time (the successors of a token exchanged then). */
  refreshTokensIssuedSince(familyId: string, at: string): Promise<RefreshTokenRecord[]>;
  getMeta(key: string): Promise<string | null>;
  getConflict(id: string): Promise<ConflictRow | null>;
  openConflictsOfCase(caseId: string): Promise<ConflictRow[]>;
  /** The change-log entry at a version (null if compacted away or never written). */
  getChange(version: number): Promise<ChangeLogEntry | null>;
  /** The latest `del` entry of a row, to say who deleted it. */
  lastDeletion(entity: EntityName, id: string): Promise<ChangeLogEntry | null>;
  assignedRefs(userId: string): Promise<AssignedCaseRefs>;
  casesAtSite(siteId: string): Promise<CaseRow[]>;
  projectorsAtSite(siteId: string): Promise<Projector[]>;
  // case events
  getCaseEvent(id: string): Promise<CaseEventRow | null>;
  /** A case's timeline, oldest first (by `at`, then id). */
  caseEventsOf(caseId: string): Promise<CaseEventRow[]>;
  getNotification(id: string): Promise<NotificationRow | null>;
  /** Cases whose SLA clocks may still run (not resolved or closed). */
  openCases(): Promise<CaseRow[]>;
  /** Cases stored before SLA events existed (`slaEvents` is `[]`). */
  casesWithoutSlaEvents(): Promise<CaseRow[]>;
  // assignment and escalation
  /** Assigned cases that count towards engineers' loads: every open one, and the others updated at or after `since`. */
  assignmentLoadRows(since: string): Promise<AssignmentLoadRow[]>;
  /** Resolved or closed cases per assignee and projector model (past fixes). */
  pastFixes(): Promise<PastFixRow[]>;
  /** Open cases without an open escalation (the escalation check's candidates), in id order. */
  openUnescalatedCases(): Promise<CaseRow[]>;
  // mail
  listMailboxes(): Promise<MailboxRecord[]>;
  getMailbox(id: string): Promise<MailboxRecord | null>;
  findMailMessage(mailboxId: string, messageId: string, direction: 'in' | 'out'): Promise<MailMessageRecord | null>;
  /** Any mail we sent, in any mailbox, with one of these Message-IDs (our own mail coming back). */
  findOutgoingMessage(messageIds: readonly string[]): Promise<MailMessageRecord | null>;
  /** The newest case a mail with one of these Message-IDs belongs to (thread index). */
  findThreadCase(messageIds: readonly string[]): Promise<string | null>;
  /** A case's mail in both directions, oldest first (In-Reply-To / References of a reply). */
  mailMessagesOfCase(caseId: string): Promise<MailMessageRecord[]>;
  findCaseByNumber(number: string): Promise<CaseRow | null>;
  findProjectorsBySerials(serials: readonly string[]): Promise<Projector[]>;
  /** Sites whose contact email is this address (case-insensitive). */
  findSitesByContactEmail(email: string): Promise<Site[]>;
  getAttachment(id: string): Promise<AttachmentRecord | null>;
  /** Outgoing mail due at `now`, oldest due first. */
  dueOutbox(now: string, limit: number): Promise<OutboxRecord[]>;
  /** When the next outgoing mail is due (null when the outbox is empty). */
  nextOutboxAt(): Promise<string | null>;
  // imports
  getImportJob(id: string): Promise<ImportJobRecord | null>;
  /** Newest first, with the name of who started each. */
  listImportJobs(limit: number): Promise<(ImportJobRecord & Readonly<{ createdByName: string | null }>)[]>;
  getImportBatchResult(jobId: string, seq: number): Promise<unknown>;
  importRowsOf(jobId: string): Promise<ImportRowTag[]>;
  /** Customers whose code or name is one of these (compared case-insensitively). */
  findCustomersByCodesOrNames(codes: readonly string[], names: readonly string[]): Promise<Customer[]>;
  /** Sites with one of these names (case-insensitive). */
  findSitesByNames(names: readonly string[]): Promise<Site[]>;
  /**
   * Projectors with one of these serials as given, upper-cased or lower-cased (through the unique
   * index on serial; a serial stored in mixed case is found only when spelled the same).
   */
  findProjectorsBySerialsFolded(serials: readonly string[]): Promise<Projector[]>;
  /** Users with one of these emails (stored lower-case). */
  findUsersByEmails(emails: readonly string[]): Promise<UserRecord[]>;
  rowsByIds<E extends ImportTable>(entity: E, ids: readonly string[]): Promise<ImportTableRow<E>[]>;
  /** The ids among `ids` that rows of the referencing table still point at. */
  referencedIds(reference: ImportReference, ids: readonly string[]): Promise<Set<string>>;
  // service visits and reports
  getPart(id: string): Promise<PartRow | null>;
  getVisit(id: string): Promise<VisitRow | null>;
  getServiceReport(id: string): Promise<ServiceReportRow | null>;
  getReportPhoto(id: string): Promise<ReportPhotoRow | null>;
  /** A case's visits, reports and report photos (they travel with the case), in id order. */
  visitsOfCase(caseId: string): Promise<VisitRow[]>;
  serviceReportsOfCase(caseId: string): Promise<ServiceReportRow[]>;
  reportPhotosOfCase(caseId: string): Promise<ReportPhotoRow[]>;
  reportPhotosOfReport(reportId: string): Promise<ReportPhotoRow[]>;
  /** Photos whose image or thumbnail is this blob. */
  reportPhotosWithFile(sha256: string): Promise<ReportPhotoRow[]>;
  getFile(sha256: string): Promise<FileRecord | null>;
  /** Scheduled visits on `date` whose day-before reminder has not gone out, in id order. */
  visitsNeedingReminder(date: string): Promise<VisitRow[]>;
};

export type WriteTx = ReadTx & {
  /**
   * Reserves the next change-log version (head + 1, then + 2, ...). Every reserved version must be
   * appended before the transaction ends, which keeps the log gap-free; the commit checks it.
   */
  allocateVersion(): Promise<number>;
  /** Reserves `count` consecutive versions at once (bulk writes); returns the first. */
  allocateVersions(count: number): Promise<number>;
  appendChanges(entries: readonly ChangeLogEntry[]): Promise<void>;
  insertUsers(rows: readonly UserRecord[]): Promise<void>;
  /** Rewrites every column of an existing user. */
  replaceUser(row: UserRecord): Promise<void>;
  setLastSignIn(userId: string, at: string): Promise<void>;
  putSetting(row: SettingRow): Promise<void>;
  insertSignIn(record: SignInRecord): Promise<void>;
  /** Revokes the user's live sessions (but `exceptId`); returns the ids revoked. */
  revokeUserSessions(userId: string, at: string, exceptId?: string): Promise<string[]>;
  insertCustomers(rows: readonly Customer[]): Promise<void>;
  insertSites(rows: readonly Site[]): Promise<void>;
  insertProjectors(rows: readonly Projector[]): Promise<void>;
  insertCases(rows: readonly CaseRow[]): Promise<void>;
  replaceCase(row: CaseRow): Promise<void>;
  /** Hard delete (the caller logs the before-image). */
  deleteCase(id: string): Promise<void>;
  insertConflicts(rows: readonly ConflictRow[]): Promise<void>;
  replaceConflict(row: ConflictRow): Promise<void>;
  /** Removes change-log entries with version < `version`; returns how many went. */
  deleteChangesBefore(version: number): Promise<number>;
  /** Increments and returns the case counter of a year (1 for the first case). */
  nextCaseNumber(year: number): Promise<number>;
  setCaseCounter(year: number, last: number): Promise<void>;
  putClient(record: ClientRecord): Promise<void>;
  putMutationResult(clientId: string, mutationId: number, result: StoredMutationResult): Promise<void>;
  /** Forgets stored results at or below a mutation id (no console can still be waiting for them). */
  pruneMutationResults(clientId: string, upTo: number): Promise<void>;
  insertSession(record: SessionRecord): Promise<void>;
  touchSession(id: string, at: string): Promise<void>;
  revokeSession(id: string, at: string): Promise<void>;
  insertRefreshToken(record: RefreshTokenRecord): Promise<void>;
  markRefreshTokenUsed(id: string, at: string): Promise<void>;
  setMeta(key: string, value: string): Promise<void>;
  // case events
  insertCaseEvents(rows: readonly CaseEventRow[]): Promise<void>;
  /** Rewrites an existing event (delivery status of an email_out). */
  replaceCaseEvent(row: CaseEventRow): Promise<void>;
  insertNotifications(rows: readonly NotificationRow[]): Promise<void>;
  replaceNotification(row: NotificationRow): Promise<void>;
  /** Runs `fn` so that, if it throws, only its own writes (and reserved versions) are undone. */
  savepoint<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  // mail
  insertMailbox(row: MailboxRecord): Promise<void>;
  /** Rewrites the settings columns (name, address, servers, folder, enabled); status columns stay. */
  replaceMailboxSettings(row: MailboxRecord): Promise<void>;
  deleteMailbox(id: string): Promise<void>;
  setMailboxStatus(id: string, status: MailboxStatus): Promise<void>;
  countMailboxHandled(id: string): Promise<void>;
  insertMailMessage(row: MailMessageRecord): Promise<void>;
  setMailMessageOutcome(id: string, outcome: string): Promise<void>;
  insertAttachments(rows: readonly AttachmentRecord[]): Promise<void>;
  insertOutbox(row: OutboxRecord): Promise<void>;
  rescheduleOutbox(id: string, attempts: number, nextAttemptAt: string, lastError: string | null): Promise<void>;
  deleteOutbox(id: string): Promise<void>;
  // imports
  insertImportJob(row: ImportJobRecord): Promise<void>;
  /** Rewrites every column of an existing job. */
  replaceImportJob(row: ImportJobRecord): Promise<void>;
  putImportBatchResult(jobId: string, seq: number, result: unknown, at: string): Promise<void>;
  /** Tags rows with their job; a row tagged before by the same job keeps its first `before` (the version moves on). */
  tagImportRows(rows: readonly ImportRowTag[]): Promise<void>;
  /** Rewrites every column of existing rows (matched by id). */
  replaceRows<E extends ImportTable>(entity: E, rows: readonly ImportTableRow<E>[]): Promise<void>;
  /** Hard delete (the caller logs the before-images). */
  deleteRows(entity: ImportTable, ids: readonly string[]): Promise<void>;
  // service visits and reports
  /** Inserts or rewrites a catalogue part. */
  putPart(row: PartRow): Promise<void>;
  insertVisit(row: VisitRow): Promise<void>;
  replaceVisit(row: VisitRow): Promise<void>;
  insertServiceReport(row: ServiceReportRow): Promise<void>;
  replaceServiceReport(row: ServiceReportRow): Promise<void>;
  insertReportPhoto(row: ReportPhotoRow): Promise<void>;
  /** Hard delete (the caller logs the before-image). */
  deleteReportPhoto(id: string): Promise<void>;
  /** Increments and returns the service report counter of a year (1 for the first report). */
  nextReportNumber(year: number): Promise<number>;
  /** Records a stored blob; returns false when it was already recorded. */
  insertFile(record: FileRecord): Promise<boolean>;
};

export type HubRepository = {
  /** A consistent snapshot: everything read inside sees the same committed state. */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T>;
  /** A long read on a connection of its own (bootstrap streaming); see SnapshotTx. */
  snapshot<T>(fn: (tx: SnapshotTx) => Promise<T>): Promise<T>;
  /** One writer at a time; commits when `fn` resolves, rolls back when it throws. */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** Checks the audit hash chain over the whole log (one read snapshot). */
  verifyAudit(checkedAt: string): Promise<AuditChainReport>;
  /** Called after a commit that grew the change log, with the new head version. */
  onCommit(listener: (head: number) => void): () => void;
  close(): Promise<void>;
};

// mail
/** A mailbox row (db/schema.ts `mailboxes`); passwords are encrypted (mail/mail-key.ts). */
export type MailboxRecord = Readonly<{
  id: string;
  name: string;
  address: string;
  imap: StoredMailServer;
  smtp: StoredMailServer;
  folder: string;
  enabled: boolean;
  state: MailboxState;
  lastError: string | null;
  lastCheckedAt: string | null;
  retryAt: string | null;
  handled: number;
  createdAt: string;
}>;
export type MailboxStatus = Readonly<Pick<MailboxRecord, 'state' | 'lastError' | 'lastCheckedAt' | 'retryAt'>>;
export type MailMessageRecord = Readonly<{
  id: string;
  mailboxId: string;
  messageId: string;
  direction: 'in' | 'out';
  caseId: string | null;
  eventId: string | null;
  outcome: string;
  createdAt: string;
}>;
export type AttachmentRecord = Readonly<{ id: string; caseId: string; eventId: string; fileName: string; mime: string; bytes: number; sha256: string; createdAt: string }>;
export type OutboxRecord = Readonly<{
  id: string;
  mailboxId: string;
  caseId: string;
  eventId: string;
  message: unknown;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
}>;
