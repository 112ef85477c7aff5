// `npm run test:chaos`: a real hub process and several real console cores, each behind a
// fault-injecting proxy; random case operations race while the harness delays, stalls, cuts and
// partitions links and SIGKILLs cores and the hub. Then it heals everything, waits for every
// outbox to drain and checks the invariants (invariants.ts). Prints `seed=<n>` first, progress on
// stderr, and one JSON line on stdout; exits non-zero on any violation.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createPrng } from '../../hub-server/seed/prng.js';
import { tempDir } from '../support/processes.js';
import { createCoreProcess, createHubProcess, freePort, type CoreProcess, type HubProcess } from './chaos-processes.js';
import { readCoreSnapshot } from './core-state.js';
import { createFaultProxy, type FaultProxy } from './fault-proxy.js';
import { openHubReader, readHubState, readHubUsers, type HubUser } from './hub-state.js';
import { checkInvariants, type AcknowledgedWrite, type CoreView, type InvariantName, type InvariantReport, type Violation } from './invariants.js';
import { runOneOp, type HotProjector, type SharedTargets, type WorkloadStats } from './workload.js';

export type ChaosOptions = Readonly<{
  seed: number;
  clients: number;
  /** Operations per client. */
  ops: number;
  /** Stop issuing operations this long after they began (start-up, heal and checks come on top). */
  durationMs: number;
  /** Chance that a fault tick kills a process (a core, or 40% of the time the hub). */
  killRate: number;
  /** How long to wait for every outbox to drain and every cache to converge after healing. */
  healTimeoutMs: number;
  /** Most hub kills per run. */
  maxHubKills: number;
  /** Keep the temp folder (hub and core data, for a post-mortem). */
  keep: boolean;
  /** No faults at all: a baseline that separates sync bugs from fault handling. */
  calm: boolean;
  log: (line: string) => void;
}>;

export type ChaosSummary = Readonly<{
  seed: number;
  clients: number;
  mutations: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  conflicts: number;
  converged: boolean;
  rejected: number;
  rejectedByCode: Readonly<Record<string, number>>;
  faults: Readonly<Record<string, number>>;
  workload: Readonly<WorkloadStats>;
  violations: readonly Violation[];
  /** Violations of checks listed in TODO_PENDING_FIX: reported, not failing the run. */
  pendingFix: readonly Violation[];
  ok: boolean;
  dataDir: string | null;
  elapsedMs: number;
}>;

/**
 * Checks whose failures come from a feature another part of issue 3 is still building; each entry
 * says which. Violations of these are reported under `pendingFix` and do not fail the run.
 */
export const TODO_PENDING_FIX: readonly InvariantName[] = [];

/** Demo accounts the clients sign in as, in order (then round again). */
export const CHAOS_ACCOUNTS = ['agent@demo.test', 'manager@demo.test', 'agent2@demo.test', 'admin@demo.test', 'fse1@demo.test'] as const;
const DEMO_PASSWORD = 'demo-password';
const HOT_CASES = 6;

