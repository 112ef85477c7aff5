// SQLite implementation of the storage seam: one writer connection (transactions serialised by a
// queue, BEGIN IMMEDIATE), one reader connection whose transactions see a committed snapshot
// (WAL), and a short-lived read-only connection per bootstrap snapshot so a long stream neither
// blocks writers nor the reader. Hot statements are prepared once per connection and reused.
import path from 'node:path';
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { SettingRow } from '../../shared/settings.js';
import type { CaseEventRow, NotificationRow } from '../../shared/case-events.js';
import { verifyAuditChain, type AuditChainReport } from '../audit/verify.js';
import { AUDIT_ANCHOR_KEY, createAuditHasher, parseAnchor, resolveAuditKey, type AuditHasher } from '../audit/hash-chain.js';
import type { CaseRow, ConflictRow, Customer, Projector, Site, SyncedUser } from '../../shared/domain.js';
import type { EntityName, EntityRows } from '../../shared/sync/entities.js';
import type { PartRow, ReportPhotoRow, ServiceReportRow, VisitRow } from '../../shared/service.js';
import { BugIndicatingError, missingCase } from '../../shared/errors.js';
import { createBulkInserter, createRowUpdater } from './bulk-insert.js';
import { openAndMigrate, openConnection, wrap, type HubDrizzle } from './open-database.js';
import { SerialQueue } from './serial-queue.js';
import { errorFields, silentLogger, type HubLogger } from '../logger.js';
import type { AssignedCaseRefs, AuditRecord, ChangeLogEntry, HubRepository, ImportTable, ImportTableRow, ReadTx, ScopedRow, SnapshotScope, SnapshotTx, StoredMutationResult, UserRecord, WriteTx } from './repository.js';
import * as t from './schema.js';

const syncedUserColumns = {
  id: t.users.id,
  email: t.users.email,
  name: t.users.name,
  role: t.users.role,
  regions: t.users.regions,
  active: t.users.active,
  phone: t.users.phone,
  engineer: t.users.engineer,
  mustChangePassword: t.users.mustChangePassword,
  passwordChangedAt: t.users.passwordChangedAt,
  version: t.users.version,
};

const ENTITY_TABLES = {
  users: t.users,
  customers: t.customers,
  sites: t.sites,
  projectors: t.projectors,
  cases: t.cases,
  conflicts: t.conflicts,
  settings: t.settings,
  caseEvents: t.caseEvents,
  notifications: t.notifications,
  parts: t.parts,
  visits: t.visits,
  serviceReports: t.serviceReports,
  reportPhotos: t.reportPhotos,
} as const;

/** The entities that travel with their case (timeline events, visits, reports, photos). */
const CASE_CHILD_TABLES = { caseEvents: t.caseEvents, visits: t.visits, serviceReports: t.serviceReports, reportPhotos: t.reportPhotos } as const;
type CaseChildEntity = keyof typeof CASE_CHILD_TABLES;
const isCaseChild = (entity: EntityName): entity is CaseChildEntity => entity in CASE_CHILD_TABLES;

const byId = sql.placeholder('id');

/**
 * The change log after a version, read with a plain prepared statement and mapped by hand: the
 * same objects drizzle's select() gives (its columns in order, JSON columns parsed, `offline` a
 * boolean), without its per-row mapping, which was most of the cost of every fan-out and catch-up
 * read. A JSON column edited into invalid text still throws a SyntaxError (audit/verify.ts relies
 * on it).
 */
function changesSinceStatement(sqlite: Database.Database) {
  const statement = sqlite
    .prepare(
      'SELECT version, entity, entity_id, op, before, after, user_id, client_id, mutation_id, client_created_at, created_at, session_id, offline, hash ' +
        'FROM change_log WHERE version > ? ORDER BY version LIMIT ?',
    )
    .raw();
  const json = (value: unknown): unknown => (value === null ? null : JSON.parse(value as string));
  return {
    all({ version, limit }: Readonly<{ version: number; limit: number }>): (typeof t.changeLog.$inferSelect)[] {
      const rows = statement.all(version, limit) as unknown[][];
      const out: (typeof t.changeLog.$inferSelect)[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        out[i] = {
          version: r[0] as number,
          entity: r[1] as EntityName,
          entityId: r[2] as string,
          op: r[3] as 'put' | 'del',
          before: json(r[4]),
          after: json(r[5]),
          userId: r[6] as string | null,
          clientId: r[7] as string | null,
          mutationId: r[8] as number | null,
          clientCreatedAt: r[9] as string | null,
          createdAt: r[10] as string,
          sessionId: r[11] as string | null,
          offline: Number(r[12]) === 1,
          hash: r[13] as string | null,
        };
      }
      return out;
    },
  };
}

/** Statements every transaction on a connection uses again and again, prepared once. */
function prepareQueries(db: HubDrizzle, sqlite: Database.Database) {
  return {
    // The head never goes back below the compaction horizon, even when compaction emptied the log:
    // a reused version would be skipped by every console whose cursor already passed it.
    head: sqlite
      .prepare(
        "SELECT max(coalesce((SELECT max(version) FROM change_log), 0), coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'compactionHorizon'), 0)) AS head",
      )
      .pluck(),
    getCase: db.select().from(t.cases).where(eq(t.cases.id, byId)).prepare(),
    getUser: db.select().from(t.users).where(eq(t.users.id, byId)).prepare(),
    getProjector: db.select().from(t.projectors).where(eq(t.projectors.id, byId)).prepare(),
    getSite: db.select().from(t.sites).where(eq(t.sites.id, byId)).prepare(),
    getCustomer: db.select().from(t.customers).where(eq(t.customers.id, byId)).prepare(),
    getClient: db.select().from(t.clients).where(eq(t.clients.clientId, byId)).prepare(),
    getConflict: db.select().from(t.conflicts).where(eq(t.conflicts.id, byId)).prepare(),
    getChange: db.select().from(t.changeLog).where(eq(t.changeLog.version, sql.placeholder('version'))).prepare(),
    getMutationResult: db
      .select({ result: t.mutationResults.result })
      .from(t.mutationResults)
      .where(and(eq(t.mutationResults.clientId, byId), eq(t.mutationResults.mutationId, sql.placeholder('mutationId'))))
      .prepare(),
    // Import look-ups: one prepared statement each, the list passed as one JSON parameter.
    customersByCodesOrNames: db
      .select()
      .from(t.customers)
      .where(
        or(
          sql`lower(${t.customers.code}) IN (SELECT value FROM json_each(${sql.placeholder('codes')}))`,
          sql`lower(${t.customers.name}) IN (SELECT value FROM json_each(${sql.placeholder('names')}))`,
        ),
      )
      .prepare(),
    sitesByNames: db
      .select()
      .from(t.sites)
      .where(sql`lower(${t.sites.name}) IN (SELECT value FROM json_each(${sql.placeholder('names')}))`)
      .prepare(),
    projectorsBySerials: db
      .select()
      .from(t.projectors)
      .where(sql`${t.projectors.serial} IN (SELECT value FROM json_each(${sql.placeholder('serials')}))`)
      .prepare(),
    changesSince: changesSinceStatement(sqlite),
    assigned: sqlite.prepare('SELECT id, site_id AS siteId, projector_id AS projectorId FROM cases WHERE assignee_id = ?'),
    // case events
    getCaseEvent: db.select().from(t.caseEvents).where(eq(t.caseEvents.id, byId)).prepare(),
    caseEventsOf: db.select().from(t.caseEvents).where(eq(t.caseEvents.caseId, byId)).orderBy(t.caseEvents.at, t.caseEvents.id).prepare(),
    getNotification: db.select().from(t.notifications).where(eq(t.notifications.id, byId)).prepare(),
    lastDeletion: db
      .select()
      .from(t.changeLog)
      .where(and(eq(t.changeLog.entity, sql.placeholder('entity')), eq(t.changeLog.entityId, byId), eq(t.changeLog.op, 'del')))
      .orderBy(sql`${t.changeLog.version} DESC`)
      .limit(1)
      .prepare(),
  };
}
type Queries = ReturnType<typeof prepareQueries>;

