// The real processes of a chaos run: the hub (CLI child on a fixed port, so it can be SIGKILLed and
// started again where the cores' proxies expect it) and console cores (core-runner children).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fromErrorBody } from '../../shared/errors.js';
import type { ConsoleApiArg, ConsoleApiMethod, ConsoleApiResults, ConsoleEvents } from '../../shared/console-api.js';
import { REPO, startScript, type RunningProcess } from '../support/processes.js';
import type { RunnerMessage, WriteRecord } from './runner-protocol.js';

/** Keeps the last lines a child printed, for the report when something fails. */
function tail(limit = 300) {
  const lines: string[] = [];
  return {
    add(text: string) {
      for (const line of text.split('\n')) if (line) lines.push(line);
      if (lines.length > limit) lines.splice(0, lines.length - limit);
    },
    text: () => lines.join('\n'),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export type HubProcess = Readonly<{
  url: string;
  port: number;
  dataDir: string;
  dbFile: string;
  running(): boolean;
  start(): Promise<void>;
  /** SIGKILL: no chance to flush or close anything. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}>;

export async function createHubProcess(dataDir: string, port: number): Promise<HubProcess> {
  let current: RunningProcess | null = null;
  const log = tail();
  const hub: HubProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    dbFile: path.join(dataDir, 'hub.db'),
    running: () => current !== null && current.child.exitCode === null && current.child.signalCode === null,
    async start() {
      if (hub.running()) return;
      // --demo seeds only on the first start (an empty database); later starts keep the data.
      const started = await startScript('hub-server/cli.ts', ['--data-dir', dataDir, '--port', String(port), '--demo'], /^Hub: (http:\/\/\S+)$/);
      started.child.stderr?.on('data', (chunk: Buffer) => log.add(chunk.toString()));
      current = started;
    },
    async kill() {
      const c = current;
      current = null;
      if (!c) return;
      c.child.kill('SIGKILL');
      await waitExit(c.child);
    },
    async stop() {
      const c = current;
      current = null;
      if (c) await c.stop();
    },
    output: () => `${current?.output() ?? ''}\n${log.text()}`,
  };
  await hub.start();
  return hub;
}

export type CoreProcess = Readonly<{
  index: number;
  dataDir: string;
  hubUrl: string;
  running(): boolean;
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** A ConsoleApi call; throws the AppError of a refused call, or an Error if the core died. */
  call<M extends ConsoleApiMethod>(method: M, arg: ConsoleApiArg<M>, timeoutMs?: number): Promise<ConsoleApiResults[M]>;
  /** Like `call`, also returning the outbox row a successful write appended. */
  write<M extends ConsoleApiMethod>(method: M, arg: ConsoleApiArg<M>, timeoutMs?: number): Promise<{ value: ConsoleApiResults[M]; write: WriteRecord | null }>;
  rejections(): readonly ConsoleEvents['mutation.rejected'][];
  output(): string;
}>;

type PendingCall = { resolve: (m: Extract<RunnerMessage, { id: number }>) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export function createCoreProcess(index: number, hubUrl: string, dataDir: string): CoreProcess {
  let child: ChildProcess | null = null;
  let nextId = 1;
  const pending = new Map<number, PendingCall>();
  const rejections: ConsoleEvents['mutation.rejected'][] = [];
  const log = tail();

  function failAll(reason: string): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
      pending.delete(id);
    }
  }

  function request(method: string, arg: unknown, timeoutMs: number): Promise<Extract<RunnerMessage, { id: number }>> {
    const c = child;
    if (!c || !core.running() || !c.connected) return Promise.reject(new Error(`core ${index} is not running`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`core ${index}: ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      c.send({ id, method, arg }, (error) => {
        if (!error) return;
        clearTimeout(timer);
        pending.delete(id);
        reject(error);
      });
    });
  }

  const core: CoreProcess = {
    index,
    dataDir,
    hubUrl,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    start() {
      if (core.running()) return Promise.resolve();
      const c = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'tests/chaos/core-runner.ts'), hubUrl, dataDir], {
        cwd: REPO,
        env: { ...process.env, LAMPHOUSE_OPEN: '0' },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      child = c;
      c.stdout!.on('data', (chunk: Buffer) => log.add(chunk.toString()));
      c.stderr!.on('data', (chunk: Buffer) => log.add(chunk.toString()));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`core ${index} did not start within 30 s:\n${log.text()}`)), 30_000);
        c.on('message', (raw: unknown) => {
          const message = raw as RunnerMessage;
          if ('ready' in message) {
            clearTimeout(timer);
            resolve();
          } else if ('event' in message) {
            rejections.push(message.payload);
          } else if ('id' in message) {
            const p = pending.get(message.id);
            if (!p) return;
            pending.delete(message.id);
            clearTimeout(p.timer);
            p.resolve(message);
          }
        });
        c.once('exit', (code, signal) => {
          clearTimeout(timer);
          failAll(`core ${index} exited (${signal ?? code})`);
          reject(new Error(`core ${index} exited (${signal ?? code}) before it was ready:\n${log.text()}`));
        });
      });
    },
    async kill() {
      const c = child;
      if (!c) return;
      c.kill('SIGKILL');
      await waitExit(c);
      failAll(`core ${index} was killed`);
    },
    async stop() {
      const c = child;
      if (!c || !core.running()) return;
      const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
      // Disconnecting IPC asks the runner to close its core cleanly and exit.
      if (c.connected) c.disconnect();
      else c.kill('SIGTERM');
      await waitExit(c);
      clearTimeout(timer);
      failAll(`core ${index} stopped`);
    },
    async call(method, arg, timeoutMs = 15_000) {
      return (await core.write(method, arg, timeoutMs)).value;
    },
    async write(method, arg, timeoutMs = 15_000) {
      const message = await request(method, arg, timeoutMs);
      if (!message.reply.ok) throw fromErrorBody(message.reply.error);
      return { value: message.reply.value as ConsoleApiResults[typeof method], write: message.write };
    },
    rejections: () => rejections,
    output: () => log.text(),
  };
  return core;
}
