// App-wide keyboard shortcuts: which key press means what, the "g then <key>" go-to sequences, and
// the list the "?" help shows.
import type { Role } from '../../../shared/domain.js';
import type { ScreenName } from './hash-route.js';
import { navItemsFor, screenForGoKey } from './nav.js';

export type GlobalShortcut = 'new-case' | 'focus-search' | 'help' | 'conflicts' | 'intake' | 'notifications';

export type KeyPress = Readonly<{
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** The key went to a text field, where "/" and "?" are text, not commands. */
  inTextField: boolean;
  /** The physical key (KeyboardEvent.code), for Alt+letter on a Mac where `key` is "ç". */
  code?: string;
}>;

export function matchGlobalShortcut(press: KeyPress): GlobalShortcut | null {
  const mod = press.ctrlKey || press.metaKey;
  if (mod && !press.altKey && !press.shiftKey && press.key.toLowerCase() === 'n') return 'new-case';
  // Desktop Chrome keeps Ctrl+N for itself, so the browser shell needs a second way in.
  if (press.altKey && !mod && !press.shiftKey && press.key.toLowerCase() === 'n') return 'new-case';
  if (press.altKey && !mod && !press.shiftKey) {
    // Alt+C: on a Mac `key` is "ç", so the physical key counts too, but not in a text field,
    // where Option+C is how a Mac user types "ç".
    if (press.key.toLowerCase() === 'c' || (press.code === 'KeyC' && !press.inTextField)) return 'conflicts';
    // Alt+I: phone intake (same physical-key rule as Alt+C).
    if (press.key.toLowerCase() === 'i' || (press.code === 'KeyI' && !press.inTextField)) return 'intake';
  }
  // Shift+Alt+B: the notification centre (the bell); Alt+B alone types "∫" on a Mac.
  if (press.altKey && press.shiftKey && !mod && (press.key.toLowerCase() === 'b' || press.code === 'KeyB')) return 'notifications';
  if (mod || press.altKey || press.inTextField) return null;
  if (press.key === '/') return 'focus-search';
  if (press.key === '?') return 'help';
  return null;
}

/** Duck-typed so it works for any event target and stays testable without a DOM. */
export function isTextField(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const el = target as { tagName?: unknown; isContentEditable?: unknown; type?: unknown };
  if (el.isContentEditable === true) return true;
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = typeof el.type === 'string' ? el.type.toLowerCase() : 'text';
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

export const SHORTCUTS: readonly Readonly<{ keys: string; action: string }>[] = [
  { keys: 'Ctrl+N (⌘N on Mac), or Alt+N', action: 'New case, from anywhere' },
  { keys: '/', action: 'Search cases' },
  { keys: '↑ / ↓', action: 'Move through the case list' },
  { keys: 'Page Up / Page Down, Home / End', action: 'Jump through the case list' },
  { keys: 'Enter', action: 'Open the selected case' },
  { keys: 'Escape', action: 'Close the open case or form' },
  { keys: 'Ctrl+Enter (⌘Enter on Mac)', action: 'Save the new case' },
  { keys: 'Alt+C', action: 'Open Conflicts (changes held back for you to review)' },
  { keys: 'Alt+I', action: 'Phone intake: find the caller or projector and log the call' },
  { keys: 'Shift+Alt+B', action: 'Open notifications (mentions)' },
  { keys: 'Ctrl+N or Alt+N (in phone intake)', action: 'Clear the intake for the next call' },
  { keys: 'Ctrl+Enter (in a note or reply)', action: 'Add the note / send the reply' },
  { keys: '↑ ↓ ← → (on the board)', action: 'Move between cards and columns of the assignment board' },
  { keys: 'A / R / U (on the board)', action: 'Assign the selected card to… / accept the top recommendation / unassign' },
  { keys: '↑ / ↓, Page Up / Page Down, Home / End (in a list)', action: 'Move through projectors, sites and import rows' },
  { keys: 'Escape (while an import runs)', action: 'Cancel the check or import between batches' },
  { keys: '← / → (in the calendar)', action: 'Previous / next day or week' },
  { keys: 'T / D / W (in the calendar)', action: 'Today / day view / week view' },
  { keys: 'Tab (in a service report)', action: 'Next field; the report saves itself when a field loses focus' },
  { keys: '?', action: 'Show these shortcuts' },
];

/** How long "g" waits for the key naming the screen (GitHub and Gmail use about a second). */
export const GO_SEQUENCE_TIMEOUT_MS = 1500;

/** When "g" was pressed, while a go-to sequence waits for its second key. */
export type GoState = Readonly<{ armedAt: number }> | null;
export type GoStep = Readonly<{ state: GoState; screen: ScreenName | null; consumed: boolean }>;

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']);

/**
 * One key press of a "g then <key>" sequence (g p: People, ...). Plain letters only, never in a
 * text field, so typing a word with a "g" in it goes nowhere. `consumed` means the press was part
 * of a sequence (the page should not also act on it).
 */
export function stepGoSequence(state: GoState, press: KeyPress, nowMs: number): GoStep {
  if (MODIFIER_KEYS.has(press.key)) return { state, screen: null, consumed: false };
  if (press.ctrlKey || press.metaKey || press.altKey || press.inTextField) return { state: null, screen: null, consumed: false };
  if (state && nowMs - state.armedAt <= GO_SEQUENCE_TIMEOUT_MS) {
    const screen = press.shiftKey ? null : screenForGoKey(press.key);
    return { state: null, screen, consumed: screen !== null };
  }
  if (press.key === 'g' && !press.shiftKey) return { state: { armedAt: nowMs }, screen: null, consumed: true };
  return { state: null, screen: null, consumed: false };
}

/** The help list for this user: the fixed shortcuts, then a go-to entry per screen they may open. */
export function helpShortcuts(role: Role): readonly Readonly<{ keys: string; action: string }>[] {
  const goTo = navItemsFor(role).map((item) => ({ keys: `G then ${item.goKey.toUpperCase()}`, action: `Go to ${item.label}` }));
  return [...SHORTCUTS, ...goTo];
}
