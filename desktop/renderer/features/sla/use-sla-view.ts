// The SLA clocks of the cases on screen, kept moving: re-rendered every 30 s from the last values
// the core gave (see sla-project.ts), with the settings' calendar and warning threshold.
import { useCallback } from 'react';
import { calendarFromSettings } from '../../../../shared/sla/compute.js';
import type { SlaStatus } from '../../../../shared/sla/types.js';
import { useNow } from '../../ui/use-now.js';
import { useSettings } from '../settings/use-settings.js';
import { projectSla } from './sla-project.js';

export const SLA_REFRESH_MS = 30_000;

export type SlaView = Readonly<{ now: Date; project: (status: SlaStatus, computedAt: number) => SlaStatus }>;

export function useSlaView(): SlaView {
  const now = useNow(SLA_REFRESH_MS);
  const values = useSettings().data?.values;
  const project = useCallback(
    (status: SlaStatus, computedAt: number) => (values ? projectSla(status, computedAt, now.getTime(), calendarFromSettings(values), values.slaPolicies.warnAtPercent) : status),
    [values, now],
  );
  return { now, project };
}