function refsFrom(rows: readonly { id: string; siteId: string | null; projectorId: string | null }[]): AssignedCaseRefs {
  const caseIds = new Set<string>();
  const siteIds = new Set<string>();
  const projectorIds = new Set<string>();
  for (const row of rows) {
    caseIds.add(row.id);
    if (row.siteId) siteIds.add(row.siteId);
    if (row.projectorId) projectorIds.add(row.projectorId);
  }
  return { caseIds, siteIds, projectorIds };
}

function makeReadTx(db: HubDrizzle, q: Queries): ReadTx {
  return {
    async headVersion() {
      return q.head.get() as number;
    },
    async changesSince(version, limit) {
      return q.changesSince.all({ version, limit });
    },
    async listRows<E extends EntityName>(entity: E): Promise<EntityRows[E][]> {
      const name: EntityName = entity;
      switch (name) {
        case 'users':
          return db.select(syncedUserColumns).from(t.users).orderBy(t.users.id).all() satisfies SyncedUser[] as EntityRows[E][];
        case 'customers':
          return db.select().from(t.customers).orderBy(t.customers.id).all() satisfies Customer[] as EntityRows[E][];
        case 'sites':
          return db.select().from(t.sites).orderBy(t.sites.id).all() satisfies Site[] as EntityRows[E][];
        case 'projectors':
          return db.select().from(t.projectors).orderBy(t.projectors.id).all() satisfies Projector[] as EntityRows[E][];
        case 'cases':
          return db.select().from(t.cases).orderBy(t.cases.id).all() satisfies CaseRow[] as CaseRow[] as EntityRows[E][];
        case 'conflicts':
          return db.select().from(t.conflicts).orderBy(t.conflicts.id).all() satisfies ConflictRow[] as EntityRows[E][];
        case 'settings':
          return db.select().from(t.settings).orderBy(t.settings.id).all() as SettingRow[] as EntityRows[E][];
        case 'caseEvents':
          return db.select().from(t.caseEvents).orderBy(t.caseEvents.id).all() as CaseEventRow[] as EntityRows[E][];
        case 'notifications':
          return db.select().from(t.notifications).orderBy(t.notifications.id).all() satisfies NotificationRow[] as EntityRows[E][];
        case 'parts':
          return db.select().from(t.parts).orderBy(t.parts.id).all() satisfies PartRow[] as PartRow[] as EntityRows[E][];
        case 'visits':
          return db.select().from(t.visits).orderBy(t.visits.id).all() satisfies VisitRow[] as EntityRows[E][];
        case 'serviceReports':
          return db.select().from(t.serviceReports).orderBy(t.serviceReports.id).all() satisfies ServiceReportRow[] as EntityRows[E][];
        case 'reportPhotos':
          return db.select().from(t.reportPhotos).orderBy(t.reportPhotos.id).all() satisfies ReportPhotoRow[] as EntityRows[E][];
        default:
          return missingCase(name);
      }
    },
    async countRows(entity) {
      return db.select({ n: count() }).from(ENTITY_TABLES[entity]).get()?.n ?? 0;
    },
    async getUser(id) {
      return q.getUser.get({ id }) ?? null;
    },
    async listUsers() {
      return db.select().from(t.users).orderBy(t.users.name, t.users.id).all();
    },
    async countActiveAdmins() {
      return db.select({ n: count() }).from(t.users).where(and(eq(t.users.role, 'admin'), eq(t.users.active, true))).get()?.n ?? 0;
    },
    async getSetting(key) {
      return (db.select().from(t.settings).where(eq(t.settings.id, key)).get() as SettingRow | undefined) ?? null;
    },
    async listSessions(filter) {
      return db
        .select({ session: t.sessions, userName: t.users.name, userEmail: t.users.email })
        .from(t.sessions)
        .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
        .where(and(filter.userId ? eq(t.sessions.userId, filter.userId) : undefined, filter.includeRevoked ? undefined : isNull(t.sessions.revokedAt)))
        .orderBy(desc(t.sessions.lastSeenAt), t.sessions.id)
        .limit(1000)
        .all()
        .map((r) => ({ ...r.session, userName: r.userName, userEmail: r.userEmail }));
    },
    async listSignIns(filter) {
      const before = filter.before ? or(lt(t.signIns.at, filter.before.at), and(eq(t.signIns.at, filter.before.at), lt(t.signIns.id, filter.before.id))) : undefined;
      return db
        .select({ event: t.signIns, userName: t.users.name })
        .from(t.signIns)
        .leftJoin(t.users, eq(t.users.id, t.signIns.userId))
        .where(and(filter.userId ? eq(t.signIns.userId, filter.userId) : undefined, filter.outcome ? eq(t.signIns.outcome, filter.outcome) : undefined, before))
        .orderBy(desc(t.signIns.at), desc(t.signIns.id))
        .limit(filter.limit)
        .all()
        .map((r) => ({ ...r.event, userName: r.userName }));
    },
    async queryAudit(filter) {
      const c = t.changeLog;
      const action =
        filter.action === 'delete' ? eq(c.op, 'del') : filter.action === 'create' ? and(eq(c.op, 'put'), isNull(c.before)) : filter.action === 'update' ? and(eq(c.op, 'put'), isNotNull(c.before)) : undefined;
      const rows = db
        .select({ entry: c, userName: t.users.name, consoleName: t.sessions.clientName, address: t.sessions.ip })
        .from(c)
        .leftJoin(t.users, eq(t.users.id, c.userId))
        .leftJoin(t.sessions, eq(t.sessions.id, c.sessionId))
        .where(
          and(
            filter.userId ? eq(c.userId, filter.userId) : undefined,
            filter.entity ? eq(c.entity, filter.entity) : undefined,
            filter.entityId ? eq(c.entityId, filter.entityId) : undefined,
            action,
            filter.from ? gte(c.createdAt, filter.from) : undefined,
            filter.to ? lt(c.createdAt, filter.to) : undefined,
            filter.beforeVersion ? lt(c.version, filter.beforeVersion) : undefined,
          ),
        )
        .orderBy(desc(c.version))
        .limit(filter.limit)
        .all();
      return rows.map((r): AuditRecord => ({ ...r.entry, userName: r.userName, consoleName: r.consoleName, address: r.address }));
    },
    async maxRowVersion() {
      const tables = ['users', 'customers', 'sites', 'projectors', 'cases', 'conflicts', 'settings', 'case_events', 'notifications', 'parts', 'visits', 'service_reports', 'report_photos'];
      const query = tables.map((name) => `coalesce((SELECT max(version) FROM ${name}), 0)`).join(', ');
      return db.get<{ v: number }>(sql.raw(`SELECT max(${query}) AS v`)).v;
    },
    async findUserByEmail(email) {
      return db.select().from(t.users).where(eq(t.users.email, email.trim().toLowerCase())).get() ?? null;
    },
    async countUsers() {
      return db.select({ n: count() }).from(t.users).get()?.n ?? 0;
    },
    async getCase(id) {
      return q.getCase.get({ id }) ?? null;
    },
    async getProjector(id) {
      return q.getProjector.get({ id }) ?? null;
    },
    async getSite(id) {
      return q.getSite.get({ id }) ?? null;
    },
    async getCustomer(id) {
      return q.getCustomer.get({ id }) ?? null;
    },
    async getClient(clientId) {
      return q.getClient.get({ id: clientId }) ?? null;
    },
    async getMutationResult(clientId, mutationId) {
      const row = q.getMutationResult.get({ id: clientId, mutationId });
      return row ? (row.result as StoredMutationResult) : null;
    },
    async getSession(id) {
      return db.select().from(t.sessions).where(eq(t.sessions.id, id)).get() ?? null;
    },
    async findRefreshToken(tokenHash) {
      return db.select().from(t.refreshTokens).where(eq(t.refreshTokens.tokenHash, tokenHash)).get() ?? null;
    },
    async refreshTokensIssuedSince(familyId, at) {
      return db
        .select()
        .from(t.refreshTokens)
        .where(and(eq(t.refreshTokens.familyId, familyId), gte(t.refreshTokens.createdAt, at)))
        .all();
    },
    async getMeta(key) {
      return db.select().from(t.meta).where(eq(t.meta.key, key)).get()?.value ?? null;
    },
    async getConflict(id) {
      return q.getConflict.get({ id }) ?? null;
    },
    async openConflictsOfCase(caseId) {
      return db
        .select()
        .from(t.conflicts)
        .where(and(eq(t.conflicts.caseId, caseId), isNull(t.conflicts.resolvedAt)))
        .orderBy(t.conflicts.id)
        .all();
    },
    async getChange(version) {
      return q.getChange.get({ version }) ?? null;
    },
    async lastDeletion(entity, id) {
      return q.lastDeletion.get({ entity, id }) ?? null;
    },
    async assignedRefs(userId) {
      return refsFrom(q.assigned.all(userId) as { id: string; siteId: string | null; projectorId: string | null }[]);
    },
    async casesAtSite(siteId) {
      return db.select().from(t.cases).where(eq(t.cases.siteId, siteId)).orderBy(t.cases.id).all();
    },
    async projectorsAtSite(siteId) {
      return db.select().from(t.projectors).where(eq(t.projectors.siteId, siteId)).orderBy(t.projectors.id).all();
    },
    // case events
    async getCaseEvent(id) {
      return (q.getCaseEvent.get({ id }) as CaseEventRow | undefined) ?? null;
    },
    async caseEventsOf(caseId) {
      return q.caseEventsOf.all({ id: caseId }) as CaseEventRow[];
    },
    async getNotification(id) {
      return q.getNotification.get({ id }) ?? null;
    },
    async openCases() {
      return db
        .select()
        .from(t.cases)
        .where(sql`${t.cases.status} NOT IN ('resolved', 'closed')`)
        .orderBy(t.cases.id)
        .all();
    },
    async assignmentLoadRows(since) {
      return db
        .select({ id: t.cases.id, assigneeId: sql<string>`${t.cases.assigneeId}`, status: t.cases.status, region: t.sites.region, slaDueAt: t.cases.slaDueAt, updatedAt: t.cases.updatedAt })
        .from(t.cases)
        .leftJoin(t.sites, eq(t.sites.id, t.cases.siteId))
        .where(and(isNotNull(t.cases.assigneeId), or(sql`${t.cases.status} NOT IN ('resolved', 'closed')`, gte(t.cases.updatedAt, since))))
        .orderBy(t.cases.id)
        .all();
    },
    async pastFixes() {
      return db
        .select({ assigneeId: sql<string>`${t.cases.assigneeId}`, model: t.projectors.model, count: count() })
        .from(t.cases)
        .innerJoin(t.projectors, eq(t.projectors.id, t.cases.projectorId))
        .where(and(isNotNull(t.cases.assigneeId), inArray(t.cases.status, ['resolved', 'closed'])))
        .groupBy(t.cases.assigneeId, t.projectors.model)
        .all();
    },
    async openUnescalatedCases() {
      return db
        .select()
        .from(t.cases)
        .where(and(sql`${t.cases.status} NOT IN ('resolved', 'closed')`, isNull(t.cases.escalation)))
        .orderBy(t.cases.id)
        .all();
    },
    async casesWithoutSlaEvents() {
      return db.select().from(t.cases).where(sql`${t.cases.slaEvents} = '[]'`).orderBy(t.cases.id).all();
    },
    // mail
    async listMailboxes() {
      return db.select().from(t.mailboxes).orderBy(t.mailboxes.name, t.mailboxes.id).all();
    },
    async getMailbox(id) {
      return db.select().from(t.mailboxes).where(eq(t.mailboxes.id, id)).get() ?? null;
    },
    async findMailMessage(mailboxId, messageId, direction) {
      return (
        db
          .select()
          .from(t.mailMessages)
          .where(and(eq(t.mailMessages.mailboxId, mailboxId), eq(t.mailMessages.messageId, messageId), eq(t.mailMessages.direction, direction)))
          .get() ?? null
      );
    },
    async findOutgoingMessage(messageIds) {
      if (messageIds.length === 0) return null;
      return db.select().from(t.mailMessages).where(and(inArray(t.mailMessages.messageId, [...messageIds].slice(0, 500)), eq(t.mailMessages.direction, 'out'))).limit(1).get() ?? null;
    },
    async findThreadCase(messageIds) {
      if (messageIds.length === 0) return null;
      const row = db
        .select({ caseId: t.mailMessages.caseId })
        .from(t.mailMessages)
        .where(and(inArray(t.mailMessages.messageId, [...messageIds].slice(0, 500)), isNotNull(t.mailMessages.caseId)))
        .orderBy(desc(t.mailMessages.createdAt))
        .limit(1)
        .get();
      return row?.caseId ?? null;
    },
    async mailMessagesOfCase(caseId) {
      return db.select().from(t.mailMessages).where(eq(t.mailMessages.caseId, caseId)).orderBy(t.mailMessages.createdAt, t.mailMessages.id).all();
    },
    async findCaseByNumber(number) {
      return db.select().from(t.cases).where(eq(t.cases.number, number)).get() ?? null;
    },
    async findProjectorsBySerials(serials) {
      if (serials.length === 0) return [];
      return db.select().from(t.projectors).where(inArray(t.projectors.serial, [...serials].slice(0, 500))).orderBy(t.projectors.serial).all();
    },
    async findSitesByContactEmail(email) {
      return db.select().from(t.sites).where(sql`lower(${t.sites.contactEmail}) = ${email.trim().toLowerCase()}`).orderBy(t.sites.id).all();
    },
    async getAttachment(id) {
      return db.select().from(t.attachments).where(eq(t.attachments.id, id)).get() ?? null;
    },
    async dueOutbox(now, limit) {
      return db.select().from(t.mailOutbox).where(lte(t.mailOutbox.nextAttemptAt, now)).orderBy(t.mailOutbox.nextAttemptAt, t.mailOutbox.id).limit(limit).all();
    },
    async nextOutboxAt() {
      return db.select({ at: t.mailOutbox.nextAttemptAt }).from(t.mailOutbox).orderBy(t.mailOutbox.nextAttemptAt).limit(1).get()?.at ?? null;
    },
    // imports
    async getImportJob(id) {
      return db.select().from(t.importJobs).where(eq(t.importJobs.id, id)).get() ?? null;
    },
    async listImportJobs(limit) {
      return db
        .select({ job: t.importJobs, createdByName: t.users.name })
        .from(t.importJobs)
        .leftJoin(t.users, eq(t.users.id, t.importJobs.createdBy))
        .orderBy(desc(t.importJobs.createdAt), desc(t.importJobs.id))
        .limit(limit)
        .all()
        .map((r) => ({ ...r.job, createdByName: r.createdByName }));
    },
    async getImportBatchResult(jobId, seq) {
      return db.select({ result: t.importBatches.result }).from(t.importBatches).where(and(eq(t.importBatches.jobId, jobId), eq(t.importBatches.seq, seq))).get()?.result ?? null;
    },
    async importRowsOf(jobId) {
      return db.select().from(t.importRows).where(eq(t.importRows.jobId, jobId)).all();
    },
    async findCustomersByCodesOrNames(codes, names) {
      const lowerCodes = folded(codes);
      const lowerNames = folded(names);
      if (lowerCodes.length === 0 && lowerNames.length === 0) return [];
      return q.customersByCodesOrNames.all({ codes: JSON.stringify(lowerCodes), names: JSON.stringify(lowerNames) });
    },
    async findSitesByNames(names) {
      const list = folded(names);
      return list.length === 0 ? [] : q.sitesByNames.all({ names: JSON.stringify(list) });
    },
    async findProjectorsBySerialsFolded(serials) {
      // Through the unique index on serial: each serial as given, upper- and lower-cased (a scan of
      // lower(serial) over 100,000 projectors per batch was the import's bottleneck).
      const variants = new Set<string>();
      for (const serial of serials) {
        const s = serial.trim();
        if (s === '') continue;
        variants.add(s);
        variants.add(s.toUpperCase());
        variants.add(s.toLowerCase());
      }
      return variants.size === 0 ? [] : q.projectorsBySerials.all({ serials: JSON.stringify([...variants]) });
    },
    async findUsersByEmails(emails) {
      const out: UserRecord[] = [];
      for (const part of chunks(folded(emails))) out.push(...db.select().from(t.users).where(inArray(t.users.email, part)).all());
      return out;
    },
    async rowsByIds<E extends ImportTable>(entity: E, ids: readonly string[]): Promise<ImportTableRow<E>[]> {
      const table = IMPORT_TABLES[entity];
      const out: ImportTableRow<E>[] = [];
      for (const part of chunks(ids)) out.push(...(db.select().from(table).where(inArray(table.id, part)).all() as ImportTableRow<E>[]));
      return out;
    },
    async referencedIds(reference, ids) {
      const column = REFERENCE_COLUMNS[reference];
      const out = new Set<string>();
      for (const part of chunks(ids)) {
        for (const row of db.selectDistinct({ id: column }).from(REFERENCE_TABLES[reference]).where(inArray(column, part)).all()) if (row.id !== null) out.add(row.id);
      }
      return out;
    },
    // service visits and reports
    async getPart(id) {
      return db.select().from(t.parts).where(eq(t.parts.id, id)).get() ?? null;
    },
    async getVisit(id) {
      return db.select().from(t.visits).where(eq(t.visits.id, id)).get() ?? null;
    },
    async getServiceReport(id) {
      return db.select().from(t.serviceReports).where(eq(t.serviceReports.id, id)).get() ?? null;
    },
    async getReportPhoto(id) {
      return db.select().from(t.reportPhotos).where(eq(t.reportPhotos.id, id)).get() ?? null;
    },
    async visitsOfCase(caseId) {
      return db.select().from(t.visits).where(eq(t.visits.caseId, caseId)).orderBy(t.visits.id).all();
    },
    async serviceReportsOfCase(caseId) {
      return db.select().from(t.serviceReports).where(eq(t.serviceReports.caseId, caseId)).orderBy(t.serviceReports.id).all();
    },
    async reportPhotosOfCase(caseId) {
      return db.select().from(t.reportPhotos).where(eq(t.reportPhotos.caseId, caseId)).orderBy(t.reportPhotos.id).all();
    },
    async reportPhotosOfReport(reportId) {
      return db.select().from(t.reportPhotos).where(eq(t.reportPhotos.reportId, reportId)).orderBy(t.reportPhotos.id).all();
    },
    async reportPhotosWithFile(sha256) {
      return db
        .select()
        .from(t.reportPhotos)
        .where(or(eq(t.reportPhotos.sha256, sha256), eq(t.reportPhotos.thumbSha256, sha256)))
        .orderBy(t.reportPhotos.id)
        .all();
    },
    async getFile(sha256) {
      return db.select().from(t.files).where(eq(t.files.sha256, sha256)).get() ?? null;
    },
    async visitsNeedingReminder(date) {
      return db
        .select()
        .from(t.visits)
        .where(and(eq(t.visits.date, date), eq(t.visits.status, 'scheduled'), isNull(t.visits.reminderSentAt)))
        .orderBy(t.visits.id)
        .all();
    },
  };
}

