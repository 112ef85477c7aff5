// App-wide keyboard shortcuts: which key press means what, and the list the "?" help shows.
export type GlobalShortcut = 'new-case' | 'focus-search' | 'help' | 'conflicts';

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
  }
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
  { keys: '?', action: 'Show these shortcuts' },
];
