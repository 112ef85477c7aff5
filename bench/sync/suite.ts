// The `sync` benchmark suite of issue 3: propagation, hub ingest, catch-up and bootstrap, each
// against real hub and core processes on loopback. `--only` picks parts; `--scale` shrinks the
// catch-up and bootstrap data sets (targets of those scale linearly; 1 is the size).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeProfiles } from '../lib/cpu-profile.js';
import { enableProfiling, setProfilePart } from '../lib/profiling.js';
import { RESULTS_DIR, type Results } from '../lib/results.js';
import { benchBootstrap } from './bootstrap.js';
import { benchCatchup } from './catchup.js';
import { benchIngest } from './ingest.js';
import { benchPropagation } from './propagation.js';

export const SYNC_PARTS = ['propagation', 'ingest', 'catchup', 'bootstrap'] as const;
export type SyncPart = (typeof SYNC_PARTS)[number];

export const SYNC_HELP = `Usage: npm run bench -- sync [options]

  --only PARTS      comma-separated: ${SYNC_PARTS.join(', ')} (default: all)
  --scale X         size factor for catch-up (100,000 changes) and bootstrap (1,000,000 projectors
                    + 200,000 cases); e.g. 0.1 for a quick run. Default 1.
  --consoles N      consoles connected for propagation (default 50)
  --processes N     child processes hosting those consoles (default 5)
  --samples N       propagation samples (default 200)
  --clients N       pushing clients for ingest (default 20)
  --seconds S       ingest measuring window (default 10)
  --batch N         mutations per push frame for ingest (default 20)
  --profile         CPU-profile the hub and core processes (node --cpu-prof) and print where
                    the time went per part (also saved as bench/results/sync-profile-<part>.txt)
`;

export type SyncOptions = Readonly<{
  parts: readonly SyncPart[];
  scale: number;
  consoles: number;
  processes: number;
  samples: number;
  clients: number;
  seconds: number;
  batch: number;
  profile: boolean;
}>;

export function parseSyncOptions(argv: readonly string[]): SyncOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      only: { type: 'string' },
      scale: { type: 'string' },
      consoles: { type: 'string' },
      processes: { type: 'string' },
      samples: { type: 'string' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
      batch: { type: 'string' },
      profile: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const num = (text: string | undefined, fallback: number, name: string, min: number, max: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, not "${text}"`);
    return n;
  };
  const parts = values.only ? values.only.split(',').map((p) => p.trim()) : [...SYNC_PARTS];
  for (const p of parts) if (!(SYNC_PARTS as readonly string[]).includes(p)) throw new Error(`unknown part "${p}" (choose from ${SYNC_PARTS.join(', ')})`);
  return {
    parts: parts as SyncPart[],
    scale: num(values.scale, 1, 'scale', 0.001, 10),
    consoles: Math.round(num(values.consoles, 50, 'consoles', 2, 500)),
    processes: Math.round(num(values.processes, 5, 'processes', 1, 50)),
    samples: Math.round(num(values.samples, 200, 'samples', 1, 10_000)),
    clients: Math.round(num(values.clients, 20, 'clients', 1, 200)),
    seconds: num(values.seconds, 10, 'seconds', 1, 600),
    batch: Math.round(num(values.batch, 20, 'batch', 1, 500)),
    profile: values.profile ?? false,
  };
}

export async function runSyncSuite(options: SyncOptions, log: (line: string) => void): Promise<Results> {
  const results: Results = {};
  const profiles = options.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-bench-profiles-')) : null;
  if (profiles) enableProfiling(profiles);
  try {
    for (const part of options.parts) {
      setProfilePart(part);
      await runPart(part, options, results, log);
      if (profiles) {
        const text = describeProfiles(path.join(profiles, part), part);
        log(text);
        fs.mkdirSync(RESULTS_DIR, { recursive: true });
        fs.writeFileSync(path.join(RESULTS_DIR, `sync-profile-${part}.txt`), `${text}\n`);
      }
    }
  } finally {
    if (profiles) fs.rmSync(profiles, { recursive: true, force: true });
  }
  return results;
}

async function runPart(part: SyncPart, options: SyncOptions, results: Results, log: (line: string) => void): Promise<void> {
  {
    const t0 = Date.now();
    const load = os.loadavg()[0]!;
    log(`--- ${part} (load average ${load.toFixed(2)} on ${os.cpus().length} CPUs)`);
    switch (part) {
      case 'propagation':
        Object.assign(results, await benchPropagation({ consoles: options.consoles, processes: Math.min(options.processes, options.consoles), samples: options.samples, log }));
        break;
      case 'ingest':
        Object.assign(results, await benchIngest({ clients: options.clients, seconds: options.seconds, batch: options.batch, log }));
        break;
      case 'catchup':
        Object.assign(results, await benchCatchup({ changes: Math.round(100_000 * options.scale), scale: options.scale, log }));
        break;
      case 'bootstrap':
        Object.assign(results, await benchBootstrap({ projectors: Math.round(1_000_000 * options.scale), cases: Math.round(200_000 * options.scale), scale: options.scale, log }));
        break;
    }
    log(`--- ${part} done in ${Math.round((Date.now() - t0) / 1000)} s (load average ${os.loadavg()[0]!.toFixed(2)})`);
  }
}
