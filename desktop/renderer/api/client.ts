// Typed client for the ConsoleApi over any ConsoleTransport: numbered calls matched to replies,
// failures rebuilt as AppErrors, and pushed events fanned out to listeners by name.
import type { ConsoleApiArg, ConsoleApiMethod, ConsoleApiResults, ConsoleEventName, ConsoleEvents } from '../../../shared/console-api.js';
import { AppError, errorBodySchema, fromErrorBody, type ErrorBody } from '../../../shared/errors.js';
import type { CoreToWindowMessage, ConsoleTransport } from '../../../shared/ipc.js';
import { CORE_UNREACHABLE_MESSAGE, type LinkAwareTransport, type LinkState } from '../transport/link.js';

export { CORE_UNREACHABLE_MESSAGE };

export type ApiClient = Readonly<{
  call<M extends ConsoleApiMethod>(method: M, arg: ConsoleApiArg<M>): Promise<ConsoleApiResults[M]>;
  on<E extends ConsoleEventName>(event: E, listener: (payload: ConsoleEvents[E]) => void): () => void;
  /** Link between this window and the core changed (only the browser shell's link can drop). */
  onLinkChange(listener: (state: LinkState) => void): () => void;
  linkState(): LinkState;
  close(): void;
}>;

export type ApiClientOptions = Readonly<{
  /** A call without a reply after this long fails with UNAVAILABLE instead of hanging a screen. */
  callTimeoutMs?: number;
}>;

type PendingCall = Readonly<{ resolve: (value: unknown) => void; reject: (error: AppError) => void; timer: ReturnType<typeof setTimeout> }>;

/**
 * Long operations that report `import.progress` while they run and can be cancelled: their answer
 * may take minutes (a 1,000,000-row workbook), so they wait for it (or for the link to drop).
 */
const LONG_RUNNING: ReadonlySet<ConsoleApiMethod> = new Set<ConsoleApiMethod>(['imports.dryRun', 'imports.commit', 'imports.resume', 'imports.undo', 'lists.export', 'reports.exportPdfs', 'reports.exportPdfsToFolder']);

function hasLink(transport: ConsoleTransport): transport is LinkAwareTransport {
  return typeof (transport as Partial<LinkAwareTransport>).onLinkChange === 'function';
}

function toAppError(body: unknown): AppError {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return new AppError('INTERNAL', 'The console core sent an answer this window does not understand.');
  return fromErrorBody(parsed.data as ErrorBody);
}

export function createApiClient(transport: ConsoleTransport, options: ApiClientOptions = {}): ApiClient {
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  const pending = new Map<number, PendingCall>();
  const listeners = new Map<ConsoleEventName, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(state: LinkState) => void>();
  let nextId = 1;
  let closed = false;

  const settle = (id: number): PendingCall | undefined => {
    const call = pending.get(id);
    if (call) {
      clearTimeout(call.timer);
      pending.delete(id);
    }
    return call;
  };

  const failAll = (error: AppError) => {
    for (const id of [...pending.keys()]) settle(id)?.reject(error);
  };

  const onMessage = (message: CoreToWindowMessage) => {
    if (message.kind === 'reply') {
      const call = settle(message.id);
      if (!call) return;
      if (message.ok) call.resolve(message.value);
      else call.reject(toAppError(message.error));
    } else if (message.kind === 'event') {
      const set = listeners.get(message.name);
      if (!set) return;
      for (const listener of [...set]) listener(message.payload);
    }
  };
  const unsubscribeMessages = transport.onMessage(onMessage);

  const unsubscribeLink = hasLink(transport)
    ? transport.onLinkChange((state) => {
        // Replies to calls sent over a dropped link will never come; fail them now so screens can say so.
        if (state === 'down') failAll(new AppError('UNAVAILABLE', CORE_UNREACHABLE_MESSAGE));
        for (const listener of [...linkListeners]) listener(state);
      })
    : () => {};

  return {
    async call<M extends ConsoleApiMethod>(method: M, arg: ConsoleApiArg<M>): Promise<ConsoleApiResults[M]> {
      if (closed) throw new AppError('UNAVAILABLE', 'This window has been disconnected from the console core.');
      await transport.ready();
      const id = nextId++;
      return new Promise<ConsoleApiResults[M]>((resolve, reject) => {
        const timeoutMs = LONG_RUNNING.has(method) ? 2 ** 31 - 1 : callTimeoutMs;
        const timer = setTimeout(() => {
          if (settle(id)) reject(new AppError('UNAVAILABLE', 'The console core did not answer in time. Please try again.'));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        try {
          transport.send({ kind: 'call', id, method, arg });
        } catch {
          settle(id);
          reject(new AppError('UNAVAILABLE', CORE_UNREACHABLE_MESSAGE));
        }
      });
    },
    on<E extends ConsoleEventName>(event: E, listener: (payload: ConsoleEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    linkState: () => (hasLink(transport) ? transport.linkState() : 'up'),
    onLinkChange(listener: (state: LinkState) => void): () => void {
      linkListeners.add(listener);
      return () => {
        linkListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      unsubscribeMessages();
      unsubscribeLink();
      failAll(new AppError('UNAVAILABLE', 'This window has been disconnected from the console core.'));
      listeners.clear();
      linkListeners.clear();
    },
  };
}