const IN_CHUNK = 900;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_CHUNK) out.push(items.slice(i, i + IN_CHUNK));
  return out;
}
function folded(items: readonly string[]): string[] {
  return [...new Set(items.map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))];
}
const IMPORT_TABLES = { customers: t.customers, sites: t.sites, projectors: t.projectors } as const;
const REFERENCE_COLUMNS = {
  'cases.projectorId': t.cases.projectorId,
  'cases.siteId': t.cases.siteId,
  'cases.customerId': t.cases.customerId,
  'projectors.siteId': t.projectors.siteId,
  'sites.customerId': t.sites.customerId,
} as const;
const REFERENCE_TABLES = { 'cases.projectorId': t.cases, 'cases.siteId': t.cases, 'cases.customerId': t.cases, 'projectors.siteId': t.projectors, 'sites.customerId': t.sites } as const;

/** The WHERE of a bootstrap page or count: the SQL form of shared/sync/visibility.ts. */
function scopeFilter(entity: EntityName, scope: SnapshotScope): SQL | undefined {
  const inRegions = (column: typeof t.sites.region) => (scope.kind === 'regions' && scope.regions.length > 0 ? inArray(column, [...scope.regions]) : sql`0`);
  switch (entity) {
    case 'users':
    case 'customers':
    case 'settings':
    case 'parts':
      return undefined;
    case 'conflicts':
      return eq(t.conflicts.userId, scope.userId);
    case 'sites':
      if (scope.kind === 'all') return undefined;
      return scope.kind === 'regions' ? inRegions(t.sites.region) : sql`${t.sites.id} IN (SELECT ${t.cases.siteId} FROM ${t.cases} WHERE ${t.cases.assigneeId} = ${scope.userId})`;
    case 'projectors':
      if (scope.kind === 'all') return undefined;
      return scope.kind === 'regions' ? inRegions(t.sites.region) : sql`${t.projectors.id} IN (SELECT ${t.cases.projectorId} FROM ${t.cases} WHERE ${t.cases.assigneeId} = ${scope.userId})`;
    case 'cases':
      if (scope.kind === 'all') return undefined;
      return scope.kind === 'regions' ? or(isNull(t.cases.siteId), isNull(t.sites.id), inRegions(t.sites.region)) : eq(t.cases.assigneeId, scope.userId);
    case 'caseEvents':
    case 'visits':
    case 'serviceReports':
    case 'reportPhotos':
      // Exactly when the case is visible: the same rule over the joined case and its site.
      if (scope.kind === 'all') return undefined;
      return scope.kind === 'regions' ? or(isNull(t.cases.siteId), isNull(t.sites.id), inRegions(t.sites.region)) : eq(t.cases.assigneeId, scope.userId);
    case 'notifications':
      return eq(t.notifications.userId, scope.userId);
    default:
      return missingCase(entity);
  }
}

