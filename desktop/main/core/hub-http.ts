// The hub's HTTP auth endpoints, called with Node's global fetch. Hub failures come back as the
// hub's own AppError; a hub that cannot be reached is UNAVAILABLE with the reason.
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

export async function postHub<T>(hubUrl: string, path: string, body: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
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
