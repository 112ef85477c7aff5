// Request and response helpers shared by every route: read a JSON body once (400 when it is not
// JSON, VALIDATION with field details when it does not fit the schema) and wrap success values.
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, parseOrThrow } from '../../shared/errors.js';

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The request body is not valid JSON.');
  }
  return parseOrThrow(schema, body);
}

export function ok<T>(c: Context, value: T): Response {
  return c.json({ ok: true, value });
}

/** The caller's address from the node adapter; 'unknown' under app.request() without bindings. */
export function clientIp(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
