// How sessions and sign-in events read on screen: status, outcome badges, paging cursor, and the
// order of the rows. Pure so the wording and colours are tested once.
import type { SessionView, SignInEvent, SignInOutcome } from '../../../../shared/admin.js';
import { missingCase } from '../../../../shared/errors.js';

export type Badge = Readonly<{ label: string; color: string }>;

export function sessionStatus(session: SessionView): Badge {
  if (session.revokedAt) return { label: 'Ended', color: 'gray' };
  if (session.current) return { label: 'This console', color: 'indigo' };
  return { label: 'Active', color: 'green' };
}

export const OUTCOME_LABELS: Readonly<Record<SignInOutcome, string>> = {
  success: 'Signed in',
  failure: 'Failed',
  locked: 'Locked out',
  deactivated: 'Deactivated',
};

export function outcomeBadge(outcome: SignInOutcome): Badge {
  switch (outcome) {
    case 'success':
      return { label: OUTCOME_LABELS.success, color: 'green' };
    case 'failure':
      return { label: OUTCOME_LABELS.failure, color: 'orange' };
    case 'locked':
      return { label: OUTCOME_LABELS.locked, color: 'red' };
    case 'deactivated':
      return { label: OUTCOME_LABELS.deactivated, color: 'gray' };
    default:
      return missingCase(outcome);
  }
}

/** Active sessions first (this console at the top), then by last activity, newest first. */
export function sortSessions(sessions: readonly SessionView[]): SessionView[] {
  return [...sessions].sort((a, b) => {
    const ended = Number(a.revokedAt !== null) - Number(b.revokedAt !== null);
    if (ended !== 0) return ended;
    const current = Number(b.current) - Number(a.current);
    if (current !== 0) return current;
    return b.lastSeenAt.localeCompare(a.lastSeenAt);
  });
}

/** The `before` cursor for the next page, or null when the last page was not full. */
export function nextSignInCursor(page: readonly SignInEvent[], limit: number): Readonly<{ at: string; id: string }> | null {
  const last = page[page.length - 1];
  return page.length >= limit && last ? { at: last.at, id: last.id } : null;
}

/** "Dana Wells (dana@example.com)" or the email alone when the address matched nobody. */
export function signInWho(event: SignInEvent): string {
  return event.userName ? `${event.userName} (${event.email})` : event.email;
}