function makeSnapshotTx(db: HubDrizzle, q: Queries): SnapshotTx {
  const withRegion = (scope: SnapshotScope) => scope.kind === 'regions';
  return {
    async headVersion() {
      return q.head.get() as number;
    },
    async assignedRefs(userId) {
      return refsFrom(q.assigned.all(userId) as { id: string; siteId: string | null; projectorId: string | null }[]);
    },
    async countScoped(entity, scope) {
      const where = scopeFilter(entity, scope);
      if (entity === 'projectors' && withRegion(scope)) {
        return db.select({ n: count() }).from(t.projectors).innerJoin(t.sites, eq(t.sites.id, t.projectors.siteId)).where(where).get()?.n ?? 0;
      }
      if (entity === 'cases' && withRegion(scope)) {
        return db.select({ n: count() }).from(t.cases).leftJoin(t.sites, eq(t.sites.id, t.cases.siteId)).where(where).get()?.n ?? 0;
      }
      if (isCaseChild(entity)) {
        // Joined to their case: the events of a deleted case (kept as history) go to nobody.
        const child = CASE_CHILD_TABLES[entity];
        return (
          db
            .select({ n: count() })
            .from(child)
            .innerJoin(t.cases, eq(t.cases.id, child.caseId))
            .leftJoin(t.sites, eq(t.sites.id, t.cases.siteId))
            .where(where)
            .get()?.n ?? 0
        );
      }
      return db.select({ n: count() }).from(ENTITY_TABLES[entity]).where(where).get()?.n ?? 0;
    },
    async pageScoped<E extends EntityName>(entity: E, scope: SnapshotScope, afterId: string | null, limit: number): Promise<ScopedRow<E>[]> {
      const name: EntityName = entity;
      const table = ENTITY_TABLES[name];
      const where = and(afterId === null ? undefined : gt(table.id, afterId), scopeFilter(name, scope));
      const plain = <R>(rows: R[]) => rows.map((row) => ({ row, siteRegion: null })) as unknown as ScopedRow<E>[];
      switch (name) {
        case 'users':
          return plain(db.select(syncedUserColumns).from(t.users).where(where).orderBy(asc(t.users.id)).limit(limit).all());
        case 'customers':
          return plain(db.select().from(t.customers).where(where).orderBy(asc(t.customers.id)).limit(limit).all());
        case 'conflicts':
          return plain(db.select().from(t.conflicts).where(where).orderBy(asc(t.conflicts.id)).limit(limit).all());
        case 'settings':
          return plain(db.select().from(t.settings).where(where).orderBy(asc(t.settings.id)).limit(limit).all());
        case 'notifications':
          return plain(db.select().from(t.notifications).where(where).orderBy(asc(t.notifications.id)).limit(limit).all());
        case 'parts':
          return plain(db.select().from(t.parts).where(where).orderBy(asc(t.parts.id)).limit(limit).all());
        case 'caseEvents':
          return db
            .select({ row: t.caseEvents, siteRegion: t.sites.region })
            .from(t.caseEvents)
            .innerJoin(t.cases, eq(t.cases.id, t.caseEvents.caseId))
            .leftJoin(t.sites, eq(t.sites.id, t.cases.siteId))
            .where(where)
            .orderBy(asc(t.caseEvents.id))
            .limit(limit)
            .all() as unknown as ScopedRow<E>[];
        case 'visits':
          return db
            .select({ row: t.visits, siteRegion: t.sites.region })
            .from(t.visits)
            .innerJoin(t.cases, eq(t.cases.id, t.visits.caseId))
            .leftJoin(t.sites, eq(t.sites.id, t.cases.siteId))
            .where(where)
            .orderBy(asc(t.visits.id))
            .limit(limit)
            .all() as unknown as ScopedRow<E>[];
        case 'serviceReports':
          return db
            .select({ row: t.serviceReports, siteRegion: t.sites.region })
            .from(t.serviceReports)
            .innerJoin(t.cases, eq(t.cases.id, t.serviceReports.caseId))
            .leftJoin(t.sites, eq(t.sites.id, t.cases.siteId))
            .where(where)
            .orderBy(asc(t.serviceReports.id))
            .limit(limit)
            .all() as unknown as ScopedRow<E>[];
        case 'reportPhotos':
          return db
            .select({ row: t.reportPhotos, siteRegion: t.sites.region })
            .from(t.reportPhotos)
            .innerJoin(t.cases, eq(t.cases.id, t.reportPhotos.caseId))
            .leftJoin(t.sites, eq(t.sites.id, t.cases.siteId))
            .where(where)
            .orderBy(asc(t.reportPhotos.id))
            .limit(limit)
            .all() as unknown as ScopedRow<E>[];
        case 'sites':
          return plain(db.select().from(t.sites).where(where).orderBy(asc(t.sites.id)).limit(limit).all());
        case 'projectors':
          if (!withRegion(scope)) return plain(db.select().from(t.projectors).where(where).orderBy(asc(t.projectors.id)).limit(limit).all());
          return db
            .select({ row: t.projectors, siteRegion: t.sites.region })
            .from(t.projectors)
            .innerJoin(t.sites, eq(t.sites.id, t.projectors.siteId))
            .where(where)
            .orderBy(asc(t.projectors.id))
            .limit(limit)
            .all() as unknown as ScopedRow<E>[];
        case 'cases':
          if (!withRegion(scope)) return plain(db.select().from(t.cases).where(where).orderBy(asc(t.cases.id)).limit(limit).all());
          return db
            .select({ row: t.cases, siteRegion: t.sites.region })
            .from(t.cases)
            .leftJoin(t.sites, eq(t.sites.id, t.cases.siteId))
            .where(where)
            .orderBy(asc(t.cases.id))
            .limit(limit)
            .all() as unknown as ScopedRow<E>[];
        default:
          return missingCase(name);
      }
    },
  };
}

