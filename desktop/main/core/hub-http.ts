// The hub's HTTP API, called with Node's global fetch: the auth endpoints and, by name, every route
// of HUB_ROUTES (method and path from the shared table, so core and hub cannot drift apart). Hub
// failures come back as the hub's own AppError (details included, e.g. a 401's reason); a hub that
// cannot be reached, or answers garbage, is UNAVAILABLE with the reason.
import { HUB_ROUTES, routePath, type HubRouteName, type HubRouteResults } from '../../../shared/admin.js';
import type { TokenPair } from '../../../shared/domain.js';
import { AppError, errorBodySchema, fromErrorBody } from '../../../shared/errors.js';

const REQUEST_TIMEOUT_MS = 10_000;

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message) return cause.message;
    return error.message;
  }
  return String(error);
}

export type HubRequest = Readonly<{
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** JSON body; never sent with GET. */
  body?: unknown;
  /** Access token for `Authorization: Bearer`. */
  token?: string;
  timeoutMs?: number;
}>;

/** One request to the hub, unwrapping the `{ ok, value | error }` envelope. */
export async function requestHub<T>(hubUrl: string, request: HubRequest): Promise<T> {
  const headers: Record<string, string> = {};
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  const hasBody = request.method !== 'GET';
  if (hasBody) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(request.path.replace(/^\/+/, ''), hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`), {
      method: request.method,
      headers,
      body: hasBody ? JSON.stringify(request.body ?? {}) : undefined,
      signal: AbortSignal.timeout(request.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new AppError('UNAVAILABLE', `Cannot reach the hub at ${hubUrl}: ${describeNetworkError(error)}`);
  }
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    throw new AppError('UNAVAILABLE', `The hub at ${hubUrl} sent an unreadable reply (HTTP ${response.status}).`);
  }
  const envelope = payload as { ok?: unknown; value?: unknown; error?: unknown } | null;
  if (envelope?.ok === true && response.ok) return envelope.value as T;
  const parsed = errorBodySchema.safeParse(envelope?.error);
  if (parsed.success) throw fromErrorBody(parsed.data);
  throw new AppError('UNAVAILABLE', `The hub at ${hubUrl} sent an unexpected reply (HTTP ${response.status}).`);
}

export function postHub<T>(hubUrl: string, path: string, body: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
  return requestHub<T>(hubUrl, { method: 'POST', path, body, timeoutMs });
}

export type HubRouteCall = Readonly<{
  token: string;
  /** Fills the route's `:id`. */
  id?: string;
  /** The request body for routes that take one; POST routes without one send `{}`. */
  body?: unknown;
  timeoutMs?: number;
}>;

/** Calls a route of HUB_ROUTES by name, as the signed-in user. */
export function callHubRoute<N extends HubRouteName>(hubUrl: string, name: N, call: HubRouteCall): Promise<HubRouteResults[N]> {
  const route = HUB_ROUTES[name];
  return requestHub<HubRouteResults[N]>(hubUrl, {
    method: route.method,
    path: routePath(name, call.id),
    body: call.body,
    token: call.token,
    timeoutMs: call.timeoutMs,
  });
}

/** The reason the hub gave for a 401 ('expired' | 'invalid' | 'revoked'), if the error is one. */
export function unauthenticatedReason(error: unknown): string | null {
  if (!(error instanceof AppError) || error.code !== 'UNAUTHENTICATED') return null;
  const reason = error.details?.reason;
  return typeof reason === 'string' ? reason : 'invalid';
}

export function login(hubUrl: string, email: string, password: string, clientName?: string): Promise<TokenPair> {
  return postHub<TokenPair>(hubUrl, '/auth/login', clientName ? { email, password, clientName } : { email, password });
}

export function refresh(hubUrl: string, refreshToken: string): Promise<TokenPair> {
  return postHub<TokenPair>(hubUrl, '/auth/refresh', { refreshToken });
}

export async function logout(hubUrl: string, refreshToken: string): Promise<void> {
  await postHub<null>(hubUrl, '/auth/logout', { refreshToken }, 3000);
}

/** ws://host/sync from http://host (wss from https), keeping any path prefix of the hub URL. */
export function syncUrlFor(hubUrl: string): string {
  const url = new URL(hubUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/sync`;
  url.search = '';
  url.hash = '';
  return url.toString();
}
