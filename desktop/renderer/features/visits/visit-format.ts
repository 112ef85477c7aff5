// Words and labels for visits in lists: status, report state, the checklist in one line, and the
// button an engineer sees for a visit's report.
import type { VisitView } from '../../../../shared/console-api.js';
import type { CaseStatus, Role } from '../../../../shared/domain.js';
import { can } from '../../../../shared/permissions.js';
import { REPORT_STATUS_LABELS, type VisitChecklist, type VisitStatus } from '../../../../shared/service.js';
import { dayLabel, timeSpan } from './visit-dates.js';

export const VISIT_STATUS_LABELS: Readonly<Record<VisitStatus, string>> = { scheduled: 'Scheduled', done: 'Done', cancelled: 'Cancelled' };

export function visitWhen(visit: Pick<VisitView, 'date' | 'start' | 'durationMinutes' | 'travelMinutes'>): string {
  const travel = visit.travelMinutes > 0 ? ` (+${visit.travelMinutes} min travel)` : '';
  return `${dayLabel(visit.date)} ${visit.date.slice(0, 4)}, ${timeSpan(visit.start, visit.durationMinutes)}${travel}`;
}

export function reportStatusText(visit: Pick<VisitView, 'reportId' | 'reportStatus'>): string {
  return visit.reportStatus ? REPORT_STATUS_LABELS[visit.reportStatus] : 'No report yet';
}

/** The report button of a visit for its engineer: write a new one, or open the one started. */
export function reportAction(visit: Pick<VisitView, 'reportId' | 'reportStatus' | 'status'>): Readonly<{ label: string; reportId: string | null }> | null {
  if (visit.reportId) return { label: visit.reportStatus === 'draft' || visit.reportStatus === 'returned' ? 'Continue report' : 'Open report', reportId: visit.reportId };
  if (visit.status === 'cancelled') return null;
  return { label: 'Write report', reportId: null };
}

/** The checklist items still to arrange plus notes, as short lines. */
export function checklistLines(checklist: VisitChecklist): string[] {
  const lines = [checklist.siteAccessArranged ? 'Site access arranged' : 'Site access NOT arranged yet'];
  if (checklist.accessNotes) lines.push(`Access: ${checklist.accessNotes}`);
  if (checklist.partsNeeded) lines.push(`Parts: ${checklist.partsNeeded}`);
  if (checklist.equipmentNeeded) lines.push(`Equipment: ${checklist.equipmentNeeded}`);
  if (checklist.safetyRequirements) lines.push(`Safety: ${checklist.safetyRequirements}`);
  return lines;
}

/** Visits by day, in time order, for the engineer's list ("Today", "Tomorrow", or the date). */
export function groupByDay<T extends Pick<VisitView, 'date' | 'start'>>(visits: readonly T[], today: string, tomorrow: string): { date: string; label: string; visits: T[] }[] {
  const sorted = [...visits].sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
  const groups: { date: string; label: string; visits: T[] }[] = [];
  for (const visit of sorted) {
    let group = groups[groups.length - 1];
    if (!group || group.date !== visit.date) {
      const label = visit.date === today ? `Today, ${dayLabel(visit.date)}` : visit.date === tomorrow ? `Tomorrow, ${dayLabel(visit.date)}` : `${dayLabel(visit.date)} ${visit.date.slice(0, 4)}`;
      group = { date: visit.date, label, visits: [] };
      groups.push(group);
    }
    group.visits.push(visit);
  }
  return groups;
}

/** Upcoming visits first (soonest first), then past ones (latest first). */
export function splitUpcoming<T extends Pick<VisitView, 'date'>>(visits: readonly T[], today: string): Readonly<{ upcoming: T[]; past: T[] }> {
  return { upcoming: visits.filter((v) => v.date >= today), past: visits.filter((v) => v.date < today) };
}

/** Visits are planned by those who may, for a case still open (a resolved or closed case is reopened first). */
export function mayPlanVisits(role: Role | null, caseStatus: CaseStatus | null): boolean {
  return role !== null && can(role, 'visit.schedule') && caseStatus !== 'resolved' && caseStatus !== 'closed';
}
