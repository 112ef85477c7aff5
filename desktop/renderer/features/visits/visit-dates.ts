// Plain-date arithmetic for visits (dates are "YYYY-MM-DD" in the organisation's time zone, times
// "HH:MM"): done in UTC so a daylight-saving change never shifts a day.

export type CalendarMode = 'day' | 'week';

const DAY_MS = 24 * 60 * 60 * 1000;

function parseDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return formatDay(parseDay(day) + days * DAY_MS);
}

/** 0 = Monday … 6 = Sunday (the order working hours use). */
export function weekdayIndex(day: string): number {
  return (new Date(parseDay(day)).getUTCDay() + 6) % 7;
}

/** The Monday of the day's week. */
export function weekStart(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

/** The days a calendar shows for a mode around an anchor day. */
export function calendarRange(mode: CalendarMode, anchor: string): Readonly<{ from: string; to: string }> {
  if (mode === 'day') return { from: anchor, to: anchor };
  const from = weekStart(anchor);
  return { from, to: addDays(from, 6) };
}

/** The anchor after ←/→: one day in day view, one week in week view. */
export function stepAnchor(mode: CalendarMode, anchor: string, direction: -1 | 1): string {
  return addDays(anchor, direction * (mode === 'day' ? 1 : 7));
}

/** Today as a plain local date of this computer. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** "09:30" → 570; null for anything that is not a 24-hour time. */
export function timeToMinutes(time: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function minutesToTime(minutes: number): string {
  const clamped = Math.max(0, Math.min(24 * 60, Math.round(minutes)));
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}

/** "09:30–11:00" for a visit starting at 09:30 lasting 90 minutes. */
export function timeSpan(start: string, durationMinutes: number): string {
  const from = timeToMinutes(start);
  if (from === null) return start;
  return `${start}–${minutesToTime(from + durationMinutes)}`;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "Mon 3 Feb" */
export function dayLabel(day: string): string {
  const date = new Date(parseDay(day));
  return `${WEEKDAYS[weekdayIndex(day)]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/** "Mon 3 Feb 2026" or "3–9 Feb 2026" for the calendar's heading. */
export function rangeLabel(mode: CalendarMode, anchor: string): string {
  const { from, to } = calendarRange(mode, anchor);
  const year = from.slice(0, 4);
  if (mode === 'day') return `${dayLabel(from)} ${year}`;
  const a = new Date(parseDay(from));
  const b = new Date(parseDay(to));
  const left = a.getUTCMonth() === b.getUTCMonth() ? `${a.getUTCDate()}` : `${a.getUTCDate()} ${MONTHS[a.getUTCMonth()]}`;
  return `${left}–${b.getUTCDate()} ${MONTHS[b.getUTCMonth()]} ${to.slice(0, 4)}`;
}
