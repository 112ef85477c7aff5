// propagation_p50_ms / propagation_p99_ms: a write on console A (a real core, through its
// ConsoleApi) until console B's cache shows it, with 50 real consoles connected to a real hub.
// Cores run several per child process (each with its own data dir, SQLite cache and WebSocket).
import path from 'node:path';
import { Cleanup } from '../lib/cleanup.js';
import { benchTempDir, DEMO_PASSWORD, login, MutationMix, RawSyncClient, SEE_ALL_ACCOUNTS, startBenchHub } from '../lib/hub.js';
import { metric, type Results } from '../lib/results.js';
import { nowMs, percentile, round } from '../lib/stats.js';
import { profileNodeArgs } from '../lib/profiling.js';
import { spawnWorker, type Worker } from '../lib/worker-rpc.js';
import { propagationFloor } from './floors.js';

export type PropagationOptions = Readonly<{ consoles: number; processes: number; samples: number; log: (line: string) => void }>;

type Host = { worker: Worker; cores: number[]; offset: number };

/** Offset of a worker's clock to ours (theirs - ours), from the fastest of several pings. */
async function clockOffset(worker: Worker): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 30; i += 1) {
    const t0 = nowMs();
    const theirs = await worker.call<number>('clock');
    const t1 = nowMs();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: theirs - (t0 + t1) / 2 };
  }
  return best.offset;
}

