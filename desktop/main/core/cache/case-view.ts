// Computes what the UI sees for one case: the confirmed server row with the still-pending outbox
// mutations for it replayed in order, using the same shared functions the hub runs for real.
import { asc, eq } from 'drizzle-orm';
import { applyCasePatch, buildNewCase } from '../../../../shared/case-lifecycle.js';
import { createCaseArgsSchema, updateCaseArgsSchema, type CaseRow } from '../../../../shared/domain.js';
import type { ReadableDb, WritableDb } from './cache-db.js';
import { cases, casesConfirmed, outbox } from './schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

export type ReplayContext = Readonly<{ userId: string }>;

/**
 * Replays pending mutations over the confirmed row. A mutation that cannot be replayed (its case is
 * gone, or the transition is no longer allowed) is skipped here and left for the hub to reject.
 * Field versions stay those of the confirmed row: they are the base versions later edits report.
 */
export function replayPending(confirmed: CaseRow | null, pending: readonly OutboxRow[], ctx: ReplayContext): CaseRow | null {
  let row = confirmed;
  for (const m of pending) {
    if (m.name === 'createCase') {
      if (row !== null) continue; // the hub already has it
      const args = createCaseArgsSchema.safeParse(m.args);
      if (!args.success) continue;
      row = buildNewCase(args.data, { userId: ctx.userId, now: m.createdAt, version: 0, number: null });
    } else if (m.name === 'updateCase') {
      if (row === null) continue;
      const args = updateCaseArgsSchema.safeParse(m.args);
      if (!args.success) continue;
      try {
        const patched = applyCasePatch(row, args.data.patch, { now: m.createdAt, version: row.version });
        row = { ...patched, fieldVersions: row.fieldVersions, version: row.version };
      } catch {
        // Not applicable on the newer confirmed state; the hub will decide and report it.
      }
    }
  }
  return row;
}

export function getConfirmedCase(db: ReadableDb, id: string): CaseRow | null {
  return db.select().from(casesConfirmed).where(eq(casesConfirmed.id, id)).get() ?? null;
}

export function getViewCase(db: ReadableDb, id: string): (CaseRow & { pending: boolean }) | null {
  return db.select().from(cases).where(eq(cases.id, id)).get() ?? null;
}

export function pendingFor(db: ReadableDb, caseId: string): OutboxRow[] {
  return db.select().from(outbox).where(eq(outbox.caseId, caseId)).orderBy(asc(outbox.mutationId)).all();
}

/** Rewrites the `cases` row of each id from its confirmed row and pending mutations. */
export function recomputeCases(db: WritableDb, ids: Iterable<string>, ctx: ReplayContext): void {
  for (const id of new Set(ids)) {
    const pending = pendingFor(db, id);
    const row = replayPending(getConfirmedCase(db, id), pending, ctx);
    db.delete(cases).where(eq(cases.id, id)).run();
    if (row !== null) db.insert(cases).values(toCaseColumns(row, pending.length > 0)).run();
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
    pending,
  };
}
