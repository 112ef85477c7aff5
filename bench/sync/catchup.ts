// catchup_100k_s: a console (real core, own process) signs in, closes, and while it is away
// 100,000 changes reach the hub through the real protocol (batched pushes from other clients).
// Measured: from reopening the core (it resumes its saved session and reconnects with its cursor)
// until it is online with its cache cursor at the hub head.
import path from 'node:path';
import { Cleanup } from '../lib/cleanup.js';
import { benchTempDir, DEMO_PASSWORD, login, MutationMix, RawSyncClient, SEE_ALL_ACCOUNTS, startBenchHub } from '../lib/hub.js';
import { metric, type Results } from '../lib/results.js';
import { round } from '../lib/stats.js';
import { profileNodeArgs } from '../lib/profiling.js';
import { procMemoryMb, spawnWorker } from '../lib/worker-rpc.js';

export type CatchupOptions = Readonly<{ changes: number; scale: number; log: (line: string) => void }>;

const PUSHERS = 4;
const BATCH = 500;

export async function benchCatchup(options: CatchupOptions): Promise<Results> {
  const { log } = options;
  const cleanup = new Cleanup();
  try {
    const root = cleanup.dir(benchTempDir('catchup'));
    const hub = await startBenchHub(path.join(root, 'hub'));
    cleanup.add(() => hub.stop());
    const worker = await spawnWorker('bench/sync/core-worker.ts', {}, profileNodeArgs('core'));
    cleanup.add(() => worker.stop());
    const dir = path.join(root, 'console');
    const first = await worker.call<{ index: number }>('open', { dir, hubUrl: hub.url, email: 'admin@demo.test', password: DEMO_PASSWORD });
    await worker.call('waitSynced', { index: first.index, head: null, timeoutMs: 60_000 });
    await worker.call('close', first.index);

    // While the console is away: real pushes, batched, several clients.
    const t0 = Date.now();
    const pushers: RawSyncClient[] = [];
    for (let i = 0; i < PUSHERS; i += 1) {
      const pair = await login(hub.url, SEE_ALL_ACCOUNTS[i % SEE_ALL_ACCOUNTS.length]!);
      const client = new RawSyncClient(hub.url, pair.accessToken);
      cleanup.add(() => client.close());
      await client.connect(null);
      pushers.push(client);
    }
    const startVersion = pushers[0]!.cursorVersion;
    let ok = 0;
    let issued = 0;
    let firstError: string | null = null;
    await Promise.all(
      pushers.map(async (client) => {
        const mix = new MutationMix(client.projectorIds);
        while (issued < options.changes) {
          const n = Math.min(BATCH, options.changes - issued);
          issued += n;
          for (const r of await client.push(Array.from({ length: n }, () => mix.next()))) {
            if (r.ok) ok += 1;
            else firstError ??= `${r.error.code}: ${r.error.message}`;
          }
        }
      }),
    );
    const probe = new RawSyncClient(hub.url, (await login(hub.url, 'admin@demo.test')).accessToken);
    await probe.connect({ epoch: pushers[0]!.epoch, version: Math.max(...pushers.map((p) => p.cursorVersion)) });
    const head = probe.head;
    await probe.close();
    for (const p of pushers) await p.close();
    const generateS = (Date.now() - t0) / 1000;
    log(`catch-up: ${ok} mutations (${head - startVersion} changes) generated in ${round(generateS, 1)} s = ${Math.round(ok / generateS)}/s${firstError ? `; first rejection ${firstError}` : ''}`);

    // Reconnect: a new core on the same data dir resumes the saved session and its cursor.
    const reopened = await worker.call<{ index: number; t0: number }>('open', { dir, hubUrl: hub.url });
    const synced = await worker.call<{ at: number }>('waitSynced', { index: reopened.index, head, timeoutMs: 600_000 }, 610_000);
    const seconds = (synced.at - reopened.t0) / 1000;
    const mem = procMemoryMb(worker.pid);
    log(`catch-up: ${head - startVersion} changes applied in ${round(seconds, 2)} s (core process peak RSS ${round(mem?.hwmMb ?? NaN, 0)} MB)`);
    return {
      catchup_100k_s: metric(seconds, 's', { target: 10 * options.scale, note: `${head - startVersion} changes behind (scale ${options.scale}; target scaled linearly), from reopening the core to cursor at head ${head}` }),
    };
  } finally {
    await cleanup.run();
  }
}
