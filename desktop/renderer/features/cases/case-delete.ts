// Deleting a case and a case that disappears while open: wording of the confirmation and the
// result, and which state the detail panel is in. Pure so the words and the rules are tested once.
import type { ConnectionState } from '../../../../shared/console-api.js';
import { isAppError } from '../../../../shared/errors.js';

export const DELETE_REASON_MAX = 500;

export const CASE_GONE_TEXT = 'This case is no longer available to you (deleted or reassigned).';

export function deleteConfirmText(caseLabel: string): string {
  return `${caseLabel} will be removed for everyone, on every console, together with its open conflicts. This cannot be undone.`;
}

/** After the delete: it is gone from this computer at once, from the hub once connected. */
export function caseDeletedMessage(caseLabel: string, connection: ConnectionState | undefined): string {
  return connection === 'online'
    ? `${caseLabel} was deleted.`
    : `${caseLabel} was deleted on this computer. The hub removes it for everyone when this console is back online.`;
}

/** The reason as sent: trimmed, and absent when empty. */
export function deleteArgs(id: string, reason: string): { id: string; reason?: string } {
  const trimmed = reason.trim().slice(0, DELETE_REASON_MAX);
  return trimmed ? { id, reason: trimmed } : { id };
}

export type DetailPanelState = 'closed' | 'loading' | 'error' | 'shown' | 'deleting' | 'gone' | 'not-found';

/**
 * A case that was on screen and then vanishes (deleted here or elsewhere, reassigned away, its
 * region moved) is "gone"; one never seen is "not-found" (a link to a case that has not synced).
 */
export function detailPanelState(
  input: Readonly<{ open: boolean; isPending: boolean; error: unknown; hasData: boolean; wasShown: boolean; deleting: boolean }>,
): DetailPanelState {
  if (!input.open) return 'closed';
  if (input.hasData) return 'shown';
  if (input.deleting) return 'deleting';
  if (input.error !== null && input.error !== undefined) {
    return isAppError(input.error) && input.error.code === 'NOT_FOUND' ? (input.wasShown ? 'gone' : 'not-found') : 'error';
  }
  if (input.isPending) return 'loading';
  return input.wasShown ? 'gone' : 'not-found';
}
