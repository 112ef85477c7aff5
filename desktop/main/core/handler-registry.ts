// The ConsoleApi dispatcher (Actual Budget style): one handler per method, registered once (a
// second registration is a bug and throws at start-up). Every call is checked here: the method
// name, then the argument against its zod schema, because a renderer is not trusted.
import { CONSOLE_API_ARGS, CONSOLE_API_METHODS, isConsoleApiMethod, type ConsoleApi, type ConsoleApiMethod } from '../../../shared/console-api.js';
import { AppError, BugIndicatingError, parseOrThrow, toErrorBody } from '../../../shared/errors.js';
import type { ReplyEnvelope } from '../../../shared/ipc.js';
import type { Logger } from './logger.js';

export type HandlerRegistry = Readonly<{
  register<M extends ConsoleApiMethod>(method: M, handler: ConsoleApi[M]): void;
  /** Throws unless every ConsoleApi method has a handler; call once after registering. */
  assertComplete(): void;
  handle(callId: number, method: unknown, arg: unknown): Promise<ReplyEnvelope>;
}>;

export function createHandlerRegistry(logger: Logger): HandlerRegistry {
  const handlers = new Map<ConsoleApiMethod, (arg: unknown) => Promise<unknown>>();
  return {
    register(method, handler) {
      if (handlers.has(method)) throw new BugIndicatingError(`ConsoleApi handler registered twice: ${method}`);
      handlers.set(method, handler as (arg: unknown) => Promise<unknown>);
    },
    assertComplete() {
      const missing = CONSOLE_API_METHODS.filter((m) => !handlers.has(m));
      if (missing.length) throw new BugIndicatingError(`ConsoleApi handlers missing: ${missing.join(', ')}`);
    },
    async handle(callId, method, arg) {
      try {
        if (!isConsoleApiMethod(method)) {
          throw new AppError('VALIDATION', 'Unknown request.', { fields: { method: `No such method: ${String(method).slice(0, 64)}` } });
        }
        const handler = handlers.get(method);
        if (!handler) throw new BugIndicatingError(`No handler for ${method}`);
        const parsed: unknown = parseOrThrow(CONSOLE_API_ARGS[method], arg);
        const value = await handler(parsed);
        return { kind: 'reply', id: callId, ok: true, value };
      } catch (error) {
        if (!(error instanceof AppError)) logger.error(`ConsoleApi ${typeof method === 'string' ? method.slice(0, 64) : '?'} failed`, error);
        return { kind: 'reply', id: callId, ok: false, error: toErrorBody(error) };
      }
    },
  };
}
