// Calls a console core the way a window does (through `handle`), for tests that drive real cores.
import type { ConsoleCore } from '../../desktop/main/core/console-core-types.js';
import type { ConsoleApiArg, ConsoleApiMethod, ConsoleApiResults } from '../../shared/console-api.js';
import { fromErrorBody } from '../../shared/errors.js';

let nextCallId = 1;

export async function call<M extends ConsoleApiMethod>(core: ConsoleCore, method: M, arg: ConsoleApiArg<M>): Promise<ConsoleApiResults[M]> {
  const reply = await core.handle(nextCallId++, method, arg);
  if (!reply.ok) throw fromErrorBody(reply.error);
  return reply.value as ConsoleApiResults[M];
}

/** Polls `probe` until it returns a value (not undefined/null/false) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