export const DEFAULT_OPTIONS: Omit<ChaosOptions, 'seed' | 'log'> = {
  clients: 4,
  ops: 60,
  durationMs: 90_000,
  killRate: 0.12,
  healTimeoutMs: 60_000,
  maxHubKills: 2,
  keep: false,
  calm: false,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Everything a run started, so a failure or Ctrl+C still stops it all. */
type Resources = { hub: HubProcess | null; cores: CoreProcess[]; proxies: FaultProxy[]; dirs: string[]; timers: Set<NodeJS.Timeout> };
const liveRuns = new Set<Resources>();

async function release(res: Resources, removeDirs: boolean): Promise<void> {
  for (const t of res.timers) clearTimeout(t);
  await Promise.allSettled(res.cores.map((c) => c.stop()));
  await Promise.allSettled(res.proxies.map((p) => p.close()));
  await res.hub?.stop().catch(() => undefined);
  if (removeDirs) for (const dir of res.dirs) fs.rmSync(dir, { recursive: true, force: true });
  liveRuns.delete(res);
}

/** Stops every process of every run still going (for SIGINT and test teardown). */
export async function releaseAllChaosRuns(): Promise<void> {
  await Promise.allSettled([...liveRuns].map((r) => release(r, true)));
}

function readHotSet(dbFile: string): { hot: string[]; projectors: HotProjector[] } {
  const db = openHubReader(dbFile);
  try {
    // Hot cases: open ones without an assignee restriction on visibility for agents/managers/admins.
    const hot = db.prepare("SELECT id FROM cases WHERE status IN ('new', 'assigned', 'in_progress') ORDER BY number LIMIT ?").pluck().all(HOT_CASES) as string[];
    const projectors = db
      .prepare('SELECT p.id AS projectorId, p.serial, p.site_id AS siteId, s.customer_id AS customerId FROM projectors p JOIN sites s ON s.id = p.site_id ORDER BY p.serial LIMIT 8')
      .all() as HotProjector[];
    return { hot, projectors };
  } finally {
    db.close();
  }
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) return null;
    await sleep(100);
  }
}

