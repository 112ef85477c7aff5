// The board on screen as an external store, so a change redraws only what it touched: each lane
// subscribes to its own cards and column, the screen to the board's shape (which lanes, names, when it
// was computed). A drop, or another manager's move, then redraws two lanes instead of the whole board,
// its drag-and-drop context and every lane's props. Fed by the react-query cache (the source of truth
// for fetching), whose listeners run in the same task as a write: an optimistic move is drawn in the
// drop's own render.
import type { BoardCard, BoardColumn, BoardView } from '../../../../shared/console-api.js';
import { assigneeForDrop, boardChoices, boardLanes, firstSelection, locate, type Lane, type LaneId, type Selection } from './board-model.js';

/** One lane as its component reads it: its cards and, for an engineer, their column. */
export type LaneData = Readonly<{ id: LaneId; cards: readonly BoardCard[]; column: BoardColumn | undefined }>;

/** What the screen itself draws from: which lanes there are, in order, names, clock instant, filter choices. */
export type BoardShape = Readonly<{
  laneIds: readonly LaneId[];
  /** Engineer id → name, for notices and dialogs. */
  engineerNames: ReadonlyMap<string, string>;
  /** When the core computed the SLA clocks (an optimistic move keeps it). */
  generatedAt: string;
  /** Filter choices (`boardChoices`): the regions engineers cover or any card is in, and the engineers' skills. */
  regions: readonly string[];
  skills: readonly string[];
}>;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameShape(a: BoardShape, b: Omit<BoardShape, 'engineerNames'>, columns: readonly BoardColumn[]): boolean {
  if (a.generatedAt !== b.generatedAt || !sameList(a.laneIds, b.laneIds) || !sameList(a.regions, b.regions) || !sameList(a.skills, b.skills)) return false;
  if (a.engineerNames.size !== columns.length) return false;
  for (const c of columns) if (a.engineerNames.get(c.engineerId) !== c.name) return false;
  return true;
}

export class BoardStore {
  private view: BoardView | undefined;
  private lanes: readonly LaneData[] = [];
  private byId = new Map<LaneId, LaneData>();
  private shape: BoardShape | null = null;
  /** Bumped by every change: what was worked out from the lanes is kept until then. */
  private version = 0;
  private focus: { selection: Selection; version: number; effective: Selection } | null = null;
  private readonly listeners = new Set<() => void>();

  /**
   * Shows `view` (`moved`: the last board with cards moved to other lanes). Lanes whose cards and
   * column are the same objects as before keep their LaneData, so their components skip the redraw;
   * the shape is kept while lanes, names, choices and clock instant match.
   */
  set(view: BoardView | undefined, how: Readonly<{ moved?: boolean }> = {}): void {
    if (view === undefined || view === this.view) return;
    this.view = view;
    const columns = new Map(view.columns.map((c) => [c.engineerId, c]));
    const lanes = boardLanes(view).map((lane: Lane): LaneData => {
      const engineerId = assigneeForDrop(lane.id);
      const column = typeof engineerId === 'string' ? columns.get(engineerId) : undefined;
      const known = this.byId.get(lane.id);
      return known && known.cards === lane.cards && known.column === column ? known : { id: lane.id, cards: lane.cards, column };
    });
    this.lanes = lanes;
    this.byId = new Map(lanes.map((l) => [l.id, l]));
    this.version += 1;
    // A moved card changes neither the regions nor the skills on the board: keep the choices (a walk
    // over every card) off the drop's path.
    const choices = how.moved && this.shape ? { regions: this.shape.regions, skills: this.shape.skills } : boardChoices(view);
    const next = { laneIds: lanes.map((l) => l.id), generatedAt: view.generatedAt, ...choices };
    if (this.shape === null || !sameShape(this.shape, next, view.columns)) {
      this.shape = { ...next, engineerNames: new Map(view.columns.map((c) => [c.engineerId, c.name])) };
    }
    for (const listener of [...this.listeners]) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getView = (): BoardView | undefined => this.view;
  readonly getShape = (): BoardShape | null => this.shape;
  /** The lanes in screen order (what the keyboard moves over). */
  readonly getLanes = (): readonly LaneData[] => this.lanes;
  getLane(id: LaneId): LaneData | undefined {
    return this.byId.get(id);
  }

  /**
   * The selected card as the board draws it: the selection where it is now (a card that moved is
   * followed to its new lane; the escalation lane only mirrors a card), else the board's first card
   * (the board's tab stop before anything is selected). Worked out once per selection and change.
   */
  effectiveSelection(selection: Selection): Selection {
    const known = this.focus;
    if (known && known.selection === selection && known.version === this.version) return known.effective;
    const at = locate(this.lanes, selection);
    const lane = at ? this.lanes[at.lane] : undefined;
    const card = at ? lane?.cards[at.row] : undefined;
    const effective: Selection = lane && card ? { laneId: lane.id, caseId: card.caseId } : firstSelection(this.lanes);
    this.focus = { selection, version: this.version, effective };
    return effective;
  }

  /** The selected case id if it is drawn in this lane, else '': a value, so only the lanes it enters or leaves redraw. */
  selectedIn(laneId: LaneId, selection: Selection): string {
    const effective = this.effectiveSelection(selection);
    return effective?.laneId === laneId ? effective.caseId : '';
  }
}
