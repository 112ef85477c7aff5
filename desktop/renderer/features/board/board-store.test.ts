import { describe, expect, it, vi } from 'vitest';
import type { BoardView } from '../../../../shared/console-api.js';
import { boardCard, boardColumn } from '../../testing/fixtures.js';
import { ESCALATIONS_LANE, UNASSIGNED_LANE, engineerLaneId, moveCardInView } from './board-model.js';
import { BoardStore } from './board-store.js';

const card = boardCard;
const column = boardColumn;

function board(): BoardView {
  const escalated = card('9', { assigneeId: 'b', escalation: { at: '2026-03-01T11:00:00Z', reasons: ['P1'] } });
  return {
    unassigned: [card('1', { region: 'South' }), card('2')],
    escalated: [escalated],
    columns: [column('a', [card('3', { assigneeId: 'a' })]), column('b', [escalated], { regions: ['West'], skills: ['SRX'] })],
    generatedAt: '2026-03-01T12:00:00.000Z',
  };
}

describe('BoardStore', () => {
  it('lays out the lanes in screen order with their columns, and the shape with names and filter choices', () => {
    const store = new BoardStore();
    expect(store.getShape()).toBeNull();
    store.set(board());
    expect(store.getShape()?.laneIds).toEqual([ESCALATIONS_LANE, UNASSIGNED_LANE, engineerLaneId('a'), engineerLaneId('b')]);
    expect(store.getLane(engineerLaneId('b'))?.column?.name).toBe('Eng b');
    expect(store.getLane(UNASSIGNED_LANE)?.column).toBeUndefined();
    expect([...(store.getShape()?.engineerNames ?? [])]).toEqual([
      ['a', 'Eng a'],
      ['b', 'Eng b'],
    ]);
    expect(store.getShape()?.regions).toEqual(['North', 'South', 'West']);
    expect(store.getShape()?.skills).toEqual(['DP2K', 'SRX']);
  });

  it('keeps the lanes a move did not touch, and the shape, as the same objects', () => {
    const store = new BoardStore();
    const before = board();
    store.set(before);
    const shape = store.getShape();
    const lanes = new Map(store.getLanes().map((l) => [l.id, l]));
    const listener = vi.fn();
    store.subscribe(listener);

    store.set(moveCardInView(before, '2', 'a'), { moved: true });

    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getShape()).toBe(shape);
    expect(store.getLane(ESCALATIONS_LANE)).toBe(lanes.get(ESCALATIONS_LANE));
    expect(store.getLane(engineerLaneId('b'))).toBe(lanes.get(engineerLaneId('b')));
    expect(store.getLane(UNASSIGNED_LANE)).not.toBe(lanes.get(UNASSIGNED_LANE));
    expect(store.getLane(engineerLaneId('a'))?.cards.map((c) => c.caseId)).toEqual(['2', '3']);
  });

  it('ignores the board it already shows and an empty answer, and stops telling a listener that left', () => {
    const store = new BoardStore();
    const view = board();
    const listener = vi.fn();
    const leave = store.subscribe(listener);
    store.set(view);
    store.set(view);
    store.set(undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    leave();
    store.set(board());
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getView()).not.toBe(view);
  });

  it('gives a new shape when an engineer is renamed or the clocks were computed again', () => {
    const store = new BoardStore();
    store.set(board());
    const shape = store.getShape();
    const renamed = board();
    store.set({ ...renamed, columns: [renamed.columns[0]!, { ...renamed.columns[1]!, name: 'Bea' }] });
    expect(store.getShape()).not.toBe(shape);
    expect(store.getShape()?.engineerNames.get('b')).toBe('Bea');
    const renamedShape = store.getShape();
    store.set({ ...board(), columns: store.getView()!.columns, generatedAt: '2026-03-01T12:05:00.000Z' });
    expect(store.getShape()).not.toBe(renamedShape);
  });

  it('draws the selection in the lane where its card is now, preferring the card over its escalation mirror', () => {
    const store = new BoardStore();
    const before = board();
    store.set(before);
    const selection = { laneId: UNASSIGNED_LANE, caseId: '2' };
    expect(store.selectedIn(UNASSIGNED_LANE, selection)).toBe('2');
    expect(store.selectedIn(engineerLaneId('a'), selection)).toBe('');

    store.set(moveCardInView(before, '2', 'a'));
    expect(store.selectedIn(UNASSIGNED_LANE, selection)).toBe('');
    expect(store.selectedIn(engineerLaneId('a'), selection)).toBe('2');

    // Picked in the escalation lane, it stays there; a stale lane finds the card in its own column.
    expect(store.selectedIn(ESCALATIONS_LANE, { laneId: ESCALATIONS_LANE, caseId: '9' })).toBe('9');
    expect(store.selectedIn(engineerLaneId('b'), { laneId: UNASSIGNED_LANE, caseId: '9' })).toBe('9');
    expect(store.selectedIn(ESCALATIONS_LANE, { laneId: UNASSIGNED_LANE, caseId: '9' })).toBe('');
  });

  it('puts the tab stop on the first card when nothing is selected or the selected case left the board', () => {
    const store = new BoardStore();
    store.set(board());
    expect(store.effectiveSelection(null)).toEqual({ laneId: ESCALATIONS_LANE, caseId: '9' });
    expect(store.effectiveSelection({ laneId: UNASSIGNED_LANE, caseId: 'gone' })).toEqual({ laneId: ESCALATIONS_LANE, caseId: '9' });
    const empty: BoardView = { unassigned: [], escalated: [], columns: [], generatedAt: '2026-03-01T12:00:00.000Z' };
    store.set(empty);
    expect(store.effectiveSelection(null)).toBeNull();
  });
});
