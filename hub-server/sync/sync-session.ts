// One /sync connection: hello → welcome → bootstrap or catch-up → live changes, plus pushes, token
// renewal and pings. Frames are handled one at a time in arrival order; sending changes has its own
// queue so a push can flush every session (its own included) before answering.
import type { WebSocket } from 'ws';
import { AppError, isAppError, toErrorBody, type ErrorBody } from '../../shared/errors.js';
import { SYNC_CLOSE, type Change, type ClientMessage, type Cursor, type PresenceEntry, type ServerMessage } from '../../shared/sync/protocol.js';
import type { PublicUser } from '../../shared/domain.js';
import type { AuthService, AuthenticatedUser } from '../auth/auth-service.js';
import { isoAt, type Clock } from '../clock.js';
import type { HubRepository } from '../db/repository.js';
import { applyPush } from '../domain/push.js';
import { readCompactionHorizon } from '../domain/compaction.js';
import { errorFields, type HubLogger } from '../logger.js';
import { parseClientFrame } from './frames.js';
import { SerialQueue } from '../db/serial-queue.js';
import { streamBootstrap, type Limiter } from './bootstrap.js';
import { CHANGES_PER_FRAME, type FanOutTarget } from './fan-out.js';
import { ViewerState, createViewLookups, visibleChanges } from './visibility.js';
import type { PresenceRelay, PresenceTarget } from './presence.js';

/** Close code for a client id that belongs to someone else (policy violation). */
const CLOSE_POLICY = 1008;
const CLOSE_INTERNAL = 1011;
/** "Try again later": a live client so slow that its unsent frames pile up is dropped. */
const CLOSE_TRY_AGAIN = 1013;
/** Bootstrap and catch-up wait for the socket to drain above this many buffered bytes. */
export const SEND_HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** A client whose socket has not taken any of the buffered bytes for this long is not reading. */
export const DRAIN_STALL_MS = 30_000;
/** Frames one client may have waiting behind a bootstrap or catch-up (pings, pushes, auth). */
export const MAX_QUEUED_FRAMES = 64;
/** A live session with more than this buffered is closed; it catches up from its cursor later. */
export const LIVE_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export type SyncHub = Readonly<{
  repo: HubRepository;
  auth: AuthService;
  log: HubLogger;
  clock: Clock;
  epoch: string;
  helloTimeoutMs: number;
  /** Bounds concurrent bootstraps (each holds a snapshot connection). */
  bootstraps: Limiter;
  /** Sends pending changes to every live session; resolves once all are queued on their sockets. */
  flushAll(): Promise<void>;
  /** Relays who is on the board or editing which case among the live sessions. */
  presence: PresenceRelay;
  /**
   * Announcements a connection may miss while its hello is between authenticating and being
   * registered: whether a session was revoked, and a counter of view changes (per user, the
   * counter value at their last one).
   */
  wasRevoked(sessionId: string): boolean;
  viewChangeCounter(): number;
  lastViewChange(userId: string): number;
}>;

type State = 'awaiting-hello' | 'starting' | 'live' | 'closed';

