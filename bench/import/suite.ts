// The `import` benchmark suite of issue 6, against real processes on loopback: a demo hub, a console
// (browser shell) with an admin signed in, and a 100,000-row projector workbook.
// - import_100k_s: upload (the file chosen) → inspect → dry run → commit, until the hub has
//   applied every batch; with the console process's peak RSS (VmHWM) against the 400 MB target.
// - parse_100k_s / parse_ratio: the dry run's read-and-validate stage in this process against a bare
//   exceljs streaming read of the same file (the floor), alternated, medians.
// - export_100k_s: the projectors list (the imported 100,000 and the demo's) to xlsx.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dryRunImport } from '../../desktop/main/core/import/index.js';
import type { ImportProgress, SyncStatus } from '../../shared/console-api.js';
import { startConsole, tempDir } from '../../tests/support/processes.js';
import { benchTempDir, startBenchHub } from '../lib/hub.js';
import { metric, type Results } from '../lib/results.js';
import { connectShell } from '../lib/shell-client.js';
import { percentile, sleep } from '../lib/stats.js';
import { bareStreamingRead, writeProjectorWorkbook, type SiteRef } from './workbook.js';

export const IMPORT_HELP = `Usage: npm run bench -- import [options]

  --rows N          rows in the projector workbook (default 100000)
  --repeats N       parse/floor alternations for parse_ratio (default 3)
`;

export type ImportOptions = Readonly<{ rows: number; repeats: number }>;

