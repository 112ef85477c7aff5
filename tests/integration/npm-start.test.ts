// `npm start`'s contract: a hub with demo data and a console, each announced on its own line, the
// demo accounts printed on first start only, and Ctrl+C stopping everything cleanly.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, tempDir } from '../support/processes.js';

function runStart(dataDir: string): { child: ChildProcess; output: () => string; waitFor: (re: RegExp) => Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts/start.ts')], {
    cwd: REPO,
    env: { ...process.env, LAMPHOUSE_DATA_DIR: dataDir, LAMPHOUSE_HUB_PORT: '0', LAMPHOUSE_CONSOLE_PORT: '0', LAMPHOUSE_OPEN: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const waitFor = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const deadline = Date.now() + 40_000;
      const tick = () => {
        const m = re.exec(out);
        if (m) return resolve(m);
        if (Date.now() > deadline || child.exitCode !== null) return reject(new Error(`no ${re} in:\n${out}`));
        setTimeout(tick, 50);
      };
      tick();
    });
  return { child, output: () => out, waitFor };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('npm start', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts a demo hub and a console, and stops both on Ctrl+C', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const first = runStart(dataDir);
    const hub = await first.waitFor(/^Hub: (http:\/\/127\.0\.0\.1:\d+)$/m);
    const consoleLine = await first.waitFor(/^Console: (http:\/\/127\.0\.0\.1:\d+\/\S*token=\S+)$/m);
    expect(first.output()).toContain('agent@demo.test');
    expect(first.output()).toContain('demo-password');

    const health = await fetch(`${hub[1]}/healthz`);
    expect(health.status).toBe(200);
    const page = await fetch(consoleLine[1]!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    first.child.kill('SIGINT');
    expect(await exitOf(first.child)).toBe(0);
    await expect(fetch(`${hub[1]}/healthz`)).rejects.toThrow();

    // Second start on the same data: demo data is kept, not seeded again.
    const second = runStart(dataDir);
    await second.waitFor(/^Console: /m);
    expect(second.output()).not.toContain('demo-password');
    second.child.kill('SIGINT');
    expect(await exitOf(second.child)).toBe(0);
  }, 90_000);
});
