// The calendar as plain data: one row per engineer, one cell per day, each cell a time line from the
// earliest to the latest hour anyone works or has a visit; visits become blocks placed in percent
// of that line (travel drawn before the visit), overlapping ones stacked in lanes, each with the
// clash messages that concern it. Days off and time off are shaded, working hours marked.
import type { CalendarView, VisitClash, VisitView } from '../../../../shared/console-api.js';
import { CLASH_LABELS } from './schedule-form.js';
import { timeSpan, timeToMinutes } from './visit-dates.js';

export type CalendarBlock = Readonly<{
  visit: VisitView;
  /** Position of the visit itself in percent of the cell's time line. */
  left: number;
  width: number;
  /** Travel drawn just before the visit, in percent. */
  travelWidth: number;
  lane: number;
  lanes: number;
  time: string;
  clashes: readonly Readonly<{ kind: VisitClash['kind']; label: string; message: string }>[];
  /** What a screen reader hears for the block. */
  ariaLabel: string;
}>;

export type CalendarCell = Readonly<{
  date: string;
  working: boolean;
  hours: string | null;
  note: string | null;
  /** Working hours on the time line, in percent; null on a day off. */
  workingSpan: Readonly<{ left: number; width: number }> | null;
  blocks: readonly CalendarBlock[];
}>;

export type CalendarRow = Readonly<{ engineerId: string; name: string; regions: readonly string[]; cells: readonly CalendarCell[]; clashCount: number }>;

export type CalendarLayout = Readonly<{
  days: readonly string[];
  /** The time line every cell shares, in minutes from midnight (whole hours). */
  startMinute: number;
  endMinute: number;
  /** Hour marks to draw, with their position in percent. */
  hourMarks: readonly Readonly<{ label: string; left: number }>[];
  rows: readonly CalendarRow[];
  /** Every clash in the range, once each (a double booking is one clash between two visits). */
  clashes: readonly VisitClash[];
  /** Clashes not tied to a visit shown here (e.g. about a visit outside this range). */
  otherClashes: readonly VisitClash[];
  clashCount: number;
}>;

const DEFAULT_START = 8 * 60;
const DEFAULT_END = 18 * 60;

/** "08:00–17:00" (or with a hyphen) → minutes; null for a label that is not a span. */
export function parseHours(hours: string | null): Readonly<{ from: number; to: number }> | null {
  if (!hours) return null;
  const match = /(\d{2}:\d{2})\s*[–—-]\s*(\d{2}:\d{2})/.exec(hours);
  if (!match?.[1] || !match[2]) return null;
  const from = timeToMinutes(match[1]);
  const to = timeToMinutes(match[2]);
  return from !== null && to !== null && to > from ? { from, to } : null;
}

function visitSpan(visit: VisitView): Readonly<{ from: number; start: number; to: number }> | null {
  const start = timeToMinutes(visit.start);
  if (start === null) return null;
  return { from: start - visit.travelMinutes, start, to: start + visit.durationMinutes };
}

/** Greedy lanes: each visit takes the first lane whose last visit ended before it starts. */
function assignLanes(spans: readonly Readonly<{ from: number; to: number }>[]): { lanes: number[]; count: number } {
  const order = spans.map((_, i) => i).sort((a, b) => (spans[a]?.from ?? 0) - (spans[b]?.from ?? 0));
  const laneEnds: number[] = [];
  const lanes: number[] = new Array<number>(spans.length).fill(0);
  for (const i of order) {
    const span = spans[i];
    if (!span) continue;
    let lane = laneEnds.findIndex((end) => end <= span.from);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(span.to);
    } else laneEnds[lane] = span.to;
    lanes[i] = lane;
  }
  return { lanes, count: Math.max(1, laneEnds.length) };
}

