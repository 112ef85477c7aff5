// SLA clock contracts. The clocks are a pure function of a case's SLA events, the SLA policy and
// the business calendar (shared/sla/compute.ts), so they can always be recomputed: the hub stores
// only the events (and a sort key), never a running clock to "repair".
import { z } from 'zod';
import { PRIORITIES, type Priority } from '../domain.js';

/** Why a case's clocks are paused. */
export const WAITING_REASONS = ['customer', 'parts'] as const;
export type WaitingReason = (typeof WAITING_REASONS)[number];

/**
 * What moves a case's SLA clocks, in time order. The hub appends these as the case changes:
 * `created` once; `priority` when it changes; `paused`/`resumed` when the case starts or stops
 * waiting for the customer or parts; `responded` at the first response to the customer (a phone
 * case is responded to at creation); `resolved` when it is resolved or closed; `reopened` when a
 * resolved or closed case goes back to work (the resolution clock continues, it is not reset).
 */
export type SlaEvent =
  | Readonly<{ at: string; kind: 'created'; priority: Priority }>
  | Readonly<{ at: string; kind: 'priority'; priority: Priority }>
  | Readonly<{ at: string; kind: 'paused'; reason: WaitingReason }>
  | Readonly<{ at: string; kind: 'resumed' }>
  | Readonly<{ at: string; kind: 'responded' }>
  | Readonly<{ at: string; kind: 'resolved' }>
  | Readonly<{ at: string; kind: 'reopened' }>;

export const slaEventSchema: z.ZodType<SlaEvent> = z.discriminatedUnion('kind', [
  z.object({ at: z.string(), kind: z.literal('created'), priority: z.enum(PRIORITIES) }),
  z.object({ at: z.string(), kind: z.literal('priority'), priority: z.enum(PRIORITIES) }),
  z.object({ at: z.string(), kind: z.literal('paused'), reason: z.enum(WAITING_REASONS) }),
  z.object({ at: z.string(), kind: z.literal('resumed') }),
  z.object({ at: z.string(), kind: z.literal('responded') }),
  z.object({ at: z.string(), kind: z.literal('resolved') }),
  z.object({ at: z.string(), kind: z.literal('reopened') }),
]);

/** Targets in business minutes, per priority (the `slaPolicies` setting). */
export type SlaPolicy = Readonly<{ firstResponseMinutes: number; resolutionMinutes: number }>;
export type SlaPolicies = Readonly<{
  targets: Readonly<Record<Priority, SlaPolicy>>;
  /** A running clock turns `warning` when this share of its target has been used (e.g. 75). */
  warnAtPercent: number;
}>;

/** When the support centre works (the `businessHours`, `holidays` and `timeZone` settings). */
export type BusinessCalendar = Readonly<{
  /** IANA zone the hours and holidays are in. */
  timeZone: string;
  /** Monday first, seven entries; null = closed that weekday. Times are "HH:MM" local. */
  days: readonly (Readonly<{ start: string; end: string }> | null)[];
  /** Local dates ("YYYY-MM-DD") the centre is closed. */
  holidays: readonly string[];
}>;

export type SlaClockState = 'running' | 'warning' | 'paused' | 'met' | 'breached' | 'breached-met';

export type SlaClock = Readonly<{
  /** Target in business minutes: the current priority's while the clock counts or is paused; the priority in force when it stopped, once stopped. */
  targetMinutes: number;
  /** Business milliseconds counted so far (pauses and closed hours excluded). */
  elapsedMs: number;
  /** Business milliseconds left (negative once breached). */
  remainingMs: number;
  /**
   * `running`/`warning`: counting; `paused`: waiting for the customer or parts; `met`: stopped in
   * time; `breached`: still running past its target; `breached-met`: stopped, but late.
   */
  state: SlaClockState;
  /** The instant the target is (or was) reached if nothing pauses the clock: null while paused. */
  dueAt: string | null;
  /** When the clock passed its target (null if it has not). */
  breachedAt: string | null;
  /** When the clock stopped (response given, case resolved); null while it runs or is paused. */
  stoppedAt: string | null;
}>;

export type SlaStatus = Readonly<{
  priority: Priority;
  firstResponse: SlaClock;
  resolution: SlaClock;
  /** Why the clocks are paused now, if they are. */
  pausedFor: WaitingReason | null;
}>;
