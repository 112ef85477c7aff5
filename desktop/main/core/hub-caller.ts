// Online-only calls to the hub's account and admin routes for the signed-in user: the access token
// is sent as a Bearer token and renewed once when the hub says it expired (or does not recognise
// it); a 'revoked' answer means the session is over, so the console signs out. When the hub cannot
// be reached the error names what needed it, so the person knows why the screen is empty.
import type { HubRouteName, HubRouteResults } from '../../../shared/admin.js';
import { AppError } from '../../../shared/errors.js';
import type { AuthSession } from './auth-session.js';
import { callHubRoute, downloadHubRoute, unauthenticatedReason, type HubDownload } from './hub-http.js';

export type HubCallerOptions = Readonly<{
  hubUrl: string;
  auth: AuthSession;
  /** True when the sync client has given up reaching the hub for now: fail at once, do not wait for a timeout. */
  isOffline(): boolean;
  /** The hub revoked this session (or deactivated the user). */
  onRevoked(reason: string): void;
}>;

export type HubCall = Readonly<{ id?: string; body?: unknown; /** Raw bytes (files.put). */ rawBody?: Uint8Array; timeoutMs?: number }>;

export type HubCaller = <N extends HubRouteName>(name: N, what: string, call?: HubCall) => Promise<HubRouteResults[N]>;

export const REVOKED_MESSAGE = 'Your session was ended by the hub. Sign in again.';

function needsHub(what: string, cause: string): AppError {
  return new AppError('UNAVAILABLE', `${what} needs a connection to the hub. ${cause}`);
}

export type HubDownloader = (name: HubRouteName, what: string, call?: HubCall) => Promise<HubDownload>;

/** Runs `attempt` with the access token, renewing it once; maps revocation and unreachability. */
async function withAuth<T>(options: HubCallerOptions, what: string, attempt: (token: string) => Promise<T>): Promise<T> {
  if (options.isOffline()) throw needsHub(what, 'This console is offline right now; try again when it is back online.');
  try {
    try {
      return await attempt(await options.auth.accessToken());
    } catch (error) {
      const reason = unauthenticatedReason(error);
      if (reason === null || reason === 'revoked') throw error;
      // Expired or unknown to the hub (e.g. its key rotated): one fresh token, one more try.
      return await attempt(await options.auth.renew());
    }
  } catch (error) {
    if (unauthenticatedReason(error) === 'revoked') {
      options.onRevoked(REVOKED_MESSAGE);
      throw new AppError('UNAUTHENTICATED', REVOKED_MESSAGE);
    }
    if (error instanceof AppError && error.code === 'UNAVAILABLE') throw needsHub(what, error.message);
    throw error;
  }
}

export function createHubCaller(options: HubCallerOptions): HubCaller {
  return (name, what, call = {}) => withAuth(options, what, (token) => callHubRoute(options.hubUrl, name, { ...call, token }));
}

/** The same, for routes answering raw bytes (attachments). */
export function createHubDownloader(options: HubCallerOptions): HubDownloader {
  return (name, what, call = {}) => withAuth(options, what, (token) => downloadHubRoute(options.hubUrl, name, { ...call, token }));
}
