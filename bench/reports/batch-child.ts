// Child process of the `reports` bench: exports N generated reports into one zip with the core's
// batch export and prints {seconds, peakRssMb, bytes, rows} as JSON, so the peak RSS is this
// export's own (VmHWM of a fresh process), not the bench's.
import fs from 'node:fs';
import { exportReportPdfsZip } from '../../desktop/main/core/pdf/report-pdf-export.js';
import { makeSampleAssets, sampleReport } from '../../desktop/main/core/pdf/testing/sample-report.js';

async function main(): Promise<void> {
  const [dir, countText] = process.argv.slice(2);
  const count = Number(countText);
  if (!dir || !Number.isInteger(count) || count < 1) throw new Error('usage: batch-child.ts <exportsDir> <count>');
  const assets = await makeSampleAssets(6);
  const ids = Array.from({ length: count }, (_, i) => String(i + 1));
  const controller = new AbortController();
  const t0 = performance.now();
  // Each report is built when the export asks for it, as the core loads one at a time from its cache.
  const file = await exportReportPdfsZip({
    exportsDir: dir,
    ids,
    load: (id) => sampleReport(assets, Number(id)),
    signal: controller.signal,
    progress: { report: () => undefined },
  });
  const seconds = (performance.now() - t0) / 1000;
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;
  const maxRss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: Number.isFinite(hwm) ? hwm : maxRss, bytes: file.bytes, rows: file.rows })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
