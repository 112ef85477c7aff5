import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/errors.js';
import { callHubRoute, unauthenticatedReason } from './hub-http.js';

type Seen = { method: string; url: string; authorization: string | undefined; contentType: string | undefined; body: string };

async function hub(answer: (seen: Seen) => { status: number; payload: unknown }) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body };
      seen.push(s);
      const { status, payload } = answer(s);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('callHubRoute', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('uses the route table for method and path, sends the bearer token, no body on GET, {} for body-less POSTs', async () => {
    const h = await hub(() => ({ status: 200, payload: { ok: true, value: [] } }));
    closers.push(h.close);
    await callHubRoute(h.url, 'users.list', { token: 't-1' });
    await callHubRoute(h.url, 'users.update', { token: 't-2', id: '01900000-0000-7000-8000-000000000001', body: { name: 'New' } });
    await callHubRoute(h.url, 'users.resetPassword', { token: 't-3', id: '01900000-0000-7000-8000-000000000001' });
    expect(h.seen).toEqual([
      { method: 'GET', url: '/admin/users', authorization: 'Bearer t-1', contentType: undefined, body: '' },
      { method: 'PATCH', url: '/admin/users/01900000-0000-7000-8000-000000000001', authorization: 'Bearer t-2', contentType: 'application/json', body: '{"name":"New"}' },
      { method: 'POST', url: '/admin/users/01900000-0000-7000-8000-000000000001/reset-password', authorization: 'Bearer t-3', contentType: 'application/json', body: '{}' },
    ]);
  });

  it('keeps a path prefix of the hub URL', async () => {
    const h = await hub(() => ({ status: 200, payload: { ok: true, value: null } }));
    closers.push(h.close);
    await callHubRoute(`${h.url}/hub`, 'audit.verify', { token: 't' });
    expect(h.seen[0]?.url).toBe('/hub/admin/audit/verify');
  });

  it('turns an error envelope into the hub AppError with its details, and garbage or silence into UNAVAILABLE', async () => {
    const h = await hub((s) =>
      s.url === '/admin/audit/verify'
        ? { status: 502, payload: 'proxy error' }
        : { status: 401, payload: { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Expired.', details: { reason: 'expired' } } } },
    );
    closers.push(h.close);
    const error = await callHubRoute(h.url, 'account.sessions', { token: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(unauthenticatedReason(error)).toBe('expired');
    await expect(callHubRoute(h.url, 'audit.verify', { token: 't' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await h.close();
    closers.length = 0;
    await expect(callHubRoute(h.url, 'account.sessions', { token: 't' })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(`Cannot reach the hub at ${h.url}`) });
  });

  it('reads a 401 without a reason as invalid, and other errors as no 401 at all', () => {
    expect(unauthenticatedReason(new AppError('UNAUTHENTICATED', 'x'))).toBe('invalid');
    expect(unauthenticatedReason(new AppError('UNAUTHENTICATED', 'x', { reason: 'revoked' }))).toBe('revoked');
    expect(unauthenticatedReason(new AppError('FORBIDDEN', 'x'))).toBeNull();
  });
});
