// The console core: owns the signed-in session, that user's local cache and the sync client, and
// answers ConsoleApi calls from every window through one validated handler registry.
import os from 'node:os';
import type { SessionInfo, SyncStatus } from '../../../shared/console-api.js';
import type { Role, TokenPair } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import { canMutate } from '../../../shared/permissions.js';
import type { MutationName } from '../../../shared/sync/mutations.js';
import { eq } from 'drizzle-orm';
import { createAuthSession, type AuthSession } from './auth-session.js';
import type { BackoffOptions } from './backoff.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { cacheFileFor, normaliseHubUrl } from './cache/cache-location.js';
import { ensureClientId, setCacheUserId } from './cache/meta.js';
import { users } from './cache/schema.js';
import type { ConsoleCore, ConsoleCoreOptions } from './console-core-types.js';
import { createEventHub } from './event-hub.js';
import { createHandlerRegistry } from './handler-registry.js';
import { login as loginRequest, logout as logoutRequest } from './hub-http.js';
import { ensureClientGroupId } from './install-identity.js';
import { createCaseLocally, deleteCaseLocally, resolveConflictLocally, updateCaseLocally } from './local-writes.js';
import { consoleLogger, type Logger } from './logger.js';
import { getCaseDetail, listCases, listConflicts, listUsers, searchProjectors } from './queries.js';
import { deleteSession, loadSession, saveSession, type SavedSession } from './session-store.js';
import { createSyncClient, type SyncClient } from './sync-client.js';

/** Optional seams for tests and shells; production uses the defaults. */
export type ConsoleCoreDeps = Readonly<{
  logger?: Logger;
  backoff?: BackoffOptions;
  migrationsFolder?: string;
  heartbeatMs?: number;
  /** Milliseconds after which to refresh an access token that lives `expiresIn` seconds. */
  refreshAt?: (expiresInSeconds: number) => number;
  /** Shown by the hub in the user's session list; defaults to the host name. */
  clientName?: string;
}>;

type Active = { db: WritableDb; auth: AuthSession; sync: SyncClient; userId: string };

export { normaliseHubUrl };

function signedOutStatus(lastError: string | null): SyncStatus {
  return { connection: 'signed-out', pending: 0, lastSyncAt: null, bootstrap: null, lastError };
}

