// Board queries and mutations. The board is read from the local cache (refreshed by `data.changed`
// for cases, users, sites and settings); an assignment moves the card in the query cache at once, then
// the core's local write confirms it, so the card is redrawn in the same frame as the drop.
import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { hashKey, replaceEqualDeep, useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { BoardQuery, BoardView } from '../../../../shared/console-api.js';
import type { EngineerProfile } from '../../../../shared/domain.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';
import { useSettings } from '../settings/use-settings.js';
import { useSyncStatus } from '../sync-status/use-sync-status.js';
import { boardClock } from './board-clock.js';
import { boardQuery, cacheFilled, EMPTY_FILTERS, moveCardInView } from './board-model.js';
import { BoardStore } from './board-store.js';

/**
 * Boards made by an optimistic move. Writing one into the cache skips react-query's deep comparison
 * with the previous board (thousands of cards, on the drop's critical path): the move already keeps
 * every unchanged lane and card as the same object.
 */
const optimisticViews = new WeakSet<BoardView>();

function shareBoard(previous: unknown, next: unknown): unknown {
  if (typeof next === 'object' && next !== null && optimisticViews.has(next as BoardView)) return next;
  return replaceEqualDeep(previous, next);
}

/**
 * The board changes only through the core's `data.changed` (which invalidates it) and its SLA clocks
 * move on screen without a fetch, so a board in memory stays good for a while: opening the board again
 * draws at once without asking the core first. Kept in memory for a long time for the same reason.
 */
const BOARD_STALE_MS = 60_000;
const BOARD_GC_MS = 30 * 60_000;

/**
 * Loads the unfiltered board in the background once the console is up, for people who assign: the
 * board then opens from memory at once (and refreshes behind), instead of waiting for the core.
 */
export function usePrefetchBoard(enabled: boolean) {
  const api = useApi();
  const queryClient = useQueryClient();
  const ready = cacheFilled(useSyncStatus().data);
  const settings = useSettings().data?.values;
  useEffect(() => {
    if (!enabled || !ready) return;
    const query = boardQuery(EMPTY_FILTERS);
    let idle: number | null = null;
    void queryClient.prefetchQuery({ queryKey: queryKeys.boardView(query), queryFn: () => api.call('board.get', query), structuralSharing: shareBoard, staleTime: BOARD_STALE_MS, gcTime: BOARD_GC_MS }).then(() => {
      const view = queryClient.getQueryData<BoardView>(queryKeys.boardView(query));
      // The board's SLA clocks move on from when the core computed them, through the business
      // calendar of the settings: compiling that calendar and the time zone's date formatters costs
      // the first board render tens of milliseconds, so it is done here, when the page is idle.
      if (view && settings && typeof requestIdleCallback === 'function') {
        idle = requestIdleCallback(() => void boardClock(new Date(), Date.parse(view.generatedAt) - 60_000, settings));
      }
    });
    return () => {
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [enabled, ready, api, queryClient, settings]);
}

/**
 * The board for `query`: fetched and kept fresh by react-query, read through a board store fed from
 * the query cache. The store's listeners run in the task that changed the cache, so an optimistic move
 * reaches the lanes in the drop's own render (react-query tells its observers a task later). A new
 * filter keeps the last board until its own arrives.
 *
 * `status` is the query's loading and error state for the screen. It notifies only while there is no
 * board to show: once there is, a new board or a refetch changes the store, not the screen.
 */
export function useBoardView(query: BoardQuery): { store: BoardStore; status: UseQueryResult<BoardView> } {
  const api = useApi();
  const queryClient = useQueryClient();
  const [store] = useState(() => {
    const created = new BoardStore();
    // A board already in memory (prefetched) is drawn by the first render.
    created.set(queryClient.getQueryData<BoardView>(queryKeys.boardView(query)));
    return created;
  });
  useLayoutEffect(() => {
    const key = queryKeys.boardView(query);
    const hash = hashKey(key);
    store.set(queryClient.getQueryData<BoardView>(key));
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.query.queryHash !== hash) return;
      const view = event.query.state.data as BoardView | undefined;
      store.set(view, { moved: view !== undefined && optimisticViews.has(view) });
    });
  }, [queryClient, store, query]);
  const status = useQuery({
    queryKey: queryKeys.boardView(query),
    queryFn: () => api.call('board.get', query),
    structuralSharing: shareBoard,
    staleTime: BOARD_STALE_MS,
    gcTime: BOARD_GC_MS,
    notifyOnChangeProps: () => (store.getShape() === null ? ['status', 'error', 'fetchStatus', 'data'] : []),
  });
  return { store, status };
}

export function useRecommendation(caseId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.recommendation(caseId ?? ''),
    queryFn: () => api.call('board.recommend', { caseId: caseId ?? '', limit: 10 }),
    enabled: caseId !== null,
  });
}

export type AssignArgs = Readonly<{ caseId: string; assigneeId: string | null }>;

/**
 * Sends the assignment to the core first (its local write must not wait for a render), then moves
 * the card in every cached board in the same frame as the drop (the board store hears of it at once).
 * Not a react-query mutation: its mutationFn starts a microtask later, after React has already
 * rendered the drop. Returns a promise settled once the core has answered (a refusal handled).
 */
export function useAssign() {
  const api = useApi();
  const queryClient = useQueryClient();
  const assign = useCallback(
    (args: AssignArgs, options?: Readonly<{ onError?: (error: Error) => void }>) => {
      const written = api.call('cases.update', { id: args.caseId, patch: { assigneeId: args.assigneeId } });
      // A board fetch already under way would bring the old place back, so it is cancelled (the core's
      // data.changed for this write refetches it).
      void queryClient.cancelQueries({ queryKey: queryKeys.board });
      queryClient.setQueriesData<BoardView>({ queryKey: queryKeys.board }, (view) => {
        if (!view) return view;
        const moved = moveCardInView(view, args.caseId, args.assigneeId);
        optimisticViews.add(moved);
        return moved;
      });
      return written.then(
        () => undefined,
        (error: unknown) => {
          // A refused write changed nothing in the core (no data.changed): put the card back from the core.
          void queryClient.invalidateQueries({ queryKey: queryKeys.cases });
          options?.onError?.(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
    [api, queryClient],
  );
  return { assign };
}

export function useHandleEscalation() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { caseId: string; note?: string }) => api.call('cases.handleEscalation', args),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cases }),
  });
}

/** The engineer's full record (hours, time off, capacity) for the edit form: from the hub (online only). */
export function useEngineerRecord(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: [...queryKeys.adminUsers(false)],
    queryFn: () => api.call('admin.users.list', { includeInactive: false }),
    enabled: id !== null,
    select: (users) => users.find((u) => u.id === id) ?? null,
  });
}

export function useUpdateEngineer() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: string; profile: EngineerProfile }) => api.call('engineers.update', args),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.admin }), queryClient.invalidateQueries({ queryKey: queryKeys.cases })]),
  });
}
