// Applies what the hub says to the cache: bootstrap snapshots, `changes` frames and push results.
// Each writes the confirmed tables, then recomputes the `cases` view of every affected case
// (confirmed row + still-pending outbox mutations), all in one transaction with the cursor.
import { asc, desc, eq, inArray, lte } from 'drizzle-orm';
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { CaseRow } from '../../../shared/domain.js';
import { missingCase, type ErrorBody } from '../../../shared/errors.js';
import { ENTITIES, type AnyEntityRow, type EntityName } from '../../../shared/sync/entities.js';
import type { Change, Cursor, MutationResult } from '../../../shared/sync/protocol.js';
import { writeTransaction, type WritableDb } from './cache/cache-db.js';
import { getViewCase, recomputeCases, toCaseColumns, type ReplayContext } from './cache/case-view.js';
import { getCursor, setCursor, setLastMutationId, setLastSyncAt } from './cache/meta.js';
import { projectorIdsForCustomers, projectorIdsForSites, rebuildProjectorSearch, reindexProjectors } from './cache/projector-search-index.js';
import { cases, casesConfirmed, customers, outbox, projectors, sites, users } from './cache/schema.js';

export type RebaseContext = ReplayContext & Readonly<{
  now: string;
  /** Outbox rows up to this id were consumed by the hub (welcome.lastMutationId): drop them. */
  consumedUpTo?: number;
}>;

export type RejectedMutation = Readonly<{ mutationId: number; mutationName: string; caseId: string | null; caseLabel: string | null; message: string; error: ErrorBody }>;

const TABLES = { users, customers, sites, projectors, cases: casesConfirmed } as const satisfies Record<EntityName, SQLiteTable>;

function pickColumns(table: SQLiteTable, row: object): Record<string, unknown> {
  const source = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(getTableColumns(table))) if (key in source) out[key] = source[key];
  return out;
}

function columnsFor(entity: EntityName, row: AnyEntityRow): Record<string, unknown> {
  if (entity === 'cases') {
    const { pending: _pending, ...columns } = toCaseColumns(row as CaseRow, false);
    return columns;
  }
  return pickColumns(TABLES[entity], row);
}

function putRow(db: WritableDb, entity: EntityName, row: AnyEntityRow): void {
  const table = TABLES[entity];
  const values = columnsFor(entity, row);
  const { id: _id, ...set } = values;
  // Each table is typed separately by drizzle; the picked columns match whichever table this is.
  db.insert(table).values(values as never).onConflictDoUpdate({ target: getTableColumns(table).id as never, set: set as never }).run();
}

function deleteRow(db: WritableDb, entity: EntityName, id: string): void {
  switch (entity) {
    case 'users':
      db.delete(users).where(eq(users.id, id)).run();
      return;
    case 'customers':
      db.delete(customers).where(eq(customers.id, id)).run();
      return;
    case 'sites':
      db.delete(sites).where(eq(sites.id, id)).run();
      return;
    case 'projectors':
      db.delete(projectors).where(eq(projectors.id, id)).run();
      return;
    case 'cases':
      db.delete(casesConfirmed).where(eq(casesConfirmed.id, id)).run();
      return;
    default:
      missingCase(entity);
  }
}

/** Removes outbox rows the hub has consumed; returns the case ids they touched. */
function dropConsumed(db: WritableDb, upTo: number | undefined): string[] {
  if (upTo === undefined || upTo <= 0) return [];
  const rows = db.select({ caseId: outbox.caseId }).from(outbox).where(lte(outbox.mutationId, upTo)).all();
  db.delete(outbox).where(lte(outbox.mutationId, upTo)).run();
  return rows.flatMap((r) => (r.caseId ? [r.caseId] : []));
}

/** Applies one `changes` frame. Returns the entities that changed (for data.changed). */
export function applyChanges(db: WritableDb, changes: readonly Change[], cursor: Cursor, ctx: RebaseContext): EntityName[] {
  return writeTransaction(db, () => {
    const current = getCursor(db);
    const floor = current && current.epoch === cursor.epoch ? current.version : -1;
    const entities = new Set<EntityName>();
    const caseIds: string[] = [];
    const projectorIds: string[] = [];
    const siteIds: string[] = [];
    const customerIds: string[] = [];
    for (const change of changes) {
      if (change.version <= floor) continue; // already applied: a resend after reconnect
      if (change.op === 'put' && change.row) putRow(db, change.entity, change.row);
      else if (change.op === 'del') deleteRow(db, change.entity, change.id);
      entities.add(change.entity);
      if (change.entity === 'cases') caseIds.push(change.id);
      else if (change.entity === 'projectors') projectorIds.push(change.id);
      else if (change.entity === 'sites') siteIds.push(change.id);
      else if (change.entity === 'customers') customerIds.push(change.id);
    }
    const dropped = dropConsumed(db, ctx.consumedUpTo);
    if (dropped.length) entities.add('cases');
    if (projectorIds.length || siteIds.length || customerIds.length) {
      reindexProjectors(db, [...projectorIds, ...projectorIdsForSites(db, siteIds), ...projectorIdsForCustomers(db, customerIds)]);
    }
    recomputeCases(db, [...caseIds, ...dropped], ctx);
    if (!current || current.epoch !== cursor.epoch || cursor.version >= current.version) setCursor(db, cursor);
    setLastSyncAt(db, ctx.now);
    return [...entities];
  });
}

