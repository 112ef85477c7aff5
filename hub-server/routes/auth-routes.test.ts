import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createHubApp } from '../app.js';
import { createAccessTokenService } from '../auth/access-token.js';
import { createAuthService, REFRESH_RETRY_GRACE_MS, WRONG_CREDENTIALS, type AuthService } from '../auth/auth-service.js';
import { silentLogger } from '../logger.js';
import { TEST_PASSWORD, createTestDb, type TestDb } from '../testing/fixtures.js';

type Body = { ok: boolean; value?: Record<string, unknown> & { refreshToken?: string; accessToken?: string }; error?: { code: string; message: string; details?: Record<string, unknown> } };

let db: TestDb;
let app: Hono;
let auth: AuthService;
let now: number;

const envFor = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

async function post(path: string, body: unknown, ip = '10.0.0.1'): Promise<{ status: number; body: Body; headers: Headers }> {
  const res = await app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }, envFor(ip));
  return { status: res.status, body: (await res.json()) as Body, headers: res.headers };
}

beforeEach(async () => {
  db = await createTestDb();
  now = Date.UTC(2026, 2, 1, 9);
  auth = createAuthService({ repo: db.repo, tokens: createAccessTokenService('s'.repeat(40), () => now), clock: () => now });
  app = createHubApp({ repo: db.repo, auth, log: silentLogger });
});
afterEach(async () => {
  await db.cleanup();
});

describe('POST /auth/login', () => {
  it('signs in with the right password (email case-insensitive) and is not cacheable', async () => {
    const res = await post('/auth/login', { email: '  Agent@Test.TEST ', password: TEST_PASSWORD, clientName: 'Desk 3' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.body.ok).toBe(true);
    expect(res.body.value).toMatchObject({ expiresIn: 900, user: { email: 'agent@test.test', role: 'agent', active: true } });
    const verified = await auth.authenticate(String(res.body.value?.accessToken));
    expect(verified.user.id).toBe(db.users.agent.id);
  });

  it('gives the same generic 401 for a wrong password and an unknown email', async () => {
    const wrong = await post('/auth/login', { email: 'agent@test.test', password: 'nope' });
    const unknown = await post('/auth/login', { email: 'nobody@test.test', password: 'nope' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'UNAUTHENTICATED', message: WRONG_CREDENTIALS });
    }
  });

  it('answers the 11th failed attempt for one account with 429 and a retry time, even with the right password', async () => {
    for (let i = 0; i < 10; i += 1) {
      const res = await post('/auth/login', { email: 'agent@test.test', password: `wrong-${i}` }, `10.1.0.${i}`);
      expect(res.status).toBe(401);
    }
    const blocked = await post('/auth/login', { email: 'agent@test.test', password: TEST_PASSWORD }, '10.2.0.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.code).toBe('RATE_LIMITED');
    const retry = blocked.body.error?.details?.retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(blocked.headers.get('retry-after')).toBe(String(retry));
    // Another account is unaffected; after the window the account works again.
    expect((await post('/auth/login', { email: 'fse@test.test', password: TEST_PASSWORD }, '10.2.0.2')).status).toBe(200);
    now += 61_000;
    expect((await post('/auth/login', { email: 'agent@test.test', password: TEST_PASSWORD }, '10.2.0.3')).status).toBe(200);
  });

  it('limits one IP trying many accounts', async () => {
    for (let i = 0; i < 10; i += 1) expect((await post('/auth/login', { email: `guess${i}@test.test`, password: 'x' }, '10.9.9.9')).status).toBe(401);
    const blocked = await post('/auth/login', { email: 'agent@test.test', password: TEST_PASSWORD }, '10.9.9.9');
    expect(blocked.status).toBe(429);
    expect((await post('/auth/login', { email: 'agent@test.test', password: TEST_PASSWORD }, '10.9.9.10')).status).toBe(200);
  });

  it('refuses malformed JSON with 400 and an invalid body with field details', async () => {
    const malformed = await post('/auth/login', '{"email": "a@b.c",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.code).toBe('BAD_REQUEST');
    const invalid = await post('/auth/login', { email: '', password: '' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error?.code).toBe('VALIDATION');
    expect(invalid.body.error?.details?.fields).toMatchObject({ email: 'Enter your email.', password: 'Enter your password.' });
  });

  it('refuses a 1.5 MiB body with 413', async () => {
    const res = await post('/auth/login', { email: 'agent@test.test', password: 'x'.repeat(1.5 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('refresh and logout', () => {
  async function login(): Promise<{ accessToken: string; refreshToken: string }> {
    const res = await post('/auth/login', { email: 'manager@test.test', password: TEST_PASSWORD });
    return { accessToken: String(res.body.value?.accessToken), refreshToken: String(res.body.value?.refreshToken) };
  }

  it('rotates the refresh token on every use', async () => {
    const first = await login();
    const second = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.headers.get('cache-control')).toBe('no-store');
    const rotated = String(second.body.value?.refreshToken);
    expect(rotated).not.toBe(first.refreshToken);
    const third = await post('/auth/refresh', { refreshToken: rotated });
    expect(third.status).toBe(200);
  });

  it('revokes the whole family when an old refresh token comes back after its successor was used', async () => {
    const first = await login();
    const rotated = String((await post('/auth/refresh', { refreshToken: first.refreshToken })).body.value?.refreshToken);
    const newest = String((await post('/auth/refresh', { refreshToken: rotated })).body.value?.refreshToken);
    const reuse = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error?.code).toBe('UNAUTHENTICATED');
    // The thief's and the owner's tokens are both dead now, and so is the access token's session.
    expect((await post('/auth/refresh', { refreshToken: newest })).status).toBe(401);
    await expect(auth.authenticate(first.accessToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'revoked' } });
  });

  it('revokes the family when an exchanged token comes back after the retry grace', async () => {
    const first = await login();
    const rotated = String((await post('/auth/refresh', { refreshToken: first.refreshToken })).body.value?.refreshToken);
    now += REFRESH_RETRY_GRACE_MS + 1000;
    expect((await post('/auth/refresh', { refreshToken: first.refreshToken })).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: rotated })).status).toBe(401);
  });

  it('treats a quick second exchange of the same token as a retry of a lost answer', async () => {
    const first = await login();
    const lost = String((await post('/auth/refresh', { refreshToken: first.refreshToken })).body.value?.refreshToken);
    now += 5000; // the console retries after its connection dropped before the answer arrived
    const retry = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(retry.status).toBe(200);
    const kept = String(retry.body.value?.refreshToken);
    expect(kept).not.toBe(lost);
    // The answer to the retry is lost too: it is retried the same way, and only the last answer counts.
    const again = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(again.status).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: String(again.body.value?.refreshToken) })).status).toBe(200);
  });

  it('ends the family when the answer a retry replaced turns up later', async () => {
    const first = await login();
    const stolenAnswer = String((await post('/auth/refresh', { refreshToken: first.refreshToken })).body.value?.refreshToken);
    const retry = String((await post('/auth/refresh', { refreshToken: first.refreshToken })).body.value?.refreshToken);
    expect((await post('/auth/refresh', { refreshToken: stolenAnswer })).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: retry })).status).toBe(401);
  });

  it('logout ends the session and is harmless to repeat', async () => {
    const { accessToken, refreshToken } = await login();
    const out = await post('/auth/logout', { refreshToken });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ ok: true, value: null });
    expect((await post('/auth/refresh', { refreshToken })).status).toBe(401);
    await expect(auth.authenticate(accessToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await post('/auth/logout', { refreshToken })).status).toBe(200);
  });

  it('refuses an unknown refresh token', async () => {
    expect((await post('/auth/refresh', { refreshToken: 'A'.repeat(43) })).status).toBe(401);
  });
});

