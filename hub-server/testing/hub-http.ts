// Test helper: calls a hub route by its name in HUB_ROUTES over real HTTP, returning the status and
// the parsed envelope (and the raw text, for tests that scan responses).
import { HUB_ROUTES, routePath, type HubRouteName } from '../../shared/admin.js';
import type { ErrorBody } from '../../shared/errors.js';

export type RouteAnswer<T = unknown> = Readonly<{
  status: number;
  text: string;
  ok: boolean;
  value: T;
  error: ErrorBody | undefined;
}>;

export type RouteCall = Readonly<{ token?: string | null; id?: string; body?: unknown }>;

export async function callRoute<T = unknown>(baseUrl: string, name: HubRouteName, call: RouteCall = {}): Promise<RouteAnswer<T>> {
  const route = HUB_ROUTES[name];
  const headers: Record<string, string> = {};
  if (call.token) headers.Authorization = `Bearer ${call.token}`;
  let body: string | undefined;
  if (route.method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(call.body ?? {});
  }
  const res = await fetch(`${baseUrl}${routePath(name, call.id)}`, { method: route.method, headers, body });
  const text = await res.text();
  const parsed = JSON.parse(text) as { ok: boolean; value?: T; error?: ErrorBody };
  return { status: res.status, text, ok: parsed.ok, value: parsed.value as T, error: parsed.error };
}
