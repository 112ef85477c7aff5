import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { WebSocket } from 'ws';
import { startBrowserShell, type BrowserShell } from './browser-shell.js';
import { createInTestCore, IN_TEST_SYNC_STATUS, type InTestCore } from './testing/in-test-core.js';
import type { BridgeLogger } from './core-bridge.js';

const silent: BridgeLogger = { warn: () => undefined, error: () => undefined };

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** Sends the path exactly as given (fetch and URL would normalise `..` away before it reaches the server). */
function rawGet(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Outcome = { kind: 'open'; ws: WebSocket } | { kind: 'refused'; status: number };

function connect(url: string, origin: string | undefined): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.once('open', () => resolve({ kind: 'open', ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ kind: 'refused', status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** Collects parsed JSON frames so a test can await the next one that matches. */
function inbox(ws: WebSocket): (predicate: (message: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>> {
  const received: Record<string, unknown>[] = [];
  const waiters: Array<{ predicate: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }> = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    const waiter = waiters.find((w) => w.predicate(message));
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    } else received.push(message);
  });
  return (predicate) => {
    const index = received.findIndex(predicate);
    if (index >= 0) return Promise.resolve(received.splice(index, 1)[0] as Record<string, unknown>);
    return new Promise((resolve) => waiters.push({ predicate, resolve }));
  };
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve(-1);
    else ws.once('close', (code) => resolve(code));
  });
}

describe('startBrowserShell', () => {
  let root: string;
  let staticDir: string;
  let core: InTestCore;
  let shell: BrowserShell;
  let origin: string;
  let apiUrl: string;
  let exportsDir: string;

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
    staticDir = path.join(root, 'renderer');
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Lamphouse</title><div id="root"></div>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app-abc.js'), 'console.log("app");');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app-abc.css'), 'body{}');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET');
    exportsDir = path.join(root, 'exports');
    fs.mkdirSync(exportsDir);
    fs.writeFileSync(path.join(exportsDir, 'audit-20260101-120000.xlsx'), 'PK-fake-xlsx');
    fs.writeFileSync(path.join(root, 'outside.xlsx'), 'OUTSIDE');
    core = createInTestCore({ exportsDir });
    shell = await startBrowserShell({ core, staticDir, port: 0, logger: silent });
    origin = `http://127.0.0.1:${shell.port}`;
    apiUrl = `ws://127.0.0.1:${shell.port}/api?token=${shell.token}`;
  });

  afterEach(async () => {
    await shell.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('returns a loopback url carrying a 256-bit base64url token', () => {
    expect(shell.port).toBeGreaterThan(0);
    expect(shell.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/?token=${shell.token}`);
  });

  it('serves index.html for / with a strict CSP and no caching', async () => {
    const res = await fetch(shell.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${shell.port}`);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves assets with their content types', async () => {
    const js = await fetch(`${origin}/assets/app-abc.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log("app");');
    const css = await fetch(`${origin}/assets/app-abc.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${origin}/assets`)).status).toBe(404);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/..%00/secret.txt', '/%zz'])(
    'answers 404 to the traversal attempt %s',
    async (rawPath) => {
      const res = await rawGet(shell.port, rawPath);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('TOP-SECRET');
    },
  );

  it('does not follow a symlink out of the static folder', async () => {
    fs.symlinkSync(path.join(root, 'secret.txt'), path.join(staticDir, 'link.txt'));
    const res = await rawGet(shell.port, '/link.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('TOP-SECRET');
  });

  it('refuses requests whose Host is not the loopback address (DNS rebinding)', async () => {
    const res = await rawGet(shell.port, '/', { Host: `evil.example:${shell.port}` });
    expect(res.status).toBe(403);
  });

  it('serves an exported xlsx as an attachment with the per-launch token', async () => {
    const res = await rawGet(shell.port, `/exports/audit-20260101-120000.xlsx?token=${shell.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('PK-fake-xlsx');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit-20260101-120000.xlsx"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Percent-encoded like the renderer builds the link.
    expect((await rawGet(shell.port, `/exports/${encodeURIComponent('audit-20260101-120000.xlsx')}?token=${encodeURIComponent(shell.token)}`)).status).toBe(200);
  });

  it('refuses an export without the token, with a wrong or short one, and from a foreign Host', async () => {
    const file = '/exports/audit-20260101-120000.xlsx';
    const wrong = shell.token.slice(0, -1) + (shell.token.endsWith('A') ? 'B' : 'A');
    for (const query of ['', '?token=', `?token=${wrong}`, '?token=short', `?other=${shell.token}`]) {
      const res = await rawGet(shell.port, `${file}${query}`);
      expect(res.status).toBe(401);
      expect(res.body).not.toContain('PK-fake-xlsx');
    }
    expect((await rawGet(shell.port, `${file}?token=${shell.token}`, { Host: `evil.example:${shell.port}` })).status).toBe(403);
  });

  it.each([
    '/exports/missing.xlsx',
    '/exports/../outside.xlsx',
    '/exports/%2e%2e%2foutside.xlsx',
    '/exports/..%5coutside.xlsx',
    '/exports/sub/audit.xlsx',
    '/exports/.hidden',
    '/exports/notes.txt.part',
    '/exports/with%20space.txt',
    '/exports/audit%00.xlsx',
    '/exports/%zz.xlsx',
    '/exports/',
    '/exports/.xlsx',
  ])('answers 404 to %s (unknown, traversal, unfinished or not an export name) even with the token', async (rawPath) => {
    fs.writeFileSync(path.join(exportsDir, '.hidden'), 'NOTES');
    fs.writeFileSync(path.join(exportsDir, 'notes.txt.part'), 'NOTES');
    fs.writeFileSync(path.join(exportsDir, 'with space.txt'), 'NOTES');
    const res = await rawGet(shell.port, `${rawPath}?token=${shell.token}`);
    expect(res.status).toBe(404);
    expect(res.body).not.toMatch(/OUTSIDE|NOTES/);
  });

  it.each([
    ['Fehler_Protokoll.pdf', 'application/pdf'],
    ['photo.JPG', 'image/jpeg'],
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['page.html', 'application/octet-stream'],
    ['logo.svg', 'application/octet-stream'],
    ['README', 'application/octet-stream'],
  ])('serves a saved attachment %s as a download with a safe content type (%s)', async (name, type) => {
    fs.writeFileSync(path.join(exportsDir, name), '<script>alert(1)</script>');
    const res = await rawGet(shell.port, `/exports/${name}?token=${shell.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('does not follow a symlinked export out of the folder', async () => {
    fs.symlinkSync(path.join(root, 'outside.xlsx'), path.join(exportsDir, 'link.xlsx'));
    const res = await rawGet(shell.port, `/exports/link.xlsx?token=${shell.token}`);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('OUTSIDE');
  });

  it('refuses /api without a token, with a wrong token and from a foreign Origin', async () => {
    expect(await connect(`ws://127.0.0.1:${shell.port}/api`, origin)).toEqual({ kind: 'refused', status: 401 });
    const wrong = shell.token.slice(0, -1) + (shell.token.endsWith('A') ? 'B' : 'A');
    expect(await connect(`ws://127.0.0.1:${shell.port}/api?token=${wrong}`, origin)).toEqual({ kind: 'refused', status: 401 });
    expect(await connect(`ws://127.0.0.1:${shell.port}/api?token=short`, origin)).toEqual({ kind: 'refused', status: 401 });
    expect(await connect(apiUrl, 'http://evil.example')).toEqual({ kind: 'refused', status: 403 });
    expect(await connect(apiUrl, `http://127.0.0.1:${shell.port + 1}`)).toEqual({ kind: 'refused', status: 403 });
    expect(await connect(apiUrl, undefined)).toEqual({ kind: 'refused', status: 403 });
    expect(await connect(`ws://127.0.0.1:${shell.port}/other?token=${shell.token}`, origin)).toEqual({ kind: 'refused', status: 404 });
    expect(core.calls).toEqual([]);
  });

  it('accepts the localhost origin too', async () => {
    const outcome = await connect(`ws://localhost:${shell.port}/api?token=${shell.token}`, `http://localhost:${shell.port}`);
    expect(outcome.kind).toBe('open');
    if (outcome.kind === 'open') outcome.ws.close();
  });

  it('round-trips a call through the core and pushes core events to every window', async () => {
    const first = await connect(apiUrl, origin);
    const second = await connect(apiUrl, origin);
    if (first.kind !== 'open' || second.kind !== 'open') throw new Error('connection refused');
    const nextFirst = inbox(first.ws);
    const nextSecond = inbox(second.ws);

    first.ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'sync.status', arg: {} }));
    expect(await nextFirst((m) => m.kind === 'reply' && m.id === 1)).toEqual({ kind: 'reply', id: 1, ok: true, value: IN_TEST_SYNC_STATUS });
    expect(core.calls).toEqual([{ id: 1, method: 'sync.status', arg: {} }]);

    core.emit({ kind: 'event', name: 'data.changed', payload: { entities: ['cases'] } });
    const expected = { kind: 'event', name: 'data.changed', payload: { entities: ['cases'] } };
    expect(await nextFirst((m) => m.kind === 'event')).toEqual(expected);
    expect(await nextSecond((m) => m.kind === 'event')).toEqual(expected);
    first.ws.close();
    second.ws.close();
  });

  it('answers a malformed call with BAD_REQUEST and keeps the socket up', async () => {
    const outcome = await connect(apiUrl, origin);
    if (outcome.kind !== 'open') throw new Error('connection refused');
    const next = inbox(outcome.ws);
    outcome.ws.send('this is not json');
    outcome.ws.send(JSON.stringify({ kind: 'call', id: 4, method: 12 }));
    expect(await next((m) => m.id === 4)).toMatchObject({ kind: 'reply', id: 4, ok: false, error: { code: 'BAD_REQUEST' } });
    outcome.ws.send(JSON.stringify({ kind: 'call', id: 5, method: 'cases.get', arg: { id: 'x' } }));
    expect(await next((m) => m.id === 5)).toEqual({ kind: 'reply', id: 5, ok: true, value: null });
    expect(outcome.ws.readyState).toBe(outcome.ws.OPEN);
    outcome.ws.close();
  });

  it('closes a socket that sends a frame over 1 MiB, and only that one', async () => {
    const big = await connect(apiUrl, origin);
    const other = await connect(apiUrl, origin);
    if (big.kind !== 'open' || other.kind !== 'open') throw new Error('connection refused');
    big.ws.send('x'.repeat(1024 * 1024 + 1));
    expect(await closed(big.ws)).toBe(1009);
    const next = inbox(other.ws);
    other.ws.send(JSON.stringify({ kind: 'call', id: 2, method: 'sync.status', arg: {} }));
    expect(await next((m) => m.id === 2)).toMatchObject({ ok: true });
    other.ws.close();
  });

  it('close() ends open window sockets and stops listening', async () => {
    const outcome = await connect(apiUrl, origin);
    if (outcome.kind !== 'open') throw new Error('connection refused');
    const whenClosed = closed(outcome.ws);
    await shell.close();
    expect(await whenClosed).toBe(1001);
    await expect(fetch(shell.url)).rejects.toThrow();
    expect(core.listenerCount()).toBe(0);
  });
});

describe('startBrowserShell without a built renderer', () => {
  it('answers / with a 503 page that says how to build it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
    const shell = await startBrowserShell({ core: createInTestCore(), staticDir: root, port: 0, logger: silent });
    try {
      const res = await fetch(shell.url);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('renderer not built: run npm run build:renderer');
    } finally {
      await shell.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('fails to start when the port is taken', async () => {
    const first = await startBrowserShell({ core: createInTestCore(), staticDir: os.tmpdir(), port: 0, logger: silent });
    try {
      await expect(startBrowserShell({ core: createInTestCore(), staticDir: os.tmpdir(), port: first.port, logger: silent })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });
});
