// Case timeline writes: every event is a row of its own, versioned and change-logged (entity
// `caseEvents`) in the caller's transaction, so it syncs with the case it belongs to.
import { uuidv7 } from 'uuidv7';
import type { CaseEventData, CaseEventKind, CaseEventRow } from '../../shared/case-events.js';
import { AppError } from '../../shared/errors.js';
import type { WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';

/** Who an event records: the caller, or nobody when the hub acts on its own (mail intake). */
function eventUserId(ctx: CommandContext): string | null {
  return ctx.system ? null : ctx.user.id;
}

/**
 * Appends one event to a case's timeline at hub time. `options.id` is the id the console chose
 * (notes and replies: the console shows the event at once and the synced row replaces it).
 */
export async function appendCaseEvent<K extends CaseEventKind>(
  tx: WriteTx,
  ctx: CommandContext,
  caseId: string,
  kind: K,
  data: CaseEventData[K],
  options?: Readonly<{ id?: string }>,
): Promise<CaseEventRow> {
  const id = options?.id ?? uuidv7();
  if (options?.id && (await tx.getCaseEvent(id))) throw new AppError('CONFLICT', 'An event with this id already exists.', { id });
  const version = await tx.allocateVersion();
  // The mapped union cannot be narrowed by a generic K; the fields are checked by the signature.
  const row = { id, caseId, kind, at: ctx.now, userId: eventUserId(ctx), data, version } as CaseEventRow;
  await tx.insertCaseEvents([row]);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'caseEvents', entityId: id, op: 'put', before: null, after: row })]);
  return row;
}

/**
 * Rewrites the data of an existing event (an email_out's delivery: queued → sent | failed), keeping
 * its id, case, kind, time and author; the new version is change-logged so consoles see it.
 */
export async function putCaseEvent<K extends CaseEventKind>(tx: WriteTx, ctx: CommandContext, id: string, kind: K, data: CaseEventData[K]): Promise<CaseEventRow> {
  const before = await tx.getCaseEvent(id);
  if (!before) throw new AppError('NOT_FOUND', 'That case event does not exist.', { id });
  if (before.kind !== kind) throw new AppError('CONFLICT', `That event is a ${before.kind} event, not ${kind}.`, { id });
  const version = await tx.allocateVersion();
  const row = { ...before, data, version } as CaseEventRow;
  await tx.replaceCaseEvent(row);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'caseEvents', entityId: id, op: 'put', before, after: row })]);
  return row;
}
