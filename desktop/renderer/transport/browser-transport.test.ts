import { describe, it, expect, vi, afterEach } from 'vitest';
import { createBrowserTransport, shellExportUrl, shellSocketUrl, storedShellToken, takeShellToken, TOKEN_STORAGE_KEY, type SocketLike } from './browser-transport.js';
import type { CoreToWindowMessage } from '../../../shared/ipc.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

const loc = (search: string, hash = '') => ({ protocol: 'http:', host: '127.0.0.1:5173', pathname: '/', search, hash });

describe('takeShellToken', () => {
  it('keeps the token from the URL and removes it from the visible address', () => {
    const storage = memoryStorage();
    const replace = vi.fn();
    expect(takeShellToken(loc('?token=abc123&window=intake', '#/cases/1'), storage, replace)).toBe('abc123');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(replace).toHaveBeenCalledWith('/?window=intake#/cases/1');
  });

  it('falls back to the stored token after a reload, without touching the URL', () => {
    const replace = vi.fn();
    expect(takeShellToken(loc(''), memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' }), replace)).toBe('kept');
    expect(replace).not.toHaveBeenCalled();
  });

  it('returns null when there is no token at all', () => {
    expect(takeShellToken(loc(''), memoryStorage(), () => {})).toBeNull();
  });
});

describe('shell exports', () => {
  it('builds the download address of an exported file with the launch token', () => {
    expect(shellExportUrl('audit 2026-03-01.xlsx', 'a+b/c')).toBe('/exports/audit%202026-03-01.xlsx?token=a%2Bb%2Fc');
  });
  it('reads the token this tab kept, or null without one', () => {
    expect(storedShellToken(memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' }))).toBe('kept');
    expect(storedShellToken(memoryStorage())).toBeNull();
  });
});

describe('shellSocketUrl', () => {
  it('points at the api path on the same host, with the token escaped', () => {
    expect(shellSocketUrl(loc(''), 'a b/c')).toBe('ws://127.0.0.1:5173/api?token=a%20b%2Fc');
    expect(shellSocketUrl({ ...loc(''), protocol: 'https:' }, 't')).toBe('wss://127.0.0.1:5173/api?token=t');
  });
});

/** A socket double the test opens, feeds and drops by hand. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

describe('createBrowserTransport', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for the socket to open, then sends JSON envelopes', async () => {
    const sockets: FakeSocket[] = [];
    const t = createBrowserTransport({ url: 'ws://x/api?token=t', createSocket: (u) => sockets[sockets.push(new FakeSocket(u)) - 1]! });
    const ready = t.ready();
    expect(t.linkState()).toBe('connecting');
    sockets[0]!.open();
    await ready;
    t.send({ kind: 'call', id: 1, method: 'session.get', arg: {} });
    expect(JSON.parse(sockets[0]!.sent[0]!)).toEqual({ kind: 'call', id: 1, method: 'session.get', arg: {} });
    t.close();
  });

  it('passes valid replies and events on and drops garbage', () => {
    const sockets: FakeSocket[] = [];
    const t = createBrowserTransport({ url: 'ws://x', createSocket: (u) => sockets[sockets.push(new FakeSocket(u)) - 1]! });
    const got: CoreToWindowMessage[] = [];
    t.onMessage((m) => got.push(m));
    sockets[0]!.open();
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.onmessage?.({ data: JSON.stringify({ kind: 'other' }) });
    sockets[0]!.onmessage?.({ data: JSON.stringify({ kind: 'reply', id: 3, ok: true, value: 1 }) });
    sockets[0]!.onmessage?.({ data: JSON.stringify({ kind: 'event', name: 'data.changed', payload: { entities: [] } }) });
    expect(got.map((m) => m.kind)).toEqual(['reply', 'event']);
    t.close();
  });

  it('reports a dropped link and reconnects with backoff', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    const t = createBrowserTransport({ url: 'ws://x', retryDelaysMs: [100, 1000], createSocket: (u) => sockets[sockets.push(new FakeSocket(u)) - 1]! });
    const link: string[] = [];
    t.onLinkChange((up) => link.push(up));
    sockets[0]!.open();
    sockets[0]!.drop();
    expect(t.linkState()).toBe('down');
    expect(() => t.send({ kind: 'call', id: 1, method: 'session.get', arg: {} })).toThrow(/unreachable/);
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop(); // refused again: next wait is the longer delay
    await vi.advanceTimersByTimeAsync(999);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    sockets[2]!.open();
    expect(link).toEqual(['up', 'down', 'up']);
    expect(t.linkState()).toBe('up');
    t.close();
  });

  it('reports down when the first connection fails, and fails a waiting call after the ready timeout', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    const t = createBrowserTransport({ url: 'ws://x', readyTimeoutMs: 500, createSocket: (u) => sockets[sockets.push(new FakeSocket(u)) - 1]! });
    const link: string[] = [];
    t.onLinkChange((s) => link.push(s));
    const ready = t.ready().catch((e: unknown) => e);
    sockets[0]!.drop();
    expect(link).toEqual(['down']);
    await vi.advanceTimersByTimeAsync(501);
    expect(await ready).toMatchObject({ code: 'UNAVAILABLE' });
    t.close();
  });
});
