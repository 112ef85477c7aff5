// Computes what the UI sees for one case: the confirmed server row with the still-pending outbox
// mutations for it replayed in order, using the same shared functions the hub runs for real.
import type Database from 'better-sqlite3';
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { applyCasePatch } from '../../../../shared/case-lifecycle.js';
import type { CaseRow } from '../../../../shared/domain.js';
import { visitReassignTarget } from '../../../../shared/service.js';
import { replayPending, type ConflictForReplay, type PendingMutation, type ReplayContext } from '../../../../shared/sync/rebase.js';
import type { ReadableDb, WritableDb } from './cache-db.js';
import { cases, casesConfirmed, conflicts, outbox } from './schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

// The reads of a local write's path (a drop on the board runs each a few times), prepared once per
// database handle: drizzle otherwise builds the same SQL on every call, most of such a write's cost.
function prepareReads(db: ReadableDb) {
  const id = sql.placeholder('id');
  return {
    conflict: db.select({ caseId: conflicts.caseId, field: conflicts.field, yourValue: conflicts.yourValue }).from(conflicts).where(eq(conflicts.id, id)).prepare(),
    confirmed: db.select().from(casesConfirmed).where(eq(casesConfirmed.id, id)).prepare(),
    view: db.select().from(cases).where(eq(cases.id, id)).prepare(),
    pending: db.select().from(outbox).where(eq(outbox.caseId, id)).orderBy(asc(outbox.mutationId)).prepare(),
  };
}

const readsByDb = new WeakMap<ReadableDb, ReturnType<typeof prepareReads>>();

function reads(db: ReadableDb): ReturnType<typeof prepareReads> {
  let prepared = readsByDb.get(db);
  if (!prepared) {
    prepared = prepareReads(db);
    readsByDb.set(db, prepared);
  }
  return prepared;
}

/** Conflict lookup for replay, reading the confirmed conflicts table. */
export function conflictLookup(db: ReadableDb): (id: string) => ConflictForReplay | null {
  const query = reads(db).conflict;
  return (id) => query.get({ id }) ?? null;
}

export function getConfirmedCase(db: ReadableDb, id: string): CaseRow | null {
  return reads(db).confirmed.get({ id }) ?? null;
}

export function getViewCase(db: ReadableDb, id: string): (CaseRow & { pending: boolean }) | null {
  return reads(db).view.get({ id }) ?? null;
}

export function pendingFor(db: ReadableDb, caseId: string): OutboxRow[] {
  return reads(db).pending.all({ id: caseId });
}

/**
 * The case as this console shows it: the shared replay, plus a pending handleEscalation taking the
 * case out of the escalation queue at once. The shared replay applies case patches only, and the
 * escalation is hub-owned, so this overlay is the console's optimistic guess until the hub answers
 * (a rejection leaves the outbox and the recompute brings the escalation back).
 */
export function replayView(confirmed: CaseRow | null, pending: readonly PendingMutation[], ctx: ReplayContext): CaseRow | null {
  let row = replayPending(confirmed, pending, ctx);
  if (row && row.escalation && pending.some((m) => m.name === 'handleEscalation')) row = { ...row, escalation: null };
  // Report submission and review, closing and reopening move the case's status at the hub; the
  // console shows where the case is going until the hub answers (issue 7, hub-owned like escalations).
  for (const m of pending) if (row) row = lifecycleStep(row, m);
  return row;
}

function lifecycleStep(row: CaseRow, m: PendingMutation): CaseRow {
  switch (m.name) {
    case 'submitServiceReport':
      return row.status === 'resolved' || row.status === 'closed' ? row : { ...row, status: 'awaiting_approval' };
    case 'reviewServiceReport': {
      const approve = (m.args as { decision?: unknown } | null)?.decision === 'approve';
      if (row.status !== 'awaiting_approval') return row;
      return approve ? { ...row, status: 'resolved', resolvedAt: m.createdAt } : { ...row, status: 'in_progress' };
    }
    case 'closeCase':
      return row.status === 'resolved' ? { ...row, status: 'closed' } : row;
    case 'reopenCase':
      return row.status === 'resolved' || row.status === 'closed' ? { ...row, status: 'in_progress', resolvedAt: null } : row;
    case 'scheduleVisit':
    case 'updateVisit': {
      // A visit with another engineer, confirmed by the planner, hands the case to them at the hub.
      const to = visitReassignTarget(m.name, m.args);
      return to && to !== row.assigneeId ? applyCasePatch(row, { assigneeId: to }, { now: m.createdAt, version: row.version }) : row;
    }
    default:
      return row;
  }
}

type ViewStatements = Readonly<{ hasPending: Database.Statement; remove: Database.Statement; copy: Database.Statement }>;

const viewStatements = new WeakMap<Database.Database, ViewStatements>();

/** The case columns shared by `cases_confirmed` and `cases`, quoted, in schema order. */
export function confirmedCaseColumnList(): string {
  return Object.values(getTableColumns(casesConfirmed))
    .map((c) => `"${c.name}"`)
    .join(', ');
}

function statementsFor(sqlite: Database.Database): ViewStatements {
  let s = viewStatements.get(sqlite);
  if (!s) {
    const columns = confirmedCaseColumnList();
    s = {
      hasPending: sqlite.prepare('SELECT 1 FROM outbox WHERE case_id = ? LIMIT 1').pluck(),
      remove: sqlite.prepare('DELETE FROM cases WHERE id = ?'),
      copy: sqlite.prepare(`INSERT INTO cases (${columns}, pending) SELECT ${columns}, 0 FROM cases_confirmed WHERE id = ?`),
    };
    viewStatements.set(sqlite, s);
  }
  return s;
}

/**
 * Rewrites the `cases` row of each id from its confirmed row and pending mutations. A case with
 * nothing pending (the usual case for changes from others) is a straight copy in SQL.
 */
export function recomputeCases(db: WritableDb, ids: Iterable<string>, ctx: ReplayContext): void {
  const s = statementsFor(db.$client);
  const replayCtx: ReplayContext = ctx.conflict ? ctx : { ...ctx, conflict: conflictLookup(db) };
  for (const id of new Set(ids)) {
    s.remove.run(id);
    if (s.hasPending.get(id) === undefined) {
      s.copy.run(id);
      continue;
    }
    const pending = pendingFor(db, id);
    const row = replayView(getConfirmedCase(db, id), pending, replayCtx);
    if (row !== null) db.insert(cases).values(toCaseColumns(row, true)).run();
  }
}

/** Picks exactly the stored columns, so extra fields from the hub never break an insert. */
export function toCaseColumns(row: CaseRow, pending: boolean): typeof cases.$inferInsert {
  return {
    id: row.id,
    number: row.number ?? null,
    serial: row.serial,
    projectorId: row.projectorId ?? null,
    siteId: row.siteId ?? null,
    customerId: row.customerId ?? null,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    channel: row.channel,
    title: row.title,
    description: row.description,
    priority: row.priority,
    severity: row.severity,
    status: row.status,
    assigneeId: row.assigneeId ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    fieldVersions: row.fieldVersions ?? {},
    version: row.version,
    waitingFor: row.waitingFor ?? null,
    slaEvents: [...(row.slaEvents ?? [])],
    slaDueAt: row.slaDueAt ?? null,
    escalation: row.escalation ?? null,
    resolvedAt: row.resolvedAt ?? null,
    pending,
  };
}
