// Test data for the renderer's pure-logic tests: case summaries, board cards and columns, and SLA
// clocks with every field set.
import type { BoardCard, BoardColumn, CaseSummary } from '../../../shared/console-api.js';
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

/** A board card: case `caseId`, numbered after it, unassigned, open, in the North region. */
export function boardCard(caseId: string, patch: Partial<BoardCard> = {}): BoardCard {
  return {
    caseId,
    number: `DTR-2026-${caseId.padStart(6, '0')}`,
    title: `Case ${caseId}`,
    priority: 'P3',
    severity: 'minor',
    status: 'new',
    sla: slaStatus(),
    slaDueAt: null,
    siteName: 'Odeon',
    region: 'North',
    model: 'DP2K',
    createdAt: '2026-03-01T10:00:00Z',
    assigneeId: null,
    escalation: null,
    pending: false,
    ...patch,
  };
}

/** An engineer's column holding `cards` (assigned to them), loaded by their count. */
export function boardColumn(engineerId: string, cards: BoardCard[], patch: Partial<BoardColumn> = {}): BoardColumn {
  return {
    engineerId,
    name: `Eng ${engineerId}`,
    regions: ['North'],
    skills: ['DP2K'],
    availableToday: true,
    availability: '08:00–17:00',
    load: { today: cards.length, capacityToday: 4, week: cards.length, capacityWeek: 20 },
    cards: cards.map((c) => ({ ...c, assigneeId: engineerId })),
    ...patch,
  };
}