export async function createConsoleCore(options: ConsoleCoreOptions, deps: ConsoleCoreDeps = {}): Promise<ConsoleCore> {
  const logger = deps.logger ?? consoleLogger;
  const hubUrl = normaliseHubUrl(options.hubUrl);
  const dataDir = options.dataDir;
  const clientGroupId = ensureClientGroupId(dataDir);
  const events = createEventHub(logger);
  const registry = createHandlerRegistry(logger);

  let active: Active | null = null;
  let signedOutReason: string | null = null;
  let closed = false;
  // Sign-in, sign-out and close run one at a time; a call arriving mid-way waits its turn.
  let lifecycle: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = lifecycle.then(fn, fn);
    lifecycle = run.catch(() => undefined);
    return run;
  }

  function sessionInfo(a: Active | null): SessionInfo | null {
    return a ? { user: a.auth.session().user, hubUrl } : null;
  }

  function requireActive(): Active {
    if (!active) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    return active;
  }

  function openActive(saved: SavedSession, initial?: TokenPair): Active {
    const db = openCacheDb({ file: cacheFileFor(dataDir, hubUrl, saved.user.id), migrationsFolder: deps.migrationsFolder });
    try {
      const clientId = ensureClientId(db);
      setCacheUserId(db, saved.user.id);
      const auth = createAuthSession({
        dataDir,
        session: saved,
        initial,
        refreshAt: deps.refreshAt,
        onSignedOut: (reason) => void exclusive(() => endSession(reason, false)),
      });
      const sync = createSyncClient({
        hubUrl,
        db,
        clientId,
        clientGroupId,
        userId: saved.user.id,
        auth,
        logger,
        backoff: deps.backoff,
        heartbeatMs: deps.heartbeatMs,
        onStatus: (status) => events.emit('sync.status', status),
        onDataChanged: (entities) => events.dataChanged(entities),
        onRejected: (r) => events.emit('mutation.rejected', { mutationName: r.mutationName, caseId: r.caseId, caseLabel: r.caseLabel, message: r.message }),
        onSignedOut: (reason) => void exclusive(() => endSession(reason, false)),
      });
      const next: Active = { db, auth, sync, userId: saved.user.id };
      sync.start();
      return next;
    } catch (error) {
      closeCacheDb(db);
      throw error;
    }
  }

  async function stopActive(a: Active): Promise<void> {
    a.auth.stop();
    await a.sync.stop();
    events.flush();
    closeCacheDb(a.db);
  }

  /** Ends the session: stops sync, closes the cache (its outbox stays on disk), forgets the tokens. */
  async function endSession(reason: string | null, revoke: boolean): Promise<void> {
    const a = active;
    if (!a) return;
    active = null;
    const refreshToken = a.auth.session().refreshToken;
    await stopActive(a);
    deleteSession(dataDir);
    signedOutReason = reason;
    events.emit('session.changed', null);
    events.emit('sync.status', signedOutStatus(reason));
    if (revoke) {
      await logoutRequest(hubUrl, refreshToken).catch((error: unknown) => {
        logger.warn('could not revoke the session at the hub', { error: error instanceof Error ? error.message : String(error) });
      });
    }
  }

  function roleOf(a: Active): Role {
    const synced = a.db.select({ role: users.role }).from(users).where(eq(users.id, a.userId)).get();
    return synced?.role ?? a.auth.session().user.role;
  }

  function authorise(a: Active, name: MutationName, args: unknown): void {
    // The hub decides; checking here only spares the user an optimistic change that would bounce.
    if (!canMutate(roleOf(a), name, args)) throw new AppError('FORBIDDEN', 'Your role does not allow this change.');
  }

  registry.register('session.get', async () => sessionInfo(active));
  registry.register('session.login', (arg) =>
    exclusive(async () => {
      const pair = await loginRequest(hubUrl, arg.email, arg.password, deps.clientName ?? os.hostname());
      if (active) await endSession(null, true);
      const saved: SavedSession = { hubUrl, refreshToken: pair.refreshToken, user: pair.user };
      saveSession(dataDir, saved);
      active = openActive(saved, pair);
      signedOutReason = null;
      const info = sessionInfo(active)!;
      events.emit('session.changed', info);
      return info;
    }),
  );
  registry.register('session.logout', () =>
    exclusive(async () => {
      await endSession(null, true);
      return null;
    }),
  );
  registry.register('sync.status', async () => (active ? active.sync.status() : signedOutStatus(signedOutReason)));
  registry.register('cases.list', async (arg) => listCases(requireActive().db, arg));
  registry.register('cases.get', async (arg) => getCaseDetail(requireActive().db, arg.id));
  registry.register('cases.create', async (fields) => {
    const a = requireActive();
    authorise(a, 'createCase', fields);
    const { id } = createCaseLocally(a.db, fields, { userId: a.userId, now: new Date().toISOString() });
    events.dataChanged(['cases']);
    a.sync.outboxChanged();
    return { id };
  });
  registry.register('cases.update', async (arg) => {
    const a = requireActive();
    authorise(a, 'updateCase', arg);
    updateCaseLocally(a.db, arg.id, arg.patch, { userId: a.userId, now: new Date().toISOString() });
    events.dataChanged(['cases']);
    a.sync.outboxChanged();
    return null;
  });
  registry.register('cases.delete', async (arg) => {
    const a = requireActive();
    const args = { id: arg.id, reason: arg.reason ?? '' };
    authorise(a, 'deleteCase', args);
    deleteCaseLocally(a.db, arg.id, arg.reason, { userId: a.userId, now: new Date().toISOString() });
    events.dataChanged(['cases']);
    a.sync.outboxChanged();
    return null;
  });
  registry.register('conflicts.list', async (arg) => {
    const a = requireActive();
    return listConflicts(a.db, a.userId, arg.includeResolved ?? false);
  });
  registry.register('conflicts.resolve', async (arg) => {
    const a = requireActive();
    authorise(a, 'resolveConflict', arg);
    resolveConflictLocally(a.db, arg, { userId: a.userId, now: new Date().toISOString() });
    events.dataChanged(['conflicts', 'cases']);
    a.sync.outboxChanged();
    return null;
  });
  registry.register('sync.reconnect', async () => {
    // Signed out there is nothing to reconnect; the renderer may call this on any `online` event.
    active?.sync.reconnectNow();
    return null;
  });
  registry.register('users.list', async (arg) => listUsers(requireActive().db, arg));
  registry.register('projectors.search', async (arg) => searchProjectors(requireActive().db, arg.query, arg.limit));
  registry.assertComplete();

  const saved = loadSession(dataDir);
  if (saved && normaliseHubUrl(saved.hubUrl) === hubUrl) {
    try {
      active = openActive({ ...saved, hubUrl });
    } catch (error) {
      logger.error('could not resume the saved session', error);
    }
  }

  return {
    handle: (callId, method, arg) =>
      closed ? Promise.resolve({ kind: 'reply', id: callId, ok: false, error: { code: 'UNAVAILABLE', message: 'The console is shutting down.' } }) : registry.handle(callId, method, arg),
    onEvent: (listener) => events.subscribe(listener),
    close: () =>
      exclusive(async () => {
        if (closed) return;
        closed = true;
        const a = active;
        active = null;
        if (a) await stopActive(a);
        events.flush();
      }),
  };
}
