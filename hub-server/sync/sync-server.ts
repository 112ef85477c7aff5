// Mounts the /sync WebSocket on the hub's HTTP server: upgrades only that path, keeps the set of
// live sessions, fans out every commit to them, relays presence among them, closes sessions whose
// sign-in was revoked, and drops peers that stop answering pings.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_CLIENT_FRAME_BYTES } from '../../shared/sync/protocol.js';
import type { AuthService } from '../auth/auth-service.js';
import type { Clock } from '../clock.js';
import type { HubRepository } from '../db/repository.js';
import { errorFields, type HubLogger } from '../logger.js';
import { Limiter } from './bootstrap.js';
import { FanOut } from './fan-out.js';
import { PresenceRelay } from './presence.js';
import { SyncSession, type SyncHub } from './sync-session.js';

export const SYNC_PATH = '/sync';
const CLOSE_GRACE_MS = 1000;
const RECENT_ANNOUNCEMENTS = 10_000;

export type SyncServerOptions = Readonly<{
  repo: HubRepository;
  auth: AuthService;
  log: HubLogger;
  clock: Clock;
  epoch: string;
  helloTimeoutMs?: number;
  /** Bootstraps streamed at the same time (default 4); more wait their turn. */
  maxConcurrentBootstraps?: number;
  heartbeatMs?: number;
}>;

export type SyncServer = Readonly<{
  sessionCount(): number;
  /** Resolves once pending presence frames have been sent (tests). */
  presenceSettled(): Promise<void>;
  /** Closes every sync socket (1001) and detaches from the HTTP server. */
  close(): Promise<void>;
}>;

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachSyncServer(server: http.Server, options: SyncServerOptions): SyncServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  const sessions = new Map<WebSocket, SyncSession>();
  const alive = new WeakSet<WebSocket>();

  const fanOut = new FanOut(options.repo, () => sessions.values(), options.log);
  const presence = new PresenceRelay(options.repo, () => sessions.values(), options.log);
  // Bounded memory of recent announcements, for hellos that were mid-flight when they came.
  const recentlyRevoked = new Set<string>();
  const viewChanges = new Map<string, number>();
  let viewCounter = 0;
  const makeRoom = <K>(map: Set<K> | Map<K, unknown>) => {
    if (map.size >= RECENT_ANNOUNCEMENTS) map.delete(map.keys().next().value as K);
  };

  const hub: SyncHub = {
    repo: options.repo,
    auth: options.auth,
    log: options.log,
    clock: options.clock,
    epoch: options.epoch,
    helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
    bootstraps: new Limiter(options.maxConcurrentBootstraps ?? 4),
    flushAll: () => fanOut.flush(),
    presence,
    wasRevoked: (sessionId) => recentlyRevoked.has(sessionId),
    viewChangeCounter: () => viewCounter,
    lastViewChange: (userId) => viewChanges.get(userId) ?? 0,
  };

  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(request.url ?? '/', 'http://hub.invalid').pathname;
    if (pathname !== SYNC_PATH) return refuse(socket, '404 Not Found');
    wss.handleUpgrade(request, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      sessions.set(ws, new SyncSession(ws, hub));
      ws.on('close', () => sessions.delete(ws));
    });
  };
  server.on('upgrade', onUpgrade);

  const stopCommits = options.repo.onCommit(() => {
    hub.flushAll().catch((error: unknown) => options.log.error('Fan-out failed', errorFields(error)));
  });
  const stopRevocations = options.auth.onSessionRevoked((sessionId) => {
    makeRoom(recentlyRevoked);
    recentlyRevoked.add(sessionId);
    for (const session of sessions.values()) if (session.sessionId === sessionId) session.revoke();
  });
  const stopViewChanges = options.auth.events.onViewChanged((userId) => {
    viewCounter += 1;
    viewChanges.delete(userId);
    makeRoom(viewChanges);
    viewChanges.set(userId, viewCounter);
    for (const session of sessions.values()) if (session.userId === userId) session.viewChanged();
  });

  const heartbeat = setInterval(() => {
    for (const ws of sessions.keys()) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    sessionCount: () => sessions.size,
    presenceSettled: () => presence.settled(),
    async close() {
      clearInterval(heartbeat);
      stopCommits();
      stopRevocations();
      stopViewChanges();
      server.off('upgrade', onUpgrade);
      const closed = [...sessions.keys()].map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
      for (const session of sessions.values()) session.close(1001, 'The hub is shutting down.');
      // Peers that never answer the close handshake must not hold the shutdown open for ws's 30 s.
      const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      await Promise.race([Promise.all(closed), grace]);
      for (const ws of sessions.keys()) ws.terminate();
      await presence.stop();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
