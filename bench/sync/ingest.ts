// hub_ingest_mutations_per_s: 20 consoles push createCase/updateCase mutations as fast as the hub
// acknowledges them, over the real /sync protocol, for ~10 s. Counted: mutations acknowledged ok
// in push-results per second of the measured window (after a short warm-up).
import path from 'node:path';
import { Cleanup } from '../lib/cleanup.js';
import { benchTempDir, login, MutationMix, RawSyncClient, SEE_ALL_ACCOUNTS, startBenchHub } from '../lib/hub.js';
import { metric, type Results } from '../lib/results.js';
import { round, sleep } from '../lib/stats.js';
import { procMemoryMb } from '../lib/worker-rpc.js';
import { ingestFloor } from './floors.js';

export type IngestOptions = Readonly<{ clients: number; seconds: number; batch: number; log: (line: string) => void }>;

const WARMUP_MS = 1000;

export async function benchIngest(options: IngestOptions): Promise<Results> {
  const { log } = options;
  const cleanup = new Cleanup();
  try {
    const floor = ingestFloor(options.batch, 20_000);
    log(`ingest floor: bare better-sqlite3 ${Math.round(floor)} mutations/s (batches of ${options.batch})`);
    const root = cleanup.dir(benchTempDir('ingest'));
    const hub = await startBenchHub(path.join(root, 'hub'));
    cleanup.add(() => hub.stop());

    const clients: RawSyncClient[] = [];
    for (let i = 0; i < options.clients; i += 1) {
      const pair = await login(hub.url, SEE_ALL_ACCOUNTS[i % SEE_ALL_ACCOUNTS.length]!);
      const client = new RawSyncClient(hub.url, pair.accessToken);
      cleanup.add(() => client.close());
      await client.connect(null);
      clients.push(client);
    }

    const start = performance.now();
    const measureFrom = start + WARMUP_MS;
    const measureTo = measureFrom + options.seconds * 1000;
    let acked = 0;
    let rejected = 0;
    let firstError: string | null = null;
    let pushes = 0;
    const cpuBefore = process.cpuUsage();
    await Promise.all(
      clients.map(async (client) => {
        const mix = new MutationMix(client.projectorIds);
        while (performance.now() < measureTo) {
          const results = await client.push(Array.from({ length: options.batch }, () => mix.next()));
          const at = performance.now();
          pushes += 1;
          for (const r of results) {
            if (!r.ok) {
              rejected += 1;
              firstError ??= `${r.error.code}: ${r.error.message}`;
            } else if (at >= measureFrom && at <= measureTo) acked += 1;
          }
        }
      }),
    );
    const hubMem = procMemoryMb(hub.pid);
    const cpu = process.cpuUsage(cpuBefore);
    const rate = acked / options.seconds;
    if (firstError) log(`ingest: ${rejected} mutations rejected, first: ${firstError}`);
    log(`ingest: ${acked} acknowledged in ${options.seconds} s = ${Math.round(rate)} mutations/s (${pushes} pushes; hub peak RSS ${round(hubMem?.hwmMb ?? NaN, 0)} MB; orchestrator CPU ${round((cpu.user + cpu.system) / 1e6, 1)} s)`);
    await sleep(10);
    return {
      hub_ingest_mutations_per_s: metric(rate, 'mutations/s', {
        floor,
        target: 2000,
        note: `${options.clients} clients, batches of ${options.batch}, ${options.seconds} s after ${WARMUP_MS} ms warm-up, ${rejected} rejected`,
      }),
    };
  } finally {
    await cleanup.run();
  }
}
