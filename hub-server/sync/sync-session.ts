// One /sync connection: hello → welcome → bootstrap or catch-up → live changes, plus pushes, token
// renewal and pings. Frames are handled one at a time in arrival order; sending changes has its own
// queue so a push can flush every session (its own included) before answering.
import type { WebSocket } from 'ws';
import type { PublicUser } from '../../shared/domain.js';
import { AppError, isAppError, toErrorBody, type ErrorBody } from '../../shared/errors.js';
import { ENTITIES, type AnyEntityRow, type EntityName } from '../../shared/sync/entities.js';
import { BOOTSTRAP_CHUNK_ROWS, SYNC_CLOSE, type ClientMessage, type Cursor, type ServerMessage } from '../../shared/sync/protocol.js';
import type { AuthService, AuthenticatedUser } from '../auth/auth-service.js';
import type { Clock } from '../clock.js';
import type { HubRepository } from '../db/repository.js';
import { applyPush } from '../domain/push.js';
import { errorFields, type HubLogger } from '../logger.js';
import { parseClientFrame, toChange } from './frames.js';
import { SerialQueue } from '../db/serial-queue.js';
import type { RowFilter, VisibilityFilter } from './visibility.js';

/** Change-log entries per `changes` frame: keeps frames modest even with long descriptions. */
export const CHANGES_PER_FRAME = 500;
/** Close code for a client id that belongs to someone else (policy violation). */
const CLOSE_POLICY = 1008;
const CLOSE_INTERNAL = 1011;

export type SyncHub = Readonly<{
  repo: HubRepository;
  auth: AuthService;
  log: HubLogger;
  clock: Clock;
  epoch: string;
  visibility: VisibilityFilter;
  helloTimeoutMs: number;
  /** Sends pending changes to every live session; resolves once all are queued on their sockets. */
  flushAll(): Promise<void>;
}>;

type State = 'awaiting-hello' | 'starting' | 'live' | 'closed';

