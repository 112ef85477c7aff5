// A real console core in the benchmark's own process (its own data dir and cache), driven through
// its public seam: `call` a ConsoleApi method, hear `data.changed`, sign in and wait until synced.
import { createConsoleCore } from '../../desktop/main/core/console-core.js';
import { silentLogger } from '../../desktop/main/core/logger.js';
import type { SyncStatus } from '../../shared/console-api.js';
import type { EventEnvelope } from '../../shared/ipc.js';
import { DEMO_PASSWORD } from './hub.js';
import { sleep } from './stats.js';

export type BenchCore = Readonly<{
  call<T>(method: string, arg: unknown): Promise<T>;
  /** Listeners called on every data.changed event; delete yours when done. */
  changed: Set<() => void>;
  /** Signs in and resolves once the core is online with its bootstrap done (30 s at most). */
  signInAndSync(email: string): Promise<void>;
  close(): Promise<void>;
}>;

export async function startBenchCore(dataDir: string, hubUrl: string): Promise<BenchCore> {
  const core = await createConsoleCore({ dataDir, hubUrl }, { logger: silentLogger, clientName: 'bench' });
  let nextCall = 1;
  const call = async <T>(method: string, arg: unknown): Promise<T> => {
    const reply = await core.handle(nextCall++, method, arg);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };
  const changed = new Set<() => void>();
  core.onEvent((event: EventEnvelope) => {
    if (event.name === 'data.changed') for (const listener of changed) listener();
  });
  return {
    call,
    changed,
    async signInAndSync(email) {
      await call('session.login', { email, password: DEMO_PASSWORD });
      for (let i = 0; i < 600; i++) {
        const status = await call<SyncStatus>('sync.status', {});
        if (status.connection === 'online' && status.bootstrap === null) return;
        await sleep(50);
      }
      throw new Error(`${email}'s console did not finish syncing within 30 s`);
    },
    close: () => core.close(),
  };
}
