import { describe, it, expect, afterEach } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { checkHub, parseCliOptions } from './cli.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Environment without any LAMPHOUSE_* variable of the machine running the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('LAMPHOUSE_')) env[key] = value;
  return { ...env, ...extra };
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'desktop/main/cli.ts', ...args], { cwd: REPO_ROOT, env });
}

function runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port that was free a moment ago, with nothing listening on it. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const healthyHub: http.RequestListener = (req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, value: { status: 'ok' } }));
  } else {
    res.writeHead(404).end();
  }
};

describe('parseCliOptions', () => {
  it('uses the defaults when nothing is given', () => {
    expect(parseCliOptions([], {})).toEqual({
      help: false,
      hubUrl: 'http://127.0.0.1:4010',
      dataDir: './.data/console',
      port: 4020,
      shell: 'auto',
      open: true,
    });
  });

  it('reads environment variables, and flags win over them', () => {
    const env = {
      LAMPHOUSE_HUB_URL: 'https://hub.example:8443/',
      LAMPHOUSE_DATA_DIR: '/srv/console',
      LAMPHOUSE_CONSOLE_PORT: '0',
      LAMPHOUSE_SHELL: 'browser',
      LAMPHOUSE_OPEN: '0',
    };
    expect(parseCliOptions([], env)).toMatchObject({ hubUrl: 'https://hub.example:8443', dataDir: '/srv/console', port: 0, shell: 'browser', open: false });
    expect(parseCliOptions(['--hub', 'http://10.0.0.2:4010', '--port', '5000', '--shell', 'electron', '--open'], env)).toMatchObject({
      hubUrl: 'http://10.0.0.2:4010',
      port: 5000,
      shell: 'electron',
      open: true,
    });
    expect(parseCliOptions(['--no-open'], {}).open).toBe(false);
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--hub', 'ftp://hub'], /--hub must be an http\(s\) URL/],
    [['--hub', 'not a url'], /--hub must be an http\(s\) URL/],
    [['--shell', 'qt'], /--shell must be one of auto, browser, electron/],
    [['--verbose'], /Unknown option '--verbose'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliOptions(argv, {})).toThrow(message);
  });

  it('names the environment variable a bad value came from', () => {
    expect(() => parseCliOptions([], { LAMPHOUSE_CONSOLE_PORT: 'x' })).toThrow(/^LAMPHOUSE_CONSOLE_PORT must be/);
  });
});

describe('checkHub', () => {
  it('accepts a hub whose /healthz answers ok', async () => {
    const hub = await listen(healthyHub);
    try {
      expect(await checkHub(hub.url)).toBeNull();
    } finally {
      await hub.close();
    }
  });

  it('explains a refused connection, an error status, a foreign server and a silent one', async () => {
    expect(await checkHub(`http://127.0.0.1:${await freePort()}`)).toBe('connection refused');
    const failing = await listen((_req, res) => res.writeHead(503).end());
    const foreign = await listen((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>router</html>'));
    const silent = await listen(() => undefined);
    try {
      expect(await checkHub(failing.url)).toBe('HTTP 503 from /healthz');
      expect(await checkHub(foreign.url)).toMatch(/not a Lamphouse hub/);
      expect(await checkHub(silent.url, 200)).toBe('no answer within 0.2 s');
    } finally {
      await Promise.all([failing.close(), foreign.close(), silent.close()]);
    }
  });
});

describe('cli.ts as a process', () => {
  let children: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    children = [];
  });

  it('--help exits 0 and lists every option with its environment variable', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const text of ['--hub', 'LAMPHOUSE_HUB_URL', '--data-dir', 'LAMPHOUSE_DATA_DIR', '--port', 'LAMPHOUSE_CONSOLE_PORT', '--shell', 'LAMPHOUSE_SHELL', '--no-open', 'LAMPHOUSE_OPEN']) {
      expect(stdout).toContain(text);
    }
  });

  it('--port abc exits 2 with one line and no stack trace', async () => {
    const { code, stdout, stderr } = await runCli(['--port', 'abc']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('lamphouse console: --port must be a whole number from 0 to 65535 (got "abc")\n');
  });

  it('an unknown flag exits 2 with one line', async () => {
    const { code, stderr } = await runCli(['--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toBe("lamphouse console: Unknown option '--frobnicate' (see --help)\n");
  });

  it('an unreachable hub exits 2 with the one-line message', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await runCli(['--hub', `http://127.0.0.1:${port}`, '--no-open']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`lamphouse console: cannot reach the hub at http://127.0.0.1:${port} (connection refused)\n`);
  });

  it('starts offline when the hub is unreachable but this console has a saved session', async () => {
    const port = await freePort();
    const hubUrl = `http://127.0.0.1:${port}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
    try {
      const user = { id: '0190a5e0-0000-7000-8000-000000000001', email: 'agent@demo.test', name: 'Agent', role: 'agent', regions: [], active: true };
      fs.writeFileSync(path.join(dataDir, 'session.json'), JSON.stringify({ hubUrl, refreshToken: 'r'.repeat(43), user }), { mode: 0o600 });
      const child = spawnCli(['--hub', hubUrl, '--data-dir', dataDir, '--port', '0', '--shell', 'browser', '--no-open']);
      children.push(child);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      await new Promise<void>((resolve, reject) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          if (/^Console: http:\/\/127\.0\.0\.1:\d+\/\?token=/m.test(stdout)) resolve();
        });
        child.on('close', (code) => reject(new Error(`cli exited with ${code}: ${stderr}`)));
      });
      expect(stderr).toContain('starting offline with the saved session of agent@demo.test');
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('starts the browser shell with the real core, prints the URL, answers calls and stops on SIGTERM', async () => {
    const hub = await listen(healthyHub);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
    try {
      const child = spawnCli(['--hub', hub.url, '--data-dir', dataDir, '--port', '0', '--shell', 'browser', '--no-open']);
      children.push(child);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          const match = /^Console: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43})$/m.exec(stdout);
          if (match?.[1]) resolve(match[1]);
        });
        child.on('close', (code) => reject(new Error(`cli exited with ${code} before printing its URL: ${stderr}`)));
      });

      const page = await fetch(url);
      // 200 once the renderer is built, 503 with instructions before; both carry the CSP.
      expect([200, 503]).toContain(page.status);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

      const parsed = new URL(url);
      const ws = new WebSocket(`ws://${parsed.host}/api?token=${parsed.searchParams.get('token')}`, { origin: parsed.origin });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const reply = new Promise<unknown>((resolve) => ws.on('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))));
      ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'session.get', arg: {} }));
      expect(await reply).toEqual({ kind: 'reply', id: 1, ok: true, value: null });

      const socketClosed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await socketClosed;
    } finally {
      await hub.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