export class SyncSession {
  private state: State = 'awaiting-hello';
  private readonly frames = new SerialQueue();
  private readonly sends = new SerialQueue();
  private helloTimer: NodeJS.Timeout | null;
  private expiryTimer: NodeJS.Timeout | null = null;
  private auth: AuthenticatedUser | null = null;
  private token = '';
  private clientId = '';
  private clientGroupId = '';
  private cursorVersion = 0;
  private filter: RowFilter = () => true;
  private queuedPump: Promise<void> | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly hub: SyncHub,
  ) {
    this.helloTimer = setTimeout(() => this.fail({ code: 'BAD_REQUEST', message: 'No hello received in time.' }, SYNC_CLOSE.helloTimeout), hub.helloTimeoutMs);
    socket.on('message', (data, isBinary) => {
      void this.frames.run(() => this.onFrame(parseClientFrame(data, isBinary)));
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

  close(code: number, reason: string): void {
    this.dispose();
    this.socket.close(code, reason);
  }

  /** Sends every change after this session's cursor; with `always`, an empty frame too. */
  pump(always = false): Promise<void> {
    // A pump that has not started yet will read everything committed so far: callers can share it.
    if (this.queuedPump && !always) return this.queuedPump;
    const run: Promise<void> = this.sends.run(async () => {
      if (this.queuedPump === run) this.queuedPump = null;
      if (this.state !== 'live') return;
      try {
        let sent = false;
        for (;;) {
          const entries = await this.hub.repo.read((tx) => tx.changesSince(this.cursorVersion, CHANGES_PER_FRAME));
          const last = entries.at(-1);
          if (!last) break;
          this.cursorVersion = last.version;
          const changes = entries.filter((entry) => entry.op === 'del' || this.filter(entry.entity, entry.after as AnyEntityRow)).map(toChange);
          this.send({ type: 'changes', changes, cursor: this.cursor() });
          sent = true;
          if (entries.length < CHANGES_PER_FRAME) break;
        }
        if (!sent && always) this.send({ type: 'changes', changes: [], cursor: this.cursor() });
      } catch (error) {
        this.internalFailure('Sending changes failed', error);
      }
    });
    if (!always) this.queuedPump = run;
    return run;
  }

  private cursor(): Cursor {
    return { epoch: this.hub.epoch, version: this.cursorVersion };
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private sendError(error: ErrorBody, fatal = false): void {
    this.send(fatal ? { type: 'error', error, fatal } : { type: 'error', error });
  }

  private fail(error: ErrorBody, code: number): void {
    if (this.state === 'closed') return;
    this.sendError(error, true);
    this.close(code, error.message.slice(0, 120));
  }

  private internalFailure(what: string, error: unknown): void {
    this.hub.log.error(what, { clientId: this.clientId, ...errorFields(error) });
    this.fail(toErrorBody(error), CLOSE_INTERNAL);
  }

  private dispose(): void {
    this.state = 'closed';
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
    const auth = await this.authenticate(hello.token);
    if (!auth) return;
    this.clientId = hello.clientId;
    this.clientGroupId = hello.clientGroupId;
    const start = await this.hub.repo.read(async (tx) => ({
      client: await tx.getClient(hello.clientId),
      head: await tx.headVersion(),
      horizon: Number((await tx.getMeta('compactionHorizon')) ?? 0),
    }));
    if (start.client && start.client.userId !== auth.user.id) {
      return this.fail({ code: 'FORBIDDEN', message: 'This client id belongs to another user. Sign in again on this device.' }, CLOSE_POLICY);
    }
    this.adopt(auth, hello.token);
    this.filter = this.hub.visibility(auth.user);
    this.send({ type: 'welcome', user: auth.user, epoch: this.hub.epoch, version: start.head, lastMutationId: start.client?.lastMutationId ?? 0 });

    const cursor = hello.cursor;
    const canCatchUp = cursor !== null && cursor.epoch === this.hub.epoch && cursor.version >= start.horizon && cursor.version <= start.head;
    if (canCatchUp) {
      this.cursorVersion = cursor.version;
      this.state = 'live';
      await this.pump(true);
      return;
    }
    await this.bootstrap(auth.user);
  }

  /** A consistent snapshot at one version V, streamed in chunks, then live from V. */
  private async bootstrap(user: PublicUser): Promise<void> {
    const snapshot = await this.hub.repo.read(async (tx) => {
      const version = await tx.headVersion();
      const rows = new Map<EntityName, AnyEntityRow[]>();
      for (const entity of ENTITIES) rows.set(entity, (await tx.listRows(entity)).filter((row) => this.filter(entity, row)));
      return { version, rows };
    });
    const total = [...snapshot.rows.values()].reduce((sum, rows) => sum + rows.length, 0);
    this.send({ type: 'bootstrap-begin', epoch: this.hub.epoch, version: snapshot.version, total });
    let sent = 0;
    for (const [entity, rows] of snapshot.rows) {
      let offset = 0;
      do {
        const chunk = rows.slice(offset, offset + BOOTSTRAP_CHUNK_ROWS);
        offset += chunk.length;
        sent += chunk.length;
        this.send({ type: 'bootstrap-rows', entity, rows: chunk, sent, total });
      } while (offset < rows.length);
    }
    this.cursorVersion = snapshot.version;
    this.send({ type: 'bootstrap-end', cursor: this.cursor() });
    this.hub.log.info('Sync bootstrap sent', { userId: user.id, clientId: this.clientId, rows: total, version: snapshot.version });
    this.state = 'live';
    await this.pump();
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
    const outcome = await applyPush(this.hub.repo, auth.user, this.clientId, this.clientGroupId, mutations, { clock: this.hub.clock, log: this.hub.log });
    // Changes first, so the pusher's view already holds its rows when it reads the results.
    await this.hub.flushAll();
    this.send({ type: 'push-result', results: outcome.results, lastMutationId: outcome.lastMutationId });
  }
}