describe('unexpected errors', () => {
  it('become a generic INTERNAL 500 and are logged with their stack', async () => {
    const logged: Record<string, unknown>[] = [];
    const broken: AuthService = { ...auth, login: async () => Promise.reject(new Error('disk on fire at /var/secret')) };
    const log = { ...silentLogger, error: (_message: string, fields?: Record<string, unknown>) => void logged.push(fields ?? {}) };
    const res = await createHubApp({ repo: db.repo, auth: broken, log }).request('/auth/login', { method: 'POST', body: JSON.stringify({ email: 'a@b.test', password: 'x' }) });
    expect(res.status).toBe(500);
    const body = (await res.json()) as Body;
    expect(body.error?.code).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toContain('disk on fire');
    expect(logged[0]?.stack).toEqual(expect.stringContaining('disk on fire'));
  });
});

describe('health and unknown routes', () => {
  it('answers healthz, readyz and a JSON 404', async () => {
    expect(await (await app.request('/healthz')).json()).toEqual({ ok: true, value: { status: 'ok' } });
    expect(await (await app.request('/readyz')).json()).toEqual({ ok: true, value: { status: 'ready' } });
    const missing = await app.request('/nope');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Body).error?.code).toBe('NOT_FOUND');
  });

  it('reports not ready once the database is gone', async () => {
    await db.repo.close();
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(((await res.json()) as Body).error?.code).toBe('UNAVAILABLE');
  });
});
