// Applies a client's pushed mutations exactly once, in order: replays return the stored result
// (error results included), a gap is refused, and each new mutation is authorised, validated, run
// and recorded inside the batch's transaction (a rejected mutation is still consumed).
import type { PublicUser } from '../../shared/domain.js';
import { AppError, isAppError, missingCase, parseOrThrow, toErrorBody } from '../../shared/errors.js';
import { canMutate } from '../../shared/permissions.js';
import { MAX_MUTATION_BYTES, MUTATION_ARG_SCHEMAS, type Mutation } from '../../shared/sync/mutations.js';
import type { MutationResult } from '../../shared/sync/protocol.js';
import { isoAt, systemClock, type Clock } from '../clock.js';
import type { HubRepository, StoredMutationResult, WriteTx } from '../db/repository.js';
import { errorFields, silentLogger, type HubLogger } from '../logger.js';
import { createCase, deleteCase, updateCase } from './cases.js';
import { resolveConflict } from './conflicts.js';
import { updateSetting } from './settings.js';
import { addCaseNote } from './case-notes.js';
import { markNotificationsRead } from './notifications.js';
import { sendCaseReply } from './case-replies.js';
import type { CommandContext } from './command-context.js';
import { autoAssignCase } from './auto-assign.js';
import { handleEscalation } from './escalation.js';
import { savePart } from './parts.js';
import { cancelVisit, scheduleVisit, updateVisit } from './visits.js';
import { reviewServiceReport, saveServiceReport, submitServiceReport } from './service-reports.js';
import { addReportPhoto, removeReportPhoto } from './report-photos.js';
import { closeCase, reopenCase } from './case-resolution.js';

/** Stored results kept per client behind its newest mutation, for replays after a lost answer. */
export const STORED_RESULTS_KEPT = 1000;

export type PushOutcome = Readonly<{ results: readonly MutationResult[]; lastMutationId: number }>;
export type PushOptions = Readonly<{
  clock?: Clock;
  log?: HubLogger;
  /** The pusher's sign-in, stamped on the change-log entries (console name and address in the audit log). */
  sessionId?: string | null;
}>;

async function runMutation(tx: WriteTx, ctx: CommandContext, mutation: Mutation): Promise<unknown> {
  if (!canMutate(ctx.user.role, mutation.name, mutation.args)) {
    throw new AppError('FORBIDDEN', 'Your role does not allow this change.', { mutation: mutation.name });
  }
  const name = mutation.name;
  switch (name) {
    case 'createCase': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.createCase, mutation.args, 'The new case has fields that need attention.');
      checkSize(args);
      const created = await createCase(tx, ctx, args);
      await autoAssignCase(tx, ctx, created.id);
      return created;
    }
    case 'updateCase': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.updateCase, mutation.args, 'The change has fields that need attention.');
      checkSize(args);
      return updateCase(tx, ctx, args, mutation.baseVersions);
    }
    case 'deleteCase': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.deleteCase, mutation.args, 'The deletion needs attention.');
      return deleteCase(tx, ctx, args);
    }
    case 'resolveConflict': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.resolveConflict, mutation.args, 'The resolution needs attention.');
      checkSize(args);
      return resolveConflict(tx, ctx, args);
    }
    case 'updateSetting': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.updateSetting, mutation.args, 'The setting needs attention.');
      checkSize(args);
      return updateSetting(tx, ctx, args);
    }
    case 'addCaseNote': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.addCaseNote, mutation.args, 'The note needs attention.');
      checkSize(args);
      return addCaseNote(tx, ctx, args);
    }
    case 'markNotificationsRead': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.markNotificationsRead, mutation.args, 'The notifications to mark need attention.');
      return markNotificationsRead(tx, ctx, args);
    }
    case 'sendCaseReply': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.sendCaseReply, mutation.args, 'The reply needs attention.');
      checkSize(args);
      return sendCaseReply(tx, ctx, args);
    }
    case 'handleEscalation': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.handleEscalation, mutation.args, 'The escalation note needs attention.');
      return handleEscalation(tx, ctx, args);
    }
    case 'savePart': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.savePart, mutation.args, 'The part needs attention.');
      checkSize(args);
      return savePart(tx, ctx, args);
    }
    case 'scheduleVisit': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.scheduleVisit, mutation.args, 'The visit needs attention.');
      checkSize(args);
      return scheduleVisit(tx, ctx, args);
    }
    case 'updateVisit': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.updateVisit, mutation.args, 'The visit change needs attention.');
      checkSize(args);
      return updateVisit(tx, ctx, args);
    }
    case 'cancelVisit': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.cancelVisit, mutation.args, 'The cancellation needs attention.');
      return cancelVisit(tx, ctx, args);
    }
    case 'saveServiceReport': {
      // No checkSize: a report with its signature image may exceed one ordinary change; its schema bounds every field.
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.saveServiceReport, mutation.args, 'The report has fields that need attention.');
      return saveServiceReport(tx, ctx, args);
    }
    case 'submitServiceReport': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.submitServiceReport, mutation.args, 'The submission needs attention.');
      return submitServiceReport(tx, ctx, args);
    }
    case 'reviewServiceReport': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.reviewServiceReport, mutation.args, 'The review needs attention.');
      return reviewServiceReport(tx, ctx, args);
    }
    case 'addReportPhoto': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.addReportPhoto, mutation.args, 'The photo needs attention.');
      return addReportPhoto(tx, ctx, args);
    }
    case 'removeReportPhoto': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.removeReportPhoto, mutation.args, 'The photo removal needs attention.');
      return removeReportPhoto(tx, ctx, args);
    }
    case 'closeCase': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.closeCase, mutation.args, 'The case to close needs attention.');
      return closeCase(tx, ctx, args);
    }
    case 'reopenCase': {
      const args = parseOrThrow(MUTATION_ARG_SCHEMAS.reopenCase, mutation.args, 'The reopening needs attention.');
      return reopenCase(tx, ctx, args);
    }
    default:
      return missingCase(name);
  }
}

