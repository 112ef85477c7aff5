// The sync client: one WebSocket to the hub's /sync. Says hello with the stored cursor, applies the
// bootstrap (streamed into staging tables) or catch-up changes, then live changes; pushes the whole
// outbox in order after every (re)connect, so results the hub stored while we were away (including
// rejections) are reported; keeps the access token fresh; reconnects with capped, jittered backoff,
// or at once when asked (the network came back).
import { asc, gt } from 'drizzle-orm';
import WebSocket from 'ws';
import type { SyncStatus, ConnectionState } from '../../../shared/console-api.js';
import { ENTITIES, type EntityName } from '../../../shared/sync/entities.js';
import type { MutationName } from '../../../shared/sync/mutations.js';
import { SYNC_CLOSE, SYNC_PROTOCOL_VERSION, type Change, type ClientMessage, type Cursor, type PresenceEntry, type ServerMessage } from '../../../shared/sync/protocol.js';
import type { AuthSession } from './auth-session.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
import { beginStaging, swapInStaging, type StagingBootstrap } from './cache/bootstrap-staging.js';
import type { WritableDb } from './cache/cache-db.js';
import { getCursor, getLastSyncAt } from './cache/meta.js';
import { outbox } from './cache/schema.js';
import { syncUrlFor } from './hub-http.js';
import type { Logger } from './logger.js';
import { countOutbox } from './queries.js';
import { alignOutbox, applyChanges, applyPushResult, type RejectedMutation } from './rebase.js';

/** Behind by at least this many changes, a catch-up reports progress like a bootstrap. */
export const CATCH_UP_PROGRESS_MIN_CHANGES = 1000;

/**
 * Most changes applied in one cache transaction when `changes` frames that arrived together are
 * coalesced (the hub sends at most 500 per frame): bounds how long one commit holds the thread.
 */
export const MAX_CHANGES_PER_APPLY = 5000;
/**
 * Frames this small (a live edit) are applied at once, as they arrive: waiting a turn would let a
 * read see the cache ahead of the data.changed it caused. Bigger ones (a bulk import, a catch-up)
 * wait for the rest of the burst.
 */
const COALESCE_MIN_CHANGES = 200;

/** Most mutations in one push frame (the hub accepts up to 500). */
const PUSH_BATCH = 500;
/** Consecutive failed attempts after which the state reads "offline" rather than "reconnecting". */
const OFFLINE_AFTER_FAILURES = 3;
/** How long `reconnectNow` waits for a pong before treating a live-looking connection as dead. */
const PROBE_TIMEOUT_MS = 3000;

export type SyncClientOptions = Readonly<{
  hubUrl: string;
  db: WritableDb;
  clientId: string;
  clientGroupId: string;
  userId: string;
  auth: AuthSession;
  logger: Logger;
  onStatus(status: SyncStatus): void;
  onDataChanged(entities: readonly EntityName[]): void;
  onRejected(rejected: RejectedMutation): void;
  /** The hub revoked the session (close 4003). */
  onSignedOut(reason: string): void;
  /** Who else is on the board or editing which case changed (a presence frame, or the connection dropped). */
  onPresence?(others: readonly PresenceEntry[]): void;
  backoff?: BackoffOptions;
  /** Ping interval; a ping unanswered by the next one ends the connection as dead. */
  heartbeatMs?: number;
  now?: () => string;
  /** Holds the outbox at this mutation (and everything after it) for now: a submit waits for its photos' uploads. */
  holdPush?: (mutation: Readonly<{ name: string; args: unknown }>) => boolean;
}>;

export type SyncClient = Readonly<{
  start(): void;
  /** A local write added outbox rows: push them when connected. */
  outboxChanged(): void;
  /**
   * The network may be back: forget the backoff and connect now. A connection that looks alive is
   * probed with a ping and dropped (then re-opened at once) if the hub does not answer quickly.
   */
  reconnectNow(): void;
  status(): SyncStatus;
  /** Connected and welcomed by the hub: a local write now is not an offline one. */
  isOnline(): boolean;
  /** Where this console's user is; sent now when online and again after every reconnect. */
  setPresence(presence: Presence): void;
  /** The others as the hub last described them (empty while not connected). */
  presence(): readonly PresenceEntry[];
  stop(): Promise<void>;
}>;