export async function runChaos(input: Partial<ChaosOptions> & Readonly<{ seed: number }>): Promise<ChaosSummary> {
  const options: ChaosOptions = { ...DEFAULT_OPTIONS, log: (line) => process.stderr.write(`${line}\n`), ...input };
  const started = Date.now();
  const stamp = () => `+${((Date.now() - started) / 1000).toFixed(1)}s`;
  const log = (line: string) => options.log(`[chaos ${stamp()}] ${line}`);
  const rng = createPrng(options.seed);
  // Separate streams per purpose, so a client's choices do not depend on how others interleave.
  const faultRng = createPrng(rng.int(1, 2 ** 31));
  const proxyRng = createPrng(rng.int(1, 2 ** 31));
  const clientSeeds = Array.from({ length: options.clients }, () => rng.int(1, 2 ** 31));

  const root = tempDir('lamphouse-chaos-');
  const res: Resources = { hub: null, cores: [], proxies: [], dirs: [root], timers: new Set() };
  liveRuns.add(res);
  const faults: Record<string, number> = {};
  const count = (kind: string) => (faults[kind] = (faults[kind] ?? 0) + 1);
  const stats: WorkloadStats = { attempted: 0, acknowledged: 0, refusedLocally: 0, failed: 0, byOp: {} };
  const acknowledged: AcknowledgedWrite[] = [];
  let ok = false;

  try {
    const hubDir = path.join(root, 'hub');
    fs.mkdirSync(hubDir);
    const hub = await createHubProcess(hubDir, await freePort());
    res.hub = hub;
    log(`hub up at ${hub.url} (${hubDir})`);
    const users = readHubUsers(hub.dbFile);
    const { hot, projectors } = readHotSet(hub.dbFile);
    const targets: SharedTargets = { hot, created: [], deleted: new Set(), projectors, fseIds: users.filter((u) => u.role === 'fse').map((u) => u.id) };

    const clientUsers: HubUser[] = [];
    for (let i = 0; i < options.clients; i++) {
      const email = CHAOS_ACCOUNTS[i % CHAOS_ACCOUNTS.length]!;
      const user = users.find((u) => u.email === email);
      if (!user) throw new Error(`demo account ${email} is missing on the hub`);
      clientUsers.push(user);
      const proxy = await createFaultProxy({ targetPort: hub.port, random: proxyRng.next });
      res.proxies.push(proxy);
      const dir = path.join(root, `core-${i}`);
      fs.mkdirSync(dir);
      res.cores.push(createCoreProcess(i, proxy.url, dir));
    }
    await Promise.all(res.cores.map((c) => c.start()));
    await Promise.all(res.cores.map((c, i) => c.call('session.login', { email: clientUsers[i]!.email, password: DEMO_PASSWORD })));
    for (const core of res.cores) {
      const synced = await waitFor(async () => {
        const s = await core.call('sync.status', {});
        return s.connection === 'online' && s.bootstrap === null && s.lastSyncAt !== null;
      }, 30_000);
      if (!synced) throw new Error(`core ${core.index} did not finish its first bootstrap within 30 s:\n${core.output()}`);
    }
    log(`${options.clients} cores signed in and bootstrapped (${clientUsers.map((u) => u.email).join(', ')}); hot cases ${hot.length}`);

    // --- workload and faults, concurrently.
    const down = new Map<number, Promise<void>>();
    const deadline = Date.now() + options.durationMs;
    let workloadDone = false;
    const clientLoops = res.cores.map(async (_core, i) => {
      const ctx = {
        index: i,
        user: clientUsers[i]!,
        rng: createPrng(clientSeeds[i]!),
        core: () => res.cores[i]!,
        coreUp: () => (down.get(i) ?? Promise.resolve()).catch(() => undefined),
        targets,
        acknowledged,
        stats,
        log,
      };
      for (let n = 0; n < options.ops && Date.now() < deadline; n++) {
        await ctx.coreUp();
        await runOneOp(ctx, n);
        await sleep(ctx.rng.int(5, 80));
      }
    });

    const pendingFaults = new Set<Promise<void>>();
    const later = (ms: number, fn: () => Promise<void> | void) => {
      const p = new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          res.timers.delete(t);
          Promise.resolve()
            .then(fn)
            .catch((error: unknown) => log(`fault action failed: ${String(error)}`))
            .finally(resolve);
        }, ms);
        res.timers.add(t);
      });
      pendingFaults.add(p);
      void p.finally(() => pendingFaults.delete(p));
    };
    let coreKills = 0;
    let hubKills = 0;
    let hubDown: Promise<void> | null = null;
    const maxCoreKills = options.clients * 3;

    const faultLoop = (async () => {
      while (!workloadDone && !options.calm) {
        await sleep(faultRng.int(150, 600));
        if (workloadDone) break;
        const j = faultRng.int(0, options.clients - 1);
        const proxy = res.proxies[j]!;
        const roll = faultRng.next();
        if (roll < options.killRate) {
          if (faultRng.chance(0.4) && hubKills < options.maxHubKills && !hubDown) {
            hubKills += 1;
            count('hubKill');
            const pause = faultRng.int(200, 2000);
            log(`fault: SIGKILL hub, restart in ${pause} ms`);
            await hub.kill();
            hubDown = sleep(pause).then(async () => {
              await hub.start();
              log('hub restarted');
              hubDown = null;
            });
            pendingFaults.add(hubDown);
          } else if (coreKills < maxCoreKills && !down.has(j)) {
            coreKills += 1;
            count('coreKill');
            const pause = faultRng.int(50, 1500);
            log(`fault: SIGKILL core ${j}, restart in ${pause} ms`);
            const core = res.cores[j]!;
            await core.kill();
            const back = sleep(pause)
              .then(() => core.start())
              .then(() => log(`core ${j} restarted`))
              .finally(() => down.delete(j));
            down.set(j, back);
            pendingFaults.add(back);
          }
        } else if (roll < 0.4) {
          count('latency');
          const maxMs = faultRng.int(5, 150);
          const forMs = faultRng.int(300, 3000);
          log(`fault: latency ≤${maxMs} ms on link ${j} for ${forMs} ms`);
          proxy.setLatency(maxMs);
          later(forMs, () => proxy.setLatency(0));
        } else if (roll < 0.55) {
          count('stall');
          const forMs = faultRng.int(100, 2500);
          log(`fault: stall link ${j} for ${forMs} ms`);
          proxy.stall(true);
          later(forMs, () => proxy.stall(false));
        } else if (roll < 0.8) {
          count('cut');
          log(`fault: cut link ${j} (${proxy.open()} open)`);
          proxy.cut();
        } else {
          count('partition');
          const forMs = faultRng.int(200, 4000);
          log(`fault: partition link ${j} for ${forMs} ms`);
          proxy.partition();
          later(forMs, () => proxy.refuse(false));
        }
      }
    })();

    await Promise.all(clientLoops);
    workloadDone = true;
    await faultLoop;
    log(`workload done: ${JSON.stringify(stats)}; faults ${JSON.stringify(faults)}`);

    // --- heal: network clean, every process up, every core told to reconnect now.
    await Promise.allSettled([...pendingFaults]);
    for (const p of res.proxies) p.heal();
    if (!hub.running()) await hub.start();
    for (const core of res.cores) if (!core.running()) await core.start();
    await Promise.allSettled(res.cores.map((c) => c.call('sync.reconnect', {})));

    let last: InvariantReport | null = null;
    const lastStatus: string[] = [];
    const signedOut = new Set<number>();
    const healDeadline = Date.now() + options.healTimeoutMs;
    const evaluate = async (): Promise<InvariantReport> => {
      const views: CoreView[] = [];
      for (const core of res.cores) {
        const user = clientUsers[core.index]!;
        views.push({ index: core.index, user, snapshot: await readCoreSnapshot(core.dataDir, core.hubUrl, user.id), rejections: core.rejections() });
      }
      return checkInvariants({ hub: readHubState(hub.dbFile), cores: views, acknowledged });
    };
    for (;;) {
      lastStatus.length = 0;
      let drained = true;
      for (const core of res.cores) {
        const s = await core.call('sync.status', {}).catch((error: unknown) => ({ connection: `unreachable (${String(error)})`, pending: -1, lastError: null }));
        lastStatus.push(`core ${core.index}: ${s.connection}, pending ${s.pending}${s.lastError ? `, last error: ${s.lastError}` : ''}`);
        if (s.connection !== 'online' || s.pending !== 0) drained = false;
        // Signed out: nothing will drain this outbox until a person signs in again; stop waiting.
        if (s.connection === 'signed-out') signedOut.add(core.index);
      }
      if (drained) {
        last = await evaluate();
        if (last.converged) break;
      }
      if (Date.now() > healDeadline || signedOut.size) break;
      await sleep(250);
    }
    last ??= await evaluate();
    if (signedOut.size) log(`core(s) ${[...signedOut].join(', ')} were signed out by the hub during the run: their pending writes cannot drain`);
    if (!last.converged) log(`not converged after healing: ${lastStatus.join('; ')}`);
    else log(`drained and converged ${stamp()}`);

    const violations = last.violations.filter((v) => !TODO_PENDING_FIX.includes(v.invariant));
    const pendingFix = last.violations.filter((v) => TODO_PENDING_FIX.includes(v.invariant));
    ok = violations.length === 0;
    if (!ok) {
      for (const v of violations) log(`VIOLATION ${v.invariant}: ${v.message}`);
      log(`sync status: ${lastStatus.join('; ')}`);
      // The processes' last output, next to hub.db and the caches, for a post-mortem.
      fs.writeFileSync(path.join(root, 'hub.log'), hub.output());
      for (const core of res.cores) fs.writeFileSync(path.join(root, `core-${core.index}.log`), core.output());
      log(`logs written to ${root}/hub.log and core-*.log`);
    }
    for (const v of pendingFix) log(`TODO-pending-fix ${v.invariant}: ${v.message}`);
    return {
      seed: options.seed,
      clients: options.clients,
      mutations: last.mutations,
      acknowledged: last.acknowledged,
      lost: last.lost,
      duplicated: last.duplicated,
      conflicts: last.conflicts,
      converged: last.converged,
      rejected: last.rejected,
      rejectedByCode: last.rejectedByCode,
      faults,
      workload: stats,
      violations,
      pendingFix,
      ok,
      dataDir: options.keep || !ok ? root : null,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    // The processes' last output goes next to the data, so a failed start can be diagnosed.
    if (res.hub) fs.writeFileSync(path.join(root, 'hub.log'), res.hub.output());
    for (const core of res.cores) fs.writeFileSync(path.join(root, `core-${core.index}.log`), core.output());
    log(`run failed; data and logs kept in ${root}`);
    throw error;
  } finally {
    // A failed run keeps its folder (hub.db, caches) for a post-mortem; the path is in the summary.
    await release(res, ok && !options.keep);
  }
}

