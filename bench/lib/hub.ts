// The hub side of the sync benchmarks: a real hub CLI child process, sign-in over HTTP, and a raw
// /sync protocol client (hello, bootstrap/catch-up, push with push-result) for load generation.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { uuidv7 } from 'uuidv7';
import WebSocket from 'ws';
import type { CreateCaseArgs, TokenPair } from '../../shared/domain.js';
import type { Mutation } from '../../shared/sync/mutations.js';
import { SYNC_PROTOCOL_VERSION, type ClientMessage, type Cursor, type MutationResult, type ServerMessage } from '../../shared/sync/protocol.js';
import { killOnExit } from './cleanup.js';
import { profileNodeArgs } from './profiling.js';

const REPO = path.resolve(import.meta.dirname, '../..');
export const DEMO_PASSWORD = 'demo-password';
/** Demo accounts that see every row (admins and agents), so visibility filters do not thin the feed. */
export const SEE_ALL_ACCOUNTS = ['admin@demo.test', 'agent@demo.test', 'agent2@demo.test'] as const;

export type BenchHub = Readonly<{ url: string; pid: number; dataDir: string; stop(): Promise<void> }>;

export function benchTempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lamphouse-bench-${label}-`));
}

/**
 * Starts `hub-server/cli.ts` on a loopback port in `dataDir` (demo data on first start), the way
 * tests/support/processes.ts does, plus node flags when profiling (--cpu-prof cannot go through
 * NODE_OPTIONS). Resolves once it prints its URL.
 */
export function startBenchHub(dataDir: string, demo = true): Promise<BenchHub> {
  const args = [...profileNodeArgs('hub'), '--import', 'tsx', path.join(REPO, 'hub-server/cli.ts'), '--data-dir', dataDir, '--port', '0', ...(demo ? ['--demo'] : [])];
  const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, LAMPHOUSE_OPEN: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      // Generous: a profiled hub writes its profile on the way out.
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the hub did not start within 120 s:\n${log}`));
    }, 120_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^Hub: (http:\/\/\S+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, pid: child.pid!, dataDir, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited with ${code} before it was ready:\n${log}`));
    });
  });
}

export async function login(hubUrl: string, email: string, password = DEMO_PASSWORD): Promise<TokenPair> {
  const response = await fetch(new URL('/auth/login', hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, clientName: 'bench' }),
  });
  const body = (await response.json()) as { ok: boolean; value?: TokenPair; error?: unknown };
  if (!body.ok || !body.value) throw new Error(`login ${email} failed: ${JSON.stringify(body.error)}`);
  return body.value;
}

/** Case fields as a console's intake form sends them; a known projector fills site and customer. */
export function newCaseArgs(projectorId: string | null, n: number): CreateCaseArgs {
  return {
    id: uuidv7(),
    serial: projectorId ? `BENCH-${n}` : `UNK-BENCH-${n}`,
    projectorId,
    siteId: null,
    customerId: null,
    contactName: 'Bench Caller',
    contactPhone: '+44 1234 567890',
    contactEmail: '',
    channel: 'phone',
    title: `Bench case ${n}: lamp failure alarm`,
    description: 'Projector shows a lamp failure alarm and will not strike. Next show starts within two hours.',
    priority: 'P3',
    severity: 'minor',
  };
}

const CHANGES_PREFIX = '{"type":"changes"';
const CURSOR_TAIL = /"cursor":\{"epoch":"[^"]*","version":(\d+)\}\}$/;

type Pending = { resolve(results: readonly MutationResult[]): void; reject(error: Error): void };

/**
 * One raw /sync connection. Keeps the cursor of what it received (changes are read, not stored),
 * remembers a few projector ids from the bootstrap to link new cases to, and pairs each push with
 * its push-result (the hub answers pushes of one connection in order).
 */
export class RawSyncClient {
  readonly clientId = uuidv7();
  readonly clientGroupId = uuidv7();
  epoch = '';
  head = 0;
  cursorVersion = 0;
  lastMutationId = 0;
  projectorIds: string[] = [];
  private ws: WebSocket | null = null;
  private readonly pushes: Pending[] = [];
  private synced: (() => void) | null = null;
  private failed: ((error: Error) => void) | null = null;
  private cursorWaiters: { version: number; resolve(): void }[] = [];
  private textWaiters: { text: string; resolve(at: number): void }[] = [];

  constructor(
    private readonly hubUrl: string,
    private readonly token: string,
  ) {}

  /** Connects and resolves once the bootstrap or catch-up is complete. */
  connect(cursor: Cursor | null = null): Promise<void> {
    const url = new URL('/sync', this.hubUrl);
    url.protocol = 'ws:';
    const ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws = ws;
    return new Promise((resolve, reject) => {
      this.synced = resolve;
      this.failed = reject;
      ws.on('open', () => this.send({ type: 'hello', protocol: SYNC_PROTOCOL_VERSION, token: this.token, clientId: this.clientId, clientGroupId: this.clientGroupId, cursor }));
      ws.on('message', (data) => {
        const text = data.toString();
        if (this.textWaiters.length) {
          const at = performance.now();
          this.textWaiters = this.textWaiters.filter((w) => (text.includes(w.text) ? (w.resolve(at), false) : true));
        }
        // A load generator must not spend the CPU the hub needs: of a changes frame only the
        // cursor matters here, and it is the frame's last property.
        if (text.startsWith(CHANGES_PREFIX)) {
          const tail = CURSOR_TAIL.exec(text.slice(-200));
          if (tail) return this.onChanges(Number(tail[1]));
        }
        this.onMessage(JSON.parse(text) as ServerMessage);
      });
      ws.on('error', (error) => this.fail(error));
      ws.on('close', (code) => this.fail(new Error(`sync socket closed (${code})`)));
    });
  }

  private fail(error: Error): void {
    this.failed?.(error);
    this.failed = null;
    this.synced = null;
    for (const p of this.pushes.splice(0)) p.reject(error);
  }

  private send(message: ClientMessage): void {
    this.ws?.send(JSON.stringify(message));
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.epoch = message.epoch;
        this.head = message.version;
        this.lastMutationId = message.lastMutationId;
        return;
      case 'bootstrap-rows':
        if (message.entity === 'projectors' && this.projectorIds.length < 200) {
          for (const row of message.rows) if (this.projectorIds.length < 200) this.projectorIds.push(row.id);
        }
        return;
      case 'bootstrap-end':
        this.cursorVersion = message.cursor.version;
        this.synced?.();
        this.synced = null;
        this.failed = null;
        return;
      case 'changes':
        return this.onChanges(message.cursor.version);
      case 'push-result':
        this.lastMutationId = message.lastMutationId;
        this.pushes.shift()?.resolve(message.results);
        return;
      case 'error':
        if (message.fatal) this.fail(new Error(`hub error: ${message.error.code} ${message.error.message}`));
        return;
      default:
        return;
    }
  }

  private onChanges(version: number): void {
    this.cursorVersion = version;
    this.synced?.();
    this.synced = null;
    this.failed = null;
    this.cursorWaiters = this.cursorWaiters.filter((w) => (w.version <= this.cursorVersion ? (w.resolve(), false) : true));
  }

  /** Resolves with performance.now() when a frame containing `text` arrives. */
  waitForText(text: string): Promise<number> {
    return new Promise((resolve) => this.textWaiters.push({ text, resolve }));
  }

  /** Resolves when this connection has received the change feed up to `version`. */
  waitForCursor(version: number): Promise<void> {
    if (this.cursorVersion >= version) return Promise.resolve();
    return new Promise((resolve) => this.cursorWaiters.push({ version, resolve }));
  }

  /** Numbers `mutations` after this client's last id, pushes them, resolves with the results. */
  push(mutations: readonly Omit<Mutation, 'id'>[]): Promise<readonly MutationResult[]> {
    const numbered = mutations.map((m, i) => ({ ...m, id: this.nextId + i }));
    this.nextId += mutations.length;
    return new Promise((resolve, reject) => {
      this.pushes.push({ resolve, reject });
      this.send({ type: 'push', mutations: numbered });
    });
  }

  private nextId = 1;

  close(): Promise<void> {
    const ws = this.ws;
    this.failed = null;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.removeAllListeners('close');
      ws.once('close', () => resolve());
      ws.close(1000);
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }
}

/** One createCase, then updateCases of it: the mix a support agent's console produces. */
export class MutationMix {
  private readonly mine: string[] = [];
  private n = 0;

  constructor(private readonly projectorIds: readonly string[]) {}

  next(): Omit<Mutation, 'id'> {
    this.n += 1;
    const createdAt = new Date().toISOString();
    if (this.mine.length > 0 && this.n % 2 === 0) {
      const id = this.mine[this.n % this.mine.length]!;
      return { name: 'updateCase', args: { id, patch: { description: `Update ${this.n}: engineer called back, part ordered.`, priority: this.n % 4 === 0 ? 'P2' : 'P3' } }, baseVersions: {}, createdAt };
    }
    const projectorId = this.projectorIds.length ? this.projectorIds[this.n % this.projectorIds.length]! : null;
    const args = newCaseArgs(projectorId, this.n);
    this.mine.push(args.id);
    if (this.mine.length > 50) this.mine.shift();
    return { name: 'createCase', args, baseVersions: {}, createdAt };
  }
}
