// One lane of the board (escalations, the unassigned queue, or an engineer): its header and its cards
// in a virtualised list, so a column of hundreds of cases draws only what is visible. The whole lane
// is a drop target. Memoised in three parts: the droppable shell (redrawn by dnd-kit on each drag
// state change), the header and the card list (redrawn only when their own data changes).
import { useDroppable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { BoardCard as BoardCardData, BoardColumn } from '../../../../shared/console-api.js';
import { BoardCard } from './BoardCard.js';
import type { BoardClock } from './board-clock.js';
import { ESCALATIONS_LANE } from './board-model.js';
import { EngineerHeader } from './EngineerHeader.js';

export const LANE_WIDTH = 288;
const CARD_GAP = 6;

export type BoardLaneProps = Readonly<{
  laneId: string;
  label: string;
  /** The engineer of this lane (none for the escalation lane and the unassigned queue). */
  column: BoardColumn | undefined;
  cards: readonly BoardCardData[];
  cardHeight: number;
  /** Can cards be dropped here (the escalation lane is not a target). */
  droppable: boolean;
  /** Height the lane gets before it is measured (first render draws the right number of cards). */
  initialHeight: number;
  selectedCaseId: string | null;
  focusToken: number;
  tabStopCaseId: string | null;
  editors: ReadonlyMap<string, readonly string[]>;
  clock: BoardClock;
  onSelect: (laneId: string, caseId: string) => void;
  onOpen: (caseId: string) => void;
  onEditEngineer: ((engineerId: string) => void) | null;
  onTakeOn?: (caseId: string) => void;
  takingOnId?: string | null;
  tone?: 'escalation' | 'queue' | 'engineer';
}>;

export const BoardLane = memo(function BoardLane(props: BoardLaneProps) {
  const { laneId, label, column, cards, droppable, tone, onEditEngineer } = props;
  const { setNodeRef, isOver } = useDroppable({ id: laneId, disabled: !droppable });
  return (
    <section ref={setNodeRef} className="board-lane" data-tone={tone} data-over={(droppable && isOver) || undefined} aria-label={label}>
      <div className="board-lane-header">
        <LaneHeader laneId={laneId} column={column} count={cards.length} onEditEngineer={onEditEngineer} />
      </div>
      <LaneCards {...props} />
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

const LaneCards = memo(function LaneCards(props: BoardLaneProps) {
  const { laneId, cards, cardHeight, droppable, initialHeight, selectedCaseId, focusToken, tabStopCaseId, editors, clock, onSelect, onOpen, onTakeOn, takingOnId } = props;
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
                  tabStop={card.caseId === tabStopCaseId}
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
