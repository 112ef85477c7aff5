// Starts the real hub (hub-server/cli.ts with demo data) as a child process for the import tests:
// the desktop may not import the hub's code, but it may run it, as the integration tests do.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const REPO = path.resolve(import.meta.dirname, '../../../../..');

export type HubProcess = Readonly<{ url: string; dataDir: string; output(): string; stop(): Promise<void> }>;

export const DEMO_ADMIN = { email: 'admin@demo.test', password: 'demo-password' } as const;
export const DEMO_AGENT = { email: 'agent@demo.test', password: 'demo-password' } as const;

export function startHubProcess(timeoutMs = 45_000): Promise<HubProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'hub-server/cli.ts'), '--data-dir', dataDir, '--port', '0', '--demo'], {
    cwd: REPO,
    env: { ...process.env, LAMPHOUSE_OPEN: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The hub did not start within ${timeoutMs} ms. Output:\n${log}`));
    }, timeoutMs);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      log += `${line}\n`;
      const match = /^Hub: (http:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, dataDir, output: () => log, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The hub exited with ${code} before it was ready. Output:\n${log}`));
    });
  });
}