export async function benchPropagation(options: PropagationOptions): Promise<Results> {
  const { log } = options;
  const cleanup = new Cleanup();
  try {
    const floor = await propagationFloor();
    log(`propagation floor: ws rtt p50 ${round(floor.wsP50, 3)} ms + sqlite commit p50 ${round(floor.sqliteP50, 3)} ms`);
    const root = cleanup.dir(benchTempDir('propagation'));
    const hub = await startBenchHub(path.join(root, 'hub'));
    cleanup.add(() => hub.stop());

    const hosts: Host[] = [];
    for (let p = 0; p < options.processes; p += 1) {
      const worker = await spawnWorker('bench/sync/core-worker.ts', {}, profileNodeArgs('core'));
      cleanup.add(() => worker.stop());
      hosts.push({ worker, cores: [], offset: 0 });
    }
    const t0 = Date.now();
    await Promise.all(
      hosts.map(async (host, p) => {
        for (let c = p; c < options.consoles; c += options.processes) {
          const email = SEE_ALL_ACCOUNTS[c % SEE_ALL_ACCOUNTS.length]!;
          const opened = await host.worker.call<{ index: number }>('open', { dir: path.join(root, `console-${c}`), hubUrl: hub.url, email, password: DEMO_PASSWORD });
          host.cores.push(opened.index);
        }
        for (const index of host.cores) await host.worker.call('waitSynced', { index, head: null, timeoutMs: 60_000 }, 70_000);
      }),
    );
    log(`propagation: ${options.consoles} consoles signed in and bootstrapped in ${Date.now() - t0} ms (${options.processes} processes)`);
    for (const host of hosts) host.offset = await clockOffset(host.worker);

    // A known projector links the new cases to a site and customer, as an intake form would.
    const first = hosts[0]!;
    const matches = await first.worker.call<{ projectorId: string }[]>('api', { index: first.cores[0], method: 'projectors.search', arg: { query: 'BRX', limit: 5 } });
    const projectorId = matches[0]?.projectorId ?? null;

    const event: number[] = [];
    const cache: number[] = [];
    let missed = 0;
    const created: string[] = [];
    let rng = 12345;
    const rand = (n: number) => {
      rng = (rng * 1103515245 + 12345) & 0x7fffffff;
      return rng % n;
    };
    for (let i = 0; i < options.samples; i += 1) {
      const a = hosts[rand(hosts.length)]!;
      let b = hosts[rand(hosts.length)]!;
      if (hosts.length > 1) while (b === a) b = hosts[rand(hosts.length)]!;
      const aCore = a.cores[rand(a.cores.length)]!;
      const bCore = b.cores[rand(b.cores.length)]!;
      const token = `bench-${i}-${Date.now().toString(36)}`;
      const update = i % 2 === 1 && created.length > 0;
      const caseId = update ? created[rand(created.length)]! : null;
      const description = `Propagation probe ${token}: engineer on the way.`;
      const watchId = await b.worker.call<number>('watch', {
        index: bCore,
        caseId,
        search: update ? null : token,
        expect: update ? { field: 'description', value: description } : null,
        timeoutMs: 5000,
      });
      const result = b.worker.call<{ tEvent: number | null; tCache: number | null }>('awaitWatch', watchId);
      // If the write fails, this must not become an unhandled rejection that hides that error.
      result.catch(() => undefined);
      const write = update
        ? await a.worker.call<{ t0: number; value: unknown }>('write', { index: aCore, method: 'cases.update', arg: { id: caseId, patch: { description } } })
        : await a.worker.call<{ t0: number; value: unknown }>('write', {
            index: aCore,
            method: 'cases.create',
            arg: { serial: projectorId ? 'BRX-PROBE' : 'UNK-PROBE', projectorId, siteId: null, customerId: null, contactName: 'Probe Caller', contactPhone: '+44 1234 567890', contactEmail: '', channel: 'phone', title: `Lamp alarm ${token}`, description, priority: 'P3', severity: 'minor' },
          });
      if (!update) created.push((write.value as { id: string }).id);
      const seen = await result;
      const start = write.t0 - a.offset;
      if (seen.tEvent === null) missed += 1;
      else event.push(seen.tEvent - b.offset - start);
      if (seen.tCache !== null) cache.push(seen.tCache - b.offset - start);
      // Let the other 48 consoles finish applying before the next probe, as between real edits.
      await new Promise((r) => setTimeout(r, 20));
    }
    // Diagnostic: the hub alone (raw protocol clients, same 50 consoles connected): push from one
    // socket until another socket receives the change.
    const hubOnly: number[] = [];
    const rawA = new RawSyncClient(hub.url, (await login(hub.url, 'agent@demo.test')).accessToken);
    const rawB = new RawSyncClient(hub.url, (await login(hub.url, 'agent2@demo.test')).accessToken);
    cleanup.add(() => rawA.close());
    cleanup.add(() => rawB.close());
    await rawA.connect(null);
    await rawB.connect(null);
    const mix = new MutationMix(rawA.projectorIds);
    for (let i = 0; i < Math.min(100, options.samples); i += 1) {
      const mutation = mix.next();
      const id = (mutation.args as { id: string }).id;
      const arrived = rawB.waitForText(id);
      const t0 = performance.now();
      await rawA.push([mutation]);
      hubOnly.push((await arrived) - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    log(`propagation (hub only, raw sockets): p50 ${round(percentile(hubOnly, 50))} ms, p99 ${round(percentile(hubOnly, 99))} ms`);

    const note = `${event.length} samples (${missed} missed), ${options.consoles} consoles in ${options.processes} processes; visible = B's data.changed event then cases.get`;
    log(`propagation (data.changed): p50 ${round(percentile(event, 50))} ms, p99 ${round(percentile(event, 99))} ms; cache (sync.status): p50 ${round(percentile(cache, 50))} ms, p99 ${round(percentile(cache, 99))} ms`);
    return {
      propagation_p50_ms: metric(percentile(event, 50), 'ms', { floor: floor.p50, target: 15, note }),
      propagation_p99_ms: metric(missed > 0 ? Number.POSITIVE_INFINITY : percentile(event, 99), 'ms', { floor: floor.p99, target: 100, note }),
      propagation_cache_p50_ms: metric(percentile(cache, 50), 'ms', { floor: floor.p50, note: 'diagnostic: first cases.get hit after the sync.status event that follows the cache commit (before the 16 ms data.changed coalescing)' }),
      propagation_cache_p99_ms: metric(percentile(cache, 99), 'ms', { floor: floor.p99, note: 'diagnostic, see propagation_cache_p50_ms' }),
      propagation_hub_only_p50_ms: metric(percentile(hubOnly, 50), 'ms', { floor: floor.p50, note: `diagnostic: raw protocol push on one socket until another socket receives the change (no cores at either end; ${hubOnly.length} samples)` }),
      propagation_hub_only_p99_ms: metric(percentile(hubOnly, 99), 'ms', { floor: floor.p99, note: 'diagnostic, see propagation_hub_only_p50_ms' }),
    };
  } finally {
    await cleanup.run();
  }
}
