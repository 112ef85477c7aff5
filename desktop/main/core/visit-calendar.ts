// Visit planning from the cache: engineers' days (working hours and time off from their profile),
// their visits in a range, and the clashes a manager must see before saving: two visits of one
// engineer overlapping (travel time counts, it comes before the visit), time off, a day off, and
// hours outside the working day.
import { and, eq } from 'drizzle-orm';
import { addDays, weekdayIndex } from '../../../shared/assignment/availability.js';
import type { CalendarEngineer, CalendarView, VisitClash, VisitDefaults } from '../../../shared/console-api.js';
import { AppError } from '../../../shared/errors.js';
import { readEngineerProfile, type EngineerProfile } from '../../../shared/domain.js';
import type { VisitRow } from '../../../shared/service.js';
import type { ReadableDb } from './cache/cache-db.js';
import { users } from './cache/schema.js';
import type { ServiceOverlay } from './service-overlay.js';
import { caseContext, filterVisits, sortVisits, visitViews } from './service-views.js';

export const MAX_CALENDAR_DAYS = 42;
export const DEFAULT_VISIT_MINUTES = 120;

type Engineer = Readonly<{ id: string; name: string; regions: readonly string[]; profile: EngineerProfile | null }>;

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function hhmm(total: number): string {
  const t = Math.max(0, Math.min(total, 24 * 60));
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to && days.length <= MAX_CALENDAR_DAYS; d = addDays(d, 1)) days.push(d);
  return days;
}