export class SyncSession implements FanOutTarget, PresenceTarget {
  private state: State = 'awaiting-hello';
  private readonly frames = new SerialQueue();
  private readonly sends = new SerialQueue();
  private helloTimer: NodeJS.Timeout | null;
  private expiryTimer: NodeJS.Timeout | null = null;
  private auth: AuthenticatedUser | null = null;
  private token = '';
  private clientId = '';
  private clientGroupId = '';
  private cursor = 0;
  private viewerState: ViewerState | null = null;
  private queuedFrames = 0;
  /** Resolves when the last frame sent has been handed to the OS (or the socket closed). */
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    private readonly hub: SyncHub,
  ) {
    this.helloTimer = setTimeout(() => this.fail({ code: 'BAD_REQUEST', message: 'No hello received in time.' }, SYNC_CLOSE.helloTimeout), hub.helloTimeoutMs);
    socket.on('message', (data, isBinary) => {
      // Frames wait while a bootstrap or catch-up runs; a client may not pile up more than a few.
      if (++this.queuedFrames > MAX_QUEUED_FRAMES) {
        this.socket.close(1008, 'Too many frames waiting');
        return;
      }
      void this.frames.run(async () => {
        try {
          await this.onFrame(parseClientFrame(data, isBinary));
        } finally {
          this.queuedFrames -= 1;
        }
      });
    });
    socket.on('close', () => this.dispose());
    socket.on('error', (error) => hub.log.warn('Sync socket error', { clientId: this.clientId, ...errorFields(error) }));
  }

  get sessionId(): string | null {
    return this.auth?.sessionId ?? null;
  }

  get userId(): string | null {
    return this.auth?.user.id ?? null;
  }

  /** The session behind this socket was ended elsewhere (sign-out, token reuse, deactivation). */
  revoke(): void {
    this.fail({ code: 'UNAUTHENTICATED', message: 'Your session has ended. Sign in again.' }, SYNC_CLOSE.revoked);
  }

  /** The user's role or regions changed: reconnect at once for a fresh view (4009). */
  viewChanged(): void {
    // No error frame: nothing went wrong, the console just reconnects (at once, no backoff).
    if (this.state !== 'closed') this.close(SYNC_CLOSE.viewChanged, 'Your role or regions changed.');
  }

  close(code: number, reason: string): void {
    this.dispose();
    this.socket.close(code, reason);
  }

  get live(): boolean {
    return this.state === 'live';
  }

  get presenceUser(): PublicUser | null {
    return this.viewerState?.user ?? null;
  }

  sendPresence(others: readonly PresenceEntry[]): void {
    if (this.state === 'live') this.send({ type: 'presence', others });
  }

  /** Live from now on: the fan-out brings it up to the head, the relay tells it who else is here. */
  private goLive(): Promise<void> {
    this.state = 'live';
    this.hub.presence.wentLive(this);
    return this.hub.flushAll();
  }

  get cursorVersion(): number {
    return this.cursor;
  }

  get viewer(): ViewerState {
    if (!this.viewerState) throw new AppError('BAD_REQUEST', 'Send hello first.');
    return this.viewerState;
  }

  deliver(changes: readonly Change[], version: number, json: string): void {
    if (this.state !== 'live') return;
    // This user's role or regions change is in the batch: close before the cursor reaches its
    // version, so the reconnect's cursor is older than the user's viewVersion and gets a fresh
    // bootstrap of the new view (delivering it first would let the console catch up instead).
    if (this.changesOwnView(changes)) return this.viewChanged();
    this.cursor = version;
    this.sendText(`{"type":"changes","changes":${json},"cursor":${JSON.stringify(this.currentCursor())}}`);
    if (this.socket.bufferedAmount > LIVE_MAX_BUFFERED_BYTES) {
      this.hub.log.warn('Dropping a sync client that does not keep up', { clientId: this.clientId, buffered: this.socket.bufferedAmount });
      this.fail({ code: 'UNAVAILABLE', message: 'Your connection is too slow to keep up. Reconnect to catch up.' }, CLOSE_TRY_AGAIN);
    }
  }

  private changesOwnView(changes: readonly Change[]): boolean {
    const viewed = this.viewerState?.user;
    if (!viewed) return false;
    return changes.some((change) => {
      if (change.entity !== 'users' || change.id !== viewed.id || !change.row) return false;
      const row = change.row as Readonly<{ role: string; regions: readonly string[] }>;
      return row.role !== viewed.role || row.regions.join('\n') !== viewed.regions.join('\n');
    });
  }

  fail(what: string, error: unknown): void;
  fail(error: ErrorBody, code: number): void;
  fail(first: string | ErrorBody, second: unknown): void {
    if (typeof first === 'string') return this.internalFailure(first, second);
    if (this.state === 'closed') return;
    this.sendError(first, true);
    this.close(second as number, first.message.slice(0, 120));
  }

  /** A method, not a field test: the state changes while async work is awaited. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private currentCursor(): Cursor {
    return { epoch: this.hub.epoch, version: this.cursor };
  }

  private send(message: ServerMessage): void {
    this.sendText(JSON.stringify(message));
  }

  private sendText(text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.lastWrite = new Promise<void>((resolve) => this.socket.send(text, () => resolve()));
  }

  /** Waits while too much is buffered for this socket, so a slow client does not grow hub memory. */
  private async drain(): Promise<void> {
    while (this.socket.readyState === this.socket.OPEN && this.socket.bufferedAmount > SEND_HIGH_WATER_BYTES) {
      const before = this.socket.bufferedAmount;
      const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<'stalled'>((resolve) => (timer = setTimeout(() => resolve('stalled'), DRAIN_STALL_MS)));
      const outcome = await Promise.race([this.lastWrite, closed, stalled]);
      clearTimeout(timer);
      // A client that stops reading must not hold a bootstrap slot and a snapshot open forever.
      if (outcome === 'stalled' && this.socket.bufferedAmount >= before) {
        this.hub.log.warn('Sync client stopped reading; closing', { clientId: this.clientId });
        this.socket.terminate();
        return;
      }
    }
  }

  private sendError(error: ErrorBody, fatal = false): void {
    this.send(fatal ? { type: 'error', error, fatal } : { type: 'error', error });
  }

  private internalFailure(what: string, error: unknown): void {
    this.hub.log.error(what, { clientId: this.clientId, ...errorFields(error) });
    this.fail(toErrorBody(error), CLOSE_INTERNAL);
  }

  private dispose(): void {
    this.state = 'closed';
    this.hub.presence.remove(this);
    if (this.helloTimer) clearTimeout(this.helloTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.helloTimer = null;
    this.expiryTimer = null;
  }

  private async onFrame(frame: ReturnType<typeof parseClientFrame>): Promise<void> {
    if (this.state === 'closed') return;
    if (frame.kind === 'protocol') return this.fail(frame.error, SYNC_CLOSE.protocol);
    if (frame.kind === 'bad') return this.sendError(frame.error);
    try {
      await this.onMessage(frame.message);
    } catch (error) {
      if (isAppError(error)) this.sendError(error.toBody());
      else this.internalFailure('Sync frame failed', error);
    }
  }

  private async onMessage(message: ClientMessage): Promise<void> {
    if (message.type === 'ping') return this.send(message.ref === undefined ? { type: 'pong' } : { type: 'pong', ref: message.ref });
    if (message.type === 'hello') return this.onHello(message);
    if (this.state !== 'live') throw new AppError('BAD_REQUEST', 'Send hello first.');
    if (message.type === 'auth') return this.onAuth(message.token);
    if (message.type === 'presence') return this.hub.presence.set(this, this.viewer.user, message.board, message.editingCaseId);
    return this.onPush(message.mutations);
  }

  /** Checks a token; on failure closes with 4001 (refresh and retry) or 4003 (sign out). */
  private async authenticate(token: string): Promise<AuthenticatedUser | null> {
    try {
      return await this.hub.auth.authenticate(token);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'UNAUTHENTICATED') throw error;
      this.fail(error.toBody(), error.details?.reason === 'revoked' ? SYNC_CLOSE.revoked : SYNC_CLOSE.unauthenticated);
      return null;
    }
  }

  private adopt(auth: AuthenticatedUser, token: string): void {
    this.auth = auth;
    this.token = token;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const remaining = Math.max(0, auth.expiresAt - this.hub.clock());
    // Clients renew with an `auth` frame before this; a silent one is told to refresh and reconnect.
    this.expiryTimer = setTimeout(
      () => this.fail({ code: 'UNAUTHENTICATED', message: 'Your access token expired. Refresh it and reconnect.', details: { reason: 'expired' } }, SYNC_CLOSE.unauthenticated),
      Math.min(remaining, 2_147_000_000),
    );
  }

  private async onHello(hello: Extract<ClientMessage, { type: 'hello' }>): Promise<void> {
    if (this.state !== 'awaiting-hello') throw new AppError('BAD_REQUEST', 'This connection has already said hello.');
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
    this.state = 'starting';
    const viewChangesBefore = this.hub.viewChangeCounter();
    const auth = await this.authenticate(hello.token);
    if (!auth) return;
    this.clientId = hello.clientId;
    this.clientGroupId = hello.clientGroupId;
    const start = await this.hub.repo.read(async (tx) => ({
      client: await tx.getClient(hello.clientId),
      head: await tx.headVersion(),
      horizon: await readCompactionHorizon(tx),
    }));
    // The admin's sessions screen shows when each sign-in was last seen.
    await this.hub.repo.write((tx) => tx.touchSession(auth.sessionId, isoAt(this.hub.clock())));
    if (start.client && start.client.userId !== auth.user.id) {
      return this.fail({ code: 'FORBIDDEN', message: 'This client id belongs to another user. Sign in again on this device.' }, CLOSE_POLICY);
    }
    this.adopt(auth, hello.token);
    // Announced while this hello was reading: the listeners did not know this socket yet.
    if (this.hub.wasRevoked(auth.sessionId)) return this.revoke();
    if (this.hub.lastViewChange(auth.user.id) > viewChangesBefore) return this.viewChanged();
    this.viewerState = new ViewerState(auth.user);
    this.send({ type: 'welcome', user: auth.user, epoch: this.hub.epoch, version: start.head, lastMutationId: start.client?.lastMutationId ?? 0 });

    // Entries at or below the horizon were compacted away: such a cursor (or one from another
    // epoch, i.e. a restored backup, or from the future) cannot be caught up and needs a snapshot.
    const cursor = hello.cursor;
    // A cursor from before the user's last role or regions change holds the old view: a catch-up
    // would not bring the rows that entered it, so such a console gets a fresh snapshot.
    const canCatchUp =
      cursor !== null && cursor.epoch === this.hub.epoch && cursor.version >= start.horizon && cursor.version <= start.head && cursor.version >= auth.viewVersion;
    if (canCatchUp && (await this.catchUp(cursor.version))) return;
    await this.bootstrap();
  }

  /**
   * Replays the log after the cursor, judged against visibility now, then goes live. False when a
   * compaction (run by an admin meanwhile) removed entries the replay still needed.
   */
  private async catchUp(from: number): Promise<boolean> {
    const viewer = this.viewer;
    viewer.forget();
    let cursor = from;
    for (;;) {
      const page = await this.hub.repo.read(async (tx) => {
        if (cursor < (await readCompactionHorizon(tx))) return null;
        const entries = await tx.changesSince(cursor, CHANGES_PER_FRAME);
        const lookups = createViewLookups(tx);
        const changes = await visibleChanges(viewer, entries, lookups);
        const done = entries.length < CHANGES_PER_FRAME;
        // Everything up to this snapshot's head is replayed: the console now holds what it may see.
        if (done) viewer.know(await lookups.assignedRefs(viewer.user.id));
        return { changes, last: entries.at(-1)?.version ?? cursor, done };
      });
      if (this.isClosed()) return true;
      if (!page) return false;
      cursor = page.last;
      this.cursor = cursor;
      this.send({ type: 'changes', changes: page.changes, cursor: this.currentCursor() });
      await this.drain();
      if (page.done) break;
    }
    if (this.isClosed()) return true;
    await this.goLive();
    return true;
  }

  /** A consistent snapshot at one version V, streamed in chunks, then live from V. */
  private async bootstrap(): Promise<void> {
    const viewer = this.viewer;
    const outcome = await this.hub.bootstraps.run(() =>
      this.isClosed()
        ? Promise.resolve(null)
        : streamBootstrap(this.hub.repo, viewer, this.hub.epoch, {
            send: (message) => this.send(message),
            drain: () => this.drain(),
            isOpen: () => this.state !== 'closed' && this.socket.readyState === this.socket.OPEN,
          }),
    );
    if (!outcome || this.isClosed()) return;
    this.cursor = outcome.version;
    this.hub.log.info('Sync bootstrap sent', { userId: viewer.user.id, clientId: this.clientId, rows: outcome.rows, version: outcome.version });
    await this.goLive();
  }

  private async onAuth(token: string): Promise<void> {
    const auth = await this.authenticate(token);
    if (!auth) return;
    if (auth.user.id !== this.auth?.user.id) {
      return this.fail({ code: 'FORBIDDEN', message: 'A connection cannot change user. Reconnect instead.' }, CLOSE_POLICY);
    }
    this.adopt(auth, token);
  }

  private async onPush(mutations: Extract<ClientMessage, { type: 'push' }>['mutations']): Promise<void> {
    // The session may have been revoked or the user deactivated since hello: check on every push.
    const auth = await this.authenticate(this.token);
    if (!auth) return;
    // The view was built for a role and regions that changed since (missed announcement, another
    // hub instance): reconnect for the new view before anything else.
    const viewed = this.viewer.user;
    if (auth.user.role !== viewed.role || auth.user.regions.join('\n') !== viewed.regions.join('\n')) return this.viewChanged();
    if (auth.mustChangePassword) {
      // Not consumed: once the password is changed the same outbox goes through.
      return this.sendError({ code: 'FORBIDDEN', message: 'Change your temporary password before making changes.', details: { reason: 'password_change_required' } });
    }
    const outcome = await applyPush(this.hub.repo, auth.user, this.clientId, this.clientGroupId, mutations, { clock: this.hub.clock, log: this.hub.log, sessionId: auth.sessionId });
    // Changes first, so the pusher's view already holds its rows when it reads the results.
    await this.hub.flushAll();
    this.send({ type: 'push-result', results: outcome.results, lastMutationId: outcome.lastMutationId });
  }
}
