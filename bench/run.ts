// `npm run bench -- <suite> [options]`: runs a benchmark suite against real processes on loopback,
// writes bench/results/<suite>.json ({metric: {value, unit, floor?, ratio?, target?, met?}}) and
// prints it. Benchmarks are never part of `npm test`.
import { writeResults } from './lib/results.js';
import { parseSyncOptions, runSyncSuite, SYNC_HELP } from './sync/suite.js';
import { INTAKE_HELP, parseIntakeOptions, runIntakeSuite } from './intake/suite.js';
import { BOARD_HELP, parseBoardOptions, runBoardSuite } from './board/suite.js';
import { IMPORT_HELP, parseImportOptions, runImportSuite } from './import/suite.js';
import { parseReportsOptions, REPORTS_HELP, runReportsSuite } from './reports/suite.js';
import type { Results } from './lib/results.js';

const SUITES = ['sync', 'intake', 'board', 'import', 'reports'] as const;

function report(suite: string, results: Results, partial: boolean, log: (line: string) => void): void {
  const file = writeResults(suite, results, partial);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${file}`);
  const missed = Object.entries(results).filter(([, m]) => m.met === false);
  log(missed.length ? `targets missed: ${missed.map(([name, m]) => `${name} ${m.value} ${m.unit} (target ${m.target})`).join('; ')}` : 'all targets met');
}

async function main(argv: readonly string[]): Promise<number> {
  const [suite, ...rest] = argv;
  if (suite === 'sync') {
    const options = parseSyncOptions(rest);
    if (options === 'help') {
      process.stdout.write(SYNC_HELP);
      return 0;
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const results = await runSyncSuite(options, log);
    report(suite, results, options.parts.length < 4 || options.scale !== 1, log);
    return 0;
  }
  if (suite === 'intake') {
    const options = parseIntakeOptions(rest);
    if (options === 'help') {
      process.stdout.write(INTAKE_HELP);
      return 0;
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const results = await runIntakeSuite(options, log);
    report(suite, results, options.parts.length < 3 || options.scale !== 1, log);
    return 0;
  }
  if (suite === 'board') {
    const options = parseBoardOptions(rest);
    if (options === 'help') {
      process.stdout.write(BOARD_HELP);
      return 0;
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const results = await runBoardSuite(options, log);
    report(suite, results, options.parts.length < 2 || options.cases !== 2000 || options.engineers !== 100, log);
    return 0;
  }
  if (suite === 'import') {
    const options = parseImportOptions(rest);
    if (options === 'help') {
      process.stdout.write(IMPORT_HELP);
      return 0;
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const results = await runImportSuite(options, log);
    report(suite, results, options.rows !== 100_000, log);
    return 0;
  }
  if (suite === 'reports') {
    const options = parseReportsOptions(rest);
    if (options === 'help') {
      process.stdout.write(REPORTS_HELP);
      return 0;
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const results = await runReportsSuite(options, log);
    report(suite, results, options.parts.length < 2 || options.batch !== 1000, log);
    return 0;
  }
  process.stderr.write(`Usage: npm run bench -- <suite> [options]; suites: ${SUITES.join(', ')}\n`);
  return 2;
}

// Ctrl+C: the suites' finally blocks stop children and remove temp dirs; give them the chance.
process.once('SIGINT', () => {
  process.stderr.write('bench: interrupted, cleaning up\n');
  process.exitCode = 130;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode ??= code;
    // Keep-alive sockets or timers of libraries must not hold the process open after the run.
    setTimeout(() => process.exit(), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
