// Child process hosting one or more REAL console cores (createConsoleCore: own data dir, SQLite
// cache, sync WebSocket) for the sync benchmarks, driven by the orchestrator over IPC. It only
// observes the cores through their public seams (handle, onEvent) plus a read-only look at the
// cache's sync cursor, which is how "caught up to the hub head" is decided.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { createConsoleCore, normaliseHubUrl } from '../../desktop/main/core/console-core.js';
import type { ConsoleCore } from '../../desktop/main/core/console-core-types.js';
import type { ReadableDb } from '../../desktop/main/core/cache/cache-db.js';
import { cacheFileFor } from '../../desktop/main/core/cache/cache-location.js';
import { getCursor } from '../../desktop/main/core/cache/meta.js';
import { cacheSchema } from '../../desktop/main/core/cache/schema.js';
import { silentLogger, type Logger } from '../../desktop/main/core/logger.js';
import type { CaseDetail, CaseSummary, SessionInfo, SyncStatus } from '../../shared/console-api.js';
import type { EventEnvelope } from '../../shared/ipc.js';
import type { Cursor } from '../../shared/sync/protocol.js';
import { nowMs } from '../lib/stats.js';
import { procMemoryMb, serveRpc } from '../lib/worker-rpc.js';

type Watch = {
  id: number;
  /** The case to look for, or (for a case another console is creating) a unique title token. */
  caseId: string | null;
  search: string | null;
  expect: { field: string; value: unknown } | null;
  /** First confirmation after a data.changed event (what a window sees). */
  tEvent: number | null;
  /** First confirmation after a sync.status event (the cache committed the change). */
  tCache: number | null;
  done: (result: { tEvent: number | null; tCache: number | null }) => void;
  timer: NodeJS.Timeout;
};

type Hosted = {
  core: ConsoleCore;
  dir: string;
  hubUrl: string;
  userId: string | null;
  status: SyncStatus | null;
  reader: Database.Database | null;
  watches: Set<Watch>;
  listeners: Set<() => void>;
};

const logger: Logger = process.env.BENCH_CORE_LOG === '1' ? { ...silentLogger, warn: (m, f) => console.warn(`[core] ${m}`, f ?? ''), error: (m, e) => console.error(`[core] ${m}`, e) } : silentLogger;
const cores: Hosted[] = [];
const watchResults = new Map<number, Promise<{ tEvent: number | null; tCache: number | null }>>();
let nextWatch = 1;
let nextCall = 1;

