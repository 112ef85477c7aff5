// The assignment board as plain data: its lanes (escalations, the unassigned queue, one per engineer),
// keyboard selection over them, what a drop means, the optimistic move of a card, load colours and
// the wording of a lost assignment race. Pure so the rules are tested without a DOM.
import type { BoardCard, BoardColumn, BoardQuery, BoardView, ConflictSummary, SyncStatus } from '../../../../shared/console-api.js';
import type { CaseStatus, Priority } from '../../../../shared/domain.js';
import type { PresenceEntry } from '../../../../shared/sync/protocol.js';

export const ESCALATIONS_LANE = 'lane:escalations';
export const UNASSIGNED_LANE = 'lane:unassigned';
const ENGINEER_PREFIX = 'engineer:';

export type LaneId = string;

export function engineerLaneId(engineerId: string): LaneId {
  return `${ENGINEER_PREFIX}${engineerId}`;
}

/** The lanes in screen order, each with the ids of its cards (what the keyboard moves over). */
export type Lane = Readonly<{ id: LaneId; cards: readonly BoardCard[] }>;

export function boardLanes(view: BoardView): Lane[] {
  return [
    { id: ESCALATIONS_LANE, cards: view.escalated },
    { id: UNASSIGNED_LANE, cards: view.unassigned },
    ...view.columns.map((c) => ({ id: engineerLaneId(c.engineerId), cards: c.cards })),
  ];
}

/**
 * What dropping a card on a lane does to its assignee: an engineer's column assigns to them, the
 * Unassigned queue unassigns, the escalation lane is not a target (undefined: no change).
 */
export function assigneeForDrop(laneId: LaneId | null | undefined): string | null | undefined {
  if (!laneId) return undefined;
  if (laneId === UNASSIGNED_LANE) return null;
  if (laneId.startsWith(ENGINEER_PREFIX)) {
    const id = laneId.slice(ENGINEER_PREFIX.length);
    return id === '' ? undefined : id;
  }
  return undefined;
}

/** Whether a drop changes anything (dropping a card where it already is does not). */
export function dropChangesAssignee(card: Pick<BoardCard, 'assigneeId'>, laneId: LaneId | null | undefined): boolean {
  const target = assigneeForDrop(laneId);
  return target !== undefined && target !== card.assigneeId;
}

// ---- Keyboard selection ----

/** The selected card: which lane (a case can be in the escalation lane and in its column) and which case. */
export type Selection = Readonly<{ laneId: LaneId; caseId: string }> | null;
export type Direction = 'up' | 'down' | 'left' | 'right' | 'first' | 'last';

/** The lane and row of a selection now; a card that moved (assigned elsewhere) is found in its new lane. */
export function locate(lanes: readonly Lane[], selection: Selection): { lane: number; row: number } | null {
  if (!selection) return null;
  const laneIndex = lanes.findIndex((l) => l.id === selection.laneId);
  const row = laneIndex >= 0 ? (lanes[laneIndex]?.cards.findIndex((c) => c.caseId === selection.caseId) ?? -1) : -1;
  if (laneIndex >= 0 && row >= 0) return { lane: laneIndex, row };
  // Prefer the card's own column over the escalation lane, which only mirrors it.
  for (let i = lanes.length - 1; i >= 0; i--) {
    const r = lanes[i]?.cards.findIndex((c) => c.caseId === selection.caseId) ?? -1;
    if (r >= 0) return { lane: i, row: r };
  }
  return null;
}

function selectionAt(lanes: readonly Lane[], lane: number, row: number): Selection {
  const target = lanes[lane];
  const card = target?.cards[Math.max(0, Math.min(row, target.cards.length - 1))];
  return target && card ? { laneId: target.id, caseId: card.caseId } : null;
}

/** The first card of the board (the first non-empty lane), for a board that has no selection yet. */
export function firstSelection(lanes: readonly Lane[]): Selection {
  const lane = lanes.findIndex((l) => l.cards.length > 0);
  return lane < 0 ? null : selectionAt(lanes, lane, 0);
}

/** The selection after one arrow key: up/down within the lane, left/right to the nearest non-empty lane (same row, or its last). */
export function moveSelection(lanes: readonly Lane[], selection: Selection, direction: Direction): Selection {
  const at = locate(lanes, selection);
  if (!at) return firstSelection(lanes);
  const lane = lanes[at.lane];
  if (!lane) return firstSelection(lanes);
  switch (direction) {
    case 'up':
      return selectionAt(lanes, at.lane, Math.max(0, at.row - 1));
    case 'down':
      return selectionAt(lanes, at.lane, Math.min(lane.cards.length - 1, at.row + 1));
    case 'first':
      return selectionAt(lanes, at.lane, 0);
    case 'last':
      return selectionAt(lanes, at.lane, lane.cards.length - 1);
    case 'left':
    case 'right': {
      const step = direction === 'left' ? -1 : 1;
      for (let i = at.lane + step; i >= 0 && i < lanes.length; i += step) {
        if ((lanes[i]?.cards.length ?? 0) > 0) return selectionAt(lanes, i, at.row);
      }
      return selectionAt(lanes, at.lane, at.row);
    }
  }
}

