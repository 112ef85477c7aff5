// Read paths for the ConsoleApi: case list and detail from the local `cases` view, projector
// lookup through the FTS5 index. They take a ReadableDb, so they cannot write.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { CaseDetail, CaseListQuery, CaseSummary, ConflictSummary, ProjectorMatch, UserSummary } from '../../../shared/console-api.js';
import { resolveConflictArgsSchema, type ConflictResolution, type Role } from '../../../shared/domain.js';
import type { ReadableDb } from './cache/cache-db.js';
import { slaContextNow, slaFor, slaFromText, type SlaContext } from './sla-view.js';
import type { WaitingReason } from '../../../shared/sla/types.js';
import { cases, casesConfirmed, conflicts, customers, outbox, projectors, sites, users } from './cache/schema.js';

export const CASE_LIST_LIMIT = 5000;
export const DEFAULT_PROJECTOR_MATCHES = 10;
/** More words than this in a lookup are noise; it keeps the MATCH expression small. */
const MAX_SEARCH_TOKENS = 8;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The columns a CaseSummary is built from (its SLA from the events, computed after the query). */
function summaryColumns() {
  return {
    id: cases.id,
    number: cases.number,
    title: cases.title,
    status: cases.status,
    priority: cases.priority,
    severity: cases.severity,
    serial: cases.serial,
    siteName: sites.name,
    customerName: customers.name,
    assigneeName: users.name,
    createdAt: cases.createdAt,
    pending: cases.pending,
    waitingFor: cases.waitingFor,
    // The stored JSON text: parsed only when the status is not remembered (sla-view).
    slaEvents: sql<string>`${cases.slaEvents}`,
  };
}

type SummaryRow = Omit<CaseSummary, 'sla' | 'waitingFor'> & { waitingFor: WaitingReason | null; slaEvents: string };

function toSummary(row: SummaryRow, sla: SlaContext): CaseSummary {
  const { slaEvents, ...rest } = row;
  return { ...rest, waitingFor: rest.waitingFor ?? null, sla: slaFromText(slaEvents, sla) };
}

/** Case summaries matching `where`, joined for names, in `order`, at most `limit`. */
export function selectCaseSummaries(db: ReadableDb, where: SQL | undefined, order: readonly SQL[], limit: number, sla: SlaContext): CaseSummary[] {
  return db
    .select(summaryColumns())
    .from(cases)
    .leftJoin(sites, eq(sites.id, cases.siteId))
    .leftJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(users, eq(users.id, cases.assigneeId))
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .all()
    .map((row) => toSummary(row, sla));
}

/** `sla`: the cached SLA context (the core passes one); without it the settings are read now. */
/** `limit`: the list on screen stops at CASE_LIST_LIMIT; an export takes every matching case. */
export function listCases(db: ReadableDb, query: CaseListQuery, sla: SlaContext = slaContextNow(db), limit = CASE_LIST_LIMIT): CaseSummary[] {
  const filters: SQL[] = [];
  if (query.statuses?.length) filters.push(inArray(cases.status, query.statuses));
  if (query.priorities?.length) filters.push(inArray(cases.priority, query.priorities));
  const search = query.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    const like = (column: AnySQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
    filters.push(
      or(like(cases.number), like(cases.title), like(cases.serial), like(cases.contactName), like(sites.name), like(customers.name)) as SQL,
    );
  }
  const newest = [desc(cases.createdAt), desc(cases.id)];
  if (query.sort !== 'sla') return selectCaseSummaries(db, filters.length ? and(...filters) : undefined, newest, limit, sla);
  // The hub keeps slaDueAt (the nearest deadline of a running clock); paused, met and done cases
  // have none and go last, newest first. Two queries, so each walks an index instead of sorting
  // every case (`ORDER BY sla_due_at IS NULL` could not use one).
  const due = selectCaseSummaries(db, and(...filters, isNotNull(cases.slaDueAt)), [asc(cases.slaDueAt), ...newest], limit, sla);
  if (due.length >= limit) return due;
  return [...due, ...selectCaseSummaries(db, and(...filters, isNull(cases.slaDueAt)), newest, limit - due.length, sla)];
}

export function getCaseDetail(db: ReadableDb, id: string, sla: SlaContext = slaContextNow(db)): CaseDetail | null {
  const assignee = alias(users, 'assignee');
  const creator = alias(users, 'creator');
  const row = db
    .select({
      c: cases,
      siteName: sites.name,
      siteAddress: sites.address,
      region: sites.region,
      customerName: customers.name,
      projectorModel: projectors.model,
      projectorManufacturer: projectors.manufacturer,
      warrantyEnd: projectors.warrantyEnd,
      contractEnd: projectors.contractEnd,
      assigneeName: assignee.name,
      createdByName: creator.name,
    })
    .from(cases)
    .leftJoin(sites, eq(sites.id, cases.siteId))
    .leftJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(projectors, eq(projectors.id, cases.projectorId))
    .leftJoin(assignee, eq(assignee.id, cases.assigneeId))
    .leftJoin(creator, eq(creator.id, cases.createdBy))
    .where(eq(cases.id, id))
    .get();
  if (!row) return null;
  const { c, ...joined } = row;
  return { ...c, ...joined, waitingFor: c.waitingFor ?? null, slaDueAt: c.slaDueAt ?? null, sla: slaFor(c.slaEvents, sla), contractEnd: joined.contractEnd ?? null };
}