export type Presence = Readonly<{ board: boolean; editingCaseId: string | null }>;

type Bootstrap = { total: number; received: number; staging: StagingBootstrap; queued: { changes: readonly Change[]; cursor: Cursor }[] };

type Connection = {
  ws: WebSocket;
  /**
   * `changes` frames received but not applied yet: frames that arrive together (a bulk import's
   * thousands of rows come as a burst of 500-change frames) go into the cache in one transaction,
   * so one commit (the FTS flush, the WAL append, maybe a checkpoint) and one status and
   * data.changed serve them all. Applied on the next turn, or before any other frame.
   */
  live: { changes: Change[]; cursor: Cursor; scheduled: boolean } | null;
  welcomed: boolean;
  /** Pushes wait until the cache has caught up, so the hub's answers land on current data. */
  caughtUp: boolean;
  pushedUpTo: number;
  bootstrap: Bootstrap | null;
  awaitingPong: boolean;
  heartbeat: NodeJS.Timeout | null;
  probe: NodeJS.Timeout | null;
};

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const { db, logger } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? (() => new Date().toISOString());
  const url = syncUrlFor(options.hubUrl);

  let stopped = false;
  let started = false;
  let current: Connection | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  /** True from the start of connect() until its socket exists (the token fetch is async). */
  let connecting = false;
  let failures = 0;
  let renewBeforeConnect = false;
  let connection: ConnectionState = 'connecting';
  let lastError: string | null = null;
  let progress: { received: number; total: number } | null = null;
  /** A catch-up long enough to deserve a progress bar: from our cursor to the hub's head at welcome. */
  let catchUp: { from: number; target: number } | null = null;
  const catchUpEntities = new Set<EntityName>();
  /** Ours as last set (null: never set, nothing to announce); theirs as the hub last sent. */
  let ownPresence: Presence | null = null;
  let others: readonly PresenceEntry[] = [];

  function setOthers(next: readonly PresenceEntry[]): void {
    if (next.length === 0 && others.length === 0) return;
    others = next;
    options.onPresence?.(others);
  }

  function endCatchUp(): void {
    catchUp = null;
    if (catchUpEntities.size === 0) return;
    const entities = [...catchUpEntities];
    catchUpEntities.clear();
    options.onDataChanged(entities);
  }
  let lastEmitted = '';

  const status = (): SyncStatus => ({
    connection,
    pending: db.$client.open ? countOutbox(db) : 0,
    lastSyncAt: db.$client.open ? getLastSyncAt(db) : null,
    bootstrap: progress,
    lastError,
  });

  let outboxFlushQueued = false;

  function emitStatus(): void {
    if (stopped) return;
    const next = status();
    const key = JSON.stringify(next);
    if (key === lastEmitted) return;
    lastEmitted = key;
    options.onStatus(next);
  }

  function setConnection(state: ConnectionState): void {
    connection = state;
    emitStatus();
  }

  function send(conn: Connection, message: ClientMessage): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(message));
  }

  function pushPending(conn: Connection): void {
    if (!conn.caughtUp || stopped) return;
    for (;;) {
      const rows = db.select().from(outbox).where(gt(outbox.mutationId, conn.pushedUpTo)).orderBy(asc(outbox.mutationId)).limit(PUSH_BATCH).all();
      const held = options.holdPush ? rows.findIndex((r) => options.holdPush!(r)) : -1;
      if (held >= 0) rows.splice(held);
      if (rows.length === 0) return;
      send(conn, {
        type: 'push',
        mutations: rows.map((r) => ({
          id: r.mutationId,
          name: r.name as MutationName,
          args: r.args,
          baseVersions: r.baseVersions,
          createdAt: r.createdAt,
          ...(r.offline ? { offline: true } : {}),
        })),
      });
      conn.pushedUpTo = rows[rows.length - 1]!.mutationId;
      if (rows.length < PUSH_BATCH || held >= 0) return;
    }
  }

  function caughtUp(conn: Connection): void {
    conn.caughtUp = true;
    pushPending(conn);
    emitStatus();
  }

  function applyLive(conn: Connection, changes: readonly Change[], cursor: Cursor): void {
    const entities = applyChanges(db, changes, cursor, { userId: options.userId, now: now() });
    if (catchUp) {
      // Windows refetch once when a long catch-up ends, not after each of its pages.
      for (const entity of entities) catchUpEntities.add(entity);
      progress = cursor.version >= catchUp.target ? null : { received: cursor.version - catchUp.from, total: catchUp.target - catchUp.from };
      if (!progress) endCatchUp();
    } else if (entities.length) {
      options.onDataChanged(entities);
    }
    if (!conn.caughtUp) caughtUp(conn);
    else emitStatus();
  }

  /** Queues a live `changes` frame; applied with whatever else arrives in this turn (see Connection.live). */
  function queueLive(conn: Connection, changes: readonly Change[], cursor: Cursor): void {
    if (!conn.live && changes.length < COALESCE_MIN_CHANGES) {
      applyLive(conn, changes, cursor);
      return;
    }
    if (conn.live && conn.live.changes.length + changes.length > MAX_CHANGES_PER_APPLY) flushLive(conn);
    if (!conn.live) {
      conn.live = { changes: [...changes], cursor, scheduled: false };
    } else {
      for (const change of changes) conn.live.changes.push(change);
      conn.live.cursor = cursor;
    }
    if (conn.live.scheduled) return;
    conn.live.scheduled = true;
    setImmediate(() => {
      if (!conn.live || current !== conn || stopped) return;
      try {
        flushLive(conn);
      } catch (error) {
        failedFrame(conn, 'changes', error);
      }
    });
  }

  /** Applies the queued live changes now (in frame order, one transaction, the last frame's cursor). */
  function flushLive(conn: Connection): void {
    const live = conn.live;
    if (!live) return;
    conn.live = null;
    applyLive(conn, live.changes, live.cursor);
  }

  /** A frame we cannot apply would fail the same way again at once: log, drop the connection and let the backoff space out the retries. */
  function failedFrame(conn: Connection, type: string, error: unknown): void {
    logger.error(`applying a ${type} frame failed`, error);
    lastError = 'Could not apply changes from the hub.';
    conn.ws.terminate();
  }

  function onFrame(conn: Connection, message: ServerMessage): void {
    // Everything else is about the cache as of the changes received before it (a push-result's
    // changes are flushed ahead of it): apply those first.
    if (message.type !== 'changes') flushLive(conn);
    switch (message.type) {
      case 'welcome':
        conn.welcomed = true;
        alignOutbox(db, message.lastMutationId);
        // Everything still in the outbox goes again, even ids the hub has consumed: for those it
        // answers with the stored result, so a rejection that happened while we were away is shown.
        conn.pushedUpTo = 0;
        failures = 0;
        lastError = null;
        {
          const from = getCursor(db)?.version ?? null;
          catchUp = from !== null && message.version - from >= CATCH_UP_PROGRESS_MIN_CHANGES ? { from, target: message.version } : null;
          if (catchUp) progress = { received: 0, total: catchUp.target - catchUp.from };
        }
        setConnection('online');
        // Presence is ephemeral on the hub: a new connection knows nothing of where we were.
        if (ownPresence) send(conn, { type: 'presence', board: ownPresence.board, editingCaseId: ownPresence.editingCaseId });
        return;
      case 'bootstrap-begin':
        catchUp = null;
        conn.bootstrap?.staging.abort();
        conn.bootstrap = null;
        conn.bootstrap = { total: message.total, received: 0, staging: beginStaging(db), queued: [] };
        progress = { received: 0, total: message.total };
        emitStatus();
        return;
      case 'bootstrap-rows': {
        const b = conn.bootstrap;
        if (!b) return;
        // Straight into the staging transaction: the snapshot never accumulates in memory.
        b.staging.add(message.entity, message.rows);
        b.received += message.rows.length;
        progress = { received: b.received, total: Math.max(b.total, b.received) };
        emitStatus();
        return;
      }
      case 'bootstrap-end': {
        const b = conn.bootstrap;
        if (!b) return;
        conn.bootstrap = null;
        try {
          b.staging.finish();
          swapInStaging(db, b.staging.file, message.cursor, { userId: options.userId, now: now() });
        } finally {
          b.staging.abort(); // removes the staging file whatever happened
        }
        progress = null;
        // The swap may have blocked for a while; do not count that against the heartbeat.
        conn.awaitingPong = false;
        options.onDataChanged(ENTITIES);
        for (const q of b.queued) queueLive(conn, q.changes, q.cursor);
        flushLive(conn);
        caughtUp(conn);
        return;
      }
      case 'changes':
        if (conn.bootstrap) conn.bootstrap.queued.push({ changes: message.changes, cursor: message.cursor });
        else queueLive(conn, message.changes, message.cursor);
        return;
      case 'push-result': {
        const outcome = applyPushResult(db, message.results, message.lastMutationId, { userId: options.userId });
        for (const r of outcome.rejected) options.onRejected(r);
        if (outcome.entities.length) options.onDataChanged(outcome.entities);
        // A result past lastMutationId was not consumed (the hub expects an earlier id): resend from there.
        const skipped = message.results.find((r) => !r.ok && r.mutationId > message.lastMutationId);
        if (skipped) {
          const expected = !skipped.ok && typeof skipped.error.details?.expectedMutationId === 'number' ? skipped.error.details.expectedMutationId : message.lastMutationId + 1;
          alignOutbox(db, expected - 1);
          conn.pushedUpTo = expected - 1;
          pushPending(conn);
        }
        emitStatus();
        return;
      }
      case 'presence':
        setOthers(Array.isArray(message.others) ? message.others : []);
        return;
      case 'pong':
        conn.awaitingPong = false;
        if (conn.probe) clearTimeout(conn.probe);
        conn.probe = null;
        return;
      case 'error':
        lastError = message.error.message;
        logger.warn('hub reported a sync error', { code: message.error.code, message: message.error.message });
        // Besides hello, auth, push and ping we send only presence, validated by the same schema
        // before it leaves (console-api); so an error instead of a push-result means that push
        // was not taken. Start over on a fresh connection (with backoff) so the
        // outbox is sent again rather than waiting for the next local write.
        if (conn.pushedUpTo > 0) conn.ws.terminate();
        emitStatus();
        return;
      default:
        logger.warn('unknown frame from the hub', { type: (message as { type?: unknown }).type });
    }
  }

  function scheduleReconnect(immediate: boolean): void {
    if (stopped) return;
    failures += 1;
    setConnection(failures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'reconnecting');
    const delay = immediate ? 0 : backoffDelay(failures, backoff);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
  }

  function endConnection(conn: Connection): void {
    // Changes received before the cut are valid (in order, each with its cursor): keep them. On
    // stop they are dropped: the cursor did not move past them, so the hub sends them again.
    if (conn.live && !stopped && db.$client.open) {
      try {
        flushLive(conn);
      } catch (error) {
        logger.error('applying changes received before the connection ended failed', error);
      }
    }
    conn.live = null;
    if (conn.heartbeat) clearInterval(conn.heartbeat);
    conn.heartbeat = null;
    if (conn.probe) clearTimeout(conn.probe);
    conn.probe = null;
    // A bootstrap cut off mid-way is rolled back; the cursor still asks for one next time.
    if (conn.bootstrap) {
      conn.bootstrap.staging.abort();
      conn.bootstrap = null;
    }
    if (current === conn) current = null;
    progress = null;
    // The hub drops our entry when the socket closes; theirs are stale too until it says again.
    if (!stopped) setOthers([]);
    endCatchUp(); // what was applied before the cut is in the cache: show it
  }

  async function connect(): Promise<void> {
    if (stopped || connecting) return;
    connecting = true;
    let token: string;
    try {
      token = renewBeforeConnect ? await options.auth.renew() : await options.auth.accessToken();
      renewBeforeConnect = false;
    } catch (error) {
      connecting = false;
      if (stopped) return;
      lastError = error instanceof Error ? error.message : String(error);
      scheduleReconnect(false);
      return;
    }
    connecting = false;
    if (stopped) return;
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
    const conn: Connection = { ws, live: null, welcomed: false, caughtUp: false, pushedUpTo: 0, bootstrap: null, awaitingPong: false, heartbeat: null, probe: null };
    current = conn;

    ws.on('open', () => {
      send(conn, { type: 'hello', protocol: SYNC_PROTOCOL_VERSION, token, clientId: options.clientId, clientGroupId: options.clientGroupId, cursor: getCursor(db) });
      const every = options.heartbeatMs ?? 25_000;
      conn.heartbeat = setInterval(() => {
        if (conn.awaitingPong) {
          lastError = 'The hub stopped answering.';
          ws.terminate();
          return;
        }
        conn.awaitingPong = true;
        send(conn, { type: 'ping' });
      }, every);
      conn.heartbeat.unref();
    });
    ws.on('message', (data) => {
      if (current !== conn || stopped) return;
      // Any frame proves the hub is alive. A ping queues behind a long bootstrap or catch-up on
      // the hub, so waiting for its pong alone would cut a healthy transfer and start it over.
      conn.awaitingPong = false;
      let message: ServerMessage;
      try {
        message = JSON.parse(data.toString()) as ServerMessage;
      } catch {
        logger.warn('unreadable frame from the hub');
        return;
      }
      try {
        onFrame(conn, message);
      } catch (error) {
        failedFrame(conn, message.type, error);
      }
    });
    ws.on('error', (error) => {
      if (current === conn) lastError = `Cannot reach the hub at ${options.hubUrl}: ${error.message}`;
    });
    ws.on('close', (code) => {
      const wasWelcomed = conn.welcomed;
      endConnection(conn);
      if (stopped || current !== null) return;
      if (code === SYNC_CLOSE.revoked) {
        options.onSignedOut('Your session was ended by the hub. Sign in again.');
        return;
      }
      if (code === SYNC_CLOSE.viewChanged) {
        // The user's role or regions changed: the hub answers the next hello with a bootstrap of
        // the new view, so reconnect at once; waiting out a backoff would show stale rights.
        failures = 0;
        scheduleReconnect(true);
        return;
      }
      if (code === SYNC_CLOSE.unauthenticated) {
        renewBeforeConnect = true;
        scheduleReconnect(failures === 0);
        return;
      }
      if (wasWelcomed) failures = 0;
      scheduleReconnect(false);
    });
  }

  const unsubscribeToken = options.auth.onToken((token) => {
    if (current?.welcomed) send(current, { type: 'auth', token });
  });

  return {
    start() {
      if (started || stopped) return;
      started = true;
      connection = 'connecting';
      emitStatus();
      void connect();
    },
    outboxChanged() {
      // On the next turn, once per turn: the local write's reply (a settled promise) leaves the core
      // before the push to the hub and the status event, so a drop is answered within its frame.
      if (outboxFlushQueued) return;
      outboxFlushQueued = true;
      setImmediate(() => {
        outboxFlushQueued = false;
        if (stopped) return;
        if (current) pushPending(current);
        emitStatus();
      });
    },
    reconnectNow() {
      if (!started || stopped) return;
      failures = 0;
      const conn = current;
      if (conn) {
        // Already connecting, or connected: make sure the connection is really alive.
        if (!conn.welcomed || conn.probe || conn.ws.readyState !== WebSocket.OPEN) return;
        conn.probe = setTimeout(() => {
          conn.probe = null;
          if (current !== conn) return;
          lastError = 'The hub stopped answering.';
          // The close handler reconnects; failures is 0 again, so the first retry comes quickly.
          conn.ws.terminate();
        }, PROBE_TIMEOUT_MS);
        conn.probe.unref();
        send(conn, { type: 'ping' });
        return;
      }
      if (connecting) return;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      setConnection('connecting');
      void connect();
    },
    status,
    isOnline: () => connection === 'online' && current?.welcomed === true,
    setPresence(presence) {
      ownPresence = { board: presence.board, editingCaseId: presence.editingCaseId };
      if (current?.welcomed) send(current, { type: 'presence', board: ownPresence.board, editingCaseId: ownPresence.editingCaseId });
    },
    presence: () => others,
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribeToken();
      progress = null;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const conn = current;
      current = null;
      if (!conn) return;
      endConnection(conn);
      const ws = conn.ws;
      if (ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          ws.terminate();
          resolve();
        }, 1000);
        ws.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000, 'client closing');
      });
    },
  };
}
