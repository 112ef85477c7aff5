// Keyboard model of the intake search: the search box keeps focus and owns the keys, the matches
// are a listbox whose active option moves with the arrows (aria-activedescendant), and Enter picks
// it. Type-ahead safe: Enter pressed before the matches for what was typed have arrived is kept and
// picks the first of them once they do, instead of picking a stale match or being lost.

/** What the listbox shows: `fresh` is false while the matches are those of an older query. */
export type ListboxView = Readonly<{ active: number; count: number; fresh: boolean }>;

export type IntakeKeyResult =
  | Readonly<{ kind: 'move'; active: number }>
  | Readonly<{ kind: 'choose'; index: number }>
  /** Enter before the typed text's matches are in: choose when they arrive. */
  | Readonly<{ kind: 'choose-when-ready' }>
  /** Escape with text: clear the search (Escape on an empty box is left to the window). */
  | Readonly<{ kind: 'clear' }>
  | null;

export function intakeSearchKey(key: string, view: ListboxView, hasText: boolean): IntakeKeyResult {
  const { active, count, fresh } = view;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      if (count === 0) return null;
      return { kind: 'move', active: active < 0 || active >= last ? 0 : active + 1 };
    case 'ArrowUp':
      if (count === 0) return null;
      return { kind: 'move', active: active <= 0 ? last : active - 1 };
    case 'Home':
      // Home/End move the caret in the box unless a match is active.
      return count > 0 && active >= 0 ? { kind: 'move', active: 0 } : null;
    case 'End':
      return count > 0 && active >= 0 ? { kind: 'move', active: last } : null;
    case 'Enter':
      if (!hasText) return null;
      if (!fresh) return { kind: 'choose-when-ready' };
      if (count === 0) return null;
      return { kind: 'choose', index: active >= 0 && active <= last ? active : 0 };
    case 'Escape':
      return hasText ? { kind: 'clear' } : null;
    default:
      return null;
  }
}

/** The active option when new matches arrive: the first, so Enter picks the best match. */
export function activeForNewResults(count: number): number {
  return count > 0 ? 0 : -1;
}

/**
 * A waiting Enter, once the matches are fresh: the index to choose (the first match), or null to
 * keep waiting (still stale) / drop the wish (nothing matched).
 */
export function resolveWaitingChoice(view: ListboxView): Readonly<{ choose: number | null; keepWaiting: boolean }> {
  if (!view.fresh) return { choose: null, keepWaiting: true };
  if (view.count === 0) return { choose: null, keepWaiting: false };
  return { choose: view.active >= 0 ? view.active : 0, keepWaiting: false };
}
