// One lane of the board (escalations, the unassigned queue, or an engineer): its header and its cards
// in a virtualised list, so a column of hundreds of cases draws only what is visible. The whole lane
// is a drop target.
import { useDroppable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { BoardCard as BoardCardData } from '../../../../shared/console-api.js';
import type { SlaView } from '../sla/use-sla-view.js';
import { BoardCard } from './BoardCard.js';

export const LANE_WIDTH = 288;
const CARD_GAP = 6;

export type BoardLaneProps = Readonly<{
  laneId: string;
  label: string;
  header: ReactNode;
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
  sla: SlaView;
  computedAt: number;
  onSelect: (laneId: string, caseId: string) => void;
  onOpen: (caseId: string) => void;
  onTakeOn?: (caseId: string) => void;
  takingOnId?: string | null;
  tone?: 'escalation' | 'queue' | 'engineer';
}>;

export function BoardLane(props: BoardLaneProps) {
  const { laneId, label, header, cards, cardHeight, droppable, initialHeight, selectedCaseId, focusToken, tabStopCaseId, editors, sla, computedAt, onSelect, onOpen, onTakeOn, takingOnId, tone } = props;
  const { setNodeRef, isOver } = useDroppable({ id: laneId, disabled: !droppable });
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
    <section ref={setNodeRef} className="board-lane" data-tone={tone} data-over={(droppable && isOver) || undefined} aria-label={label}>
      <div className="board-lane-header">{header}</div>
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
                    sla={sla}
                    computedAt={computedAt}
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
    </section>
  );
}
