// Local writes: each validates its input, appends an outbox row with the next mutation id and
// updates the `cases` view optimistically, all in ONE SQLite transaction, so a crash keeps both or
// neither. The outbox is plain rows: it survives restarts until the hub confirms it.
import { max } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { applyCasePatch } from '../../../shared/case-lifecycle.js';
import { caseFieldsSchema, casePatchSchema, createCaseArgsSchema, type CaseFields, type CasePatch } from '../../../shared/domain.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import type { MutationName } from '../../../shared/sync/mutations.js';
import { writeTransaction, type WritableDb } from './cache/cache-db.js';
import { getConfirmedCase, recomputeCases, replayPending, pendingFor, type ReplayContext } from './cache/case-view.js';
import { getLastMutationId, setLastMutationId } from './cache/meta.js';
import { outbox } from './cache/schema.js';

export type LocalWriteContext = ReplayContext & Readonly<{ now: string }>;

/** Next mutation id: never reused, even once the outbox has drained. Call inside a transaction. */
function nextMutationId(db: WritableDb): number {
  const inOutbox = db.select({ id: max(outbox.mutationId) }).from(outbox).get()?.id ?? 0;
  const next = Math.max(getLastMutationId(db), inOutbox) + 1;
  setLastMutationId(db, next);
  return next;
}

function appendOutbox(db: WritableDb, name: MutationName, args: unknown, baseVersions: Record<string, number>, caseId: string, now: string): number {
  const mutationId = nextMutationId(db);
  db.insert(outbox).values({ mutationId, name, args, baseVersions, createdAt: now, caseId }).run();
  return mutationId;
}

export function createCaseLocally(db: WritableDb, fields: CaseFields, ctx: LocalWriteContext): { id: string; mutationId: number } {
  const id = uuidv7();
  const args = parseOrThrow(createCaseArgsSchema, { ...parseOrThrow(caseFieldsSchema, fields), id });
  return writeTransaction(db, () => {
    const mutationId = appendOutbox(db, 'createCase', args, {}, id, ctx.now);
    recomputeCases(db, [id], ctx);
    return { id, mutationId };
  });
}

export function updateCaseLocally(db: WritableDb, id: string, patchInput: CasePatch, ctx: LocalWriteContext): { mutationId: number } {
  const patch = parseOrThrow(casePatchSchema, patchInput);
  return writeTransaction(db, () => {
    // Check the patch against what the user sees now; a refused transition writes nothing.
    const pending = pendingFor(db, id);
    const current = replayPending(getConfirmedCase(db, id), pending, ctx);
    if (!current) throw new AppError('NOT_FOUND', 'This case does not exist (it may have been removed).');
    applyCasePatch(current, patch, { now: ctx.now, version: current.version });
    // Base versions are the server versions the user saw; a case still waiting for its create to be
    // confirmed has none (its base is this client's own create, pushed just before).
    const confirmed = getConfirmedCase(db, id);
    const baseVersions: Record<string, number> = {};
    if (confirmed) for (const field of Object.keys(patch)) baseVersions[field] = confirmed.fieldVersions[field] ?? confirmed.version;
    const mutationId = appendOutbox(db, 'updateCase', { id, patch }, baseVersions, id, ctx.now);
    recomputeCases(db, [id], ctx);
    return { mutationId };
  });
}