/** Arrow keys, Home and End as directions; anything else null. */
export function directionForKey(key: string): Direction | null {
  switch (key) {
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

export type BoardCommand = 'assign' | 'accept-top' | 'unassign' | 'open';

/** Letter commands on a selected card ("a" assign to…, "r" accept the top recommendation, "u" unassign, Enter open). */
export function commandForKey(press: Readonly<{ key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }>): BoardCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (press.key) {
    case 'a':
    case 'A':
      return 'assign';
    case 'r':
    case 'R':
      return 'accept-top';
    case 'u':
    case 'U':
      return 'unassign';
    case 'Enter':
      return 'open';
    default:
      return null;
  }
}

// ---- Optimistic move ----

function withoutCase(cards: readonly BoardCard[], caseId: string): readonly BoardCard[] {
  const at = cards.findIndex((c) => c.caseId === caseId);
  return at < 0 ? cards : [...cards.slice(0, at), ...cards.slice(at + 1)];
}

const isOpenToday = (status: CaseStatus) => status !== 'resolved' && status !== 'closed';

/**
 * The board with one case moved to another assignee, as the card must show before the core answers:
 * out of its column or the queue, into the target (on top, so the manager sees it land), marked
 * pending, and the loads of both engineers adjusted. The escalation lane keeps the card.
 */
export function moveCardInView(view: BoardView, caseId: string, assigneeId: string | null): BoardView {
  // On the drop's critical path: look the card up without copying thousands of cards into one list.
  const card = findCard(view, caseId);
  if (!card) return view;
  const moved: BoardCard = { ...card, assigneeId, pending: true };
  const from = card.assigneeId;
  const delta = (column: BoardColumn, n: number): BoardColumn['load'] =>
    isOpenToday(card.status)
      ? { ...column.load, today: Math.max(0, column.load.today + (column.availableToday ? n : 0)), week: Math.max(0, column.load.week + (n > 0 ? n : 0)) }
      : column.load;
  return {
    ...view,
    unassigned: assigneeId === null ? [moved, ...withoutCase(view.unassigned, caseId)] : withoutCase(view.unassigned, caseId),
    // The same list when the case is not escalated: its lane then keeps its cards and does not redraw.
    escalated: view.escalated.some((c) => c.caseId === caseId) ? view.escalated.map((c) => (c.caseId === caseId ? moved : c)) : view.escalated,
    columns: view.columns.map((column) => {
      if (column.engineerId === assigneeId && from !== assigneeId) {
        return { ...column, cards: [moved, ...withoutCase(column.cards, caseId)], load: delta(column, 1) };
      }
      if (column.engineerId === from && from !== assigneeId) {
        return { ...column, cards: withoutCase(column.cards, caseId), load: delta(column, -1) };
      }
      return column;
    }),
  };
}

/** Every card of the board by case id (a case in the escalation lane is also in its column or the queue). */
export function findCard(view: BoardView | undefined, caseId: string): BoardCard | null {
  if (!view) return null;
  for (const c of view.unassigned) if (c.caseId === caseId) return c;
  for (const col of view.columns) for (const c of col.cards) if (c.caseId === caseId) return c;
  for (const c of view.escalated) if (c.caseId === caseId) return c;
  return null;
}

// ---- Load ----

export type LoadTone = 'low' | 'busy' | 'full' | 'over';

/** Load against capacity: over capacity red, at it orange, from 75 % yellow, else green. */
export function loadTone(load: number, capacity: number): LoadTone {
  if (capacity <= 0) return load > 0 ? 'over' : 'low';
  if (load > capacity) return 'over';
  if (load === capacity) return 'full';
  return load / capacity >= 0.75 ? 'busy' : 'low';
}

export const LOAD_TONE_COLORS: Readonly<Record<LoadTone, string>> = { low: 'green', busy: 'yellow', full: 'orange', over: 'red' };

/** Bar fill in percent, capped at 100 (an over-capacity bar is full and red). */
export function loadPercent(load: number, capacity: number): number {
  if (capacity <= 0) return load > 0 ? 100 : 0;
  return Math.min(100, Math.round((load / capacity) * 100));
}

export function loadText(label: string, load: number, capacity: number): string {
  return `${label} ${load}/${capacity}${load > capacity ? ' (over capacity)' : ''}`;
}

// ---- Loading ahead ----

/**
 * Whether the local cache holds the data a board is built from: signed in, filled at least once (a
 * console that has never synced has an empty cache until its first download completes) and not in
 * the middle of a fresh download. A board loaded before that would be empty or partial.
 */
export function cacheFilled(status: SyncStatus | undefined): boolean {
  return status !== undefined && status.connection !== 'signed-out' && status.bootstrap === null && status.lastSyncAt !== null;
}

// ---- Filters ----

// One collator for every sort by name (String#localeCompare builds one per call: slow on a render path).
const collator = new Intl.Collator();
const byName = (a: string, b: string) => collator.compare(a, b);

export type BoardFilters = Readonly<{
  regions: readonly string[];
  skills: readonly string[];
  priorities: readonly Priority[];
  statuses: readonly CaseStatus[];
  sort: 'sla' | 'age';
}>;

export const EMPTY_FILTERS: BoardFilters = { regions: [], skills: [], priorities: [], statuses: [], sort: 'sla' };

/** The core's query for the filters: empty lists are left out (no filter), lists are sorted so equal filters share one cache entry. */
export function boardQuery(filters: BoardFilters): BoardQuery {
  const query: { -readonly [K in keyof BoardQuery]: BoardQuery[K] } = { sort: filters.sort };
  if (filters.regions.length) query.regions = [...filters.regions].sort();
  if (filters.skills.length) query.skills = [...filters.skills].sort();
  if (filters.priorities.length) query.priorities = [...filters.priorities].sort();
  if (filters.statuses.length) query.statuses = [...filters.statuses].sort();
  return query;
}

export function activeFilterCount(filters: BoardFilters): number {
  return [filters.regions, filters.skills, filters.priorities, filters.statuses].filter((l) => l.length > 0).length;
}

/**
 * Region and skill choices for the filters: the regions engineers cover or any case on the board is
 * in, and the engineers' skills (sorted). Moving a card never changes them.
 */
export function boardChoices(view: BoardView | undefined): { regions: readonly string[]; skills: readonly string[] } {
  const regions = new Set<string>();
  const skills = new Set<string>();
  const addRegions = (cards: readonly BoardCard[]) => {
    for (const c of cards) if (c.region) regions.add(c.region);
  };
  for (const col of view?.columns ?? []) {
    for (const r of col.regions) regions.add(r);
    for (const s of col.skills) skills.add(s);
    addRegions(col.cards);
  }
  addRegions(view?.unassigned ?? []);
  addRegions(view?.escalated ?? []);
  return { regions: [...regions].sort(byName), skills: [...skills].sort(byName) };
}

/** A list of choices with what is picked added (a pick stays offered after the board lost it); the same list when nothing is missing. */
export function withPicked(choices: readonly string[], picked: readonly string[]): readonly string[] {
  if (picked.every((p) => choices.includes(p))) return choices;
  return [...new Set([...choices, ...picked])].sort(byName);
}

/** The filters' choices: the board's, plus what is picked. */
export function filterChoices(view: BoardView | undefined, filters: BoardFilters): { regions: readonly string[]; skills: readonly string[] } {
  const base = boardChoices(view);
  return { regions: withPicked(base.regions, filters.regions), skills: withPicked(base.skills, filters.skills) };
}

// ---- Conflicts ----

/** The label a person knows a case by in a message: its number, or its title while the number is pending. */
export function shortCaseLabel(caseLabel: string): string {
  const number = /^DTR-\d{4}-\d+/.exec(caseLabel);
  return number ? number[0] : caseLabel;
}

/** "Sam Boss assigned DTR-2026-000123 to Alex Field." for a lost assignment race. */
export function assignmentConflictText(conflict: Pick<ConflictSummary, 'caseLabel' | 'theirValue' | 'theirUserName'>, engineerNames: ReadonlyMap<string, string>): string {
  const who = conflict.theirUserName?.trim() || 'Someone else';
  const label = shortCaseLabel(conflict.caseLabel);
  const their = conflict.theirValue;
  if (their === null || their === undefined || their === '') return `${who} unassigned ${label}.`;
  const name = typeof their === 'string' ? (engineerNames.get(their) ?? 'another engineer') : 'another engineer';
  return `${who} assigned ${label} to ${name}.`;
}

/** New unresolved assignment conflicts (field assigneeId) not seen before. */
export function newAssignmentConflicts(known: ReadonlySet<string>, conflicts: readonly ConflictSummary[]): ConflictSummary[] {
  return conflicts.filter((c) => c.field === 'assigneeId' && c.resolvedAt === null && !known.has(c.id));
}

// ---- Presence ----

/** Others on the board ("Also here: …"), by name, without duplicates. */
export function othersOnBoard(others: readonly PresenceEntry[], myUserId: string): string[] {
  const names = new Set<string>();
  for (const o of others) if (o.board && o.userId !== myUserId) names.add(o.name);
  return [...names].sort(byName);
}

/** Case id → the names of others editing it now. */
export function editorsByCase(others: readonly PresenceEntry[], myUserId: string): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const o of others) {
    if (!o.editingCaseId || o.userId === myUserId) continue;
    const list = map.get(o.editingCaseId) ?? [];
    if (!list.includes(o.name)) list.push(o.name);
    map.set(o.editingCaseId, list);
  }
  return map;
}

export function editingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  return names.length === 1 ? `Being edited by ${names[0]}` : `Being edited by ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function alsoHereText(names: readonly string[]): string {
  return names.length === 0 ? 'Only you are on the board' : `Also here: ${names.join(', ')}`;
}

// ---- Age ----

/** How long a case has been open: "35 min", "5 h", "3 d". */
export function ageText(createdAt: string, now: Date): string {
  const ms = now.getTime() - new Date(createdAt).getTime();
  if (!Number.isFinite(ms)) return '—';
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}