function checkSize(args: unknown): void {
  if (Buffer.byteLength(JSON.stringify(args)) > MAX_MUTATION_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `A single change may be at most ${MAX_MUTATION_BYTES / 1024} KiB.`);
  }
}

function toResult(mutationId: number, stored: StoredMutationResult): MutationResult {
  return stored.ok ? { mutationId, ok: true, result: stored.result } : { mutationId, ok: false, error: stored.error };
}

export async function applyPush(
  repo: HubRepository,
  user: PublicUser,
  clientId: string,
  clientGroupId: string,
  mutations: readonly Mutation[],
  options: PushOptions = {},
): Promise<PushOutcome> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  // The whole batch is one transaction (one commit, one fan-out); each mutation runs in its own
  // savepoint, so a rejected one rolls back alone and is still consumed with its error stored.
  return repo.write(async (tx) => {
    const client = await tx.getClient(clientId);
    if (client && client.userId !== user.id) {
      throw new AppError('FORBIDDEN', 'This client id belongs to another user. Sign in again on this device.');
    }
    const results: MutationResult[] = [];
    const toStore: [number, StoredMutationResult][] = [];
    const before = client?.lastMutationId ?? 0;
    let last = before;
    for (const mutation of mutations) {
      if (mutation.id <= last) {
        // A replay, possibly of a mutation earlier in this same batch (not stored yet).
        const stored = toStore.find(([id]) => id === mutation.id)?.[1] ?? (await tx.getMutationResult(clientId, mutation.id));
        results.push(toResult(mutation.id, stored ?? { ok: false, error: { code: 'CONFLICT', message: 'This change was already applied.' } }));
        continue;
      }
      if (mutation.id > last + 1) {
        results.push({ mutationId: mutation.id, ok: false, error: { code: 'CONFLICT', message: 'mutation skips ahead', details: { expectedMutationId: last + 1 } } });
        break;
      }
      const ctx: CommandContext = {
        user,
        now: isoAt(clock()),
        clientId,
        mutationId: mutation.id,
        clientCreatedAt: mutation.createdAt,
        sessionId: options.sessionId ?? null,
        offline: mutation.offline ?? false,
      };
      let stored: StoredMutationResult;
      try {
        stored = { ok: true, result: await tx.savepoint((inner) => runMutation(inner, ctx, mutation)) };
      } catch (error) {
        // A bug must not wedge the client's outbox forever: consume it as INTERNAL and log the stack.
        if (!isAppError(error)) log.error('Mutation failed unexpectedly', { clientId, mutationId: mutation.id, name: mutation.name, ...errorFields(error) });
        stored = { ok: false, error: toErrorBody(error) };
      }
      toStore.push([mutation.id, stored]);
      results.push(toResult(mutation.id, stored));
      last = mutation.id;
    }
    if (last !== before) {
      // The client row first: stored results reference it.
      await tx.putClient({ clientId, clientGroupId, userId: user.id, lastMutationId: last });
      for (const [mutationId, stored] of toStore) await tx.putMutationResult(clientId, mutationId, stored);
      // A console re-sends only what is still in its outbox, which it empties as results arrive:
      // results far behind the newest are never asked for again, so the table stays bounded.
      if (last - STORED_RESULTS_KEPT > 0 && before - STORED_RESULTS_KEPT < last - STORED_RESULTS_KEPT) {
        await tx.pruneMutationResults(clientId, last - STORED_RESULTS_KEPT);
      }
    }
    return { results, lastMutationId: last };
  });
}
