// The manager's assignment board (route #/board, and the board window `?window=board`): filters, the
// escalation lane, the unassigned queue and one column per engineer. Assign by dragging a card onto a
// column, or by keyboard: arrows move the selection, "a" assign to…, "r" accept the top recommendation,
// "u" unassign, Enter open the case. Lanes and cards are virtualised: only what is visible is drawn.
import { DndContext, DragOverlay, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { Alert, Anchor, Group, MultiSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { BoardCard as BoardCardData, BoardColumn } from '../../../../shared/console-api.js';
import { CASE_STATUSES, CASE_STATUS_LABELS, PRIORITIES, type PublicUser } from '../../../../shared/domain.js';
import { can } from '../../../../shared/permissions.js';
import { userMessage } from '../../api/error-message.js';
import { useApi } from '../../api/use-api.js';
import { QueryStatus } from '../../ui/QueryStatus.js';
import { CaseDetailDrawer } from '../cases/CaseDetailDrawer.js';
import { slaCellDisplay } from '../sla/sla-format.js';
import { useSlaView } from '../sla/use-sla-view.js';
import { useBoardPresence, usePresenceOthers } from '../presence/use-presence.js';
import { topRecommendation } from './assign-model.js';
import { AssignDialog } from './AssignDialog.js';
import { BoardCardBody, CARD_HEIGHT, ESCALATION_CARD_HEIGHT } from './BoardCard.js';
import { BoardLane, LANE_WIDTH } from './BoardLane.js';
import {
  EMPTY_FILTERS,
  ESCALATIONS_LANE,
  UNASSIGNED_LANE,
  alsoHereText,
  assigneeForDrop,
  boardLanes,
  boardQuery,
  commandForKey,
  directionForKey,
  dropChangesAssignee,
  editorsByCase,
  engineerLaneId,
  filterChoices,
  findCard,
  firstSelection,
  locate,
  moveSelection,
  othersOnBoard,
  type BoardFilters,
  type Selection,
} from './board-model.js';
import { EngineerDialog } from './EngineerDialog.js';
import { EngineerHeader } from './EngineerHeader.js';
import { useAssign, useBoard, useHandleEscalation } from './use-board.js';
import { useAssignmentConflictNotices } from './use-assignment-conflicts.js';

const LANE_GAP = 8;
const OPEN_STATUSES = CASE_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');

export function BoardScreen({ user, onOpenConflicts }: { user: PublicUser; onOpenConflicts: () => void }) {
  useBoardPresence();
  const api = useApi();
  const [filters, setFilters] = useState<BoardFilters>(EMPTY_FILTERS);
  const query = useMemo(() => boardQuery(filters), [filters]);
  const board = useBoard(query);
  const presence = usePresenceOthers();
  const sla = useSlaView();
  const { assign } = useAssign();
  const escalation = useHandleEscalation();
  const [selection, setSelection] = useState<Selection>(null);
  const [focusToken, setFocusToken] = useState(0);
  const [assigning, setAssigning] = useState<BoardCardData | null>(null);
  const [editingEngineer, setEditingEngineer] = useState<string | null>(null);
  const [openCaseId, setOpenCaseId] = useState<string | null>(null);
  const [dragging, setDragging] = useState<BoardCardData | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  const view = board.data;
  const lanes = useMemo(() => (view ? boardLanes(view) : []), [view]);
  const engineerNames = useMemo(() => new Map((view?.columns ?? []).map((c) => [c.engineerId, c.name])), [view]);
  const editors = useMemo(() => editorsByCase(presence.data ?? [], user.id), [presence.data, user.id]);
  const alsoHere = othersOnBoard(presence.data ?? [], user.id);
  const choices = useMemo(() => filterChoices(view, filters), [view, filters]);
  const canAssign = can(user.role, 'case.assign');
  const canManage = can(user.role, 'engineer.manage');
  const canEscalate = can(user.role, 'case.escalation');
  useAssignmentConflictNotices(engineerNames, onOpenConflicts);

  // Where the selection is now (a card that moved is followed to its new lane); else the first card.
  const current = locate(lanes, selection);
  const effective: Selection = current ? { laneId: lanes[current.lane]?.id ?? '', caseId: lanes[current.lane]?.cards[current.row]?.caseId ?? '' } : firstSelection(lanes);

  const laneVirtualizer = useVirtualizer({
    horizontal: true,
    count: lanes.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LANE_WIDTH + LANE_GAP,
    overscan: 1,
    initialRect: { width: typeof window === 'undefined' ? 1280 : window.innerWidth, height: 800 },
    getItemKey: (i) => lanes[i]?.id ?? i,
  });
  const laneHeight = typeof window === 'undefined' ? 700 : Math.max(320, window.innerHeight - 230);

  const doAssign = useCallback(
    (card: Pick<BoardCardData, 'caseId' | 'number' | 'title'>, assigneeId: string | null) => {
      assign(
        { caseId: card.caseId, assigneeId },
        { onError: (error) => notifications.show({ color: 'red', title: `Could not assign ${card.number ?? card.title}`, message: userMessage(error) }) },
      );
    },
    [assign],
  );

  const onSelect = useCallback((laneId: string, caseId: string) => setSelection({ laneId, caseId }), []);
  const onOpen = useCallback((caseId: string) => setOpenCaseId(caseId), []);
  const onTakeOn = useCallback(
    (caseId: string) =>
      escalation.mutate(
        { caseId },
        { onError: (error) => notifications.show({ color: 'red', title: 'Could not take on the escalation', message: userMessage(error) }) },
      ),
    [escalation],
  );

  const acceptTop = async (card: BoardCardData) => {
    try {
      const rec = await api.call('board.recommend', { caseId: card.caseId, limit: 5 });
      const top = topRecommendation(rec, card.assigneeId);
      if (!top) {
        notifications.show({ color: 'orange', title: 'No recommendation', message: `No engineer passes the rules for ${card.number ?? card.title}. Press A to pick one.` });
        return;
      }
      doAssign(card, top.engineerId);
      notifications.show({ color: 'green', title: 'Assigned', message: `${card.number ?? card.title} → ${top.name}` });
    } catch (error) {
      notifications.show({ color: 'red', title: 'No recommendation', message: userMessage(error) });
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // A "g then …" sequence or a dialog already took the key.
    if (event.defaultPrevented || event.nativeEvent.isComposing) return;
    if ((event.target as HTMLElement).closest('.board-card') === null) return;
    const direction = directionForKey(event.key);
    if (direction && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      const next = moveSelection(lanes, effective, direction);
      if (next) {
        setSelection(next);
        setFocusToken((n) => n + 1);
        const laneIndex = lanes.findIndex((l) => l.id === next.laneId);
        if (laneIndex >= 0) laneVirtualizer.scrollToIndex(laneIndex, { align: 'auto' });
      }
      return;
    }
    const command = commandForKey(event);
    const card = effective ? findCard(view, effective.caseId) : null;
    if (!command || !card) return;
    if (command !== 'open' && !canAssign) return;
    event.preventDefault();
    switch (command) {
      case 'open':
        setOpenCaseId(card.caseId);
        return;
      case 'assign':
        setAssigning(card);
        return;
      case 'unassign':
        if (card.assigneeId !== null) doAssign(card, null);
        return;
      case 'accept-top':
        void acceptTop(card);
        return;
    }
  };

  const onDragStart = (event: DragStartEvent) => {
    const caseId = (event.active.data.current as { caseId?: string } | undefined)?.caseId;
    setDragging(caseId ? findCard(view, caseId) : null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const caseId = (event.active.data.current as { caseId?: string } | undefined)?.caseId;
    const card = caseId ? findCard(view, caseId) : null;
    const laneId = event.over ? String(event.over.id) : null;
    if (!card || !canAssign || !dropChangesAssignee(card, laneId)) return;
    const target = assigneeForDrop(laneId);
    if (target === undefined) return;
    doAssign(card, target);
    setSelection({ laneId: target === null ? UNASSIGNED_LANE : engineerLaneId(target), caseId: card.caseId });
  };

  const computedAt = board.dataUpdatedAt;
  const laneHeader = (laneId: string, column: BoardColumn | undefined, count: number) => {
    if (column) return <EngineerHeader column={column} onEdit={canManage ? setEditingEngineer : null} />;
    return (
      <div className="board-lane-title">
        <Text fw={700} size="sm" c={laneId === ESCALATIONS_LANE ? 'red.8' : undefined}>
          {laneId === ESCALATIONS_LANE ? 'Escalations' : 'Unassigned'}
        </Text>
        <Text size="xs" c="dimmed">
          {count}
        </Text>
      </div>
    );
  };

  return (
    <div className="board-screen">
      <Stack gap={6}>
        <Group justify="space-between" align="center" wrap="wrap" gap="sm">
          <Title order={2} id="board-title" tabIndex={-1}>
            Assignment board
          </Title>
          <Text size="sm" c="dimmed" aria-live="polite">
            {alsoHereText(alsoHere)}
          </Text>
        </Group>
        <Group gap="sm" align="flex-end" wrap="wrap" role="group" aria-label="Board filters">
          <MultiSelect label="Region" data={choices.regions} value={[...filters.regions]} onChange={(regions) => setFilters((f) => ({ ...f, regions }))} searchable clearable w={180} size="xs" />
          <MultiSelect label="Skill" data={choices.skills} value={[...filters.skills]} onChange={(skills) => setFilters((f) => ({ ...f, skills }))} searchable clearable w={200} size="xs" />
          <MultiSelect
            label="Priority"
            data={[...PRIORITIES]}
            value={[...filters.priorities]}
            onChange={(p) => setFilters((f) => ({ ...f, priorities: PRIORITIES.filter((x) => p.includes(x)) }))}
            clearable
            w={170}
            size="xs"
          />
          <MultiSelect
            label="Status"
            data={OPEN_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] }))}
            value={[...filters.statuses]}
            onChange={(s) => setFilters((f) => ({ ...f, statuses: CASE_STATUSES.filter((x) => s.includes(x)) }))}
            clearable
            w={220}
            size="xs"
          />
          <Stack gap={2}>
            <Text size="xs" fw={500} id="board-sort-label">
              Queue order
            </Text>
            <SegmentedControl
              size="xs"
              aria-labelledby="board-sort-label"
              value={filters.sort}
              onChange={(sort) => setFilters((f) => ({ ...f, sort: sort === 'age' ? 'age' : 'sla' }))}
              data={[
                { value: 'sla', label: 'SLA risk' },
                { value: 'age', label: 'Age' },
              ]}
            />
          </Stack>
        </Group>
        {!canAssign && (
          <Alert color="gray" p="xs">
            You can look at the board; assigning needs a manager or admin.
          </Alert>
        )}
      </Stack>
      {!view ? (
        <QueryStatus query={board} loadingLabel="Loading the board…" errorTitle="The board could not be loaded">
          {null}
        </QueryStatus>
      ) : (
        <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
          <div ref={scrollRef} className="board-scroll" onKeyDown={onKeyDown} aria-label="Board lanes" role="group">
            <div style={{ width: laneVirtualizer.getTotalSize(), height: '100%', position: 'relative' }}>
              {laneVirtualizer.getVirtualItems().map((item) => {
                const lane = lanes[item.index];
                if (!lane) return null;
                const column = view.columns[item.index - 2];
                const isEsc = lane.id === ESCALATIONS_LANE;
                const label = isEsc ? `Escalations (${lane.cards.length})` : lane.id === UNASSIGNED_LANE ? `Unassigned (${lane.cards.length})` : `${column?.name ?? 'Engineer'} (${lane.cards.length})`;
                return (
                  <div key={item.key} className="board-lane-slot-x" style={{ transform: `translateX(${item.start}px)`, width: LANE_WIDTH }}>
                    <BoardLane
                      laneId={lane.id}
                      label={label}
                      header={laneHeader(lane.id, column, lane.cards.length)}
                      cards={lane.cards}
                      cardHeight={isEsc ? ESCALATION_CARD_HEIGHT : CARD_HEIGHT}
                      droppable={!isEsc}
                      initialHeight={laneHeight}
                      selectedCaseId={effective?.laneId === lane.id ? effective.caseId : null}
                      focusToken={effective?.laneId === lane.id ? focusToken : 0}
                      tabStopCaseId={effective?.laneId === lane.id ? effective.caseId : null}
                      editors={editors}
                      sla={sla}
                      computedAt={computedAt}
                      onSelect={onSelect}
                      onOpen={onOpen}
                      onTakeOn={isEsc && canEscalate ? onTakeOn : undefined}
                      takingOnId={escalation.isPending ? (escalation.variables?.caseId ?? null) : null}
                      tone={isEsc ? 'escalation' : column ? 'engineer' : 'queue'}
                    />
                  </div>
                );
              })}
            </div>
          </div>
          <DragOverlay dropAnimation={null}>
            {dragging ? (
              <div className="board-card board-card-overlay">
                <BoardCardBody card={dragging} slaDisplay={slaCellDisplay(sla.project(dragging.sla, computedAt), sla.now)} editors={editors.get(dragging.caseId)} now={sla.now} />
              </div>
            ) : null}
          </DragOverlay>
        </DndContext>
      )}
      <Text size="xs" c="dimmed">
        Drag a card onto a column, or select it and press A (assign to…), R (accept the top recommendation), U (unassign), Enter (open).{' '}
        <Anchor component="button" size="xs" onClick={onOpenConflicts}>
          Conflicts
        </Anchor>
      </Text>
      <AssignDialog
        card={assigning}
        columns={view?.columns ?? []}
        onClose={() => setAssigning(null)}
        onAssign={(caseId, engineerId) => {
          const card = findCard(view, caseId);
          setAssigning(null);
          if (card) {
            doAssign(card, engineerId);
            setSelection({ laneId: engineerLaneId(engineerId), caseId });
            setFocusToken((n) => n + 1);
          }
        }}
      />
      <EngineerDialog engineerId={editingEngineer} name={editingEngineer ? (engineerNames.get(editingEngineer) ?? '') : ''} onClose={() => setEditingEngineer(null)} />
      <CaseDetailDrawer caseId={openCaseId} role={user.role} onClose={() => setOpenCaseId(null)} />
    </div>
  );
}
