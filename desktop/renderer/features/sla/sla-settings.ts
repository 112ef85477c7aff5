// The targets a priority implies, as durations people read (the calendar and policies themselves
// come from shared/sla/compute.ts: calendarFromSettings, policiesFromSettings).
import type { Priority } from '../../../../shared/domain.js';
import { formatBusinessDuration } from '../../../../shared/sla/compute.js';
import type { SlaPolicies } from '../../../../shared/sla/types.js';

export type SlaTargetText = Readonly<{ firstResponse: string; resolution: string }>;

/** "30 min" and "8 h" for a priority: what the agent promises the caller. */
export function slaTargetText(policies: SlaPolicies, priority: Priority): SlaTargetText {
  const target = policies.targets[priority];
  return {
    firstResponse: formatBusinessDuration(target.firstResponseMinutes * 60_000),
    resolution: formatBusinessDuration(target.resolutionMinutes * 60_000),
  };
}
