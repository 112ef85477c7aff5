// Local writes: each validates its input, appends an outbox row with the next mutation id and
// updates the `cases` view optimistically, all in ONE SQLite transaction, so a crash keeps both or
// neither. The outbox is plain rows: it survives restarts until the hub confirms it.
import { and, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { applyCasePatch } from '../../../shared/case-lifecycle.js';
import {
  caseFieldsSchema,
  casePatchSchema,
  createCaseArgsSchema,
  deleteCaseArgsSchema,
  resolveConflictArgsSchema,
  type CaseFields,
  type CasePatch,
  type ConflictResolution,
} from '../../../shared/domain.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import { updateSettingArgsSchema, type SettingKey } from '../../../shared/settings.js';
import type { MutationName } from '../../../shared/sync/mutations.js';
import { addCaseNoteArgsSchema, handleEscalationArgsSchema, markNotificationsReadArgsSchema, sendCaseReplyArgsSchema } from '../../../shared/case-events.js';
import { writeTransaction, type ReadableDb, type WritableDb } from './cache/cache-db.js';
import { conflictLookup, getConfirmedCase, recomputeCases, pendingFor, replayView } from './cache/case-view.js';
import { replayPending, resolutionPatch, type ReplayContext } from '../../../shared/sync/rebase.js';
import { getLastMutationId, setLastMutationId } from './cache/meta.js';
import { conflicts, notifications, outbox, settings, users } from './cache/schema.js';

/** `offline`: the sync client was not online when the user made the change (for the audit trail). */
export type LocalWriteContext = ReplayContext & Readonly<{ now: string; offline?: boolean }>;

/** Next mutation id: never reused, even once the outbox has drained. Call inside a transaction. */
function nextMutationId(db: WritableDb): number {
  const inOutbox = db.select({ id: max(outbox.mutationId) }).from(outbox).get()?.id ?? 0;
  const next = Math.max(getLastMutationId(db), inOutbox) + 1;
  setLastMutationId(db, next);
  return next;
}

function appendOutbox(db: WritableDb, name: MutationName, args: unknown, baseVersions: Record<string, number>, caseId: string | null, ctx: LocalWriteContext): number {
  const mutationId = nextMutationId(db);
  db.insert(outbox).values({ mutationId, name, args, baseVersions, createdAt: ctx.now, caseId, offline: ctx.offline === true }).run();
  return mutationId;
}

export function createCaseLocally(db: WritableDb, fields: CaseFields, ctx: LocalWriteContext): { id: string; mutationId: number } {
  const id = uuidv7();
  const args = parseOrThrow(createCaseArgsSchema, { ...parseOrThrow(caseFieldsSchema, fields), id });
  return writeTransaction(db, () => {
    const mutationId = appendOutbox(db, 'createCase', args, {}, id, ctx);
    recomputeCases(db, [id], ctx);
    return { id, mutationId };
  });
}

export function updateCaseLocally(db: WritableDb, id: string, patchInput: CasePatch, ctx: LocalWriteContext): { mutationId: number } {
  const patch = parseOrThrow(casePatchSchema, patchInput);
  return writeTransaction(db, () => {
    // Check the patch against what the user sees now; a refused transition writes nothing.
    const current = replayPending(getConfirmedCase(db, id), pendingFor(db, id), { ...ctx, conflict: conflictLookup(db) });
    if (!current) throw new AppError('NOT_FOUND', 'This case does not exist (it may have been removed).');
    applyCasePatch(current, patch, { now: ctx.now, version: current.version });
    // Base versions are the server versions the user saw; a case still waiting for its create to be
    // confirmed has none (its base is this client's own create, pushed just before).
    const confirmed = getConfirmedCase(db, id);
    const baseVersions: Record<string, number> = {};
    if (confirmed) for (const field of Object.keys(patch)) baseVersions[field] = confirmed.fieldVersions[field] ?? confirmed.version;
    const mutationId = appendOutbox(db, 'updateCase', { id, patch }, baseVersions, id, ctx);
    recomputeCases(db, [id], ctx);
    return { mutationId };
  });
}

export function deleteCaseLocally(db: WritableDb, id: string, reason: string | undefined, ctx: LocalWriteContext): { mutationId: number } {
  const args = parseOrThrow(deleteCaseArgsSchema, { id, reason: reason ?? '' });
  return writeTransaction(db, () => {
    const current = replayPending(getConfirmedCase(db, id), pendingFor(db, id), { ...ctx, conflict: conflictLookup(db) });
    if (!current) throw new AppError('NOT_FOUND', 'This case does not exist (it may have been removed).');
    const confirmed = getConfirmedCase(db, id);
    const mutationId = appendOutbox(db, 'deleteCase', args, confirmed ? { version: confirmed.version } : {}, id, ctx);
    recomputeCases(db, [id], ctx);
    return { mutationId };
  });
}

/** A resolveConflict for this conflict still waiting in the outbox, if any. */
function pendingResolution(db: WritableDb, conflictId: string): boolean {
  const row = db
    .select({ id: outbox.mutationId })
    .from(outbox)
    .where(and(eq(outbox.name, 'resolveConflict'), eq(sql`json_extract(${outbox.args}, '$.id')`, conflictId)))
    .limit(1)
    .get();
  return row !== undefined;
}

/**
 * Resolves a conflict optimistically: the outbox gets a resolveConflict, the conflicts list shows it
 * resolved (pending) and, for mine/merged, the case view shows the chosen value at once.
 */
export function resolveConflictLocally(
  db: WritableDb,
  input: Readonly<{ id: string; resolution: ConflictResolution; value?: unknown }>,
  ctx: LocalWriteContext,
): { mutationId: number } {
  const args = parseOrThrow(resolveConflictArgsSchema, input);
  return writeTransaction(db, () => {
    const conflict = db.select().from(conflicts).where(eq(conflicts.id, args.id)).get();
    if (!conflict || conflict.userId !== ctx.userId) throw new AppError('NOT_FOUND', 'This conflict does not exist (it may have been resolved elsewhere).');
    if (conflict.resolvedAt !== null || pendingResolution(db, conflict.id)) throw new AppError('CONFLICT', 'This conflict is already resolved.');
    if (args.resolution === 'merged') {
      // Check the merged value with the field's own rules now, so a typo is a field message, not a hub rejection.
      const checked = casePatchSchema.safeParse({ [conflict.field]: args.value });
      if (!checked.success) {
        const message = checked.error.issues[0]?.message ?? 'This value is not valid.';
        throw new AppError('VALIDATION', message, { fields: { value: message } });
      }
    }
    if (args.resolution !== 'theirs') {
      // A status the case can no longer move to is refused here rather than bouncing off the hub.
      const current = replayPending(getConfirmedCase(db, conflict.caseId), pendingFor(db, conflict.caseId), { ...ctx, conflict: conflictLookup(db) });
      const patch = resolutionPatch(args, conflictLookup(db));
      if (current && patch) applyCasePatch(current, patch, { now: ctx.now, version: current.version });
    }
    const mutationId = appendOutbox(db, 'resolveConflict', args, {}, conflict.caseId, ctx);
    recomputeCases(db, [conflict.caseId], ctx);
    return { mutationId };
  });
}

/**
 * Changes an organisation setting optimistically: validated against its key's schema (field errors
 * keyed like `value.name`), then an updateSetting in the outbox. The confirmed `settings` table is
 * left alone; reads overlay the pending value, so a rejection rolls back by leaving the outbox.
 */
export function updateSettingLocally(db: WritableDb, input: Readonly<{ key: SettingKey; value: unknown }>, ctx: LocalWriteContext): { mutationId: number } {
  const args = parseOrThrow(updateSettingArgsSchema, input);
  return writeTransaction(db, () => {
    const confirmed = db.select({ version: settings.version }).from(settings).where(eq(settings.id, args.key)).get();
    // Settings are last-writer-wins; the base version only records what the admin saw.
    const mutationId = appendOutbox(db, 'updateSetting', args, confirmed ? { value: confirmed.version } : {}, null, ctx);
    return { mutationId };
  });
}

/** The case as this user sees it now (confirmed + pending), or NOT_FOUND. */
function visibleCase(db: WritableDb, caseId: string, ctx: LocalWriteContext) {
  const current = replayView(getConfirmedCase(db, caseId), pendingFor(db, caseId), { ...ctx, conflict: conflictLookup(db) });
  if (!current) throw new AppError('NOT_FOUND', 'This case does not exist (it may have been removed).');
  return current;
}

/**
 * An internal note on a case: an addCaseNote in the outbox whose id (chosen here) becomes the
 * event's id at the hub, so the pending timeline entry and the confirmed event are one entry.
 * The outbox row carries no caseId: a note does not change the case (see rebase.caseIdOf).
 */
export function addCaseNoteLocally(db: WritableDb, input: Readonly<{ caseId: string; text: string; mentions?: readonly string[] }>, ctx: LocalWriteContext): { id: string; mutationId: number } {
  const id = uuidv7();
  const args = parseOrThrow(addCaseNoteArgsSchema, { id, caseId: input.caseId, text: input.text, mentions: [...new Set(input.mentions ?? [])] });
  return writeTransaction(db, () => {
    visibleCase(db, args.caseId, ctx);
    if (args.mentions.length) {
      // Only people this console knows can be picked in the composer; anything else is a bad call.
      const known = new Set(db.select({ id: users.id }).from(users).where(inArray(users.id, args.mentions)).all().map((u) => u.id));
      if (args.mentions.some((id) => !known.has(id))) {
        const message = 'Mention only people from the list.';
        throw new AppError('VALIDATION', message, { fields: { mentions: message } });
      }
    }
    const mutationId = appendOutbox(db, 'addCaseNote', args, {}, null, ctx);
    return { id, mutationId };
  });
}

/** A reply to the case's contact by email (sent by the hub, threaded); pending in the timeline until then. */
export function sendCaseReplyLocally(db: WritableDb, input: Readonly<{ caseId: string; text: string }>, ctx: LocalWriteContext): { id: string; mutationId: number } {
  const id = uuidv7();
  const args = parseOrThrow(sendCaseReplyArgsSchema, { id, caseId: input.caseId, text: input.text });
  return writeTransaction(db, () => {
    const current = visibleCase(db, args.caseId, ctx);
    if (!current.contactEmail.trim()) {
      const message = 'This case has no contact email to reply to; add one first.';
      throw new AppError('VALIDATION', message, { fields: { text: message } });
    }
    const mutationId = appendOutbox(db, 'sendCaseReply', args, {}, null, ctx);
    return { id, mutationId };
  });
}

/**
 * Marks this user's notifications read. Only unread ones known here are sent (nothing to do is not
 * an error); the notification list overlays the pending read until the hub confirms it.
 */
export function markNotificationsReadLocally(db: WritableDb, ids: readonly string[], ctx: LocalWriteContext): { mutationId: number | null } {
  parseOrThrow(markNotificationsReadArgsSchema, { ids: [...ids] });
  return writeTransaction(db, () => {
    const known = db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(inArray(notifications.id, [...new Set(ids)]), eq(notifications.userId, ctx.userId), isNull(notifications.readAt)))
      .all()
      .map((r) => r.id);
    const pending = pendingReadIds(db);
    const unread = known.filter((id) => !pending.has(id));
    if (unread.length === 0) return { mutationId: null };
    return { mutationId: appendOutbox(db, 'markNotificationsRead', { ids: unread }, {}, null, ctx) };
  });
}

