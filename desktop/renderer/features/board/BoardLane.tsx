// One lane of the board (escalations, the unassigned queue, or an engineer): its header and its cards
// in a virtualised list, so a column of hundreds of cases draws only what is visible. The whole lane
// is a drop target. It reads its cards, its column and whether it holds the selection from the board
// store, so a change elsewhere on the board does not redraw it. Memoised in three parts: the
// droppable shell (redrawn by dnd-kit on each drag state change), the header and the card list
// (redrawn only when their own data changes).
import { useDroppable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { BoardCard as BoardCardData, BoardColumn } from '../../../../shared/console-api.js';
import { BoardCard } from './BoardCard.js';
import type { BoardClock } from './board-clock.js';
import { ESCALATIONS_LANE, UNASSIGNED_LANE, type Selection } from './board-model.js';
import type { BoardStore, LaneData } from './board-store.js';
import { EngineerHeader } from './EngineerHeader.js';

export const LANE_WIDTH = 288;
const CARD_GAP = 6;

export type BoardLaneProps = Readonly<{
  store: BoardStore;
  laneId: string;
  cardHeight: number;
  /** Can cards be dropped here (the escalation lane is not a target). */
  droppable: boolean;
  /** Height the lane gets before it is measured (first render draws the right number of cards). */
  initialHeight: number;
  /** The board's selection (the store says which lane draws it). */
  selection: Selection;
  /** Changes when the keyboard moved the selection: the selected card then takes focus. */
  focusToken: number;
  editors: ReadonlyMap<string, readonly string[]>;
  clock: BoardClock;
  onSelect: (laneId: string, caseId: string) => void;
  onOpen: (caseId: string) => void;
  onEditEngineer: ((engineerId: string) => void) | null;
  onTakeOn?: (caseId: string) => void;
  takingOnId?: string | null;
  tone?: 'escalation' | 'queue' | 'engineer';
}>;

const NO_CARDS: readonly BoardCardData[] = [];

function laneLabel(laneId: string, lane: LaneData | undefined): string {
  const count = lane?.cards.length ?? 0;
  if (laneId === ESCALATIONS_LANE) return `Escalations (${count})`;
  if (laneId === UNASSIGNED_LANE) return `Unassigned (${count})`;
  return `${lane?.column?.name ?? 'Engineer'} (${count})`;
}

export const BoardLane = memo(function BoardLane(props: BoardLaneProps) {
  const { store, laneId, droppable, tone, onEditEngineer, selection } = props;
  const lane = useSyncExternalStore(store.subscribe, () => store.getLane(laneId));
  const selectedCaseId = useSyncExternalStore(
    store.subscribe,
    useCallback(() => store.selectedIn(laneId, selection), [store, laneId, selection]),
  );
  const { setNodeRef, isOver } = useDroppable({ id: laneId, disabled: !droppable });
  const cards = lane?.cards ?? NO_CARDS;
  return (
    <section ref={setNodeRef} className="board-lane" data-tone={tone} data-over={(droppable && isOver) || undefined} aria-label={laneLabel(laneId, lane)}>
      <div className="board-lane-header">
        <LaneHeader laneId={laneId} column={lane?.column} count={cards.length} onEditEngineer={onEditEngineer} />
      </div>
      {/* The keyboard's focus token matters only to the lane that holds the selection: the others keep 0 and skip the redraw. */}
      <LaneCards {...props} cards={cards} selectedCaseId={selectedCaseId === '' ? null : selectedCaseId} focusToken={selectedCaseId === '' ? 0 : props.focusToken} />
    </section>
  );
});

const LaneHeader = memo(function LaneHeader({ laneId, column, count, onEditEngineer }: { laneId: string; column: BoardColumn | undefined; count: number; onEditEngineer: ((engineerId: string) => void) | null }) {
  if (column) return <EngineerHeader column={column} onEdit={onEditEngineer} />;
  const escalations = laneId === ESCALATIONS_LANE;
  return (
    <div className="board-lane-title">
      <span className="board-head-queue" data-tone={escalations ? 'escalation' : undefined}>
        {escalations ? 'Escalations' : 'Unassigned'}
      </span>
      <span className="board-head-count">{count}</span>
    </div>
  );
});

type LaneCardsProps = Omit<BoardLaneProps, 'store' | 'selection'> & Readonly<{ cards: readonly BoardCardData[]; selectedCaseId: string | null }>;

const LaneCards = memo(function LaneCards(props: LaneCardsProps) {
  const { laneId, cards, cardHeight, droppable, initialHeight, selectedCaseId, focusToken, editors, clock, onSelect, onOpen, onTakeOn, takingOnId } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => cardHeight + CARD_GAP,
    overscan: 4,
    initialRect: { width: LANE_WIDTH, height: initialHeight },
    getItemKey: (i) => cards[i]?.caseId ?? i,
  });
  const selectedRow = selectedCaseId === null ? -1 : cards.findIndex((c) => c.caseId === selectedCaseId);

  // The keyboard moved the selection into this lane: bring the card into view (it then focuses itself).
  useEffect(() => {
    if (selectedRow >= 0 && focusToken > 0) virtualizer.scrollToIndex(selectedRow, { align: 'auto' });
  }, [selectedRow, focusToken, virtualizer]);

  return (
    <div ref={scrollRef} className="board-lane-scroll">
      {cards.length === 0 ? (
        <p className="board-lane-empty">{droppable ? 'No cases. Drop a card here.' : 'No cases.'}</p>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const card = cards[item.index];
            if (!card) return null;
            const selected = card.caseId === selectedCaseId;
            return (
              <div key={item.key} className="board-lane-slot" style={{ transform: `translateY(${item.start}px)`, height: cardHeight }}>
                <BoardCard
                  card={card}
                  laneId={laneId}
                  selected={selected}
                  focusToken={selected ? focusToken : 0}
                  tabStop={selected}
                  editors={editors.get(card.caseId)}
                  clock={clock}
                  onSelect={onSelect}
                  onOpen={onOpen}
                  onTakeOn={onTakeOn}
                  takingOn={takingOnId === card.caseId}
                />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
});
