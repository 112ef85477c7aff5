// The calendar's own keys: ←/→ previous/next day or week, t today, d day view, w week view. Never
// while typing, with a modifier, or right after "g" (the app's "g then <key>" go-to sequences).
export type CalendarCommand = 'previous' | 'next' | 'today' | 'day' | 'week';

export type CalendarKeyPress = Readonly<{
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  inTextField: boolean;
  /** The key went to a control that uses arrows itself (radio group, slider, tabs, a list box). */
  inArrowWidget?: boolean;
  afterG: boolean;
}>;

/** Duck-typed like the app's isTextField: radios, ranges and ARIA widgets that move with arrows. */
export function usesArrowKeys(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const el = target as { tagName?: unknown; type?: unknown; getAttribute?: unknown };
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  const type = typeof el.type === 'string' ? el.type.toLowerCase() : '';
  if (tag === 'INPUT' && (type === 'radio' || type === 'range')) return true;
  const role = typeof el.getAttribute === 'function' ? (el.getAttribute as (name: string) => string | null).call(target, 'role') : null;
  return role !== null && ['radio', 'slider', 'tab', 'option', 'menuitem', 'gridcell', 'listbox', 'combobox'].includes(role);
}

export function calendarCommand(press: CalendarKeyPress): CalendarCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.inTextField || press.afterG) return null;
  if (press.inArrowWidget && (press.key === 'ArrowLeft' || press.key === 'ArrowRight')) return null;
  switch (press.key) {
    case 'ArrowLeft':
      return 'previous';
    case 'ArrowRight':
      return 'next';
    case 't':
    case 'T':
      return 'today';
    case 'd':
    case 'D':
      return 'day';
    case 'w':
    case 'W':
      return 'week';
    default:
      return null;
  }
}

export const CALENDAR_KEYS_HELP = '←/→ previous/next, t today, d day view, w week view';
