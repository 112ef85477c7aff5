// Test data for the renderer's pure-logic tests: case summaries and SLA clocks with every field set.
import type { CaseSummary } from '../../../shared/console-api.js';
import type { SlaClock, SlaStatus } from '../../../shared/sla/types.js';

export function clock(patch: Partial<SlaClock> = {}): SlaClock {
  return { targetMinutes: 60, elapsedMs: 0, remainingMs: 60 * 60_000, state: 'running', dueAt: '2026-03-02T10:00:00.000Z', breachedAt: null, stoppedAt: null, ...patch };
}

export function slaStatus(patch: Partial<SlaStatus> = {}): SlaStatus {
  return { priority: 'P3', firstResponse: clock({ state: 'met', stoppedAt: '2026-03-02T09:00:00.000Z' }), resolution: clock({ targetMinutes: 600, remainingMs: 600 * 60_000 }), pausedFor: null, ...patch };
}

export function caseSummary(patch: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    number: null,
    title: 'Lamp flickers',
    status: 'new',
    priority: 'P3',
    severity: 'minor',
    serial: '',
    siteName: null,
    customerName: null,
    assigneeName: null,
    createdAt: '2026-03-02T09:00:00.000Z',
    pending: false,
    waitingFor: null,
    sla: slaStatus(),
    ...patch,
  };
}