/**
 * This user's conflicts for the Conflicts view: the confirmed records with any resolution still in
 * the outbox overlaid (resolved, pending). Unresolved first, newest first within each group.
 */
export function listConflicts(db: ReadableDb, userId: string, includeResolved: boolean): ConflictSummary[] {
  const pending = new Map<string, { resolution: ConflictResolution; at: string }>();
  for (const m of db.select({ args: outbox.args, createdAt: outbox.createdAt }).from(outbox).where(eq(outbox.name, 'resolveConflict')).all()) {
    const args = resolveConflictArgsSchema.safeParse(m.args);
    if (args.success) pending.set(args.data.id, { resolution: args.data.resolution, at: m.createdAt });
  }
  const confirmedCase = alias(casesConfirmed, 'confirmed_case');
  const rows = db
    .select({
      k: conflicts,
      viewNumber: cases.number,
      viewTitle: cases.title,
      confirmedNumber: confirmedCase.number,
      confirmedTitle: confirmedCase.title,
      theirUserName: users.name,
    })
    .from(conflicts)
    .leftJoin(cases, eq(cases.id, conflicts.caseId))
    .leftJoin(confirmedCase, eq(confirmedCase.id, conflicts.caseId))
    .leftJoin(users, eq(users.id, conflicts.theirUserId))
    .where(eq(conflicts.userId, userId))
    .all();
  const out: ConflictSummary[] = [];
  for (const r of rows) {
    const local = r.k.resolvedAt === null ? pending.get(r.k.id) : undefined;
    const resolvedAt = r.k.resolvedAt ?? local?.at ?? null;
    if (resolvedAt !== null && !includeResolved) continue;
    out.push({
      id: r.k.id,
      caseId: r.k.caseId,
      // A case deleted meanwhile keeps its conflicts listed; they are labelled by id.
      caseLabel: r.viewNumber ?? r.confirmedNumber ?? r.viewTitle ?? r.confirmedTitle ?? r.k.caseId,
      field: r.k.field,
      yourValue: r.k.yourValue ?? null,
      theirValue: r.k.theirValue ?? null,
      theirUserName: r.theirUserName ?? null,
      createdAt: r.k.createdAt,
      resolvedAt,
      resolution: r.k.resolution ?? local?.resolution ?? null,
      pending: local !== undefined,
    });
  }
  out.sort((a, b) => Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null) || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return out;
}

const outboxCounts = new WeakMap<ReadableDb, ReturnType<typeof prepareOutboxCount>>();
function prepareOutboxCount(db: ReadableDb) {
  return db.select({ n: count() }).from(outbox).prepare();
}

/** Changes waiting to sync; read with every status update, so the query is prepared once. */
export function countOutbox(db: ReadableDb): number {
  let query = outboxCounts.get(db);
  if (!query) {
    query = prepareOutboxCount(db);
    outboxCounts.set(db, query);
  }
  return query.get()?.n ?? 0;
}

/**
 * Turns what a person typed into a safe FTS5 expression: words become quoted prefix terms (so
 * quotes, `*`, `OR`, `(` are just text), all required, or the whole input as one prefix of the
 * normalised serial, so 'brx 2201', 'BRX-2201' and 'brx22' find BRX-2201. Null when nothing is left.
 */
export function projectorMatchExpression(text: string): string | null {
  const tokens = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_TOKENS);
  if (tokens.length === 0) return null;
  const words = tokens.map((t) => `"${t}"*`).join(' AND ');
  return `(${words}) OR (serial_norm : "${tokens.join('')}"*)`;
}

export function searchProjectors(db: ReadableDb, text: string, limit = DEFAULT_PROJECTOR_MATCHES): ProjectorMatch[] {
  const match = projectorMatchExpression(text);
  if (match === null) return [];
  return db.all<ProjectorMatch>(sql`
    SELECT p.id AS projectorId, p.serial AS serial, p.model AS model, p.manufacturer AS manufacturer,
      p.site_id AS siteId, coalesce(s.name, '') AS siteName, coalesce(s.address, '') AS siteAddress,
      coalesce(s.region, '') AS region, coalesce(s.customer_id, '') AS customerId,
      coalesce(c.name, '') AS customerName, p.warranty_end AS warrantyEnd
    FROM projector_search f
      JOIN projectors p ON p.id = f.projector_id
      LEFT JOIN sites s ON s.id = p.site_id
      LEFT JOIN customers c ON c.id = s.customer_id
    WHERE projector_search MATCH ${match}
    ORDER BY f.rank, p.serial
    LIMIT ${limit}`);
}

/** People known to this cache, by name; inactive ones only when asked (history still names them). */
export function listUsers(db: ReadableDb, query: Readonly<{ role?: Role; includeInactive?: boolean }>): UserSummary[] {
  const filters = [];
  if (query.role) filters.push(eq(users.role, query.role));
  if (!query.includeInactive) filters.push(eq(users.active, true));
  return db
    .select({ id: users.id, name: users.name, email: users.email, phone: users.phone, role: users.role, regions: users.regions, active: users.active })
    .from(users)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(users.name))
    .all();
}