/**
 * Version bookkeeping of one write transaction; `savepoint` snapshots and restores it. `hash` is
 * the audit chain's running hash after the last appended entry (null until the first append).
 */
type VersionState = { head: number | null; allocated: number; appended: number; hash: string | null };

/** The newest committed entry's hash, kept between transactions so a push needs no extra query. */
type ChainTip = { version: number; hash: string } | null;

/** BEGIN/COMMIT/SAVEPOINT as prepared statements: cheaper than exec() on every mutation. */
function prepareControl(sqlite: Database.Database) {
  const savepoints = new Map<number, { open: Database.Statement; release: Database.Statement; rollback: Database.Statement }>();
  return {
    begin: sqlite.prepare('BEGIN IMMEDIATE'),
    commit: sqlite.prepare('COMMIT'),
    rollback: sqlite.prepare('ROLLBACK'),
    savepoint(depth: number) {
      let entry = savepoints.get(depth);
      if (!entry) {
        entry = { open: sqlite.prepare(`SAVEPOINT sp_${depth}`), release: sqlite.prepare(`RELEASE sp_${depth}`), rollback: sqlite.prepare(`ROLLBACK TO sp_${depth}`) };
        savepoints.set(depth, entry);
      }
      return entry;
    },
  };
}

type WriterTools = Readonly<{
  hasher: AuditHasher;
  tip: { current: ChainTip };
  db: HubDrizzle;
  q: Queries;
  insert: ReturnType<typeof createBulkInserter>;
  update: ReturnType<typeof createRowUpdater>;
  control: ReturnType<typeof prepareControl>;
  statements: Readonly<
    Record<
      'nextCaseNumber' | 'nextReportNumber' | 'setCaseCounter' | 'putClient' | 'deleteCase' | 'deleteChangesBefore' | 'revokeUserSessions' | 'tagImportRow' | 'deleteCustomer' | 'deleteSite' | 'deleteProjector',
      Database.Statement
    >
  >;
}>;

