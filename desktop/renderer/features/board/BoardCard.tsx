// One case on the board: number, title, priority, severity, SLA time left, site, region, model, age,
// pending marker and who else is editing it. Draggable (pointer) and focusable (roving tab stop); the
// board's key handler acts on the selected card. Light markup (plain elements, board.css) and
// memoised: dnd-kit re-renders every draggable on each drag state change, so the draggable shell is
// thin and the body redraws only when its own data changes.
import { useDraggable } from '@dnd-kit/core';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import type { BoardCard as BoardCardData } from '../../../../shared/console-api.js';
import { SEVERITY_LABELS } from '../cases/case-format.js';
import { slaCellDisplay, type SlaDisplay } from '../sla/sla-format.js';
import type { BoardClock } from './board-clock.js';
import { ageText, editingText } from './board-model.js';

export const CARD_HEIGHT = 118;
export const ESCALATION_CARD_HEIGHT = 176;

const PRIORITY_COLORS: Readonly<Record<BoardCardData['priority'], string>> = { P1: 'red', P2: 'orange', P3: 'blue', P4: 'gray' };

export type BoardCardProps = Readonly<{
  card: BoardCardData;
  laneId: string;
  selected: boolean;
  /** Changes when the keyboard moved the selection here: the card then takes focus. */
  focusToken: number;
  /** Always a tab stop (the board's entry point when nothing is selected yet). */
  tabStop: boolean;
  editors: readonly string[] | undefined;
  clock: BoardClock;
  onSelect: (laneId: string, caseId: string) => void;
  onOpen: (caseId: string) => void;
  /** Escalation lane only: "Take on" (handle the escalation). */
  onTakeOn?: (caseId: string) => void;
  takingOn?: boolean;
}>;

export function cardAccessibleName(card: BoardCardData, slaText: string, editors: readonly string[] | undefined): string {
  const parts = [`${card.number ?? 'Case with pending number'}: ${card.title}`, card.priority, `${SEVERITY_LABELS[card.severity]} severity`, `SLA ${slaText}`];
  if (card.pending) parts.push('waiting to sync');
  if (editors?.length) parts.push(editingText(editors));
  return parts.join(', ');
}

/** The card's SLA clock as it reads now (projected from when the core computed it). */
export function cardSlaDisplay(card: BoardCardData, clock: BoardClock): SlaDisplay {
  return slaCellDisplay(clock.project(card.sla), clock.now);
}

export const BoardCard = memo(function BoardCard({ card, laneId, selected, focusToken, tabStop, editors, clock, onSelect, onOpen, onTakeOn, takingOn }: BoardCardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `${laneId}|${card.caseId}`, data: { caseId: card.caseId } });
  const ref = useRef<HTMLDivElement | null>(null);
  // One ref callback for the card's life: a new one each render would make React detach and attach
  // it again (dnd-kit re-measuring the node) for every card on every drag state change.
  const setRefs = useCallback(
    (el: HTMLDivElement | null) => {
      ref.current = el;
      setNodeRef(el);
    },
    [setNodeRef],
  );
  useEffect(() => {
    if (selected && focusToken > 0) ref.current?.focus({ preventScroll: true });
  }, [selected, focusToken]);
  const display = useMemo(() => cardSlaDisplay(card, clock), [card, clock]);
  const name = useMemo(() => cardAccessibleName(card, display.text, editors), [card, display.text, editors]);
  return (
    <div
      ref={setRefs}
      {...attributes}
      {...listeners}
      role="button"
      aria-roledescription="case card"
      aria-label={name}
      aria-current={selected ? 'true' : undefined}
      tabIndex={selected || tabStop ? 0 : -1}
      className="board-card"
      data-selected={selected || undefined}
      data-case-id={card.caseId}
      data-pending={card.pending || undefined}
      style={isDragging ? { opacity: 0.4 } : undefined}
      onFocus={() => onSelect(laneId, card.caseId)}
      onDoubleClick={() => onOpen(card.caseId)}
    >
      <CardContent card={card} slaDisplay={display} editors={editors} now={clock.now} onTakeOn={onTakeOn} takingOn={takingOn === true} />
    </div>
  );
});

const CardContent = memo(function CardContent({
  card,
  slaDisplay,
  editors,
  now,
  onTakeOn,
  takingOn,
}: {
  card: BoardCardData;
  slaDisplay: SlaDisplay;
  editors: readonly string[] | undefined;
  now: Date;
  onTakeOn: ((caseId: string) => void) | undefined;
  takingOn: boolean;
}) {
  return (
    <>
      <BoardCardBody card={card} slaDisplay={slaDisplay} editors={editors} now={now} />
      {onTakeOn && card.escalation && (
        <div className="board-card-escalation">
          <ul aria-label="Escalation reasons">
            {card.escalation.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <button
            type="button"
            className="board-take-on"
            disabled={takingOn}
            aria-busy={takingOn || undefined}
            aria-label={`Take on ${card.number ?? card.title}`}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={(e) => {
              e.stopPropagation();
              onTakeOn(card.caseId);
            }}
          >
            {takingOn ? 'Taking on…' : 'Take on'}
          </button>
        </div>
      )}
    </>
  );
});

/** A small coloured label, drawn like Mantine's xs Badge without its component cost. */
function Tag({ color, variant, upper, title, sla, children }: { color: string; variant: 'filled' | 'light' | 'outline'; upper?: boolean; title?: string; sla?: string; children: string }) {
  return (
    <span className={upper ? 'board-badge board-badge-upper' : 'board-badge'} data-color={color} data-variant={variant} title={title} data-sla={sla}>
      {children}
    </span>
  );
}

export function BoardCardBody({ card, slaDisplay, editors, now }: { card: BoardCardData; slaDisplay: SlaDisplay; editors: readonly string[] | undefined; now: Date }) {
  const slaFilled = slaDisplay.tone === 'breached' || slaDisplay.tone === 'late';
  return (
    <>
      <div className="board-card-line">
        <span className="board-card-number">{card.number ?? 'Pending'}</span>
        <Tag color={PRIORITY_COLORS[card.priority]} variant="filled" upper>
          {card.priority}
        </Tag>
        <Tag color="gray" variant="light">
          {SEVERITY_LABELS[card.severity]}
        </Tag>
        {card.pending && (
          <Tag color="yellow" variant="outline" title="Waiting for the hub to confirm">
            Syncing
          </Tag>
        )}
      </div>
      <div className="board-card-title" title={card.title}>
        {card.title}
      </div>
      <div className="board-card-line">
        <Tag color={slaDisplay.color} variant={slaFilled ? 'filled' : 'light'} title={slaDisplay.description} sla={slaDisplay.tone}>
          {slaDisplay.text}
        </Tag>
        <span className="board-card-dim">{ageText(card.createdAt, now)} old</span>
      </div>
      <div className="board-card-dim board-card-ellipsis">{[card.siteName ?? 'Unknown site', card.region, card.model].filter(Boolean).join(' · ')}</div>
      {editors?.length ? <div className="board-card-editing">{editingText(editors)}</div> : null}
    </>
  );
}
