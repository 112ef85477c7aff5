// A Node client of a running console's browser shell: ConsoleApi calls and events over its loopback
// WebSocket, and workbook uploads over HTTP, exactly as the renderer in a browser tab makes them.
import fs from 'node:fs';
import WebSocket from 'ws';
import type { ConsoleApiArg, ConsoleApiMethod, ConsoleApiResults, ConsoleEventName, ConsoleEvents } from '../../shared/console-api.js';
import { SHELL_API_PATH, SHELL_IMPORTS_UPLOAD_PATH, SHELL_TOKEN_PARAM, type CoreToWindowMessage } from '../../shared/ipc.js';

export type ShellClient = Readonly<{
  call<M extends ConsoleApiMethod>(method: M, arg: ConsoleApiArg<M>, timeoutMs?: number): Promise<ConsoleApiResults[M]>;
  on<E extends ConsoleEventName>(name: E, listener: (payload: ConsoleEvents[E]) => void): () => void;
  /** Uploads a workbook the way the import screen does; resolves with the core's file id. */
  upload(filePath: string, fileName: string): Promise<Readonly<{ fileId: string; fileName: string; bytes: number }>>;
  close(): void;
}>;

/** `shellUrl` is the URL the console prints (it carries the per-launch token). */
export async function connectShell(shellUrl: string): Promise<ShellClient> {
  const url = new URL(shellUrl);
  const token = url.searchParams.get(SHELL_TOKEN_PARAM) ?? new URLSearchParams(url.hash.split('?')[1] ?? '').get(SHELL_TOKEN_PARAM);
  if (!token) throw new Error(`no ${SHELL_TOKEN_PARAM} in ${shellUrl}`);
  // The shell accepts only its own page's origin, as a browser tab would send it.
  const socket = new WebSocket(`ws://${url.host}${SHELL_API_PATH}?${SHELL_TOKEN_PARAM}=${encodeURIComponent(token)}`, { origin: url.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as CoreToWindowMessage;
    if (message.kind === 'reply') {
      const waiter = waiting.get(message.id);
      if (!waiter) return;
      waiting.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`${message.error.code}: ${message.error.message}`));
    } else {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
    }
  });
  return {
    call(method, arg, timeoutMs = 600_000) {
      const id = next++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${method} did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as never);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        socket.send(JSON.stringify({ kind: 'call', id, method, arg }));
      });
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    async upload(filePath, fileName) {
      const target = `http://${url.host}${SHELL_IMPORTS_UPLOAD_PATH}?${SHELL_TOKEN_PARAM}=${encodeURIComponent(token)}&name=${encodeURIComponent(fileName)}`;
      const response = await fetch(target, { method: 'POST', body: fs.readFileSync(filePath), headers: { 'content-type': 'application/octet-stream', origin: url.origin } });
      const body = (await response.json()) as { ok: boolean; value?: { fileId: string; fileName: string; bytes: number }; error?: { message: string } };
      if (!body.ok || !body.value) throw new Error(`upload refused (${response.status}): ${body.error?.message ?? 'no message'}`);
      return body.value;
    },
    close: () => socket.close(),
  };
}
