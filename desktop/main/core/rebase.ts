// Applies what the hub says to the cache: bootstrap snapshots, `changes` frames and push results.
// Each writes the confirmed tables, then recomputes the `cases` view of every affected case
// (confirmed row + still-pending outbox mutations), all in one transaction with the cursor.
import { asc, desc, eq, inArray, lte } from 'drizzle-orm';
import type { ErrorBody } from '../../../shared/errors.js';
import { SETTINGS, settingKeySchema } from '../../../shared/settings.js';
import type { EntityName } from '../../../shared/sync/entities.js';
import type { Change, Cursor, MutationResult } from '../../../shared/sync/protocol.js';
import { writeTransaction, type WritableDb } from './cache/cache-db.js';
import { getConfirmedCase, getViewCase, recomputeCases } from './cache/case-view.js';
import type { ReplayContext } from '../../../shared/sync/rebase.js';
import { deleteEntityRow, putEntityRow } from './cache/entity-store.js';
import { getCursor, setCursor, setLastMutationId, setLastSyncAt } from './cache/meta.js';
import { reindexIntake } from './cache/intake-search-index.js';
import { projectorIdsForCustomers, projectorIdsForSites, reindexProjectors } from './cache/projector-search-index.js';
import { conflicts, outbox } from './cache/schema.js';
import { serviceEntitiesOf } from './service-overlay.js';

export { applyBootstrap, type BootstrapSnapshot } from './cache/bootstrap-staging.js';

export type RebaseContext = ReplayContext & Readonly<{ now: string }>;

export type RejectedMutation = Readonly<{ mutationId: number; mutationName: string; caseId: string | null; caseLabel: string | null; message: string; error: ErrorBody }>;

/**
 * Applies one `changes` frame in one transaction with the cursor. Only the last change per row in
 * the frame is written (a long catch-up often touches a row many times), and only the affected
 * cases are recomputed. Returns the entities that changed (for data.changed).
 */
export function applyChanges(db: WritableDb, changes: readonly Change[], cursor: Cursor, ctx: RebaseContext): EntityName[] {
  return writeTransaction(db, () => {
    const current = getCursor(db);
    const floor = current && current.epoch === cursor.epoch ? current.version : -1;
    const latest = new Map<string, Change>();
    for (const change of changes) {
      if (change.version <= floor) continue; // already applied: a resend after reconnect
      latest.set(`${change.entity}\u0000${change.id}`, change);
    }
    const entities = new Set<EntityName>();
    const caseIds: string[] = [];
    const projectorIds: string[] = [];
    const siteIds: string[] = [];
    const customerIds: string[] = [];
    const removedCaseIds: string[] = [];
    const sqlite = db.$client;
    for (const change of latest.values()) {
      if (change.entity === 'conflicts') {
        // A pending "keep mine" replays the conflict's value: its case view depends on this row.
        const before = db.select({ caseId: conflicts.caseId }).from(conflicts).where(eq(conflicts.id, change.id)).get();
        if (before) caseIds.push(before.caseId);
        if (change.row && 'caseId' in change.row) caseIds.push(change.row.caseId);
      }
      if (change.op === 'put' && change.row) putEntityRow(sqlite, change.entity, change.row);
      else if (change.op === 'del') deleteEntityRow(sqlite, change.entity, change.id);
      else continue;
      entities.add(change.entity);
      if (change.entity === 'cases') {
        caseIds.push(change.id);
        if (change.op === 'del') removedCaseIds.push(change.id);
      } else if (change.entity === 'projectors') projectorIds.push(change.id);
      else if (change.entity === 'sites') siteIds.push(change.id);
      else if (change.entity === 'customers') customerIds.push(change.id);
    }
    if (projectorIds.length || siteIds.length || customerIds.length) {
      reindexProjectors(db, [...projectorIds, ...projectorIdsForSites(db, siteIds), ...projectorIdsForCustomers(db, customerIds)]);
    }
    if (removedCaseIds.length) {
      // Cascade: a deleted (or purged) case takes its timeline with it, events of this same frame included.
      const remove = sqlite.prepare('DELETE FROM case_events WHERE case_id = ? AND NOT EXISTS (SELECT 1 FROM cases_confirmed WHERE id = ?)');
      let removed = 0;
      for (const id of removedCaseIds) removed += remove.run(id, id).changes;
      if (removed > 0) entities.add('caseEvents');
      // Its visits, reports and photos go with it too (they go where the case goes).
      for (const [table, entity] of [['visits', 'visits'], ['service_reports', 'serviceReports'], ['report_photos', 'reportPhotos']] as const) {
        const purge = sqlite.prepare(`DELETE FROM ${table} WHERE case_id = ? AND NOT EXISTS (SELECT 1 FROM cases_confirmed WHERE id = ?)`);
        let purged = 0;
        for (const id of removedCaseIds) purged += purge.run(id, id).changes;
        if (purged > 0) entities.add(entity);
      }
    }
    if (siteIds.length || customerIds.length || caseIds.length) reindexIntake(db, { siteIds, customerIds, caseIds });
    if (caseIds.length) recomputeCases(db, caseIds, ctx);
    if (!current || current.epoch !== cursor.epoch || cursor.version >= current.version) setCursor(db, cursor);
    setLastSyncAt(db, ctx.now);
    return [...entities];
  });
}

