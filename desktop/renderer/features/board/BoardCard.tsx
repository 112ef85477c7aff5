// One case on the board: number, title, priority, severity, SLA time left, site, region, model, age,
// pending marker and who else is editing it. Draggable (pointer) and focusable (roving tab stop); the
// board's key handler acts on the selected card. Memoised: only cards whose props change redraw.
import { Badge, Button } from '@mantine/core';
import { useDraggable } from '@dnd-kit/core';
import { memo, useEffect, useRef, type CSSProperties } from 'react';
import type { BoardCard as BoardCardData } from '../../../../shared/console-api.js';
import { SEVERITY_LABELS } from '../cases/case-format.js';
import { SlaBadge } from '../sla/SlaBadge.js';
import { slaCellDisplay } from '../sla/sla-format.js';
import type { SlaView } from '../sla/use-sla-view.js';
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
  sla: SlaView;
  computedAt: number;
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

export const BoardCard = memo(function BoardCard({ card, laneId, selected, focusToken, tabStop, editors, sla, computedAt, onSelect, onOpen, onTakeOn, takingOn }: BoardCardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `${laneId}|${card.caseId}`, data: { caseId: card.caseId } });
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (selected && focusToken > 0) ref.current?.focus({ preventScroll: true });
  }, [selected, focusToken]);
  const display = slaCellDisplay(sla.project(card.sla, computedAt), sla.now);
  const style: CSSProperties = { opacity: isDragging ? 0.4 : undefined };
  return (
    <div
      ref={(el) => {
        ref.current = el;
        setNodeRef(el);
      }}
      {...attributes}
      {...listeners}
      role="button"
      aria-roledescription="case card"
      aria-label={cardAccessibleName(card, display.text, editors)}
      aria-current={selected ? 'true' : undefined}
      tabIndex={selected || tabStop ? 0 : -1}
      className="board-card"
      data-selected={selected || undefined}
      data-case-id={card.caseId}
      data-pending={card.pending || undefined}
      style={style}
      onFocus={() => onSelect(laneId, card.caseId)}
      onDoubleClick={() => onOpen(card.caseId)}
    >
      <BoardCardBody card={card} slaDisplay={display} editors={editors} now={sla.now} />
      {onTakeOn && card.escalation && (
        <div className="board-card-escalation">
          <ul aria-label="Escalation reasons">
            {card.escalation.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            loading={takingOn}
            aria-label={`Take on ${card.number ?? card.title}`}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={(e) => {
              e.stopPropagation();
              onTakeOn(card.caseId);
            }}
          >
            Take on
          </Button>
        </div>
      )}
    </div>
  );
});

export function BoardCardBody({ card, slaDisplay, editors, now }: { card: BoardCardData; slaDisplay: ReturnType<typeof slaCellDisplay>; editors: readonly string[] | undefined; now: Date }) {
  return (
    <>
      <div className="board-card-line">
        <span className="board-card-number">{card.number ?? 'Pending'}</span>
        <Badge size="xs" color={PRIORITY_COLORS[card.priority]} variant="filled">
          {card.priority}
        </Badge>
        <Badge size="xs" color="gray" variant="light" tt="none">
          {SEVERITY_LABELS[card.severity]}
        </Badge>
        {card.pending && (
          <Badge size="xs" color="yellow" variant="outline" tt="none" title="Waiting for the hub to confirm">
            Syncing
          </Badge>
        )}
      </div>
      <div className="board-card-title" title={card.title}>
        {card.title}
      </div>
      <div className="board-card-line">
        <SlaBadge display={slaDisplay} size="xs" />
        <span className="board-card-dim">{ageText(card.createdAt, now)} old</span>
      </div>
      <div className="board-card-dim board-card-ellipsis">{[card.siteName ?? 'Unknown site', card.region, card.model].filter(Boolean).join(' · ')}</div>
      {editors?.length ? <div className="board-card-editing">{editingText(editors)}</div> : null}
    </>
  );
}
