// Shell-independent wiring between one ConsoleCore and the windows connected to it: each window is a
// "port" (Electron MessagePort or loopback WebSocket) carrying call envelopes in and replies/events out.
import { callEnvelopeSchema, type CoreToWindowMessage, type EventEnvelope, type ReplyEnvelope } from '../../../shared/ipc.js';
import { toErrorBody } from '../../../shared/errors.js';
import type { ConsoleCore } from '../core/console-core-types.js';

/** One connected window, whatever carries it. Messages arrive already decoded (structured clone or JSON). */
export type WindowPort = Readonly<{
  postMessage(message: CoreToWindowMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onClose(listener: () => void): void;
}>;

export type BridgeLogger = Readonly<{ warn(message: string): void; error(message: string, error: unknown): void }>;

/**
 * When a call reached the core and when its reply left it, in wall-clock milliseconds with
 * sub-millisecond precision (`performance.timeOrigin + performance.now()`, comparable across the
 * processes of one machine). For diagnostics and benchmarks; nothing is measured without a sink.
 */
export type CallTiming = Readonly<{ method: string; id: number; receivedAt: number; answeredAt: number }>;
export type CallTimingSink = (timing: CallTiming) => void;

const wallClockMs = (): number => performance.timeOrigin + performance.now();

export type CoreBridge = Readonly<{
  /** Wires a window to the core; returns a function that disconnects it (idempotent). */
  connect(port: WindowPort): () => void;
  /** Number of windows currently connected. */
  connectionCount(): number;
  /** Disconnects every window and stops listening to core events. The core itself stays open. */
  close(): void;
}>;

const defaultLogger: BridgeLogger = {
  warn: (message) => console.warn(`[core-bridge] ${message}`),
  error: (message, error) => console.error(`[core-bridge] ${message}`, error),
};

/** The id of a message that is not a valid call, if it carries a usable one (so the caller can be answered). */
function replyableId(message: unknown): number | null {
  if (typeof message !== 'object' || message === null || !('id' in message)) return null;
  const id = (message as { id: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

export function createCoreBridge(core: ConsoleCore, logger: BridgeLogger = defaultLogger, timings?: CallTimingSink): CoreBridge {
  const connected = new Map<WindowPort, () => void>();
  let closed = false;

  function safePost(port: WindowPort, message: CoreToWindowMessage): void {
    // A window that went away between a call and its reply must not take the others down.
    try {
      port.postMessage(message);
    } catch (error) {
      logger.warn(`could not deliver a ${message.kind} to a window: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const unsubscribe = core.onEvent((event: EventEnvelope) => {
    for (const port of connected.keys()) safePost(port, event);
  });

  async function answer(port: WindowPort, message: unknown, receivedAt: number): Promise<void> {
    const parsed = callEnvelopeSchema.safeParse(message);
    if (!parsed.success) {
      const id = replyableId(message);
      if (id === null) {
        logger.warn('dropped a message that is not a call envelope and has no id to answer');
        return;
      }
      const reply: ReplyEnvelope = {
        kind: 'reply',
        id,
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'The message is not a valid call envelope.' },
      };
      if (connected.has(port)) safePost(port, reply);
      return;
    }
    const { id, method, arg } = parsed.data;
    let reply: ReplyEnvelope;
    try {
      reply = await core.handle(id, method, arg);
    } catch (error) {
      // core.handle promises never to throw; if it does anyway, that is a bug worth its stack.
      logger.error(`core.handle threw for ${method}`, error);
      reply = { kind: 'reply', id, ok: false, error: toErrorBody(error) };
    }
    if (connected.has(port)) safePost(port, reply);
    if (timings) {
      try {
        timings({ method, id, receivedAt, answeredAt: wallClockMs() });
      } catch (error) {
        logger.warn(`could not record a call's timing: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  function connect(port: WindowPort): () => void {
    if (closed) throw new Error('The core bridge is closed.');
    let active = true;
    const disconnect = (): void => {
      if (!active) return;
      active = false;
      connected.delete(port);
    };
    connected.set(port, disconnect);
    port.onMessage((message) => {
      const receivedAt = timings ? wallClockMs() : 0;
      // Each call gets a turn of its own: several frames arriving in one chunk are delivered in one
      // tick, and without this a quick write's reply (sent after an await) would wait behind a slow
      // read's synchronous work (a board.get sent right after a drop). Order is kept: FIFO.
      setImmediate(() => {
        if (!active) return;
        answer(port, message, receivedAt).catch((error: unknown) => logger.error('failed to answer a call', error));
      });
    });
    port.onClose(disconnect);
    return disconnect;
  }

  return {
    connect,
    connectionCount: () => connected.size,
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      for (const disconnect of [...connected.values()]) disconnect();
    },
  };
}