async function call<T>(h: Hosted, method: string, arg: unknown): Promise<T> {
  const reply = await h.core.handle(nextCall++, method, arg);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

function cursorOf(h: Hosted): Cursor | null {
  if (!h.userId) return null;
  if (!h.reader) {
    const file = cacheFileFor(h.dir, normaliseHubUrl(h.hubUrl), h.userId);
    if (!fs.existsSync(file)) return null;
    h.reader = new Database(file, { readonly: true, fileMustExist: true });
  }
  try {
    return getCursor(drizzle(h.reader, { schema: cacheSchema }) as unknown as ReadableDb);
  } catch {
    // The cache may still be migrating its tables on first open.
    return null;
  }
}

async function check(h: Hosted, w: Watch, kind: 'event' | 'cache'): Promise<void> {
  const at = nowMs();
  let caseId = w.caseId;
  if (caseId === null) {
    const found = await call<CaseSummary[]>(h, 'cases.list', { search: w.search ?? '' });
    caseId = found.find((c) => c.title.includes(w.search ?? ''))?.id ?? null;
    if (caseId === null) return;
  }
  const detail = await call<CaseDetail | null>(h, 'cases.get', { id: caseId });
  if (!detail) return;
  if (w.expect && (detail as Record<string, unknown>)[w.expect.field] !== w.expect.value) return;
  if (kind === 'event' && w.tEvent === null) w.tEvent = at;
  if (kind === 'cache' && w.tCache === null) w.tCache = at;
  if (w.tEvent !== null) {
    clearTimeout(w.timer);
    h.watches.delete(w);
    w.done({ tEvent: w.tEvent, tCache: w.tCache ?? w.tEvent });
  }
}

function onEvent(h: Hosted, event: EventEnvelope): void {
  if (event.name === 'sync.status') h.status = event.payload as SyncStatus;
  const kind = event.name === 'data.changed' ? 'event' : event.name === 'sync.status' ? 'cache' : null;
  if (kind) for (const w of h.watches) void check(h, w, kind);
  for (const listener of h.listeners) listener();
}

async function open(arg: { dir: string; hubUrl: string; email?: string; password?: string }): Promise<{ index: number; userId: string | null; loginMs: number; t0: number }> {
  fs.mkdirSync(arg.dir, { recursive: true });
  const start = nowMs();
  const core = await createConsoleCore({ dataDir: arg.dir, hubUrl: arg.hubUrl }, { logger, clientName: 'bench' });
  const h: Hosted = { core, dir: arg.dir, hubUrl: arg.hubUrl, userId: null, status: null, reader: null, watches: new Set(), listeners: new Set() };
  core.onEvent((event) => onEvent(h, event));
  const index = cores.push(h) - 1;
  const t0 = nowMs();
  if (arg.email && arg.password) {
    const info = await call<SessionInfo>(h, 'session.login', { email: arg.email, password: arg.password });
    h.userId = info.user.id;
  } else {
    h.userId = (await call<SessionInfo | null>(h, 'session.get', {}))?.user.id ?? null;
  }
  h.status = await call<SyncStatus>(h, 'sync.status', {});
  return { index, userId: h.userId, loginMs: nowMs() - t0, t0: start };
}

/**
 * Resolves when the core is online, not bootstrapping, and its cursor is at `head` or later
 * (any cursor when head is null). Checked on every core event and every 10 ms.
 */
function waitSynced(arg: { index: number; head: number | null; timeoutMs: number }): Promise<{ at: number; cursor: Cursor | null; polls: number }> {
  const h = cores[arg.index]!;
  return new Promise((resolve, reject) => {
    let polls = 0;
    const probe = () => {
      polls += 1;
      if (h.status?.connection !== 'online' || h.status.bootstrap !== null) return;
      const cursor = cursorOf(h);
      if (!cursor || (arg.head !== null && cursor.version < arg.head)) return;
      finish();
      resolve({ at: nowMs(), cursor, polls });
    };
    const interval = setInterval(probe, 10);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`core ${arg.index} not synced to ${arg.head} within ${arg.timeoutMs} ms (status ${JSON.stringify(h.status)}, cursor ${JSON.stringify(cursorOf(h))})`));
    }, arg.timeoutMs);
    const finish = () => {
      clearInterval(interval);
      clearTimeout(timer);
      h.listeners.delete(probe);
    };
    h.listeners.add(probe);
    probe();
  });
}

async function write(arg: { index: number; method: 'cases.create' | 'cases.update'; arg: unknown }): Promise<{ t0: number; t1: number; value: unknown }> {
  const h = cores[arg.index]!;
  const t0 = nowMs();
  const value = await call<unknown>(h, arg.method, arg.arg);
  return { t0, t1: nowMs(), value };
}

function watch(arg: { index: number; caseId: string | null; search: string | null; expect: { field: string; value: unknown } | null; timeoutMs: number }): number {
  const h = cores[arg.index]!;
  const id = nextWatch++;
  watchResults.set(
    id,
    new Promise((resolve) => {
      const w: Watch = {
        id,
        caseId: arg.caseId,
        search: arg.search,
        expect: arg.expect,
        tEvent: null,
        tCache: null,
        done: resolve,
        timer: setTimeout(() => {
          h.watches.delete(w);
          resolve({ tEvent: null, tCache: w.tCache });
        }, arg.timeoutMs),
      };
      h.watches.add(w);
    }),
  );
  return id;
}

async function closeCore(index: number): Promise<void> {
  const h = cores[index];
  if (!h) return;
  h.reader?.close();
  h.reader = null;
  await h.core.close();
}

serveRpc(
  {
    open,
    waitSynced,
    write,
    watch,
    awaitWatch: (id: number) => watchResults.get(id),
    api: async (arg: { index: number; method: string; arg: unknown }) => call<unknown>(cores[arg.index]!, arg.method, arg.arg),
    status: (index: number) => cores[index]?.status ?? null,
    cursor: (index: number) => (cores[index] ? cursorOf(cores[index]) : null),
    clock: () => nowMs(),
    memory: () => ({ ...procMemoryMb(process.pid), heapMb: process.memoryUsage().heapUsed / 2 ** 20 }),
    close: closeCore,
  },
  async () => {
    await Promise.all(cores.map((_, i) => closeCore(i).catch(() => undefined)));
  },
);
