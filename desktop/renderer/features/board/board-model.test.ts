import { describe, it, expect } from 'vitest';
import type { BoardView, ConflictSummary } from '../../../../shared/console-api.js';
import { boardCard, boardColumn } from '../../testing/fixtures.js';
import {
  EMPTY_FILTERS,
  ESCALATIONS_LANE,
  UNASSIGNED_LANE,
  activeFilterCount,
  ageText,
  alsoHereText,
  assigneeForDrop,
  assignmentConflictText,
  boardLanes,
  boardQuery,
  cacheFilled,
  commandForKey,
  directionForKey,
  dropChangesAssignee,
  editingText,
  editorsByCase,
  engineerLaneId,
  filterChoices,
  findCard,
  firstSelection,
  loadPercent,
  loadText,
  loadTone,
  moveCardInView,
  moveSelection,
  newAssignmentConflicts,
  othersOnBoard,
  shortCaseLabel,
} from './board-model.js';

const card = boardCard;
const column = boardColumn;

const view = (): BoardView => ({
  escalated: [card('9', { escalation: { at: '2026-03-01T11:00:00Z', reasons: ['P1'] }, assigneeId: 'e2' })],
  unassigned: [card('1'), card('2'), card('3')],
  columns: [column('e1', [card('4')]), column('e2', [card('9'), card('5'), card('6')]), column('e3', [])],
  generatedAt: '2026-03-01T12:00:00Z',
});

describe('drop target → assignee', () => {
  it('assigns to the engineer of the column, unassigns on the queue, ignores the escalation lane', () => {
    expect(assigneeForDrop(engineerLaneId('e1'))).toBe('e1');
    expect(assigneeForDrop(UNASSIGNED_LANE)).toBeNull();
    expect(assigneeForDrop(ESCALATIONS_LANE)).toBeUndefined();
    expect(assigneeForDrop(null)).toBeUndefined();
    expect(assigneeForDrop('engineer:')).toBeUndefined();
  });
  it('sees no change when a card is dropped where it is', () => {
    expect(dropChangesAssignee({ assigneeId: 'e1' }, engineerLaneId('e1'))).toBe(false);
    expect(dropChangesAssignee({ assigneeId: null }, UNASSIGNED_LANE)).toBe(false);
    expect(dropChangesAssignee({ assigneeId: 'e1' }, UNASSIGNED_LANE)).toBe(true);
    expect(dropChangesAssignee({ assigneeId: null }, engineerLaneId('e2'))).toBe(true);
    expect(dropChangesAssignee({ assigneeId: null }, ESCALATIONS_LANE)).toBe(false);
  });
});

