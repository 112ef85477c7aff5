// Holds the signed-in user's tokens: the access token only in memory, the refresh token persisted
// (rotated on every refresh). Refreshes at ~80% of the access token's life, one refresh at a time
// (two concurrent refreshes with one rotated token would look like token theft to the hub).
import type { TokenPair } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import { refresh as refreshRequest } from './hub-http.js';
import { saveSession, type SavedSession } from './session-store.js';

export type AuthSessionOptions = Readonly<{
  dataDir: string;
  session: SavedSession;
  /** Tokens from a fresh login; on resume there are none and the first use refreshes. */
  initial?: TokenPair;
  /** The hub refused our refresh token (revoked, reused, user gone). */
  onSignedOut(reason: string): void;
  /** Lets tests refresh sooner; the hub's expiresIn is otherwise trusted. */
  refreshAt?: (expiresInSeconds: number) => number;
  /** A refresh or a password change altered what the session says about the user. */
  onSessionChanged?: (session: SavedSession) => void;
}>;

export type AuthSession = Readonly<{
  /** A usable access token, refreshing first if there is none. Throws UNAVAILABLE when offline. */
  accessToken(): Promise<string>;
  /** Forgets the access token (the hub said it is bad) and refreshes. */
  renew(): Promise<string>;
  onToken(listener: (token: string) => void): () => void;
  session(): SavedSession;
  /** Records (and persists) that the temporary password has been replaced, or must be. */
  setMustChangePassword(value: boolean): void;
  stop(): void;
}>;

const defaultRefreshAt = (expiresIn: number) => Math.max(1000, expiresIn * 1000 * 0.8);

export function createAuthSession(options: AuthSessionOptions): AuthSession {
  let session = options.session;
  let token: string | null = null;
  let inFlight: Promise<string> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const listeners = new Set<(token: string) => void>();
  const refreshAt = options.refreshAt ?? defaultRefreshAt;

  function adopt(pair: TokenPair, persist: boolean): string {
    token = pair.accessToken;
    if (persist) {
      // The old refresh token is dead the moment the hub rotated it: save the new one at once.
      const before = session;
      session = { hubUrl: session.hubUrl, refreshToken: pair.refreshToken, user: pair.user, mustChangePassword: pair.mustChangePassword === true };
      saveSession(options.dataDir, session);
      if (JSON.stringify([before.user, before.mustChangePassword]) !== JSON.stringify([session.user, session.mustChangePassword])) options.onSessionChanged?.(session);
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      renew().catch(() => {
        // Offline: the sync client's reconnect asks for a token again and retries the refresh.
      });
    }, refreshAt(pair.expiresIn));
    timer.unref();
    return pair.accessToken;
  }

  function renew(): Promise<string> {
    if (stopped) return Promise.reject(new AppError('UNAUTHENTICATED', 'Signed out.'));
    inFlight ??= (async () => {
      try {
        const pair = await refreshRequest(session.hubUrl, session.refreshToken);
        if (stopped) throw new AppError('UNAUTHENTICATED', 'Signed out.');
        const fresh = adopt(pair, true);
        for (const listener of listeners) listener(fresh);
        return fresh;
      } catch (error) {
        token = null;
        if (error instanceof AppError && error.code === 'UNAUTHENTICATED' && !stopped) {
          stopped = true;
          options.onSignedOut('Your session has ended. Sign in again.');
        }
        throw error;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  if (options.initial) adopt(options.initial, false);

  return {
    accessToken: () => (token !== null ? Promise.resolve(token) : renew()),
    renew: () => {
      token = null;
      return renew();
    },
    onToken(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    session: () => session,
    setMustChangePassword(value) {
      if (session.mustChangePassword === value) return;
      session = { ...session, mustChangePassword: value };
      if (!stopped) saveSession(options.dataDir, session);
      options.onSessionChanged?.(session);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