export function parseImportOptions(argv: readonly string[]): ImportOptions | 'help' {
  const { values } = parseArgs({ args: [...argv], strict: true, options: { rows: { type: 'string' }, repeats: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return 'help';
  const whole = (text: string | undefined, fallback: number, max: number, name: string) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
    return n;
  };
  return { rows: whole(values.rows, 100_000, 1_000_000, 'rows'), repeats: whole(values.repeats, 3, 20, 'repeats') };
}

/** CPU seconds (user + system) a process has used so far: on a shared machine the stages' CPU says more than their wall time. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export async function runImportSuite(options: ImportOptions, log: (line: string) => void): Promise<Results> {
  const hubDir = benchTempDir('import-hub');
  const consoleDir = tempDir('lamphouse-bench-import-console-');
  const work = benchTempDir('import-work');
  const hub = await startBenchHub(hubDir);
  let shell: Awaited<ReturnType<typeof startConsole>> | null = null;
  try {
    const hubDb = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
    const sites = hubDb.prepare('SELECT s.name AS name, c.code AS customerCode, s.region AS region FROM sites s JOIN customers c ON c.id = s.customer_id').all() as SiteRef[];
    hubDb.close();
    const file = path.join(work, 'installed-base.xlsx');
    let t = Date.now();
    await writeProjectorWorkbook(file, options.rows, sites);
    log(`workbook: ${options.rows} rows, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, written in ${Date.now() - t} ms`);

    shell = await startConsole(hub.url, consoleDir);
    const client = await connectShell(shell.url);
    await client.call('session.login', { email: 'admin@demo.test', password: 'demo-password' });
    for (let i = 0; ; i++) {
      const status = await client.call('sync.status', {});
      if (status.connection === 'online' && status.bootstrap === null) break;
      if (i > 1200) throw new Error(`console did not sync: ${JSON.stringify(status satisfies SyncStatus)}`);
      await sleep(50);
    }
    const pid = shell.child.pid!;
    const stages: Record<string, number> = {};
    client.on('import.progress', (p: ImportProgress) => {
      stages[p.stage] = Math.max(stages[p.stage] ?? 0, p.done);
    });

    // From the file chosen to committed at the hub.
    const cpu = () => ({ console: cpuSeconds(pid), hub: cpuSeconds(hub.pid) });
    const cpu0 = cpu();
    const t0 = performance.now();
    const uploaded = await client.upload(file, 'installed-base.xlsx');
    const tUploaded = performance.now();
    const inspection = await client.call('imports.inspect', { fileId: uploaded.fileId, kind: 'projectors' });
    const dryRun = await client.call('imports.dryRun', {
      fileId: uploaded.fileId,
      kind: 'projectors',
      operationId: crypto.randomUUID(),
      sheet: inspection.sheet,
      headerRow: inspection.headerRow,
      mapping: [...inspection.mapping],
    });
    const tDry = performance.now();
    const cpuDry = cpu();
    if (dryRun.counts.create !== options.rows) throw new Error(`dry run: expected ${options.rows} rows to create, got ${JSON.stringify(dryRun.counts)}`);
    const committed = await client.call('imports.commit', { dryRunId: dryRun.dryRunId, operationId: crypto.randomUUID() });
    const tCommitted = performance.now();
    const cpuCommitted = cpu();
    if (committed.job.created !== options.rows || committed.job.status !== 'completed') throw new Error(`commit: ${JSON.stringify(committed.job)}`);
    const importS = (tCommitted - t0) / 1000;
    const rss = peakRssMb(pid);
    const cpuNote = (from: { console: number; hub: number }, to: { console: number; hub: number }) => `CPU console ${(to.console - from.console).toFixed(1)} s, hub ${(to.hub - from.hub).toFixed(1)} s`;
    const breakdown =
      `upload ${((tUploaded - t0) / 1000).toFixed(2)} s, inspect + dry run ${((tDry - tUploaded) / 1000).toFixed(2)} s (${cpuNote(cpu0, cpuDry)}), ` +
      `commit ${((tCommitted - tDry) / 1000).toFixed(2)} s (${cpuNote(cpuDry, cpuCommitted)}); load average ${os.loadavg()[0]!.toFixed(1)}`;
    log(`import: ${importS.toFixed(2)} s (${breakdown}); console peak RSS ${rss.toFixed(0)} MB`);

    // The parse and the export run once the console's cache holds the imported projectors: the
    // console has stopped applying synced rows (less noise), and every row of the dry run diffs
    // against a cached projector (the same work on every run).
    for (let i = 0; ; i++) {
      const page = await client.call('projectors.list', { search: 'IMP-', limit: 1 });
      if (page.total >= options.rows) break;
      if (i > 1200) throw new Error(`the console did not receive the imported projectors (${page.total})`);
      await sleep(100);
    }
    // Parse and validate in this process against the bare streaming read of the same file.
    const cacheDir = path.join(consoleDir, 'cache');
    const cacheFile = path.join(cacheDir, fs.readdirSync(cacheDir).find((name) => name.endsWith('.sqlite'))!);
    const cache = new Database(cacheFile, { readonly: true, fileMustExist: true });
    const parse: number[] = [];
    const floor: number[] = [];
    try {
      for (let i = 0; i < options.repeats; i++) {
        t = performance.now();
        await bareStreamingRead(file);
        floor.push((performance.now() - t) / 1000);
        const workDir = fs.mkdtempSync(path.join(work, 'dry-'));
        t = performance.now();
        await dryRunImport({
          path: file,
          fileId: uploaded.fileId,
          fileName: 'installed-base.xlsx',
          kind: 'projectors',
          sheet: inspection.sheet,
          headerRow: inspection.headerRow,
          mapping: inspection.mapping,
          dateFormat: 'DMY',
          cache,
          workDir,
          mappingsFile: path.join(work, 'mappings.json'),
          signal: new AbortController().signal,
          onProgress: () => undefined,
        });
        parse.push((performance.now() - t) / 1000);
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    } finally {
      cache.close();
    }
    const parseS = percentile(parse, 50);
    const floorS = percentile(floor, 50);
    log(`parse and validate: ${parseS.toFixed(2)} s against a bare exceljs read of ${floorS.toFixed(2)} s (medians of ${options.repeats})`);

    t = performance.now();
    const exported = await client.call('lists.export', { list: 'projectors', query: {} });
    const exportS = (performance.now() - t) / 1000;
    log(`export: ${exported.rows} rows, ${(exported.bytes / 1e6).toFixed(1)} MB in ${exportS.toFixed(2)} s`);
    client.close();

    return {
      import_100k_s: metric(importS, 's', { target: 15, note: `${options.rows} projector rows, file chosen to committed at the hub: ${breakdown}; ${dryRun.counts.create} created` }),
      import_core_peak_rss_mb: metric(rss, 'MB', { target: 400, note: 'console process (browser shell and core) VmHWM after sign-in, sync and the import' }),
      parse_100k_s: metric(parseS, 's', { floor: floorS, note: `read, map, validate and diff against the cache, in one process; floor: bare exceljs WorkbookReader over the same file; medians of ${options.repeats}` }),
      parse_ratio: metric(parseS / floorS, 'x', { target: 1.5, note: `parse ${parseS.toFixed(2)} s / bare read ${floorS.toFixed(2)} s` }),
      export_100k_s: metric(exportS, 's', { target: 5, note: `${exported.rows} projectors (every projector in the cache) to xlsx, streamed` }),
    };
  } finally {
    await shell?.stop();
    await hub.stop();
    for (const dir of [hubDir, consoleDir, work]) fs.rmSync(dir, { recursive: true, force: true });
  }
}
