// bootstrap_s and bootstrap_core_peak_rss_mb: a fresh console (real core in its own process)
// signs in to a hub holding 1,000,000 projectors and 200,000 cases and pulls the snapshot.
// The rows are seeded straight into the hub's SQLite (with their change-log entries, so versions
// stay consistent) before the hub starts: pushing 1.2M rows through the protocol would take long.
import path from 'node:path';
import { Cleanup } from '../lib/cleanup.js';
import { benchTempDir, DEMO_PASSWORD, startBenchHub } from '../lib/hub.js';
import { metric, type Results } from '../lib/results.js';
import { round } from '../lib/stats.js';
import { profileNodeArgs } from '../lib/profiling.js';
import { procMemoryMb, spawnWorker } from '../lib/worker-rpc.js';
import { createBulkInserter } from '../../hub-server/db/bulk-insert.js';
import { openConnection } from '../../hub-server/db/open-database.js';
import * as hubSchema from '../../hub-server/db/schema.js';
import type { ChangeLogEntry } from '../../hub-server/db/repository.js';
import { bootstrapFloor } from './floors.js';
import { caseRow, projectorRow, type SeedRefs } from './rows.js';

export type BootstrapOptions = Readonly<{ projectors: number; cases: number; scale: number; log: (line: string) => void }>;

const CHUNK = 10_000;

/** Bulk-inserts the rows and their change-log entries in one transaction; returns the new head. */
function seedHub(file: string, projectors: number, cases: number): { head: number; refs: SeedRefs } {
  const db = openConnection(file);
  try {
    const sites = db.prepare('SELECT id, customer_id AS customerId FROM sites ORDER BY id').all() as { id: string; customerId: string }[];
    const users = db.prepare('SELECT id, role FROM users ORDER BY id').all() as { id: string; role: string }[];
    const refs: SeedRefs = {
      siteIds: sites.map((s) => s.id),
      siteCustomer: new Map(sites.map((s) => [s.id, s.customerId])),
      userIds: users.filter((u) => u.role === 'agent' || u.role === 'manager').map((u) => u.id),
      fseIds: users.filter((u) => u.role === 'fse').map((u) => u.id),
    };
    const admin = users.find((u) => u.role === 'admin')?.id ?? null;
    let version = (db.prepare('SELECT max(version) AS head FROM change_log').get() as { head: number | null }).head ?? 0;
    const insert = createBulkInserter(db);
    const createdAt = new Date().toISOString();
    const entry = (entity: ChangeLogEntry['entity'], row: { id: string; version: number }): ChangeLogEntry => ({
      version: row.version,
      entity,
      entityId: row.id,
      op: 'put',
      before: null,
      after: row,
      userId: admin,
      clientId: null,
      mutationId: null,
      clientCreatedAt: null,
      createdAt,
    });
    db.transaction(() => {
      for (let from = 0; from < projectors; from += CHUNK) {
        const rows = [];
        for (let i = from; i < Math.min(projectors, from + CHUNK); i += 1) rows.push(projectorRow(i, refs, ++version));
        insert(hubSchema.projectors, rows);
        insert(hubSchema.changeLog, rows.map((r) => entry('projectors', r)));
      }
      for (let from = 0; from < cases; from += CHUNK) {
        const rows = [];
        for (let i = from; i < Math.min(cases, from + CHUNK); i += 1) rows.push(caseRow(i, projectorRow(i, refs, 0), refs, ++version));
        insert(hubSchema.cases, rows);
        insert(hubSchema.changeLog, rows.map((r) => entry('cases', r)));
      }
      db.prepare('INSERT INTO case_counters (year, last) VALUES (2020, ?) ON CONFLICT(year) DO UPDATE SET last = excluded.last').run(cases);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { head: version, refs };
  } finally {
    db.close();
  }
}

export async function benchBootstrap(options: BootstrapOptions): Promise<Results> {
  const { log } = options;
  const cleanup = new Cleanup();
  try {
    const root = cleanup.dir(benchTempDir('bootstrap'));
    const hubDir = path.join(root, 'hub');
    // First start creates the schema, users, sites and the epoch; then stop and seed directly.
    const first = await startBenchHub(hubDir);
    await first.stop();
    let t = Date.now();
    const { head, refs } = seedHub(path.join(hubDir, 'hub.db'), options.projectors, options.cases);
    log(`bootstrap: seeded ${options.projectors} projectors + ${options.cases} cases into the hub db in ${round((Date.now() - t) / 1000, 1)} s (head ${head})`);
    t = Date.now();
    const floor = bootstrapFloor(options.projectors, options.cases, refs);
    log(`bootstrap floor: bare insert of the same rows ${round(floor, 2)} s`);

    t = Date.now();
    const hub = await startBenchHub(hubDir, false);
    cleanup.add(() => hub.stop());
    log(`bootstrap: hub restarted in ${Date.now() - t} ms`);
    const worker = await spawnWorker('bench/sync/core-worker.ts', {}, profileNodeArgs('core'));
    cleanup.add(() => worker.stop());
    const baseline = procMemoryMb(worker.pid);
    // Sample while it runs too, so a crash still leaves a figure (VmHWM is the kernel's peak).
    let peak = baseline?.hwmMb ?? 0;
    let hubPeak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, procMemoryMb(worker.pid)?.hwmMb ?? 0);
      hubPeak = Math.max(hubPeak, procMemoryMb(hub.pid)?.hwmMb ?? 0);
    }, 100);
    cleanup.add(() => clearInterval(sampler));
    const opened = await worker.call<{ index: number; t0: number; loginMs: number }>('open', { dir: path.join(root, 'console'), hubUrl: hub.url, email: 'admin@demo.test', password: DEMO_PASSWORD });
    const synced = await worker.call<{ at: number }>('waitSynced', { index: opened.index, head, timeoutMs: 900_000 }, 910_000);
    clearInterval(sampler);
    peak = Math.max(peak, procMemoryMb(worker.pid)?.hwmMb ?? 0);
    hubPeak = Math.max(hubPeak, procMemoryMb(hub.pid)?.hwmMb ?? 0);
    const seconds = (synced.at - opened.t0) / 1000;
    log(`bootstrap: ${round(seconds, 2)} s (sign-in ${round(opened.loginMs, 0)} ms); core process peak RSS ${round(peak, 0)} MB (${round(baseline?.rssMb ?? NaN, 0)} MB before sign-in); hub peak RSS ${round(hubPeak, 0)} MB`);
    const rows = `${options.projectors} projectors + ${options.cases} cases (scale ${options.scale})`;
    return {
      bootstrap_s: metric(seconds, 's', { floor, target: 30 * options.scale, note: `${rows}; from sign-in to cursor at head; target scaled linearly` }),
      bootstrap_core_peak_rss_mb: metric(peak, 'MB', { target: 500, note: `${rows}; VmHWM of the core's process (${round(baseline?.rssMb ?? NaN, 0)} MB before sign-in); hub peak ${round(hubPeak, 0)} MB` }),
    };
  } finally {
    await cleanup.run();
  }
}