export function layoutCalendar(view: CalendarView): CalendarLayout {
  const shown = view.visits.filter((v) => v.status !== 'cancelled');
  let startMinute = DEFAULT_START;
  let endMinute = DEFAULT_END;
  for (const engineer of view.engineers) {
    for (const day of engineer.days) {
      const hours = parseHours(day.hours);
      if (hours) {
        startMinute = Math.min(startMinute, hours.from);
        endMinute = Math.max(endMinute, hours.to);
      }
    }
  }
  for (const visit of shown) {
    const span = visitSpan(visit);
    if (span) {
      startMinute = Math.min(startMinute, Math.max(0, span.from));
      endMinute = Math.max(endMinute, Math.min(24 * 60, span.to));
    }
  }
  startMinute = Math.floor(startMinute / 60) * 60;
  endMinute = Math.ceil(endMinute / 60) * 60;
  const total = endMinute - startMinute;
  const pct = (minute: number) => ((Math.min(endMinute, Math.max(startMinute, minute)) - startMinute) / total) * 100;

  // A double booking concerns both visits; other clashes concern the visit they name.
  const clashesByVisit = new Map<string, VisitClash[]>();
  const shownIds = new Set(shown.map((v) => v.id));
  const otherClashes: VisitClash[] = [];
  for (const clash of view.clashes) {
    const ids = [clash.visitId, clash.otherVisitId].filter((id): id is string => id !== null && shownIds.has(id));
    if (ids.length === 0) otherClashes.push(clash);
    for (const id of ids) clashesByVisit.set(id, [...(clashesByVisit.get(id) ?? []), clash]);
  }

  const rows: CalendarRow[] = view.engineers.map((engineer) => {
    let clashCount = 0;
    const cells: CalendarCell[] = view.days.map((date) => {
      const day = engineer.days.find((d) => d.date === date);
      const hours = day?.working ? parseHours(day.hours) : null;
      const visits = shown.filter((v) => v.engineerId === engineer.engineerId && v.date === date).sort((a, b) => a.start.localeCompare(b.start));
      const spans = visits.map((v) => visitSpan(v) ?? { from: startMinute, start: startMinute, to: startMinute + 15 });
      const { lanes, count } = assignLanes(spans);
      const blocks = visits.map((visit, i): CalendarBlock => {
        const span = spans[i] ?? { from: startMinute, start: startMinute, to: startMinute + 15 };
        const clashes = (clashesByVisit.get(visit.id) ?? []).map((c) => ({ kind: c.kind, label: CLASH_LABELS[c.kind], message: c.message }));
        clashCount += clashes.length;
        const time = timeSpan(visit.start, visit.durationMinutes);
        const place = [visit.siteName, visit.caseTitle].filter(Boolean).join(', ');
        const travel = visit.travelMinutes > 0 ? `, ${visit.travelMinutes} min travel before` : '';
        const clashText = clashes.length > 0 ? `. ${clashes.map((c) => c.message).join(' ')}` : '';
        return {
          visit,
          left: pct(span.start),
          width: Math.max(pct(span.to) - pct(span.start), 0.5),
          travelWidth: pct(span.start) - pct(span.from),
          lane: lanes[i] ?? 0,
          lanes: count,
          time,
          clashes,
          ariaLabel: `${time} ${visit.caseLabel}${place ? ` (${place})` : ''}${travel}${visit.pending ? ', waiting to sync' : ''}${clashText}`,
        };
      });
      return {
        date,
        working: day?.working ?? false,
        hours: day?.hours ?? null,
        note: day?.note ?? null,
        workingSpan: hours ? { left: pct(hours.from), width: pct(hours.to) - pct(hours.from) } : null,
        blocks,
      };
    });
    return { engineerId: engineer.engineerId, name: engineer.name, regions: engineer.regions, cells, clashCount };
  });

  const hourMarks: { label: string; left: number }[] = [];
  const step = total > 12 * 60 ? 180 : total > 6 * 60 ? 120 : 60;
  for (let minute = startMinute; minute < endMinute; minute += step) hourMarks.push({ label: `${String(minute / 60).padStart(2, '0')}:00`, left: pct(minute) });

  return { days: view.days, startMinute, endMinute, hourMarks, rows, clashes: view.clashes, otherClashes, clashCount: view.clashes.length };
}
