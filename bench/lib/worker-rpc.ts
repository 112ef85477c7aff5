// Request/reply over the Node IPC channel between the bench orchestrator and its child processes
// (hubs are started by tests/support/processes.ts; consoles run here, several cores per child).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { killOnExit } from './cleanup.js';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../..');

type Request = { rpc: number; method: string; arg: unknown };
type Reply = { rpc: number; ok: true; value: unknown } | { rpc: number; ok: false; error: string };

export type Worker = Readonly<{
  pid: number;
  call<T>(method: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  /** Last lines the child wrote to stderr (for error reports). */
  stderr(): string;
  stop(): Promise<void>;
}>;

/** Spawns `node --import tsx <script>` with an IPC channel and waits until it says it is ready. */
export function spawnWorker(script: string, env: Readonly<Record<string, string>> = {}, nodeArgs: readonly string[] = []): Promise<Worker> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(REPO, script)], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  killOnExit(child);
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  });
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  let next = 1;
  let exited = false;
  const failAll = (why: string) => {
    for (const [, w] of waiting) {
      clearTimeout(w.timer);
      w.reject(new Error(`${script}: ${why}\n${log}`));
    }
    waiting.clear();
  };
  child.on('message', (message: Reply) => {
    const w = waiting.get(message.rpc);
    if (!w) return;
    waiting.delete(message.rpc);
    clearTimeout(w.timer);
    if (message.ok) w.resolve(message.value);
    else w.reject(new Error(`${script}: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    exited = true;
    failAll(`exited (${code ?? signal})`);
  });

  const call = <T>(method: string, arg: unknown = null, timeoutMs = 120_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${script} has exited.\n${log}`));
      const rpc = next++;
      const timer = setTimeout(() => {
        waiting.delete(rpc);
        reject(new Error(`${script}: ${method} timed out after ${timeoutMs} ms\n${log}`));
      }, timeoutMs);
      waiting.set(rpc, { resolve: resolve as (v: unknown) => void, reject, timer });
      child.send({ rpc, method, arg } satisfies Request);
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // Ask for a clean close (cores close their caches); SIGKILL if that hangs.
      call('exit', null, 10_000).catch(() => child.kill('SIGKILL'));
    });

  return new Promise((resolve, reject) => {
    const onExit = () => reject(new Error(`${script} exited before it was ready.\n${log}`));
    child.once('exit', onExit);
    call('ready', null, 60_000).then(
      () => {
        child.off('exit', onExit);
        resolve({ pid: child.pid!, call, stderr: () => log, stop });
      },
      (error: unknown) => {
        child.kill('SIGKILL');
        reject(error as Error);
      },
    );
  });
}

/** The child side: answers requests with the given handlers (each may be async). */
export function serveRpc(handlers: Readonly<Record<string, (arg: never) => unknown>>, onExit: () => Promise<void>): void {
  const reply = (message: Reply) => process.send?.(message);
  process.on('message', (message: Request) => {
    if (message.method === 'ready') return reply({ rpc: message.rpc, ok: true, value: null });
    if (message.method === 'exit') {
      void onExit().finally(() => {
        reply({ rpc: message.rpc, ok: true, value: null });
        setTimeout(() => process.exit(0), 50);
      });
      return;
    }
    const handler = handlers[message.method];
    if (!handler) return reply({ rpc: message.rpc, ok: false, error: `unknown method ${message.method}` });
    Promise.resolve()
      .then(() => handler(message.arg as never))
      .then(
        (value) => reply({ rpc: message.rpc, ok: true, value: value ?? null }),
        (error: unknown) => reply({ rpc: message.rpc, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The orchestrator died: do not linger.
  process.on('disconnect', () => {
    void onExit().finally(() => process.exit(0));
  });
}

/** Peak and current resident memory of a process from /proc (Linux), in MB; null elsewhere. */
export function procMemoryMb(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 'NaN');
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}