function prepareWriterStatements(sqlite: Database.Database): WriterTools['statements'] {
  return {
    nextCaseNumber: sqlite.prepare('INSERT INTO case_counters (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last').pluck(),
    nextReportNumber: sqlite.prepare('INSERT INTO report_counters (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last').pluck(),
    setCaseCounter: sqlite.prepare('INSERT INTO case_counters (year, last) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last = excluded.last'),
    putClient: sqlite.prepare(
      'INSERT INTO clients (client_id, client_group_id, user_id, last_mutation_id) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (client_id) DO UPDATE SET client_group_id = excluded.client_group_id, user_id = excluded.user_id, last_mutation_id = excluded.last_mutation_id',
    ),
    deleteCase: sqlite.prepare('DELETE FROM cases WHERE id = ?'),
    deleteChangesBefore: sqlite.prepare('DELETE FROM change_log WHERE version < ?'),
    revokeUserSessions: sqlite.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ? RETURNING id').pluck(),
    // A row touched twice by one job keeps the `before` of its first touch: undo restores that.
    tagImportRow: sqlite.prepare(
      'INSERT INTO import_rows (job_id, entity, entity_id, before, version) VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id, entity, entity_id) DO UPDATE SET version = excluded.version',
    ),
    deleteCustomer: sqlite.prepare('DELETE FROM customers WHERE id = ?'),
    deleteSite: sqlite.prepare('DELETE FROM sites WHERE id = ?'),
    deleteProjector: sqlite.prepare('DELETE FROM projectors WHERE id = ?'),
  };
}

/** The hash the chain continues from after `version`: its entry's, the compaction anchor's, or '' at the start. */
function chainHashAt(db: HubDrizzle, q: Queries, version: number): string {
  if (version <= 0) return '';
  const entry = q.getChange.get({ version });
  if (entry) return entry.hash ?? '';
  const anchor = parseAnchor(db.select().from(t.meta).where(eq(t.meta.key, AUDIT_ANCHOR_KEY)).get()?.value ?? null);
  return anchor?.version === version ? anchor.hash : '';
}

