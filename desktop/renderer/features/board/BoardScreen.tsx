// The manager's assignment board (route #/board, and the board window `?window=board`): filters, the
// escalation lane, the unassigned queue and one column per engineer. Assign by dragging a card onto a
// column, or by keyboard: arrows move the selection, "a" assign to…, "r" accept the top recommendation,
// "u" unassign, Enter open the case. Lanes and cards are virtualised: only what is visible is drawn.
import { DndContext, DragOverlay, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import './board.css';
import { Alert, Anchor, Group, MultiSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useDeferredValue, useMemo, useRef, useState, useSyncExternalStore, type Dispatch, type KeyboardEvent, type SetStateAction } from 'react';
import type { BoardCard as BoardCardData, BoardColumn } from '../../../../shared/console-api.js';
import { CASE_STATUSES, CASE_STATUS_LABELS, PRIORITIES, type PublicUser } from '../../../../shared/domain.js';
import { can } from '../../../../shared/permissions.js';
import { userMessage } from '../../api/error-message.js';
import { useApi } from '../../api/use-api.js';
import { QueryStatus } from '../../ui/QueryStatus.js';
import { CaseDetailDrawer } from '../cases/CaseDetailDrawer.js';
import { SLA_REFRESH_MS } from '../sla/use-sla-view.js';
import { useSettings } from '../settings/use-settings.js';
import { useNow } from '../../ui/use-now.js';
import { boardClock } from './board-clock.js';
import { useBoardPresence, usePresenceOthers } from '../presence/use-presence.js';
import { topRecommendation } from './assign-model.js';
import { AssignDialog, type AssignDialogProps } from './AssignDialog.js';
import { BoardCardBody, CARD_HEIGHT, ESCALATION_CARD_HEIGHT, cardSlaDisplay } from './BoardCard.js';
import { BoardLane, LANE_WIDTH } from './BoardLane.js';
import {
  EMPTY_FILTERS,
  ESCALATIONS_LANE,
  UNASSIGNED_LANE,
  alsoHereText,
  assigneeForDrop,
  boardQuery,
  commandForKey,
  directionForKey,
  dropChangesAssignee,
  editorsByCase,
  engineerLaneId,
  findCard,
  moveSelection,
  othersOnBoard,
  withPicked,
  type BoardFilters,
  type Selection,
} from './board-model.js';
import type { BoardStore } from './board-store.js';
import { EngineerDialog } from './EngineerDialog.js';
import { useAssign, useBoardView, useHandleEscalation } from './use-board.js';
import { useAssignmentConflictNotices } from './use-assignment-conflicts.js';

const LANE_GAP = 8;
const OPEN_STATUSES = CASE_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');

/**
 * Resolves in the task after the next frame: whatever was rendered before it is on screen. A window
 * that draws no frames (hidden) still gets its answer, a little later.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/** `promise`, or a quiet timeout: a slow answer must not hold the end of a drag. */
function withinMs(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
}

const NO_LANES: readonly string[] = [];

// Memoised: the app shell redraws on sync status and other pushes, which do not concern the board.
// It draws from the board store's shape (which lanes there are): a moved card redraws only its lanes.
export const BoardScreen = memo(function BoardScreen({ user, onOpenConflicts }: { user: PublicUser; onOpenConflicts: () => void }) {
  useBoardPresence();
  const api = useApi();
  const [filters, setFilters] = useState<BoardFilters>(EMPTY_FILTERS);
  const query = useMemo(() => boardQuery(filters), [filters]);
  const { store, status: board } = useBoardView(query);
  const shape = useSyncExternalStore(store.subscribe, store.getShape);
  const presence = usePresenceOthers();
  const now = useNow(SLA_REFRESH_MS);
  const settings = useSettings().data?.values;
  const { assign } = useAssign();
  const escalation = useHandleEscalation();
  const [selection, setSelection] = useState<Selection>(null);
  const [focusToken, setFocusToken] = useState(0);
  const [assigning, setAssigning] = useState<BoardCardData | null>(null);
  const [editingEngineer, setEditingEngineer] = useState<string | null>(null);
  const [openCaseId, setOpenCaseId] = useState<string | null>(null);
  const [dragging, setDragging] = useState<BoardCardData | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  /** The card a drop moved, selected once the drag has ended. */
  const droppedSelection = useRef<Selection>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  const laneIds = shape?.laneIds ?? NO_LANES;
  const editors = useMemo(() => editorsByCase(presence.data ?? [], user.id), [presence.data, user.id]);
  const alsoHere = othersOnBoard(presence.data ?? [], user.id);
  const regions = useMemo(() => withPicked(shape?.regions ?? NO_LANES, filters.regions), [shape?.regions, filters.regions]);
  const skills = useMemo(() => withPicked(shape?.skills ?? NO_LANES, filters.skills), [shape?.skills, filters.skills]);
  const canAssign = can(user.role, 'case.assign');
  const canManage = can(user.role, 'engineer.manage');
  const canEscalate = can(user.role, 'case.escalation');

  const laneVirtualizer = useVirtualizer({
    horizontal: true,
    count: laneIds.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LANE_WIDTH + LANE_GAP,
    overscan: 1,
    initialRect: { width: typeof window === 'undefined' ? 1280 : window.innerWidth, height: 800 },
    getItemKey: (i) => laneIds[i] ?? i,
  });
  const laneHeight = typeof window === 'undefined' ? 700 : Math.max(320, window.innerHeight - 230);

  const doAssign = useCallback(
    (card: Pick<BoardCardData, 'caseId' | 'number' | 'title'>, assigneeId: string | null) =>
      assign(
        { caseId: card.caseId, assigneeId },
        { onError: (error) => notifications.show({ color: 'red', title: `Could not assign ${card.number ?? card.title}`, message: userMessage(error) }) },
      ),
    [assign],
  );

  const onSelect = useCallback((laneId: string, caseId: string) => setSelection({ laneId, caseId }), []);
  const onOpen = useCallback((caseId: string) => setOpenCaseId(caseId), []);
  const takeOn = escalation.mutate;
  const onTakeOn = useCallback(
    (caseId: string) =>
      takeOn(
        { caseId },
        { onError: (error) => notifications.show({ color: 'red', title: 'Could not take on the escalation', message: userMessage(error) }) },
      ),
    [takeOn],
  );

  const acceptTop = async (card: BoardCardData) => {
    try {
      const rec = await api.call('board.recommend', { caseId: card.caseId, limit: 5 });
      const top = topRecommendation(rec, card.assigneeId);
      if (!top) {
        notifications.show({ color: 'orange', title: 'No recommendation', message: `No engineer passes the rules for ${card.number ?? card.title}. Press A to pick one.` });
        return;
      }
      void doAssign(card, top.engineerId);
      notifications.show({ color: 'green', title: 'Assigned', message: `${card.number ?? card.title} → ${top.name}` });
    } catch (error) {
      notifications.show({ color: 'red', title: 'No recommendation', message: userMessage(error) });
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // A "g then …" sequence or a dialog already took the key.
    if (event.defaultPrevented || event.nativeEvent.isComposing) return;
    if ((event.target as HTMLElement).closest('.board-card') === null) return;
    const lanes = store.getLanes();
    const effective = store.effectiveSelection(selection);
    const direction = directionForKey(event.key);
    if (direction && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      const next = moveSelection(lanes, effective, direction);
      if (next) {
        setSelection(next);
        setFocusToken((n) => n + 1);
        const laneIndex = laneIds.indexOf(next.laneId);
        if (laneIndex >= 0) laneVirtualizer.scrollToIndex(laneIndex, { align: 'auto' });
      }
      return;
    }
    const command = commandForKey(event);
    const card = effective ? findCard(store.getView(), effective.caseId) : null;
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
        if (card.assigneeId !== null) void doAssign(card, null);
        return;
      case 'accept-top':
        void acceptTop(card);
        return;
    }
  };

  const onDragStart = (event: DragStartEvent) => {
    const caseId = (event.active.data.current as { caseId?: string } | undefined)?.caseId;
    setDragging(caseId ? findCard(store.getView(), caseId) : null);
  };
  // The drop is committed from dnd-kit's `cancelDrop` hook, which runs on pointer release before
  // dnd-kit's own end-of-drag state updates: the core's local write is sent and the card moved in
  // the cache (and so in the two lanes' store entries) before React redraws anything. It never
  // cancels. dnd-kit waits for its answer, which comes once the moved card has been painted and the
  // core has answered the write: the end of the drag (every draggable and the overlay redrawn, the
  // dropped card selected) is then a task of its own instead of delaying the drop's frame or the reply.
  // The overlay is hidden at once so the card is not drawn twice meanwhile.
  const commitDrop = (event: DragEndEvent): boolean | Promise<boolean> => {
    const caseId = (event.active.data.current as { caseId?: string } | undefined)?.caseId;
    const card = caseId ? findCard(store.getView(), caseId) : null;
    const laneId = event.over ? String(event.over.id) : null;
    if (!card || !canAssign || !dropChangesAssignee(card, laneId)) return false;
    const target = assigneeForDrop(laneId);
    if (target === undefined) return false;
    const settled = doAssign(card, target);
    if (overlayRef.current) overlayRef.current.style.visibility = 'hidden';
    droppedSelection.current = { laneId: target === null ? UNASSIGNED_LANE : engineerLaneId(target), caseId: card.caseId };
    return Promise.all([afterNextPaint(), withinMs(settled, 250)]).then(() => false);
  };
  // The end of a drag, in one render with dnd-kit's own: the overlay goes, the dropped card is selected.
  const onDragEnd = () => {
    setDragging(null);
    if (droppedSelection.current) setSelection(droppedSelection.current);
    droppedSelection.current = null;
  };

  // When the core computed the SLA clocks (kept by an optimistic move, unlike the query's update time).
  const computedAt = shape ? Date.parse(shape.generatedAt) : 0;
  // One clock per tick (and per board fetch), so memoised lanes and cards redraw only when time moves.
  const clock = useMemo(() => boardClock(now, computedAt, settings), [now, computedAt, settings]);
  const onEditEngineer = canManage ? setEditingEngineer : null;

  return (
    <div className="board-screen">
      <BoardHead alsoHere={alsoHereText(alsoHere)} filters={filters} setFilters={setFilters} regions={regions} skills={skills} canAssign={canAssign} />
      <AssignmentConflictNotices engineerNames={shape?.engineerNames ?? NO_NAMES} onOpenConflicts={onOpenConflicts} />
      {!shape ? (
        <QueryStatus query={board} loadingLabel="Loading the board…" errorTitle="The board could not be loaded">
          {null}
        </QueryStatus>
      ) : (
        <DndContext sensors={sensors} onDragStart={onDragStart} cancelDrop={commitDrop} onDragEnd={onDragEnd} onDragCancel={onDragEnd}>
          <div ref={scrollRef} className="board-scroll" onKeyDown={onKeyDown} aria-label="Board lanes" role="group">
            <div style={{ width: laneVirtualizer.getTotalSize(), height: '100%', position: 'relative' }}>
              {laneVirtualizer.getVirtualItems().map((item) => {
                const laneId = laneIds[item.index];
                if (laneId === undefined) return null;
                const isEsc = laneId === ESCALATIONS_LANE;
                return (
                  <div key={item.key} className="board-lane-slot-x" style={{ transform: `translateX(${item.start}px)`, width: LANE_WIDTH }}>
                    <BoardLane
                      store={store}
                      laneId={laneId}
                      cardHeight={isEsc ? ESCALATION_CARD_HEIGHT : CARD_HEIGHT}
                      droppable={!isEsc}
                      initialHeight={laneHeight}
                      selection={selection}
                      focusToken={focusToken}
                      editors={editors}
                      clock={clock}
                      onSelect={onSelect}
                      onOpen={onOpen}
                      onEditEngineer={onEditEngineer}
                      onTakeOn={isEsc && canEscalate ? onTakeOn : undefined}
                      takingOnId={escalation.isPending ? (escalation.variables?.caseId ?? null) : null}
                      tone={isEsc ? 'escalation' : laneId === UNASSIGNED_LANE ? 'queue' : 'engineer'}
                    />
                  </div>
                );
              })}
            </div>
          </div>
          <DragOverlay dropAnimation={null}>
            {dragging ? (
              <div ref={overlayRef} className="board-card board-card-overlay">
                <BoardCardBody card={dragging} slaDisplay={cardSlaDisplay(dragging, clock)} editors={editors.get(dragging.caseId)} now={clock.now} />
              </div>
            ) : null}
          </DragOverlay>
        </DndContext>
      )}
      <BoardFooter onOpenConflicts={onOpenConflicts} />
      {assigning !== null && (
        <BoardAssignDialog
        store={store}
        card={assigning}
        onClose={() => setAssigning(null)}
        onAssign={(caseId, engineerId) => {
          const card = findCard(store.getView(), caseId);
          setAssigning(null);
          if (card) {
            void doAssign(card, engineerId);
            setSelection({ laneId: engineerLaneId(engineerId), caseId });
            setFocusToken((n) => n + 1);
          }
        }}
      />
      )}
      {editingEngineer !== null && <EngineerDialog engineerId={editingEngineer} name={shape?.engineerNames.get(editingEngineer) ?? ''} onClose={() => setEditingEngineer(null)} />}
      {openCaseId !== null && <CaseDetailDrawer caseId={openCaseId} role={user.role} onClose={() => setOpenCaseId(null)} />}
    </div>
  );
});

const NO_NAMES: ReadonlyMap<string, string> = new Map();
const NO_COLUMNS: readonly BoardColumn[] = [];

/** A null render that tells the manager when an assignment lost a race (its own component: a new conflicts list redraws only it). */
function AssignmentConflictNotices({ engineerNames, onOpenConflicts }: { engineerNames: ReadonlyMap<string, string>; onOpenConflicts: () => void }) {
  useAssignmentConflictNotices(engineerNames, onOpenConflicts);
  return null;
}

/** "Assign to…" with the engineers' columns as they stand now (loads move while it is open). */
function BoardAssignDialog({ store, ...props }: { store: BoardStore } & Omit<AssignDialogProps, 'columns'>) {
  const view = useSyncExternalStore(store.subscribe, store.getView);
  return <AssignDialog {...props} columns={view?.columns ?? NO_COLUMNS} />;
}

/** Title, who else is here, and the filters: memoised, so a drag or a moved card does not redraw them. */
const BoardHead = memo(function BoardHead({
  alsoHere,
  filters,
  setFilters,
  regions,
  skills,
  canAssign,
}: {
  alsoHere: string;
  filters: BoardFilters;
  setFilters: Dispatch<SetStateAction<BoardFilters>>;
  regions: readonly string[];
  skills: readonly string[];
  canAssign: boolean;
}) {
  const showFilters = useDeferredValue(true, false);
  return (
  <Stack gap={6}>
    <Group justify="space-between" align="center" wrap="wrap" gap="sm">
      <Title order={2} id="board-title" tabIndex={-1}>
        Assignment board
      </Title>
      <Text size="sm" c="dimmed" aria-live="polite">
        {alsoHere}
      </Text>
    </Group>
    {/* The lanes are what a manager looks for first: the filter controls (four comboboxes) are drawn
        in a deferred render right after the board's first paint, in a slot of their height. */}
    <div className="board-filters-slot">
      {showFilters ? <FilterControls filters={filters} setFilters={setFilters} regions={regions} skills={skills} /> : <div role="group" aria-label="Board filters" aria-busy="true" />}
    </div>
    {!canAssign && (
      <Alert color="gray" p="xs">
        You can look at the board; assigning needs a manager or admin.
      </Alert>
    )}
  </Stack>
  );
});

const BoardFooter = memo(function BoardFooter({ onOpenConflicts }: { onOpenConflicts: () => void }) {
  return (
    <Text size="xs" c="dimmed">
      Drag a card onto a column, or select it and press A (assign to…), R (accept the top recommendation), U (unassign), Enter (open).{' '}
      <Anchor component="button" size="xs" onClick={onOpenConflicts}>
        Conflicts
      </Anchor>
    </Text>
  );
});

const FilterControls = memo(function FilterControls({
  filters,
  setFilters,
  regions,
  skills,
}: {
  filters: BoardFilters;
  setFilters: Dispatch<SetStateAction<BoardFilters>>;
  regions: readonly string[];
  skills: readonly string[];
}) {
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="group" aria-label="Board filters">
      <MultiSelect label="Region" data={[...regions]} value={[...filters.regions]} onChange={(regions) => setFilters((f) => ({ ...f, regions }))} searchable clearable w={180} size="xs" />
      <MultiSelect label="Skill" data={[...skills]} value={[...filters.skills]} onChange={(skills) => setFilters((f) => ({ ...f, skills }))} searchable clearable w={200} size="xs" />
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
  );
});
