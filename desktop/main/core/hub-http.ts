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
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  /** JSON body; never sent with GET. */
  body?: unknown;
  /** Raw bytes instead of a JSON body (the file store's PUT). */
  rawBody?: Uint8Array;
  /** Access token for `Authorization: Bearer`. */
  token?: string;
  timeoutMs?: number;
}>;

/** One request to the hub, unwrapping the `{ ok, value | error }` envelope. */
export async function requestHub<T>(hubUrl: string, request: HubRequest): Promise<T> {
  const headers: Record<string, string> = {};
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  const hasBody = request.method !== 'GET';
  if (hasBody) headers['content-type'] = request.rawBody ? 'application/octet-stream' : 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(request.path.replace(/^\/+/, ''), hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`), {
      method: request.method,
      headers,
      body: hasBody ? (request.rawBody ? new Blob([new Uint8Array(request.rawBody)]) : JSON.stringify(request.body ?? {})) : undefined,
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
  /** Raw bytes for routes with `rawBodyMaxBytes` (files.put). */
  rawBody?: Uint8Array;
  timeoutMs?: number;
}>;

/** Calls a route of HUB_ROUTES by name, as the signed-in user. */
export function callHubRoute<N extends HubRouteName>(hubUrl: string, name: N, call: HubRouteCall): Promise<HubRouteResults[N]> {
  const route = HUB_ROUTES[name];
  return requestHub<HubRouteResults[N]>(hubUrl, {
    method: route.method,
    path: routePath(name, call.id),
    body: call.body,
    rawBody: call.rawBody,
    token: call.token,
    timeoutMs: call.timeoutMs,
  });
}

export type HubDownload = Readonly<{ bytes: Buffer; contentType: string; fileName: string | null }>;

/** The file name a Content-Disposition header gives (RFC 6266: filename* wins over filename). */
export function dispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
  const value = plain?.[1] ?? plain?.[2];
  return value ? value.replace(/\\(.)/g, '$1') : null;
}

/** Largest file the console downloads from the hub in one go (attachments are capped far lower by the hub). */
export const MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024;

/**
 * A route of HUB_ROUTES that answers raw bytes (attachments.get), as the signed-in user. A failure
 * still comes as the JSON error envelope, unwrapped to the hub's AppError.
 */
export async function downloadHubRoute(hubUrl: string, name: HubRouteName, call: HubRouteCall): Promise<HubDownload> {
  const route = HUB_ROUTES[name];
  let response: Response;
  try {
    response = await fetch(new URL(routePath(name, call.id).replace(/^\/+/, ''), hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`), {
      method: route.method,
      headers: { authorization: `Bearer ${call.token}` },
      signal: AbortSignal.timeout(call.timeoutMs ?? 60_000),
    });
  } catch (error) {
    throw new AppError('UNAVAILABLE', `Cannot reach the hub at ${hubUrl}: ${describeNetworkError(error)}`);
  }
  if (!response.ok) {
    let payload: unknown = null;
    try {
      payload = await response.json();
    } catch {
      // not JSON: reported below
    }
    const parsed = errorBodySchema.safeParse((payload as { error?: unknown } | null)?.error);
    if (parsed.success) throw fromErrorBody(parsed.data);
    throw new AppError('UNAVAILABLE', `The hub at ${hubUrl} sent an unexpected reply (HTTP ${response.status}).`);
  }
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_DOWNLOAD_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'This file is too large to download here.');
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_DOWNLOAD_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'This file is too large to download here.');
  return { bytes, contentType: response.headers.get('content-type') ?? 'application/octet-stream', fileName: dispositionFileName(response.headers.get('content-disposition')) };
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
