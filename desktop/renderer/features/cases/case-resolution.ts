// Closing and reopening a case after its service report was approved: which of the two a role sees
// for a case in a given status, and the reopen reason as the core will check it.
import type { CaseStatus, Role } from '../../../../shared/domain.js';
import { can } from '../../../../shared/permissions.js';
import { reopenCaseArgsSchema, type ReopenCaseArgs } from '../../../../shared/service.js';

export type ResolutionActions = Readonly<{ close: boolean; reopen: boolean }>;

/** Close: resolved → closed. Reopen: resolved or closed → in progress. Both need `case.close`. */
export function resolutionActions(role: Role, status: CaseStatus): ResolutionActions {
  if (!can(role, 'case.close')) return { close: false, reopen: false };
  return { close: status === 'resolved', reopen: status === 'resolved' || status === 'closed' };
}

export type ReopenResult = Readonly<{ ok: true; args: ReopenCaseArgs }> | Readonly<{ ok: false; error: string }>;

export function reopenArgs(caseId: string, reason: string): ReopenResult {
  const parsed = reopenCaseArgsSchema.safeParse({ caseId, reason });
  if (parsed.success) return { ok: true, args: parsed.data };
  return { ok: false, error: parsed.error.issues.find((i) => i.path[0] === 'reason')?.message ?? 'Say why the case is reopened.' };
}
