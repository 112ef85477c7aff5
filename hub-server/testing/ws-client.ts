// Test helper: a real `ws` client that records every frame, so a test can wait for the next frame
// of a type (with a deadline) and for the close code.
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/sync/protocol.js';

export type TestSyncClient = {
  readonly socket: WebSocket;
  /** Every frame received so far, in order. */
  readonly received: ServerMessage[];
  send(frame: unknown): void;
  sendRaw(text: string): void;
  next<T extends ServerMessage['type']>(type: T, timeoutMs?: number): Promise<Extract<ServerMessage, { type: T }>>;
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
};

export async function connectSync(url: string): Promise<TestSyncClient> {
  const socket = new WebSocket(url);
  const received: ServerMessage[] = [];
  let cursor = 0;
  const waiters = new Set<() => void>();
  let closeInfo: { code: number; reason: string } | null = null;
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as ServerMessage);
    waiters.forEach((wake) => wake());
  });
  socket.on('close', (code, reason) => {
    closeInfo = { code, reason: reason.toString() };
    waiters.forEach((wake) => wake());
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  const waitFor = <R>(check: () => R | undefined, timeoutMs: number, what: string): Promise<R> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${what}; got ${JSON.stringify(received.map((m) => m.type))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const wake = () => void attempt();
      waiters.add(wake);
      attempt();
    });

  return {
    socket,
    received,
    send: (frame) => socket.send(JSON.stringify(frame)),
    sendRaw: (text) => socket.send(text),
    next(type, timeoutMs = 5000) {
      return waitFor(
        () => {
          while (cursor < received.length) {
            const message = received[cursor++];
            if (message?.type === type) return message as Extract<ServerMessage, { type: typeof type }>;
          }
          return undefined;
        },
        timeoutMs,
        `a ${type} frame`,
      );
    },
    closed(timeoutMs = 5000) {
      return waitFor(() => closeInfo ?? undefined, timeoutMs, 'the socket to close');
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      const done = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close();
      await done;
    },
  };
}
