// Rebase: what a console shows for one case is the hub's confirmed row with the console's own
// still-pending mutations replayed on top, in order, with the same lifecycle functions the hub runs.
// Pure, so it is property-tested here and runs unchanged in the console core.
import { applyCasePatch, buildNewCase } from '../case-lifecycle.js';
import { handleEscalationArgsSchema } from '../case-events.js';
import {
  casePatchSchema,
  createCaseArgsSchema,
  deleteCaseArgsSchema,
  resolveConflictArgsSchema,
  updateCaseArgsSchema,
  type CasePatch,
  type CasePatchField,
  type CaseRow,
} from '../domain.js';

/** A mutation still waiting in the outbox. */
export type PendingMutation = Readonly<{ name: string; args: unknown; createdAt: string }>;

/** What replaying a resolveConflict needs to know about its conflict. */
export type ConflictForReplay = Readonly<{ caseId: string; field: CasePatchField; yourValue: unknown }>;

export type ReplayContext = Readonly<{
  userId: string;
  /** Looks a conflict up; without it, pending resolutions are not replayed. */
  conflict?: (id: string) => ConflictForReplay | null;
}>;

/** The case patch a pending resolveConflict applies, or null (take theirs, or unknown conflict). */
export function resolutionPatch(args: unknown, lookup: ReplayContext['conflict']): CasePatch | null {
  const parsed = resolveConflictArgsSchema.safeParse(args);
  if (!parsed.success || parsed.data.resolution === 'theirs' || !lookup) return null;
  const conflict = lookup(parsed.data.id);
  if (!conflict) return null;
  const value = parsed.data.resolution === 'mine' ? conflict.yourValue : parsed.data.value;
  const patch = casePatchSchema.safeParse({ [conflict.field]: value });
  return patch.success ? patch.data : null;
}

/**
 * Replays pending mutations over the confirmed row. A mutation that cannot be replayed (its case is
 * gone, or the transition is no longer allowed) is skipped here and left for the hub to reject.
 * Field versions stay those of the confirmed row: they are the base versions later edits report.
 */
export function replayPending(confirmed: CaseRow | null, pending: readonly PendingMutation[], ctx: ReplayContext): CaseRow | null {
  let row = confirmed;
  for (const m of pending) {
    if (m.name === 'createCase') {
      if (row !== null) continue; // the hub already has it
      const args = createCaseArgsSchema.safeParse(m.args);
      if (!args.success) continue;
      row = buildNewCase(args.data, { userId: ctx.userId, now: m.createdAt, version: 0, number: null });
    } else if (m.name === 'deleteCase') {
      if (deleteCaseArgsSchema.safeParse(m.args).success) row = null;
    } else if (m.name === 'handleEscalation') {
      // Taking an escalation on clears it; the hub records who and the note.
      const args = handleEscalationArgsSchema.safeParse(m.args);
      if (row !== null && args.success && args.data.caseId === row.id) row = { ...row, escalation: null };
    } else if (m.name === 'updateCase' || m.name === 'resolveConflict') {
      if (row === null) continue; // deleted meanwhile: deletes win
      let patch: CasePatch | null = null;
      if (m.name === 'updateCase') {
        const args = updateCaseArgsSchema.safeParse(m.args);
        patch = args.success ? args.data.patch : null;
      } else {
        patch = resolutionPatch(m.args, ctx.conflict);
      }
      if (!patch) continue;
      try {
        const patched = applyCasePatch(row, patch, { now: m.createdAt, version: row.version });
        row = { ...patched, fieldVersions: row.fieldVersions, version: row.version };
      } catch {
        // Not applicable on the newer confirmed state; the hub will decide and report it.
      }
    }
  }
  return row;
}