function makeWriteTx(tools: WriterTools, state: VersionState): WriteTx {
  const { db, q, insert, update, statements, control, hasher } = tools;
  const read = makeReadTx(db, q);
  let savepointDepth = 0;
  const tx: WriteTx = {
    ...read,
    async allocateVersion() {
      if (state.head === null) {
        state.head = await read.headVersion();
        state.allocated = state.head;
        state.appended = state.head;
      }
      state.allocated += 1;
      return state.allocated;
    },
    async allocateVersions(count) {
      if (!Number.isInteger(count) || count < 1) throw new BugIndicatingError(`allocateVersions: count ${count} is not a positive whole number.`);
      const first = await tx.allocateVersion();
      state.allocated += count - 1;
      return first;
    },
    async appendChanges(entries: readonly ChangeLogEntry[]) {
      if (entries.length === 0) return;
      if (state.hash === null) {
        const tip = tools.tip.current;
        state.hash = tip && tip.version === state.appended ? tip.hash : chainHashAt(db, q, state.appended);
      }
      const rows: ChangeLogEntry[] = [];
      for (const entry of entries) {
        if (entry.version !== state.appended + 1 || entry.version > state.allocated) {
          throw new BugIndicatingError(`Change-log version ${entry.version} out of order (expected ${state.appended + 1}).`);
        }
        // One copy per entry, written out field by field: V8's object spread plus a few added
        // members was ~15 µs per entry here (the hash does not cover `hash`: filled in after).
        const row: { -readonly [K in keyof ChangeLogEntry]: ChangeLogEntry[K] } = {
          version: entry.version,
          entity: entry.entity,
          entityId: entry.entityId,
          op: entry.op,
          before: entry.before,
          after: entry.after,
          userId: entry.userId,
          clientId: entry.clientId,
          mutationId: entry.mutationId,
          clientCreatedAt: entry.clientCreatedAt,
          createdAt: entry.createdAt,
          sessionId: entry.sessionId ?? null,
          offline: entry.offline ?? false,
          hash: null,
        };
        state.hash = hasher(state.hash, row);
        row.hash = state.hash;
        rows.push(row);
        state.appended = entry.version;
      }
      insert(t.changeLog, rows);
    },
    async insertUsers(rows: readonly UserRecord[]) {
      insert(t.users, rows.map((row) => ({ ...row, email: row.email.trim().toLowerCase() })));
    },
    async replaceUser(row) {
      if (update(t.users, { ...row, email: row.email.trim().toLowerCase() }) !== 1) throw new BugIndicatingError(`replaceUser: user ${row.id} does not exist.`);
    },
    async setLastSignIn(userId, at) {
      db.update(t.users).set({ lastSignInAt: at }).where(eq(t.users.id, userId)).run();
    },
    async putSetting(row) {
      db.insert(t.settings)
        .values(row)
        .onConflictDoUpdate({ target: t.settings.id, set: { value: row.value, updatedAt: row.updatedAt, updatedBy: row.updatedBy, version: row.version } })
        .run();
    },
    async insertSignIn(record) {
      insert(t.signIns, [record]);
    },
    async revokeUserSessions(userId, at, exceptId) {
      return statements.revokeUserSessions.all(at, userId, exceptId ?? null) as string[];
    },
    async insertCustomers(rows) {
      insert(t.customers, rows);
    },
    async insertSites(rows) {
      insert(t.sites, rows);
    },
    async insertProjectors(rows) {
      insert(t.projectors, rows);
    },
    async insertCases(rows) {
      insert(t.cases, rows);
    },
    async replaceCase(row) {
      if (update(t.cases, row) !== 1) throw new BugIndicatingError(`replaceCase: case ${row.id} does not exist.`);
    },
    async deleteCase(id) {
      if (statements.deleteCase.run(id).changes !== 1) throw new BugIndicatingError(`deleteCase: case ${id} does not exist.`);
    },
    async insertConflicts(rows) {
      insert(t.conflicts, rows);
    },
    async replaceConflict(row) {
      if (update(t.conflicts, row) !== 1) throw new BugIndicatingError(`replaceConflict: conflict ${row.id} does not exist.`);
    },
    async deleteChangesBefore(version) {
      return statements.deleteChangesBefore.run(version).changes;
    },
    async nextCaseNumber(year) {
      return statements.nextCaseNumber.get(year) as number;
    },
    async setCaseCounter(year, last) {
      statements.setCaseCounter.run(year, last);
    },
    async putClient(record) {
      statements.putClient.run(record.clientId, record.clientGroupId, record.userId, record.lastMutationId);
    },
    async pruneMutationResults(clientId, upTo) {
      db.delete(t.mutationResults).where(and(eq(t.mutationResults.clientId, clientId), lte(t.mutationResults.mutationId, upTo))).run();
    },
    async putMutationResult(clientId, mutationId, result: StoredMutationResult) {
      insert(t.mutationResults, [{ clientId, mutationId, result }]);
    },
    async insertSession(record) {
      insert(t.sessions, [record]);
    },
    async touchSession(id, at) {
      db.update(t.sessions).set({ lastSeenAt: at }).where(eq(t.sessions.id, id)).run();
    },
    async revokeSession(id, at) {
      db.update(t.sessions).set({ revokedAt: at }).where(eq(t.sessions.id, id)).run();
    },
    async insertRefreshToken(record) {
      insert(t.refreshTokens, [record]);
    },
    async markRefreshTokenUsed(id, at) {
      db.update(t.refreshTokens).set({ usedAt: at }).where(eq(t.refreshTokens.id, id)).run();
    },
    async setMeta(key, value) {
      db.insert(t.meta).values({ key, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } }).run();
    },
    // case events
    async insertCaseEvents(rows) {
      insert(t.caseEvents, rows);
    },
    async replaceCaseEvent(row) {
      if (update(t.caseEvents, row) !== 1) throw new BugIndicatingError(`replaceCaseEvent: event ${row.id} does not exist.`);
    },
    async insertNotifications(rows) {
      insert(t.notifications, rows);
    },
    async replaceNotification(row) {
      if (update(t.notifications, row) !== 1) throw new BugIndicatingError(`replaceNotification: notification ${row.id} does not exist.`);
    },
    async savepoint<T>(fn: (inner: WriteTx) => Promise<T>): Promise<T> {
      const sp = control.savepoint(++savepointDepth);
      const snapshot = { ...state };
      sp.open.run();
      try {
        const result = await fn(tx);
        sp.release.run();
        return result;
      } catch (error) {
        sp.rollback.run();
        sp.release.run();
        Object.assign(state, snapshot);
        throw error;
      } finally {
        savepointDepth -= 1;
      }
    },
    // mail
    async insertMailbox(row) {
      insert(t.mailboxes, [row]);
    },
    async replaceMailboxSettings(row) {
      const set = { name: row.name, address: row.address, imap: row.imap, smtp: row.smtp, folder: row.folder, enabled: row.enabled };
      if (db.update(t.mailboxes).set(set).where(eq(t.mailboxes.id, row.id)).run().changes !== 1) throw new BugIndicatingError(`replaceMailboxSettings: mailbox ${row.id} does not exist.`);
    },
    async deleteMailbox(id) {
      db.delete(t.mailboxes).where(eq(t.mailboxes.id, id)).run();
    },
    async setMailboxStatus(id, status) {
      db.update(t.mailboxes).set({ state: status.state, lastError: status.lastError, lastCheckedAt: status.lastCheckedAt, retryAt: status.retryAt }).where(eq(t.mailboxes.id, id)).run();
    },
    async countMailboxHandled(id) {
      db.update(t.mailboxes).set({ handled: sql`${t.mailboxes.handled} + 1` }).where(eq(t.mailboxes.id, id)).run();
    },
    async insertMailMessage(row) {
      insert(t.mailMessages, [row]);
    },
    async setMailMessageOutcome(id, outcome) {
      db.update(t.mailMessages).set({ outcome }).where(eq(t.mailMessages.id, id)).run();
    },
    async insertAttachments(rows) {
      insert(t.attachments, rows);
    },
    async insertOutbox(row) {
      insert(t.mailOutbox, [row]);
    },
    async rescheduleOutbox(id, attempts, nextAttemptAt, lastError) {
      db.update(t.mailOutbox).set({ attempts, nextAttemptAt, lastError }).where(eq(t.mailOutbox.id, id)).run();
    },
    async deleteOutbox(id) {
      db.delete(t.mailOutbox).where(eq(t.mailOutbox.id, id)).run();
    },
    // imports
    async insertImportJob(row) {
      insert(t.importJobs, [row]);
    },
    async replaceImportJob(row) {
      if (update(t.importJobs, row) !== 1) throw new BugIndicatingError(`replaceImportJob: job ${row.id} does not exist.`);
    },
    async putImportBatchResult(jobId, seq, result, at) {
      insert(t.importBatches, [{ jobId, seq, result, createdAt: at }]);
    },
    async tagImportRows(rows) {
      for (const row of rows) statements.tagImportRow.run(row.jobId, row.entity, row.entityId, row.before === null || row.before === undefined ? null : JSON.stringify(row.before), row.version);
    },
    async replaceRows(entity, rows) {
      const table = IMPORT_TABLES[entity];
      for (const row of rows) if (update(table, row) !== 1) throw new BugIndicatingError(`replaceRows: ${entity} ${row.id} does not exist.`);
    },
    async deleteRows(entity, ids) {
      const statement = entity === 'customers' ? statements.deleteCustomer : entity === 'sites' ? statements.deleteSite : statements.deleteProjector;
      for (const id of ids) statement.run(id);
    },
    // service visits and reports
    async putPart(row) {
      const { id: _id, ...rest } = row;
      db.insert(t.parts)
        .values({ ...row, models: [...row.models] })
        .onConflictDoUpdate({ target: t.parts.id, set: { ...rest, models: [...rest.models] } })
        .run();
    },
    async insertVisit(row) {
      insert(t.visits, [row]);
    },
    async replaceVisit(row) {
      if (update(t.visits, row) !== 1) throw new BugIndicatingError(`replaceVisit: visit ${row.id} does not exist.`);
    },
    async insertServiceReport(row) {
      insert(t.serviceReports, [row]);
    },
    async replaceServiceReport(row) {
      if (update(t.serviceReports, row) !== 1) throw new BugIndicatingError(`replaceServiceReport: report ${row.id} does not exist.`);
    },
    async insertReportPhoto(row) {
      insert(t.reportPhotos, [row]);
    },
    async deleteReportPhoto(id) {
      if (db.delete(t.reportPhotos).where(eq(t.reportPhotos.id, id)).run().changes !== 1) throw new BugIndicatingError(`deleteReportPhoto: photo ${id} does not exist.`);
    },
    async nextReportNumber(year) {
      return statements.nextReportNumber.get(year) as number;
    },
    async insertFile(record) {
      return db.insert(t.files).values(record).onConflictDoNothing().run().changes === 1;
    },
  };
  return tx;
}