/** Notification ids a markNotificationsRead still in the outbox covers. */
export function pendingReadIds(db: ReadableDb): Set<string> {
  const ids = new Set<string>();
  for (const m of db.select({ args: outbox.args }).from(outbox).where(eq(outbox.name, 'markNotificationsRead')).all()) {
    const args = markNotificationsReadArgsSchema.safeParse(m.args);
    if (args.success) for (const id of args.data.ids) ids.add(id);
  }
  return ids;
}

/**
 * A manager takes an escalated case on: a handleEscalation in the outbox (with the case id, so the
 * case reads as pending and is recomputed when the hub answers) and the escalation gone from the
 * case view at once. A case not escalated (as this console sees it) is refused here: handling it
 * twice, or one a colleague already took, would only bounce off the hub.
 */
export function handleEscalationLocally(db: WritableDb, input: Readonly<{ caseId: string; note?: string }>, ctx: LocalWriteContext): { mutationId: number } {
  const args = parseOrThrow(handleEscalationArgsSchema, { caseId: input.caseId, note: input.note ?? '' });
  return writeTransaction(db, () => {
    const current = visibleCase(db, args.caseId, ctx);
    if (!current.escalation) throw new AppError('CONFLICT', 'This case is not escalated (someone may have handled it already).');
    const confirmed = getConfirmedCase(db, args.caseId);
    const baseVersions: Record<string, number> = confirmed ? { escalation: confirmed.fieldVersions.escalation ?? confirmed.version } : {};
    const mutationId = appendOutbox(db, 'handleEscalation', args, baseVersions, args.caseId, ctx);
    recomputeCases(db, [args.caseId], ctx);
    return { mutationId };
  });
}