describe('keyboard selection', () => {
  const lanes = boardLanes(view());
  it('starts at the first card of the first non-empty lane', () => {
    expect(firstSelection(lanes)).toEqual({ laneId: ESCALATIONS_LANE, caseId: '9' });
    expect(firstSelection(boardLanes({ ...view(), escalated: [] }))).toEqual({ laneId: UNASSIGNED_LANE, caseId: '1' });
    expect(firstSelection([])).toBeNull();
  });
  it('moves up and down within a lane, stopping at the ends', () => {
    const sel = { laneId: UNASSIGNED_LANE, caseId: '1' };
    expect(moveSelection(lanes, sel, 'down')).toEqual({ laneId: UNASSIGNED_LANE, caseId: '2' });
    expect(moveSelection(lanes, sel, 'up')).toEqual(sel);
    expect(moveSelection(lanes, { laneId: UNASSIGNED_LANE, caseId: '3' }, 'down')).toEqual({ laneId: UNASSIGNED_LANE, caseId: '3' });
    expect(moveSelection(lanes, sel, 'last')).toEqual({ laneId: UNASSIGNED_LANE, caseId: '3' });
    expect(moveSelection(lanes, { laneId: UNASSIGNED_LANE, caseId: '3' }, 'first')).toEqual(sel);
  });
  it('moves across lanes keeping the row, or the last card of a shorter lane, skipping empty lanes', () => {
    expect(moveSelection(lanes, { laneId: UNASSIGNED_LANE, caseId: '3' }, 'right')).toEqual({ laneId: engineerLaneId('e1'), caseId: '4' });
    expect(moveSelection(lanes, { laneId: UNASSIGNED_LANE, caseId: '2' }, 'left')).toEqual({ laneId: ESCALATIONS_LANE, caseId: '9' });
    expect(moveSelection(lanes, { laneId: engineerLaneId('e2'), caseId: '6' }, 'left')).toEqual({ laneId: engineerLaneId('e1'), caseId: '4' });
    // e3 is empty: right from e2 stays.
    expect(moveSelection(lanes, { laneId: engineerLaneId('e2'), caseId: '5' }, 'right')).toEqual({ laneId: engineerLaneId('e2'), caseId: '5' });
  });
  it('follows a card that moved to another lane, preferring its column over the escalation lane', () => {
    const moved = boardLanes(moveCardInView(view(), '1', 'e3'));
    expect(moveSelection(moved, { laneId: UNASSIGNED_LANE, caseId: '1' }, 'up')).toEqual({ laneId: engineerLaneId('e3'), caseId: '1' });
    expect(moveSelection(lanes, { laneId: 'gone', caseId: '9' }, 'down')).toEqual({ laneId: engineerLaneId('e2'), caseId: '5' });
  });
  it('starts over when the selected case left the board', () => {
    expect(moveSelection(lanes, { laneId: UNASSIGNED_LANE, caseId: 'nope' }, 'down')).toEqual(firstSelection(lanes));
  });
  it('maps keys to directions and commands, never with modifiers', () => {
    expect(directionForKey('ArrowLeft')).toBe('left');
    expect(directionForKey('End')).toBe('last');
    expect(directionForKey('x')).toBeNull();
    const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(commandForKey(press('a'))).toBe('assign');
    expect(commandForKey(press('r'))).toBe('accept-top');
    expect(commandForKey(press('u'))).toBe('unassign');
    expect(commandForKey(press('Enter'))).toBe('open');
    expect(commandForKey(press('a', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(press('x'))).toBeNull();
  });
});

describe('optimistic move', () => {
  it('moves a queued card to the top of the engineer column, pending, and adds to their load', () => {
    const next = moveCardInView(view(), '2', 'e1');
    expect(next.unassigned.map((c) => c.caseId)).toEqual(['1', '3']);
    const e1 = next.columns[0];
    expect(e1?.cards.map((c) => c.caseId)).toEqual(['2', '4']);
    expect(e1?.cards[0]).toMatchObject({ assigneeId: 'e1', pending: true });
    expect(e1?.load.today).toBe(2);
  });
  it('unassigns into the queue and lowers the old load; the escalation lane keeps the card', () => {
    const next = moveCardInView(view(), '9', null);
    expect(next.unassigned[0]).toMatchObject({ caseId: '9', assigneeId: null, pending: true });
    expect(next.columns[1]?.cards.map((c) => c.caseId)).toEqual(['5', '6']);
    expect(next.columns[1]?.load.today).toBe(2);
    expect(next.escalated[0]).toMatchObject({ caseId: '9', assigneeId: null });
  });
  it('leaves the board alone for an unknown case and finds cards anywhere', () => {
    const v = view();
    expect(moveCardInView(v, 'x', 'e1')).toBe(v);
    expect(findCard(v, '5')?.assigneeId).toBe('e2');
    expect(findCard(v, 'x')).toBeNull();
  });
});

describe('load', () => {
  it('colours by how full the engineer is, red over capacity', () => {
    expect(loadTone(1, 4)).toBe('low');
    expect(loadTone(3, 4)).toBe('busy');
    expect(loadTone(4, 4)).toBe('full');
    expect(loadTone(5, 4)).toBe('over');
    expect(loadTone(0, 0)).toBe('low');
    expect(loadTone(1, 0)).toBe('over');
  });
  it('caps the bar at 100 % and says over capacity', () => {
    expect(loadPercent(2, 4)).toBe(50);
    expect(loadPercent(9, 4)).toBe(100);
    expect(loadText('Today', 5, 4)).toBe('Today 5/4 (over capacity)');
    expect(loadText('Week', 3, 20)).toBe('Week 3/20');
  });
});

describe('filters', () => {
  it('leaves out empty filters and sorts lists so equal filters share one query', () => {
    expect(boardQuery(EMPTY_FILTERS)).toEqual({ sort: 'sla' });
    expect(boardQuery({ ...EMPTY_FILTERS, regions: ['South', 'North'], priorities: ['P2', 'P1'], sort: 'age' })).toEqual({ sort: 'age', regions: ['North', 'South'], priorities: ['P1', 'P2'] });
    expect(activeFilterCount({ ...EMPTY_FILTERS, skills: ['x'], statuses: ['new'] })).toBe(2);
  });
  it('offers the regions and skills engineers cover, and keeps what is picked', () => {
    const v = view();
    const withSouth: BoardView = { ...v, columns: [...v.columns, column('e4', [], { regions: ['South'], skills: ['Laser'] })] };
    expect(filterChoices(withSouth, { ...EMPTY_FILTERS, regions: ['West'] })).toEqual({ regions: ['North', 'South', 'West'], skills: ['DP2K', 'Laser'] });
  });
});

describe('lost assignment race', () => {
  const conflict = (patch: Partial<ConflictSummary> = {}): ConflictSummary => ({
    id: 'c1',
    caseId: '1',
    caseLabel: 'DTR-2026-000001 · Lamp flickers',
    field: 'assigneeId',
    yourValue: 'e1',
    theirValue: 'e2',
    theirUserName: 'Sam Boss',
    createdAt: '2026-03-01T12:00:00Z',
    resolvedAt: null,
    resolution: null,
    pending: false,
    ...patch,
  });
  const names = new Map([['e2', 'Alex Field']]);
  it('names who assigned the case to whom', () => {
    expect(assignmentConflictText(conflict(), names)).toBe('Sam Boss assigned DTR-2026-000001 to Alex Field.');
    expect(assignmentConflictText(conflict({ theirValue: null }), names)).toBe('Sam Boss unassigned DTR-2026-000001.');
    expect(assignmentConflictText(conflict({ theirUserName: null, theirValue: 'e9' }), names)).toBe('Someone else assigned DTR-2026-000001 to another engineer.');
    expect(shortCaseLabel('New case (number pending) · X')).toBe('New case (number pending) · X');
  });
  it('picks only new, open assignment conflicts', () => {
    const list = [conflict(), conflict({ id: 'c2', field: 'priority' }), conflict({ id: 'c3', resolvedAt: '2026-03-01T13:00:00Z' }), conflict({ id: 'c4' })];
    expect(newAssignmentConflicts(new Set(['c4']), list).map((c) => c.id)).toEqual(['c1']);
  });
});

describe('presence', () => {
  const others = [
    { userId: 'u2', name: 'Sam', board: true, editingCaseId: '5' },
    { userId: 'u3', name: 'Kim', board: false, editingCaseId: '5' },
    { userId: 'me', name: 'Me', board: true, editingCaseId: '1' },
    { userId: 'u4', name: 'Ann', board: true, editingCaseId: null },
  ];
  it('lists the others on the board, never me', () => {
    expect(othersOnBoard(others, 'me')).toEqual(['Ann', 'Sam']);
    expect(alsoHereText(['Ann', 'Sam'])).toBe('Also here: Ann, Sam');
    expect(alsoHereText([])).toBe('Only you are on the board');
  });
  it('maps cases to others editing them', () => {
    const map = editorsByCase(others, 'me');
    expect(map.get('5')).toEqual(['Sam', 'Kim']);
    expect(map.has('1')).toBe(false);
    expect(editingText(['Sam'])).toBe('Being edited by Sam');
    expect(editingText(['Sam', 'Kim', 'Ann'])).toBe('Being edited by Sam, Kim and Ann');
  });
});

describe('age', () => {
  it('reads in minutes, hours, then days', () => {
    const now = new Date('2026-03-03T10:00:00Z');
    expect(ageText('2026-03-03T09:25:00Z', now)).toBe('35 min');
    expect(ageText('2026-03-02T10:00:00Z', now)).toBe('24 h');
    expect(ageText('2026-02-28T10:00:00Z', now)).toBe('3 d');
  });
});

describe('cacheFilled', () => {
  const status = { connection: 'online', pending: 0, lastSyncAt: '2026-03-01T12:00:00Z', bootstrap: null, lastError: null } as const;
  it('is true once the cache has been filled and no fresh download is running, online or not', () => {
    expect(cacheFilled(status)).toBe(true);
    expect(cacheFilled({ ...status, connection: 'offline' })).toBe(true);
  });
  it('is false before the first download completed, during a fresh download, signed out or without a status', () => {
    expect(cacheFilled({ ...status, lastSyncAt: null })).toBe(false);
    expect(cacheFilled({ ...status, bootstrap: { received: 10, total: 100 } })).toBe(false);
    expect(cacheFilled({ ...status, connection: 'signed-out' })).toBe(false);
    expect(cacheFilled(undefined)).toBe(false);
  });
});
