// `npm start`: a hub with demo data on an embedded SQLite, then a console against it, as two child
// processes (the way a support centre deploys them). Ctrl+C stops both cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const repo = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(process.env.LAMPHOUSE_DATA_DIR ?? path.join(repo, '.data'));
const hubPort = process.env.LAMPHOUSE_HUB_PORT ?? '4010';
const consolePort = process.env.LAMPHOUSE_CONSOLE_PORT ?? '4020';

const children: ChildProcess[] = [];
let stopping = false;

function run(script: string, args: string[], onLine: (line: string) => void): ChildProcess {
  // The children read their options from flags; drop the shared data-dir variable so it cannot
  // point both halves at the same folder.
  const env = { ...process.env };
  delete env.LAMPHOUSE_DATA_DIR;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, script), ...args], {
    cwd: repo,
    env,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  children.push(child);
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    onLine(line);
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`lamphouse: ${path.basename(path.dirname(script)) || script} stopped (${signal ?? `exit ${code}`}); stopping everything.\n`);
    void stopAll(code && code !== 0 ? code : 1);
  });
  return child;
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const waits = children
    .filter((c) => c.exitCode === null && c.signalCode === null)
    .map(
      (c) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            c.kill('SIGKILL');
            resolve();
          }, 5000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    );
  await Promise.all(waits);
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

let consoleStarted = false;
run('hub-server/cli.ts', ['--demo', '--data-dir', path.join(dataDir, 'hub'), '--port', hubPort], (line) => {
  const match = /^Hub: (http:\/\/\S+)$/.exec(line);
  if (!match || consoleStarted) return;
  consoleStarted = true;
  run('desktop/main/cli.ts', ['--hub', match[1]!, '--data-dir', path.join(dataDir, 'console'), '--port', consolePort], () => {});
});
