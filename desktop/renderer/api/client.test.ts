import { describe, it, expect, vi } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import type { CallEnvelope, CoreToWindowMessage } from '../../../shared/ipc.js';
import type { LinkAwareTransport, LinkState } from '../transport/link.js';
import { CORE_UNREACHABLE_MESSAGE, createApiClient } from './client.js';

/** An in-memory transport: records sent calls and lets the test play the core's part. */
function memoryTransport() {
  const sent: CallEnvelope[] = [];
  const listeners = new Set<(m: CoreToWindowMessage) => void>();
  const linkListeners = new Set<(state: LinkState) => void>();
  const transport: LinkAwareTransport = {
    send: (m) => {
      sent.push(m);
    },
    onMessage: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    ready: () => Promise.resolve(),
    onLinkChange: (l) => {
      linkListeners.add(l);
      return () => linkListeners.delete(l);
    },
    linkState: () => 'up',
    close: () => {},
  };
  return {
    transport,
    sent,
    deliver: (m: CoreToWindowMessage) => listeners.forEach((l) => l(m)),
    link: (state: LinkState) => linkListeners.forEach((l) => l(state)),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('createApiClient', () => {
  it('sends numbered calls and resolves each with its own reply', async () => {
    const t = memoryTransport();
    const client = createApiClient(t.transport);
    const a = client.call('sync.status', {});
    const b = client.call('cases.get', { id: '0190a000-0000-7000-8000-000000000001' });
    await flush();
    expect(t.sent.map((m) => [m.method, m.id])).toEqual([
      ['sync.status', 1],
      ['cases.get', 2],
    ]);
    t.deliver({ kind: 'reply', id: 2, ok: true, value: null });
    t.deliver({ kind: 'reply', id: 1, ok: true, value: { connection: 'online', pending: 0, lastSyncAt: null, bootstrap: null, lastError: null } });
    await expect(b).resolves.toBeNull();
    await expect(a).resolves.toMatchObject({ connection: 'online' });
  });

  it('rejects with an AppError rebuilt from the error body, details included', async () => {
    const t = memoryTransport();
    const client = createApiClient(t.transport);
    const p = client.call('session.login', { email: 'a@b.c', password: 'x' });
    await flush();
    t.deliver({ kind: 'reply', id: 1, ok: false, error: { code: 'RATE_LIMITED', message: 'Too many attempts.', details: { retryAfterSeconds: 30 } } });
    const error = await p.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many attempts.', details: { retryAfterSeconds: 30 } });
  });

  it('turns a malformed error body into INTERNAL rather than trusting it', async () => {
    const t = memoryTransport();
    const client = createApiClient(t.transport);
    const p = client.call('session.get', {});
    await flush();
    t.deliver({ kind: 'reply', id: 1, ok: false, error: { code: 'NOPE', message: 1 } as never });
    await expect(p).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers events only to listeners of that event until they unsubscribe', () => {
    const t = memoryTransport();
    const client = createApiClient(t.transport);
    const changed = vi.fn();
    const status = vi.fn();
    const off = client.on('data.changed', changed);
    client.on('sync.status', status);
    t.deliver({ kind: 'event', name: 'data.changed', payload: { entities: ['cases'] } });
    off();
    t.deliver({ kind: 'event', name: 'data.changed', payload: { entities: ['sites'] } });
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed).toHaveBeenCalledWith({ entities: ['cases'] });
    expect(status).not.toHaveBeenCalled();
  });

  it('fails calls in flight when the link drops and tells link listeners', async () => {
    const t = memoryTransport();
    const client = createApiClient(t.transport);
    const link = vi.fn();
    client.onLinkChange(link);
    const p = client.call('cases.list', {});
    await flush();
    t.link('down');
    await expect(p).rejects.toMatchObject({ code: 'UNAVAILABLE', message: CORE_UNREACHABLE_MESSAGE });
    expect(link).toHaveBeenCalledWith('down');
    // A late reply to the failed call is ignored rather than resolving anything twice.
    t.deliver({ kind: 'reply', id: 1, ok: true, value: [] });
  });

  it('times out a call the core never answers', async () => {
    vi.useFakeTimers();
    try {
      const t = memoryTransport();
      const client = createApiClient(t.transport, { callTimeoutMs: 1000 });
      const p = client.call('session.get', {});
      const settled = p.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1001);
      expect(await settled).toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a long import wait past the call timeout, since it reports progress while it runs', async () => {
    vi.useFakeTimers();
    try {
      const t = memoryTransport();
      const client = createApiClient(t.transport, { callTimeoutMs: 1000 });
      const p = client.call('imports.commit', { dryRunId: '0190a000-0000-7000-8000-000000000001', operationId: '0190a000-0000-7000-8000-000000000002' });
      let settled = false;
      void p.then(() => (settled = true), () => (settled = true));
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(settled).toBe(false);
      t.deliver({ kind: 'reply', id: 1, ok: true, value: null });
      await expect(p).resolves.toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects calls after close', async () => {
    const t = memoryTransport();
    const client = createApiClient(t.transport);
    client.close();
    await expect(client.call('session.get', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
