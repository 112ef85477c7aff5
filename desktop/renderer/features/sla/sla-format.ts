// How SLA clocks read on screen: "2 h 15 min left", "Paused", "Met", "Breached 2 h ago", with a
// colour per state, and which of a case's two clocks a list shows. Pure so wording and colours are
// tested once; the clocks themselves come from shared/sla (computed in the core).
import type { SlaClock, SlaClockState, SlaStatus, WaitingReason } from '../../../../shared/sla/types.js';
import { relativeTime } from '../../ui/relative-time.js';
import { formatDateTime } from '../cases/case-format.js';
import { formatBusinessDuration } from '../../../../shared/sla/compute.js';

export type SlaTone = 'running' | 'warning' | 'breached' | 'paused' | 'met' | 'late';

/** Mantine colour per tone: running green, warning orange, breached red, paused grey. */
export const SLA_TONE_COLORS: Readonly<Record<SlaTone, string>> = {
  running: 'green',
  warning: 'orange',
  breached: 'red',
  paused: 'gray',
  met: 'teal',
  late: 'red',
};

export const WAITING_LABELS: Readonly<Record<WaitingReason, string>> = { customer: 'the customer', parts: 'parts' };

export type SlaDisplay = Readonly<{
  tone: SlaTone;
  color: string;
  /** What the cell shows. */
  text: string;
  /** The longer sentence for a tooltip and screen readers. */
  description: string;
}>;

export const CLOCK_NAMES = { firstResponse: 'First response', resolution: 'Resolution' } as const;
export type ClockName = keyof typeof CLOCK_NAMES;

/** Time left as business time; never negative (a breached clock says "Breached" instead). */
const left = (ms: number) => formatBusinessDuration(Math.max(0, ms));

function toneOf(state: SlaClockState): SlaTone {
  switch (state) {
    case 'running':
      return 'running';
    case 'warning':
      return 'warning';
    case 'breached':
      return 'breached';
    case 'paused':
      return 'paused';
    case 'met':
      return 'met';
    case 'breached-met':
      return 'late';
  }
}

/** One clock as a person reads it, at `now` (for "Breached 2 h ago"). */
export function clockDisplay(name: ClockName, clock: SlaClock, now: Date, pausedFor: WaitingReason | null = null): SlaDisplay {
  const tone = toneOf(clock.state);
  const label = CLOCK_NAMES[name];
  const due = clock.dueAt ? `, due ${formatDateTime(clock.dueAt)}` : '';
  const make = (text: string, description: string): SlaDisplay => ({ tone, color: SLA_TONE_COLORS[tone], text, description });
  switch (clock.state) {
    case 'running':
    case 'warning':
      return make(`${left(clock.remainingMs)} left`, `${label}: ${left(clock.remainingMs)} of business time left${due}.`);
    case 'breached': {
      const ago = relativeTime(clock.breachedAt ?? clock.dueAt, now);
      const text = ago === '—' ? 'Breached' : `Breached ${ago}`;
      return make(text, `${label}: target missed${clock.breachedAt ? ` at ${formatDateTime(clock.breachedAt)}` : ''}; still open.`);
    }
    case 'paused':
      return make('Paused', `${label}: paused${pausedFor ? ` while waiting for ${WAITING_LABELS[pausedFor]}` : ''}, ${left(clock.remainingMs)} left.`);
    case 'met':
      return make('Met', `${label}: met${clock.stoppedAt ? ` at ${formatDateTime(clock.stoppedAt)}` : ''}.`);
    case 'breached-met':
      return make('Met late', `${label}: met late${clock.stoppedAt ? ` at ${formatDateTime(clock.stoppedAt)}` : ''}, after the target.`);
  }
}

const ACTIVE: ReadonlySet<SlaClockState> = new Set(['running', 'warning', 'breached']);

/**
 * The clock a list cell shows: the running (or breached) one closest to its target; else a paused
 * one; else the resolution clock (met or met late), which is the one that decides the case.
 */
export function listClock(status: SlaStatus): ClockName {
  const clocks: ClockName[] = ['firstResponse', 'resolution'];
  const active = clocks.filter((c) => ACTIVE.has(status[c].state));
  if (active.length) return active.reduce((a, b) => (status[b].remainingMs < status[a].remainingMs ? b : a));
  const paused = clocks.find((c) => status[c].state === 'paused');
  return paused ?? 'resolution';
}

/** The list cell: the deciding clock, its name added to the description. */
export function slaCellDisplay(status: SlaStatus, now: Date): SlaDisplay {
  const name = listClock(status);
  return clockDisplay(name, status[name], now, status.pausedFor);
}