function messageOf(result: MutationResult): ErrorBody | null {
  return result.ok ? null : result.error;
}

/** How the user knew what a mutation touched: a case's number, else its title; a setting's label. */
function labelFor(db: WritableDb, m: typeof outbox.$inferSelect): string | null {
  if (m.name === 'updateSetting') {
    const key = settingKeySchema.safeParse((m.args as { key?: unknown } | null)?.key);
    return key.success ? SETTINGS[key.data].label : null;
  }
  const caseId = caseIdOf(m);
  if (caseId) {
    const row = getViewCase(db, caseId) ?? getConfirmedCase(db, caseId);
    if (row) return row.number ?? row.title;
  }
  const argTitle = (m.args as { title?: unknown } | null)?.title;
  return typeof argTitle === 'string' ? argTitle : null;
}

/**
 * The case a mutation is about. Notes and replies keep `caseId` off their outbox row on purpose
 * (they do not change the case, so the case must not read as pending), so it comes from the args.
 */
function caseIdOf(m: typeof outbox.$inferSelect): string | null {
  if (m.caseId) return m.caseId;
  const argCase = (m.args as { caseId?: unknown } | null)?.caseId;
  return typeof argCase === 'string' ? argCase : null;
}

export type PushOutcome = Readonly<{ rejected: RejectedMutation[]; entities: EntityName[] }>;

/**
 * Handles a push-result: mutations up to lastMutationId are consumed (applied or rejected) and
 * leave the outbox; their cases are recomputed, so a rejected create disappears, a rejected delete
 * brings the case back and a rejected update rolls back. Returns the rejected ones, labelled as the
 * user saw them, and the entities whose view changed.
 */
export function applyPushResult(db: WritableDb, results: readonly MutationResult[], lastMutationId: number, ctx: ReplayContext): PushOutcome {
  return writeTransaction(db, () => {
    const consumed = db.select().from(outbox).where(lte(outbox.mutationId, lastMutationId)).orderBy(asc(outbox.mutationId)).all();
    const byId = new Map(consumed.map((m) => [m.mutationId, m]));
    const rejected: RejectedMutation[] = [];
    for (const result of results) {
      const error = messageOf(result);
      const m = byId.get(result.mutationId);
      if (!error || !m) continue;
      rejected.push({ mutationId: m.mutationId, mutationName: m.name, caseId: caseIdOf(m), caseLabel: labelFor(db, m), message: error.message, error });
    }
    const entities = new Set<EntityName>();
    if (consumed.length) {
      db.delete(outbox).where(inArray(outbox.mutationId, consumed.map((m) => m.mutationId))).run();
      recomputeCases(db, consumed.flatMap((m) => (m.caseId ? [m.caseId] : [])), ctx);
      entities.add('cases');
      if (consumed.some((m) => m.name === 'resolveConflict')) entities.add('conflicts');
      // A confirmed setting arrives as a change; a rejected one only leaves the outbox, and the
      // settings view (confirmed + pending) must be read again either way.
      if (consumed.some((m) => m.name === 'updateSetting')) entities.add('settings');
      // Pending notes and replies show in the timeline, pending reads in the notification centre:
      // confirmed or rolled back, both are read again.
      if (consumed.some((m) => m.name === 'addCaseNote' || m.name === 'sendCaseReply')) entities.add('caseEvents');
      if (consumed.some((m) => m.name === 'markNotificationsRead')) entities.add('notifications');
      // Visits, reports, photos and parts overlay their pending mutations when read (service-overlay).
      for (const m of consumed) for (const entity of serviceEntitiesOf(m.name)) entities.add(entity);
    }
    return { rejected, entities: [...entities] };
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