function parseCli(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string' },
      clients: { type: 'string' },
      ops: { type: 'string' },
      'duration-ms': { type: 'string' },
      seconds: { type: 'string' },
      'kill-rate': { type: 'string' },
      'heal-timeout-ms': { type: 'string' },
      keep: { type: 'boolean' },
      calm: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  const num = (name: string, text: string | undefined, fallback: number, min: number, max: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, not "${text}"`);
    return n;
  };
  const seed = Math.floor(num('seed', values.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1));
  const seconds = values.seconds === undefined ? undefined : num('seconds', values.seconds, 0, 1, 3600) * 1000;
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    options: {
      seed,
      clients: Math.floor(num('clients', values.clients, DEFAULT_OPTIONS.clients, 1, 16)),
      ops: Math.floor(num('ops', values.ops, DEFAULT_OPTIONS.ops, 1, 10_000)),
      durationMs: num('duration-ms', values['duration-ms'], seconds ?? DEFAULT_OPTIONS.durationMs, 1000, 3_600_000),
      killRate: num('kill-rate', values['kill-rate'], DEFAULT_OPTIONS.killRate, 0, 1),
      healTimeoutMs: num('heal-timeout-ms', values['heal-timeout-ms'], DEFAULT_OPTIONS.healTimeoutMs, 1000, 600_000),
      keep: values.keep ?? false,
      calm: values.calm ?? false,
    },
  };
}

const HELP = `Usage: npm run test:chaos -- [options]

  --seed N            PRNG seed (default: random; printed first so a failure can be replayed)
  --clients C         console cores (default ${DEFAULT_OPTIONS.clients})
  --ops N             operations per client (default ${DEFAULT_OPTIONS.ops})
  --duration-ms MS    stop issuing operations after MS (default ${DEFAULT_OPTIONS.durationMs}); --seconds S also works
  --kill-rate P       chance per fault tick of a SIGKILL (default ${DEFAULT_OPTIONS.killRate})
  --heal-timeout-ms   wait for drain and convergence after healing (default ${DEFAULT_OPTIONS.healTimeoutMs})
  --calm              no faults (a baseline run)
  --keep              keep the temp folder with hub.db and the caches
  --json              print only the JSON summary line on stdout (progress still on stderr)
`;

async function main(): Promise<number> {
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`test:chaos: ${(error as Error).message}\n${HELP}`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(HELP);
    return 0;
  }
  process.stdout.write(`seed=${cli.options.seed}\n`);
  const onSignal = () => {
    process.stderr.write('test:chaos: interrupted, stopping every process\n');
    void releaseAllChaosRuns().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const summary = await runChaos(cli.options);
  const line = {
    seed: summary.seed,
    clients: summary.clients,
    mutations: summary.mutations,
    acknowledged: summary.acknowledged,
    lost: summary.lost,
    duplicated: summary.duplicated,
    conflicts: summary.conflicts,
    converged: summary.converged,
    rejected: summary.rejected,
    faults: summary.faults,
    violations: summary.violations.length,
    pendingFix: summary.pendingFix.length,
    elapsedMs: summary.elapsedMs,
  };
  if (!cli.json) {
    process.stderr.write(`workload: ${JSON.stringify(summary.workload)}; rejected by code: ${JSON.stringify(summary.rejectedByCode)}\n`);
    if (summary.dataDir) process.stderr.write(`data kept in ${summary.dataDir}\n`);
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (!summary.ok) {
    const first = summary.violations[0]!;
    process.stderr.write(`test:chaos FAILED (seed ${summary.seed}): ${first.invariant}: ${first.message}\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    async (error: unknown) => {
      process.stderr.write(`test:chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      await releaseAllChaosRuns();
      process.exit(1);
    },
  );
}
