// Starts real hub and console processes for integration and end-to-end tests, and stops them.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const REPO = path.resolve(import.meta.dirname, '../..');

export type RunningProcess = Readonly<{
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}>;

export function tempDir(prefix = 'lamphouse-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Spawns `node --import tsx <script>` and resolves once a stdout line matches `ready`. */
export function startScript(
  script: string,
  args: readonly string[],
  ready: RegExp,
  env: Readonly<Record<string, string>> = {},
  timeoutMs = 30_000,
): Promise<RunningProcess & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, script), ...args], {
    cwd: REPO,
    env: { ...process.env, LAMPHOUSE_OPEN: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not print ${ready} within ${timeoutMs} ms. Output:\n${log}`));
    }, timeoutMs);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      log += `${line}\n`;
      const match = ready.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, output: () => log, stop, match });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready. Output:\n${log}`));
    });
  });
}

export async function startHub(dataDir: string, extraArgs: readonly string[] = ['--demo']) {
  const hub = await startScript('hub-server/cli.ts', ['--data-dir', dataDir, '--port', '0', ...extraArgs], /^Hub: (http:\/\/\S+)$/);
  return { ...hub, url: hub.match[1]! };
}

export async function startConsole(hubUrl: string, dataDir: string, env: Readonly<Record<string, string>> = {}) {
  const shell = await startScript('desktop/main/cli.ts', ['--hub', hubUrl, '--data-dir', dataDir, '--port', '0', '--shell', 'browser'], /^Console: (http:\/\/\S+)$/, env);
  return { ...shell, url: shell.match[1]! };
}
