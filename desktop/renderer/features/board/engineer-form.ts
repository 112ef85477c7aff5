// The engineer record form as plain data: a draft of strings the inputs edit, turned back into an
// engineer profile checked by the shared schema, with each problem keyed to the field that caused it.
import { DEFAULT_WORKING_HOURS, engineerProfileSchema, type EngineerProfile } from '../../../../shared/domain.js';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export type DayDraft = Readonly<{ working: boolean; start: string; end: string }>;
export type TimeOffDraft = Readonly<{ key: string; from: string; to: string; reason: string }>;
export type EngineerDraft = Readonly<{ skills: readonly string[]; dailyCapacity: string; days: readonly DayDraft[]; timeOff: readonly TimeOffDraft[] }>;

let nextKey = 0;
export const timeOffKey = () => `off-${++nextKey}`;

export function profileToDraft(profile: EngineerProfile | null): EngineerDraft {
  const hours = profile?.workingHours ?? DEFAULT_WORKING_HOURS;
  return {
    skills: [...(profile?.skills ?? [])],
    dailyCapacity: String(profile?.dailyCapacity ?? 4),
    days: WEEKDAYS.map((_, i) => {
      const d = hours[i] ?? null;
      return d ? { working: true, start: d.start, end: d.end } : { working: false, start: '08:00', end: '17:00' };
    }),
    timeOff: (profile?.timeOff ?? []).map((t) => ({ key: timeOffKey(), from: t.from, to: t.to, reason: t.reason })),
  };
}

export type DraftResult = Readonly<{ ok: true; profile: EngineerProfile }> | Readonly<{ ok: false; errors: Readonly<Record<string, string>> }>;

/**
 * The profile for a draft, or problems keyed "skills", "dailyCapacity", "days.<i>.end",
 * "timeOff.<row key>.to" so each shows beside its input.
 */
export function draftToProfile(draft: EngineerDraft): DraftResult {
  const capacityText = draft.dailyCapacity.trim();
  const candidate = {
    skills: draft.skills.map((s) => s.trim()).filter(Boolean),
    dailyCapacity: /^\d+$/.test(capacityText) ? Number(capacityText) : Number.NaN,
    workingHours: draft.days.map((d) => (d.working ? { start: d.start.trim(), end: d.end.trim() } : null)),
    timeOff: draft.timeOff.map((t) => ({ from: t.from.trim(), to: t.to.trim(), reason: t.reason.trim() })),
  };
  const parsed = engineerProfileSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const [head, index, field] = issue.path;
    let key = String(head ?? '_');
    if (head === 'workingHours') key = `days.${String(index)}.${String(field ?? 'end')}`;
    else if (head === 'timeOff' && typeof index === 'number') key = `timeOff.${draft.timeOff[index]?.key ?? index}.${String(field ?? 'to')}`;
    else if (head === 'dailyCapacity' && Number.isNaN(candidate.dailyCapacity)) {
      errors.dailyCapacity ??= 'Capacity must be a whole number.';
      continue;
    }
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
