import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHubCliOptions } from './cli-options.js';
import { makeTempDir, removeTempDir } from './testing/temp-dir.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
const tempDir = () => {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach(removeTempDir));

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the CLI; `untilStdout` lets a long-running hub be stopped with SIGTERM once it printed that. */
function runCli(args: string[], options: { env?: Record<string, string>; untilStdout?: RegExp } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    for (const key of Object.keys(env)) if (key.startsWith('LAMPHOUSE_') && !(options.env && key in options.env)) delete env[key];
    const child = spawn(process.execPath, ['--import', 'tsx', 'hub-server/cli.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not finish: ${stdout} ${stderr}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.untilStdout?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('hub CLI options', () => {
  it('takes flags first, then environment variables, then defaults', () => {
    expect(parseHubCliOptions([], {})).toEqual({ help: false, dataDir: './.data/hub', port: 4010, host: '127.0.0.1', demo: false, initAdminEmail: null, jwtSecret: undefined, compactBefore: null, verifyAudit: false });
    const env = { LAMPHOUSE_DATA_DIR: '/env/dir', LAMPHOUSE_HUB_PORT: '5000', LAMPHOUSE_HUB_HOST: '0.0.0.0', LAMPHOUSE_DEMO: '1', LAMPHOUSE_INIT_ADMIN: 'a@b.test', LAMPHOUSE_JWT_SECRET: 'e'.repeat(40) };
    expect(parseHubCliOptions([], env)).toMatchObject({ dataDir: '/env/dir', port: 5000, host: '0.0.0.0', demo: true, initAdminEmail: 'a@b.test', jwtSecret: 'e'.repeat(40) });
    expect(parseHubCliOptions(['--port', '0', '--data-dir', 'x'], env)).toMatchObject({ port: 0, dataDir: 'x' });
  });

  it('refuses bad ports and unknown options with one clear message', () => {
    expect(() => parseHubCliOptions(['--port', '70000'], {})).toThrow('--port must be a port number from 0 to 65535, not "70000"');
    expect(() => parseHubCliOptions([], { LAMPHOUSE_HUB_PORT: '-1' })).toThrow(/LAMPHOUSE_HUB_PORT must be a port number/);
    expect(() => parseHubCliOptions(['--frobnicate'], {})).toThrow(/--frobnicate.*see --help/);
  });

  it('reads --compact-before as a positive version', () => {
    expect(parseHubCliOptions(['--compact-before', '120'], {})).toMatchObject({ compactBefore: 120 });
    expect(() => parseHubCliOptions(['--compact-before', '0'], {})).toThrow('--compact-before must be a positive version number, not "0"');
    expect(() => parseHubCliOptions(['--compact-before', 'soon'], {})).toThrow(/--compact-before must be a positive version number/);
  });
});

describe('hub CLI process', () => {
  it('--help lists every option with its environment variable and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const text of ['--compact-before', '--verify-audit', '--data-dir', '--port', '--host', '--demo', '--init-admin', '--jwt-secret', 'LAMPHOUSE_DATA_DIR', 'LAMPHOUSE_HUB_PORT', 'LAMPHOUSE_HUB_HOST', 'LAMPHOUSE_DEMO', 'LAMPHOUSE_INIT_ADMIN', 'LAMPHOUSE_ADMIN_PASSWORD', 'LAMPHOUSE_JWT_SECRET']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('a bad --port gives one line on stderr and exit code 2', async () => {
    const run = await runCli(['--port', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('lamphouse hub: --port must be a port number from 0 to 65535, not "abc"\n');
  });

  it('a port in use and an unusable data dir give one line and exit code 2', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const busy = await runCli(['--port', String(port), '--data-dir', tempDir()]);
      expect(busy.code).toBe(2);
      expect(busy.stderr).toBe(`lamphouse hub: port ${port} on 127.0.0.1 is already in use (choose another with --port)\n`);
    } finally {
      blocker.close();
    }
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    const blocked = await runCli(['--port', '0', '--data-dir', path.join(file, 'hub')]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr.trim().split('\n')).toEqual([`lamphouse hub: cannot use data directory ${path.join(file, 'hub')}: a file is in the way`]);
  });

  it('starts with demo data, prints the URL and accounts, and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    const run = await runCli(['--port', '0', '--demo'], { env: { LAMPHOUSE_DATA_DIR: dir }, untilStdout: /fse6@demo\.test.*\n/ });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Hub: http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.stdout).toContain('demo-password');
    expect(run.stdout).toContain('admin@demo.test');
    expect(fs.statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('hints that nobody can sign in when there are no users', async () => {
    const run = await runCli(['--port', '0', '--data-dir', tempDir()], { untilStdout: /^Hub: .*\n/ });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('nobody can sign in');
    expect(run.stderr).toContain('--init-admin');
  });

  it('creates the initial admin from LAMPHOUSE_ADMIN_PASSWORD and refuses a short one', async () => {
    const short = await runCli(['--port', '0', '--data-dir', tempDir(), '--init-admin', 'boss@example.com'], { env: { LAMPHOUSE_ADMIN_PASSWORD: 'short' } });
    expect(short.code).toBe(2);
    expect(short.stderr).toBe('lamphouse hub: the admin password is not acceptable: Use at least 12 characters.\n');
    const common = await runCli(['--port', '0', '--data-dir', tempDir(), '--init-admin', 'boss@example.com'], { env: { LAMPHOUSE_ADMIN_PASSWORD: 'Password 1234' } });
    expect(common.code).toBe(2);
    expect(common.stderr).toContain('too common');
    const ok = await runCli(['--port', '0', '--data-dir', tempDir(), '--init-admin', 'boss@example.com'], { env: { LAMPHOUSE_ADMIN_PASSWORD: 'a long enough password' }, untilStdout: /Admin created.*\n/ });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Admin created: boss@example.com');
    // Three CLI processes in a row: a busy machine takes over 20 s to start them.
  }, 60_000);

  it('--verify-audit reports an intact log with exit 0 and the first broken link with exit 1', async () => {
    const dir = tempDir();
    const started = await runCli(['--port', '0', '--data-dir', dir, '--init-admin', 'boss@example.com'], { env: { LAMPHOUSE_ADMIN_PASSWORD: 'a long enough password' }, untilStdout: /Admin created.*\n/ });
    expect(started.code).toBe(0);
    expect(fs.statSync(path.join(dir, 'audit-key')).mode & 0o777).toBe(0o600);
    const intact = await runCli(['--verify-audit', '--data-dir', dir]);
    expect(intact).toMatchObject({ code: 0, stdout: 'Audit log intact: 1 entries checked (versions 1..1).\n' });

    const db = new Database(path.join(dir, 'hub.db'));
    db.prepare("UPDATE change_log SET after = json_set(after, '$.name', 'Mallory') WHERE version = 1").run();
    db.close();
    const broken = await runCli(['--verify-audit', '--data-dir', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^Audit log broken at version 1: entry 1 does not match its hash/);

    const missing = await runCli(['--verify-audit', '--data-dir', tempDir()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no hub database');
    // Four CLI processes in a row: a busy machine takes over 20 s to start them.
  }, 60_000);
});
