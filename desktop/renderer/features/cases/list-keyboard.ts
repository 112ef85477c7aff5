// Keyboard handling of the case list: which row becomes selected, or which opens, for a key.
export type ListKeyResult = Readonly<{ kind: 'select'; index: number }> | Readonly<{ kind: 'open'; index: number }> | null;

/**
 * `selected` is -1 when nothing is selected yet; the first arrow press then selects the first
 * (or, for ArrowUp, the last) row. `pageSize` is how many rows fit on screen.
 */
export function listKeyResult(key: string, selected: number, count: number, pageSize: number): ListKeyResult {
  if (count <= 0) return null;
  const last = count - 1;
  const page = Math.max(1, pageSize);
  const clamp = (i: number) => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowDown':
      return { kind: 'select', index: selected < 0 ? 0 : clamp(selected + 1) };
    case 'ArrowUp':
      return { kind: 'select', index: selected < 0 ? last : clamp(selected - 1) };
    case 'Home':
      return { kind: 'select', index: 0 };
    case 'End':
      return { kind: 'select', index: last };
    case 'PageDown':
      return { kind: 'select', index: clamp((selected < 0 ? 0 : selected) + page) };
    case 'PageUp':
      return { kind: 'select', index: clamp((selected < 0 ? 0 : selected) - page) };
    case 'Enter':
      return selected >= 0 && selected <= last ? { kind: 'open', index: selected } : null;
    default:
      return null;
  }
}