export type BootstrapSnapshot = Readonly<{ [E in EntityName]?: readonly AnyEntityRow[] }>;

const INSERT_CHUNK = 100;

/** Replaces every confirmed table with a snapshot, keeping the outbox, in one transaction. */
export function applyBootstrap(db: WritableDb, snapshot: BootstrapSnapshot, cursor: Cursor, ctx: RebaseContext): void {
  writeTransaction(db, () => {
    for (const entity of ENTITIES) db.delete(TABLES[entity]).run();
    for (const entity of ENTITIES) {
      const rows = snapshot[entity] ?? [];
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const values = rows.slice(i, i + INSERT_CHUNK).map((row) => columnsFor(entity, row));
        db.insert(TABLES[entity]).values(values as never).onConflictDoNothing().run();
      }
    }
    rebuildProjectorSearch(db);
    dropConsumed(db, ctx.consumedUpTo);
    db.delete(cases).run();
    const ids = new Set<string>();
    for (const r of db.select({ id: casesConfirmed.id }).from(casesConfirmed).all()) ids.add(r.id);
    for (const r of db.selectDistinct({ id: outbox.caseId }).from(outbox).all()) if (r.id) ids.add(r.id);
    recomputeCases(db, ids, ctx);
    setCursor(db, cursor);
    setLastSyncAt(db, ctx.now);
  });
}

function messageOf(result: MutationResult): ErrorBody | null {
  return result.ok ? null : result.error;
}

/**
 * Handles a push-result: mutations up to lastMutationId are consumed (applied or rejected) and
 * leave the outbox; their cases are recomputed, so a rejected create disappears and a rejected
 * update rolls back. Returns the rejected ones, labelled as the user saw them.
 */
export function applyPushResult(db: WritableDb, results: readonly MutationResult[], lastMutationId: number, ctx: ReplayContext): RejectedMutation[] {
  return writeTransaction(db, () => {
    const consumed = db.select().from(outbox).where(lte(outbox.mutationId, lastMutationId)).orderBy(asc(outbox.mutationId)).all();
    const byId = new Map(consumed.map((m) => [m.mutationId, m]));
    const rejected: RejectedMutation[] = [];
    for (const result of results) {
      const error = messageOf(result);
      const m = byId.get(result.mutationId);
      if (!error || !m) continue;
      const view = m.caseId ? getViewCase(db, m.caseId) : null;
      const argTitle = (m.args as { title?: unknown } | null)?.title;
      const caseLabel = view ? (view.number ?? view.title) : typeof argTitle === 'string' ? argTitle : null;
      rejected.push({ mutationId: m.mutationId, mutationName: m.name, caseId: m.caseId, caseLabel, message: error.message, error });
    }
    if (consumed.length) {
      db.delete(outbox).where(inArray(outbox.mutationId, consumed.map((m) => m.mutationId))).run();
      recomputeCases(db, consumed.flatMap((m) => (m.caseId ? [m.caseId] : [])), ctx);
    }
    return rejected;
  });
}

/**
 * Lines the outbox up with the hub's lastMutationId for this client (from `welcome`). New ids must
 * continue after the hub's; and if the hub was restored from a backup and forgot mutations it had
 * confirmed, the still-pending ones are renumbered to follow on from what it remembers, so they
 * are not refused forever as "skipping ahead".
 */
export function alignOutbox(db: WritableDb, hubLastMutationId: number): void {
  writeTransaction(db, () => {
    const first = db.select({ id: outbox.mutationId }).from(outbox).orderBy(asc(outbox.mutationId)).limit(1).get()?.id;
    if (first !== undefined && first > hubLastMutationId + 1) {
      const delta = first - (hubLastMutationId + 1);
      // Two steps through negative ids, so no row ever collides with one not yet moved.
      db.$client.prepare('UPDATE outbox SET mutation_id = -(mutation_id - ?)').run(delta);
      db.$client.prepare('UPDATE outbox SET mutation_id = -mutation_id').run();
    }
    // Ids above the hub's are unknown to it, so the counter may also move down to follow on.
    const last = db.select({ id: outbox.mutationId }).from(outbox).orderBy(desc(outbox.mutationId)).limit(1).get()?.id ?? 0;
    setLastMutationId(db, Math.max(last, hubLastMutationId));
  });
}
