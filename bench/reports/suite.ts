// The `reports` benchmark suite of issue 7, on generated data (real JPEGs made with sharp), no hub:
// - pdf_report_ms: one service report with 6 photos and 10 parts rendered by the core (pdfkit),
//   median after warm-up; floor = the same report as HTML printed by Chromium's page.pdf() in this
//   run (median, browser already running, so only the print is timed), and the speed-up as a ratio.
// - pdf_batch_1000_s: 1,000 reports exported into one zip by the core's batch export, in a child
//   process whose peak RSS (VmHWM) is pdf_batch_peak_rss_mb.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { shortHash } from '../../desktop/main/core/pdf/report-pdf-data.js';
import { renderServiceReportPdf, reportLabel } from '../../desktop/main/core/pdf/service-report-pdf.js';
import { makeSampleAssets, sampleReport } from '../../desktop/main/core/pdf/testing/sample-report.js';
import { launchChromium } from '../../tests/support/browser.js';
import { benchTempDir } from '../lib/hub.js';
import { metric, type Metric, type Results } from '../lib/results.js';
import { percentile } from '../lib/stats.js';
import { footerTemplate, reportHtml } from './report-html.js';

export const REPORTS_HELP = `Usage: npm run bench -- reports [options]

  --samples N       timed renders for pdf_report_ms (default 30; Chromium gets a third, at least 5)
  --batch N         reports in the batch export (default 1000)
  --only NAME       report | batch (default both)
`;

export type ReportsOptions = Readonly<{ samples: number; batch: number; parts: readonly ('report' | 'batch')[] }>;

export function parseReportsOptions(argv: readonly string[]): ReportsOptions | 'help' {
  const { values } = parseArgs({ args: [...argv], strict: true, options: { samples: { type: 'string' }, batch: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return 'help';
  const whole = (text: string | undefined, fallback: number, max: number, name: string) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
    return n;
  };
  const only = values.only;
  if (only !== undefined && only !== 'report' && only !== 'batch') throw new Error('--only must be report or batch');
  return { samples: whole(values.samples, 30, 1000, 'samples'), batch: whole(values.batch, 1000, 100_000, 'batch'), parts: only ? [only] : ['report', 'batch'] };
}

const median = (xs: readonly number[]) => percentile(xs, 50);

async function benchReport(options: ReportsOptions, log: (line: string) => void): Promise<Results> {
  const assets = await makeSampleAssets(6);
  const data = sampleReport(assets, 123);
  // Warm-up: module loading, font parsing and the JIT are start-up costs, not a report's.
  for (let i = 0; i < 5; i += 1) await renderServiceReportPdf(data);
  const ours: number[] = [];
  let bytes = 0;
  let hash = '';
  for (let i = 0; i < options.samples; i += 1) {
    const t = performance.now();
    const out = await renderServiceReportPdf(sampleReport(assets, 123 + i));
    ours.push(performance.now() - t);
    bytes = out.pdf.length;
    hash = out.contentHash;
  }
  log(`pdfkit: median ${median(ours).toFixed(1)} ms, p90 ${percentile(ours, 90).toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KiB`);

  let chromium: number[] = [];
  let chromiumNote = '';
  try {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const print = async (n: number) => {
        const d = sampleReport(assets, n);
        await page.setContent(reportHtml(d, hash), { waitUntil: 'load' });
        return page.pdf({ format: 'A4', printBackground: true, margin: { top: '14.8mm', bottom: '20.5mm', left: '14.8mm', right: '14.8mm' }, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footerTemplate(reportLabel(d), shortHash(hash)) });
      };
      for (let i = 0; i < 2; i += 1) await print(1);
      const n = Math.max(5, Math.round(options.samples / 3));
      for (let i = 0; i < n; i += 1) {
        const t = performance.now();
        const pdf = await print(123 + i);
        chromium.push(performance.now() - t);
        chromiumNote = `${(pdf.length / 1024).toFixed(0)} KiB`;
      }
    } finally {
      await browser.close();
    }
    log(`chromium page.pdf(): median ${median(chromium).toFixed(1)} ms (${chromiumNote})`);
  } catch (error) {
    chromium = [];
    log(`chromium comparison skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
  const ourMedian = median(ours);
  const floor = chromium.length ? median(chromium) : undefined;
  const results: Results = {
    pdf_report_ms: metric(ourMedian, 'ms', {
      floor,
      target: 100,
      note: `6 photos (320 px thumbnails, as the core prints them), 10 parts, 2 pages, ${(bytes / 1024).toFixed(0)} KiB; median of ${ours.length}; floor = Chromium page.pdf() of the same report as HTML (median of ${chromium.length}, browser already running)`,
    }),
  };
  if (floor !== undefined) {
    results.chromium_pdf_ms = metric(floor, 'ms', { note: 'setContent + page.pdf() of the same report as HTML, median' });
    // How many times faster than Chromium; higher is better, so `met` is set here (lib's 'x' compares ≤).
    const speedup = floor / ourMedian;
    const m: Metric = { value: Math.round(speedup * 1000) / 1000, unit: 'x', target: 5, met: speedup >= 5, note: 'Chromium median / pdfkit median (target: at least 5x faster)' };
    results.pdf_speedup_vs_chromium = m;
  }
  return results;
}

function runBatchChild(dir: string, count: number): Promise<{ seconds: number; peakRssMb: number; bytes: number; rows: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'batch-child.ts'), dir, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`batch child exited ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { seconds: number; peakRssMb: number; bytes: number; rows: number });
    });
  });
}

async function benchBatch(options: ReportsOptions, log: (line: string) => void): Promise<Results> {
  const dir = benchTempDir('reports-batch');
  try {
    const r = await runBatchChild(dir, options.batch);
    log(`batch: ${r.rows} reports in ${r.seconds.toFixed(1)} s, zip ${(r.bytes / 1e6).toFixed(1)} MB, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
    const name = options.batch === 1000 ? 'pdf_batch_1000_s' : `pdf_batch_${options.batch}_s`;
    return {
      [name]: metric(r.seconds, 's', { target: options.batch === 1000 ? 60 : undefined, note: `${r.rows} reports (6 photos, 10 parts each) into one zip, ${(r.bytes / 1e6).toFixed(1)} MB, child process` }),
      pdf_batch_peak_rss_mb: metric(r.peakRssMb, 'MB', { target: 400, note: 'VmHWM of the exporting process (node + tsx + the export)' }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runReportsSuite(options: ReportsOptions, log: (line: string) => void): Promise<Results> {
  let results: Results = {};
  if (options.parts.includes('report')) results = { ...results, ...(await benchReport(options, log)) };
  if (options.parts.includes('batch')) results = { ...results, ...(await benchBatch(options, log)) };
  return results;
}