function loadEngineers(db: ReadableDb, filter: Readonly<{ ids?: readonly string[]; region?: string }>): Engineer[] {
  const rows = db.select().from(users).where(and(eq(users.role, 'fse'), eq(users.active, true))).all();
  const wanted = filter.ids ? new Set(filter.ids) : null;
  return rows
    .filter((u) => (wanted ? wanted.has(u.id) : true) && (filter.region ? u.regions.includes(filter.region) : true))
    .map((u) => ({ id: u.id, name: u.name, regions: u.regions, profile: readEngineerProfile(u.engineer) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function engineerById(db: ReadableDb, id: string): Engineer | null {
  const u = db.select().from(users).where(eq(users.id, id)).get();
  return u ? { id: u.id, name: u.name, regions: u.regions, profile: readEngineerProfile(u.engineer) } : null;
}

function dayOf(profile: EngineerProfile | null, date: string): CalendarEngineer['days'][number] {
  if (!profile) return { date, working: true, hours: null, note: 'No working hours set' };
  const leave = profile.timeOff.find((t) => t.from <= date && date <= t.to);
  if (leave) return { date, working: false, hours: null, note: leave.reason ? `On leave: ${leave.reason}` : 'On leave' };
  const hours = profile.workingHours[weekdayIndex(date)];
  return hours ? { date, working: true, hours: `${hours.start}–${hours.end}`, note: null } : { date, working: false, hours: null, note: 'Off' };
}

type Planned = Readonly<{ visitId: string | null; engineerId: string; date: string; start: string; durationMinutes: number; travelMinutes: number }>;

/** What is wrong with one planned visit against the engineer's profile and their other visits. */
export function clashesFor(planned: Planned, engineer: Engineer | null, others: readonly VisitRow[]): VisitClash[] {
  const clashes: VisitClash[] = [];
  const who = engineer?.name ?? 'The engineer';
  const profile = engineer?.profile ?? null;
  const start = minutes(planned.start);
  const end = start + planned.durationMinutes;
  const leaveStart = start - planned.travelMinutes;
  if (profile) {
    const leave = profile.timeOff.find((t) => t.from <= planned.date && planned.date <= t.to);
    const hours = profile.workingHours[weekdayIndex(planned.date)];
    if (leave) {
      clashes.push({ kind: 'time_off', visitId: planned.visitId, otherVisitId: null, message: `${who} is on leave on ${planned.date}${leave.reason ? ` (${leave.reason})` : ''}.` });
    } else if (!hours) {
      clashes.push({ kind: 'day_off', visitId: planned.visitId, otherVisitId: null, message: `${who} does not work on ${planned.date}.` });
    } else if (leaveStart < minutes(hours.start) || end > minutes(hours.end)) {
      clashes.push({
        kind: 'outside_hours',
        visitId: planned.visitId,
        otherVisitId: null,
        message: `${hhmm(leaveStart)}–${hhmm(end)} (with travel) is outside ${who}'s hours on ${planned.date} (${hours.start}–${hours.end}).`,
      });
    }
  }
  for (const other of others) {
    if (other.id === planned.visitId || other.engineerId !== planned.engineerId || other.date !== planned.date || other.status === 'cancelled') continue;
    const oStart = minutes(other.start);
    const oEnd = oStart + other.durationMinutes;
    const oLeave = oStart - other.travelMinutes;
    // Busy from leaving for the site to the end of the visit; touching ends are fine.
    if (leaveStart < oEnd && oLeave < end) {
      clashes.push({
        kind: 'double_booking',
        visitId: planned.visitId,
        otherVisitId: other.id,
        message: `${who} already has a visit ${other.start}–${hhmm(oEnd)} on ${planned.date}${other.travelMinutes ? ` (with ${other.travelMinutes} min travel before it)` : ''}.`,
      });
    }
  }
  return clashes;
}

export function checkVisit(db: ReadableDb, overlay: ServiceOverlay, planned: Planned): VisitClash[] {
  const engineer = engineerById(db, planned.engineerId);
  if (!engineer) throw new AppError('NOT_FOUND', 'That engineer is not known to this console.');
  const others = filterVisits(db, overlay, { engineerIds: [planned.engineerId], from: planned.date, to: planned.date });
  return clashesFor(planned, engineer, others);
}

export function getCalendar(db: ReadableDb, overlay: ServiceOverlay, query: Readonly<{ from: string; to: string; engineerIds?: readonly string[]; region?: string }>): CalendarView {
  if (query.to < query.from) throw new AppError('VALIDATION', 'The range must end on or after its first day.', { fields: { to: 'The range must end on or after its first day.' } });
  const days = daysBetween(query.from, query.to);
  if (days.length > MAX_CALENDAR_DAYS) throw new AppError('VALIDATION', `Show at most ${MAX_CALENDAR_DAYS} days at once.`, { fields: { to: `Show at most ${MAX_CALENDAR_DAYS} days at once.` } });
  const engineers = loadEngineers(db, { ids: query.engineerIds, region: query.region });
  const ids = engineers.map((e) => e.id);
  const rows = ids.length ? sortVisits(filterVisits(db, overlay, { engineerIds: ids, from: query.from, to: query.to }), false) : [];
  const byId = new Map(engineers.map((e) => [e.id, e]));
  const clashes: VisitClash[] = [];
  const seenPairs = new Set<string>();
  for (const v of rows) {
    if (v.status === 'cancelled') continue;
    for (const c of clashesFor({ ...v, visitId: v.id }, byId.get(v.engineerId) ?? null, rows)) {
      if (c.kind === 'double_booking') {
        // One entry per pair of visits.
        const pair = [c.visitId, c.otherVisitId].sort().join('|');
        if (seenPairs.has(pair)) continue;
        seenPairs.add(pair);
      }
      clashes.push(c);
    }
  }
  return {
    days,
    engineers: engineers.map((e) => ({ engineerId: e.id, name: e.name, regions: e.regions, days: days.map((d) => dayOf(e.profile, d)) })),
    visits: visitViews(db, overlay, rows),
    clashes,
  };
}

/** The case's assignee (when an engineer), a default length, and the checklist from the site's access notes. */
export function visitDefaults(db: ReadableDb, caseId: string): VisitDefaults {
  const { caseRow, site } = caseContext(db, caseId);
  if (!caseRow) throw new AppError('NOT_FOUND', 'This case does not exist (it may have been removed).');
  const assignee = caseRow.assigneeId ? db.select({ role: users.role }).from(users).where(eq(users.id, caseRow.assigneeId)).get() : undefined;
  return {
    engineerId: assignee?.role === 'fse' ? caseRow.assigneeId : null,
    durationMinutes: DEFAULT_VISIT_MINUTES,
    travelMinutes: 0,
    checklist: { siteAccessArranged: false, accessNotes: site?.accessNotes ?? '', partsNeeded: '', equipmentNeeded: '', safetyRequirements: '' },
  };
}
