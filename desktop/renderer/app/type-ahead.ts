// Keeps the keystrokes typed between a shortcut and the moment the form it opens can take focus.
// An agent on a call presses Ctrl+N and types the serial at once; on a busy machine the form may
// render a few frames later, and without this the first characters would go nowhere.

let buffer: HTMLInputElement | null = null;
const GIVE_UP_MS = 3000;

/** Focuses an invisible input at once (inside the key handler) to catch what is typed next. */
export function startTypeAhead(doc: Document = document): void {
  if (buffer) return;
  const input = doc.createElement('input');
  input.setAttribute('aria-hidden', 'true');
  input.tabIndex = -1;
  input.autocomplete = 'off';
  input.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;pointer-events:none;border:0;padding:0;';
  doc.body.appendChild(input);
  input.focus();
  buffer = input;
  // If no form takes it (it failed to open), do not leave focus stranded in an invisible field.
  setTimeout(() => {
    if (buffer === input) takeTypeAhead();
  }, GIVE_UP_MS);
}

/** Returns what was typed since `startTypeAhead` and removes the invisible input. */
export function takeTypeAhead(): string {
  const input = buffer;
  buffer = null;
  if (!input) return '';
  const text = input.value;
  input.remove();
  return text;
}
