// The schedule / move visit form as plain data: what the fields hold, what is wrong with them (the
// same zod rules the core and hub apply), the clash check it asks for while typing, and the
// arguments it sends.
import type { ConsoleApiArg, VisitClash, VisitDefaults } from '../../../../shared/console-api.js';
import { scheduleVisitArgsSchema, type UpdateVisitArgs, type VisitChecklist, type VisitRow } from '../../../../shared/service.js';

export type ScheduleForm = Readonly<{
  engineerId: string;
  date: string;
  start: string;
  /** Kept as typed, so "1h" can be told apart from an empty field. */
  durationMinutes: string;
  travelMinutes: string;
  checklist: VisitChecklist;
}>;

export type ScheduleField = 'engineerId' | 'date' | 'start' | 'durationMinutes' | 'travelMinutes' | 'checklist';
export type ScheduleErrors = Partial<Record<ScheduleField, string>>;

export type ScheduleTiming = Readonly<{ engineerId: string; date: string; start: string; durationMinutes: number; travelMinutes: number; checklist: VisitChecklist }>;

const EMPTY_CHECKLIST: VisitChecklist = { siteAccessArranged: false, accessNotes: '', partsNeeded: '', equipmentNeeded: '', safetyRequirements: '' };

/** A new visit's form: the case's defaults (assignee, length, checklist from the site's notes), on `date` at 09:00. */
export function newScheduleForm(defaults: VisitDefaults | undefined, date: string): ScheduleForm {
  return {
    engineerId: defaults?.engineerId ?? '',
    date,
    start: '09:00',
    durationMinutes: String(defaults?.durationMinutes ?? 120),
    travelMinutes: String(defaults?.travelMinutes ?? 0),
    checklist: defaults?.checklist ?? EMPTY_CHECKLIST,
  };
}

/** The form for moving an existing visit. */
export function moveForm(visit: VisitRow): ScheduleForm {
  return {
    engineerId: visit.engineerId,
    date: visit.date,
    start: visit.start,
    durationMinutes: String(visit.durationMinutes),
    travelMinutes: String(visit.travelMinutes),
    checklist: visit.checklist,
  };
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

const timingSchema = scheduleVisitArgsSchema.pick({ engineerId: true, date: true, start: true, durationMinutes: true, travelMinutes: true, checklist: true });

export type ValidatedSchedule = Readonly<{ ok: true; value: ScheduleTiming }> | Readonly<{ ok: false; errors: ScheduleErrors }>;

export function validateScheduleForm(form: ScheduleForm): ValidatedSchedule {
  const errors: ScheduleErrors = {};
  if (form.engineerId === '') errors.engineerId = 'Choose an engineer.';
  if (form.date === '') errors.date = 'Choose a day.';
  if (form.start === '') errors.start = 'Choose a start time.';
  const duration = wholeNumber(form.durationMinutes);
  if (duration === null) errors.durationMinutes = 'Enter the length in whole minutes.';
  const travel = form.travelMinutes.trim() === '' ? 0 : wholeNumber(form.travelMinutes);
  if (travel === null) errors.travelMinutes = 'Enter the travel time in whole minutes.';

  const parsed = timingSchema.safeParse({ ...form, durationMinutes: duration ?? 0, travelMinutes: travel ?? 0 });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && isField(field) && errors[field] === undefined) errors[field] = field === 'engineerId' ? 'Choose an engineer.' : issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

function isField(name: string): name is ScheduleField {
  return ['engineerId', 'date', 'start', 'durationMinutes', 'travelMinutes', 'checklist'].includes(name);
}

/** What to ask `visits.check` while the form is filled in; null until the timing is complete and valid. */
export function checkArgs(form: ScheduleForm, visitId?: string): ConsoleApiArg<'visits.check'> | null {
  const result = validateScheduleForm(form);
  if (!result.ok) return null;
  const { engineerId, date, start, durationMinutes, travelMinutes } = result.value;
  return { ...(visitId ? { visitId } : {}), engineerId, date, start, durationMinutes, travelMinutes };
}

export function scheduleArgs(caseId: string, timing: ScheduleTiming): ConsoleApiArg<'visits.schedule'> {
  return { caseId, ...timing };
}

/** Only what changed, so moving a visit never rewrites fields someone else edited meanwhile. */
export function movePatch(visit: VisitRow, timing: ScheduleTiming): UpdateVisitArgs['patch'] | null {
  const patch: { -readonly [K in keyof UpdateVisitArgs['patch']]: UpdateVisitArgs['patch'][K] } = {};
  if (timing.engineerId !== visit.engineerId) patch.engineerId = timing.engineerId;
  if (timing.date !== visit.date) patch.date = timing.date;
  if (timing.start !== visit.start) patch.start = timing.start;
  if (timing.durationMinutes !== visit.durationMinutes) patch.durationMinutes = timing.durationMinutes;
  if (timing.travelMinutes !== visit.travelMinutes) patch.travelMinutes = timing.travelMinutes;
  if (JSON.stringify(timing.checklist) !== JSON.stringify(visit.checklist)) patch.checklist = timing.checklist;
  return Object.keys(patch).length > 0 ? patch : null;
}

export const CLASH_LABELS: Readonly<Record<VisitClash['kind'], string>> = {
  double_booking: 'Double booking',
  time_off: 'Time off',
  day_off: 'Day off',
  outside_hours: 'Outside working hours',
};

/** The question asked before saving a visit that clashes; null when nothing clashes. */
export function clashConfirmText(clashes: readonly VisitClash[]): string | null {
  if (clashes.length === 0) return null;
  const kinds = [...new Set(clashes.map((c) => CLASH_LABELS[c.kind].toLowerCase()))];
  return `This visit has ${clashes.length === 1 ? 'a problem' : `${clashes.length} problems`} (${kinds.join(', ')}). Save it anyway?`;
}

/** What saving a visit with `engineerId` means for the case's assignment. */
export type ReassignStep =
  | Readonly<{ kind: 'none' }>
  /** Ask before saving; the answer sends `reassignCase: true`. */
  | Readonly<{ kind: 'confirm'; question: string; engineerName: string }>
  /** The user may not reassign (no case.assign): the visit must be with the assignee. */
  | Readonly<{ kind: 'refuse'; message: string }>;

export type ReassignFacts = Readonly<{
  engineerId: string;
  engineerName: string | null;
  caseNumber: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  /** The planner's role allows case.assign. */
  mayAssign: boolean;
}>;

/**
 * A visit with someone other than the case's assignee hands the case to them (the hub does it in
 * the same transaction), so the planner is asked first; one who may not assign is told instead.
 */
export function reassignStep(facts: ReassignFacts): ReassignStep {
  if (facts.engineerId === '' || facts.engineerId === facts.assigneeId) return { kind: 'none' };
  const engineer = facts.engineerName ?? 'this engineer';
  const label = facts.caseNumber ?? 'This case';
  const assigned = facts.assigneeId === null ? 'is not assigned to anyone' : `is assigned to ${facts.assigneeName ?? 'another engineer'}`;
  if (!facts.mayAssign) {
    return {
      kind: 'refuse',
      message:
        facts.assigneeId === null
          ? `${label} ${assigned}; a manager must assign it before a visit can be planned.`
          : `${label} ${assigned}; plan the visit with them, or ask a manager to reassign the case.`,
    };
  }
  return { kind: 'confirm', engineerName: engineer, question: `This visit is for ${engineer}; ${label} ${assigned}. ${facts.assigneeId === null ? 'Assign' : 'Reassign'} it to ${engineer}?` };
}
