// Helpers for tests that drive a whole console core through its ConsoleApi against the fake hub.
import fs from 'node:fs';
import type { ConsoleApiMethod, ConsoleApiResults } from '../../../../shared/console-api.js';
import type { EventEnvelope } from '../../../../shared/ipc.js';
import type { BackoffOptions } from '../backoff.js';
import { createConsoleCore } from '../console-core.js';
import type { ConsoleCore } from '../console-core-types.js';
import { silentLogger } from '../logger.js';
import { startFakeHub, type FakeHub, type FakeHubOptions } from './fake-hub.js';
import { tempDataDir } from './fixtures.js';

export async function call<M extends ConsoleApiMethod>(core: ConsoleCore, method: M, arg: unknown): Promise<ConsoleApiResults[M]> {
  const reply = await core.handle(1, method, arg);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as ConsoleApiResults[M];
}

export async function eventually<T>(probe: () => Promise<T | null | false> | T | null | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const isOnline = (core: ConsoleCore) => eventually(async () => (await call(core, 'sync.status', {})).connection === 'online', 'online');

export type CoreRig = Readonly<{
  hub: FakeHub;
  dataDir: string;
  open(backoff?: BackoffOptions): Promise<{ core: ConsoleCore; events: EventEnvelope[] }>;
}>;

/** A fake hub and a data folder; `open` starts a core on it. Everything is cleaned up by `cleanups`. */
export async function coreRig(hubOptions: FakeHubOptions, cleanups: (() => Promise<void> | void)[]): Promise<CoreRig> {
  const hub = await startFakeHub(hubOptions);
  const dataDir = tempDataDir();
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => hub.stop());
  return {
    hub,
    dataDir,
    async open(backoff = { baseMs: 20, maxMs: 100, random: () => 1 }) {
      const core = await createConsoleCore({ dataDir, hubUrl: hub.url }, { logger: silentLogger, backoff });
      const events: EventEnvelope[] = [];
      core.onEvent((e) => events.push(e));
      cleanups.push(() => core.close());
      return { core, events };
    },
  };
}