export type SqliteRepositoryOptions = Readonly<{
  file: string;
  log?: HubLogger;
  /** The audit chain's HMAC key; default: `audit-key` beside the database file (created once). */
  auditKey?: Buffer;
}>;

const BACKFILL_PAGE = 2000;

/**
 * Hashes entries written without one (a database from before the audit chain, or rows inserted
 * while the hub was stopped), in version order after the last hashed entry. Only that tail: a
 * missing hash in the middle of the chain stays missing, so verification reports it.
 */
function backfillAuditHashes(sqlite: Database.Database, db: HubDrizzle, q: Queries, hasher: AuditHasher, log: HubLogger): ChainTip {
  const lastHashed = (sqlite.prepare('SELECT max(version) FROM change_log WHERE hash IS NOT NULL').pluck().get() as number | null) ?? null;
  const start = lastHashed ?? (sqlite.prepare('SELECT min(version) FROM change_log').pluck().get() as number | null);
  if (start === null) return null;
  let previous = lastHashed !== null ? chainHashAt(db, q, lastHashed) : chainHashAt(db, q, start - 1);
  let version = lastHashed ?? start - 1;
  const setHash = sqlite.prepare('UPDATE change_log SET hash = ? WHERE version = ?');
  let filled = 0;
  sqlite.transaction(() => {
    for (;;) {
      const page = q.changesSince.all({ version, limit: BACKFILL_PAGE });
      for (const entry of page) {
        previous = hasher(previous, entry);
        setHash.run(previous, entry.version);
        version = entry.version;
        filled += 1;
      }
      if (page.length < BACKFILL_PAGE) break;
    }
  })();
  if (filled > 0) log.warn('Audit chain: hashed change-log entries written without a hash', { entries: filled, through: version });
  return { version, hash: previous };
}

/** Opens (creating and migrating if needed) the hub database at `file`. */
export function openSqliteRepository(options: SqliteRepositoryOptions): HubRepository {
  const writer = openAndMigrate(options.file);
  let reader: Database.Database;
  try {
    reader = openConnection(options.file);
  } catch (error) {
    writer.close();
    throw error;
  }
  const writeDb = wrap(writer);
  const readDb = wrap(reader);
  const log = options.log ?? silentLogger;
  const writerQueries = prepareQueries(writeDb, writer);
  let hasher: AuditHasher;
  let tip: ChainTip;
  try {
    hasher = createAuditHasher(options.auditKey ?? resolveAuditKey(path.dirname(options.file)));
    tip = backfillAuditHashes(writer, writeDb, writerQueries, hasher, log);
  } catch (error) {
    reader.close();
    writer.close();
    throw error;
  }
  const tools: WriterTools = {
    hasher,
    tip: { current: tip },
    db: writeDb,
    q: writerQueries,
    insert: createBulkInserter(writer),
    update: createRowUpdater(writer),
    statements: prepareWriterStatements(writer),
    control: prepareControl(writer),
  };
  const readQueries = prepareQueries(readDb, reader);
  const writes = new SerialQueue();
  const reads = new SerialQueue();
  const snapshots = new Set<Promise<unknown>>();
  const listeners = new Set<(head: number) => void>();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new BugIndicatingError('The hub repository is closed.');
  };

  return {
    read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      return reads.run(async () => {
        assertOpen();
        reader.exec('BEGIN');
        try {
          return await fn(makeReadTx(readDb, readQueries));
        } finally {
          if (reader.inTransaction) reader.exec('COMMIT');
        }
      });
    },
    snapshot<T>(fn: (tx: SnapshotTx) => Promise<T>): Promise<T> {
      assertOpen();
      const run = (async () => {
        // Its own read-only connection: the snapshot may be held for the whole stream.
        const connection = openConnection(options.file, { readonly: true });
        try {
          const db = wrap(connection);
          connection.exec('BEGIN');
          try {
            return await fn(makeSnapshotTx(db, prepareQueries(db, connection)));
          } finally {
            if (connection.inTransaction) connection.exec('COMMIT');
          }
        } finally {
          connection.close();
        }
      })();
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      snapshots.add(settled);
      void settled.then(() => snapshots.delete(settled));
      return run;
    },
    write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
      return writes.run(async () => {
        assertOpen();
        const state: VersionState = { head: null, allocated: 0, appended: 0, hash: null };
        tools.control.begin.run();
        let result: T;
        try {
          result = await fn(makeWriteTx(tools, state));
          if (state.allocated !== state.appended) {
            throw new BugIndicatingError(`Versions ${state.appended + 1}..${state.allocated} were reserved but never appended.`);
          }
          tools.control.commit.run();
          if (state.hash !== null) tools.tip.current = { version: state.appended, hash: state.hash };
        } catch (error) {
          if (writer.inTransaction) tools.control.rollback.run();
          throw error;
        }
        if (state.head !== null && state.appended > state.head) {
          // A listener failing must not turn a committed write into a reported failure.
          for (const listener of listeners) {
            try {
              listener(state.appended);
            } catch (error) {
              log.error('A commit listener failed', errorFields(error));
            }
          }
        }
        return result;
      });
    },
    verifyAudit(checkedAt) {
      return reads.run(async () => {
        assertOpen();
        reader.exec('BEGIN');
        try {
          return await verifyAuditChain(makeReadTx(readDb, readQueries), hasher, checkedAt);
        } finally {
          if (reader.inTransaction) reader.exec('COMMIT');
        }
      });
    },
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      await Promise.all([writes.idle(), reads.idle(), ...snapshots]);
      closed = true;
      reader.close();
      writer.close();
    },
  };
}

/**
 * `--verify-audit` on a data folder: opens hub.db read-only (no migration, nothing written, the
 * hub may be running) and checks the chain with the key beside it.
 */
export function verifyAuditOfFile(file: string, auditKey: Buffer, checkedAt: string): AuditChainReport | Promise<AuditChainReport> {
  const connection = openConnection(file, { readonly: true });
  const db = wrap(connection);
  connection.exec('BEGIN');
  const done = () => {
    if (connection.inTransaction) connection.exec('COMMIT');
    connection.close();
  };
  let result: Promise<AuditChainReport>;
  try {
    result = verifyAuditChain(makeReadTx(db, prepareQueries(db, connection)), createAuditHasher(auditKey), checkedAt);
  } catch (error) {
    done();
    throw error;
  }
  return result.finally(done);
}
