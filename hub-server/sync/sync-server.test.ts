import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRow, TokenPair } from '../../shared/domain.js';
import { SYNC_CLOSE, type Change } from '../../shared/sync/protocol.js';
import { silentLogger } from '../logger.js';
import { DEMO_PASSWORD } from '../seed/demo-data.js';
import { startHub, type RunningHub } from '../server.js';
import { newCaseArgs } from '../testing/fixtures.js';
import { makeTempDir, removeTempDir } from '../testing/temp-dir.js';
import { connectSync, type TestSyncClient } from '../testing/ws-client.js';

let dir: string;
let hub: RunningHub;
let syncUrl: string;
const open: TestSyncClient[] = [];

async function login(email: string): Promise<TokenPair> {
  const res = await fetch(`${hub.url}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const body = (await res.json()) as { ok: boolean; value: TokenPair };
  if (!body.ok) throw new Error(`login failed for ${email}`);
  return body.value;
}

async function client(): Promise<TestSyncClient> {
  const c = await connectSync(syncUrl);
  open.push(c);
  return c;
}

const hello = (token: string, cursor: { epoch: string; version: number } | null = null, clientId = `c-${crypto.randomUUID()}`) => ({
  type: 'hello',
  protocol: 1,
  token,
  clientId,
  clientGroupId: `g-${crypto.randomUUID()}`,
  cursor,
});

/** Connects, says hello and consumes the whole bootstrap; returns the cursor. */
async function bootstrapped(token: string, clientId?: string): Promise<{ c: TestSyncClient; cursor: { epoch: string; version: number } }> {
  const c = await client();
  c.send(hello(token, null, clientId));
  await c.next('welcome');
  const end = await c.next('bootstrap-end', 10_000);
  return { c, cursor: end.cursor };
}

beforeAll(async () => {
  dir = makeTempDir();
  hub = await startHub({ dataDir: dir, port: 0, host: '127.0.0.1', demo: true, log: silentLogger, helloTimeoutMs: 500, escalations: false });
  syncUrl = `${hub.url.replace('http', 'ws')}/sync`;
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await hub.close();
  removeTempDir(dir);
});

describe('/sync', () => {
  it('says welcome and sends a consistent bootstrap of every entity', async () => {
    const { accessToken, user } = await login('agent@demo.test');
    const c = await client();
    c.send(hello(accessToken));
    const welcome = await c.next('welcome');
    expect(welcome.user).toMatchObject({ id: user.id, role: 'agent' });
    expect(welcome.lastMutationId).toBe(0);
    const begin = await c.next('bootstrap-begin');
    expect(begin.epoch).toBe(welcome.epoch);
    // The demo cases' timelines (100 created events, 6 notes, 2 planned visits); the one notification
    // is the manager's; the parts catalogue (26) and the two demo visits.
    expect(begin.total).toBe(10 + 4 + 50 + 500 + 100 + 108 + 26 + 2);
    const end = await c.next('bootstrap-end', 10_000);
    expect(end.cursor).toEqual({ epoch: welcome.epoch, version: begin.version });

    const counts: Record<string, number> = {};
    let lastSent = 0;
    for (const frame of c.received) {
      if (frame.type !== 'bootstrap-rows') continue;
      counts[frame.entity] = (counts[frame.entity] ?? 0) + frame.rows.length;
      expect(frame.rows.length).toBeLessThanOrEqual(2000);
      expect(frame.sent).toBe(lastSent + frame.rows.length);
      lastSent = frame.sent;
    }
    expect(counts).toEqual({ users: 10, customers: 4, sites: 50, projectors: 500, cases: 100, caseEvents: 108, parts: 26, visits: 2 });
    const users = c.received.flatMap((f) => (f.type === 'bootstrap-rows' && f.entity === 'users' ? f.rows : []));
    expect(JSON.stringify(users)).not.toContain('scrypt');
  });

  it('delivers a case created by one client to another, changes before the push result', async () => {
    const agent = await login('agent@demo.test');
    const manager = await login('manager@demo.test');
    const a = await bootstrapped(agent.accessToken);
    const b = await bootstrapped(manager.accessToken);
    const args = newCaseArgs({ title: 'Projector smoking in screen 2' });
    const pushedAt = a.c.received.length;
    a.c.send({ type: 'push', mutations: [{ id: 1, name: 'createCase', args, baseVersions: {}, createdAt: new Date().toISOString() }] });
    const result = await a.c.next('push-result');
    expect(result).toMatchObject({ lastMutationId: 1, results: [{ mutationId: 1, ok: true, result: { id: args.id, number: expect.stringMatching(/^DTR-\d{4}-000101$/) } }] });
    const sinceAfterPush = a.c.received.slice(pushedAt).map((f) => f.type);
    expect(sinceAfterPush.indexOf('changes')).toBeGreaterThanOrEqual(0);
    expect(sinceAfterPush.indexOf('changes')).toBeLessThan(sinceAfterPush.indexOf('push-result'));

    const seen = await b.c.next('changes');
    const change = seen.changes.find((ch: Change) => ch.id === args.id);
    expect(change).toMatchObject({ entity: 'cases', op: 'put', version: b.cursor.version + 1 });
    expect(change?.row as CaseRow).toMatchObject({ title: 'Projector smoking in screen 2', createdBy: agent.user.id, number: expect.stringMatching(/^DTR-/) });
    expect(seen.changes.find((ch: Change) => ch.entity === 'caseEvents')).toMatchObject({ op: 'put', version: b.cursor.version + 2, row: { caseId: args.id, kind: 'created' } });
    expect(seen.cursor.version).toBe(b.cursor.version + 2);
  });

  it('answers a malformed frame with an error and keeps the socket open', async () => {
    const { accessToken } = await login('agent2@demo.test');
    const c = await client();
    c.sendRaw('{this is not json');
    expect((await c.next('error')).error.code).toBe('BAD_REQUEST');
    c.send({ type: 'push', mutations: [] });
    expect((await c.next('error')).error.code).toBe('BAD_REQUEST');
    c.send({ type: 'teleport' });
    expect((await c.next('error')).error.code).toBe('BAD_REQUEST');
    c.send({ type: 'ping', ref: 7 });
    expect(await c.next('pong')).toEqual({ type: 'pong', ref: 7 });
    c.send(hello(accessToken));
    expect((await c.next('welcome')).user.email).toBe('agent2@demo.test');
  });

  it('closes with 4001 after an error frame for a bad token', async () => {
    const c = await client();
    c.send(hello('not.a.token'));
    const error = await c.next('error');
    expect(error.error.code).toBe('UNAUTHENTICATED');
    expect((await c.closed()).code).toBe(SYNC_CLOSE.unauthenticated);
  });

  it('catches up from a cursor with only the newer changes, always in a changes frame', async () => {
    const agent = await login('agent@demo.test');
    const { c: first, cursor } = await bootstrapped(agent.accessToken);
    await first.close();

    const quiet = await client();
    quiet.send(hello(agent.accessToken, cursor));
    await quiet.next('welcome');
    const none = await quiet.next('changes');
    expect(none).toEqual({ type: 'changes', changes: [], cursor });

    const manager = await login('manager@demo.test');
    const writer = await bootstrapped(manager.accessToken);
    const args = newCaseArgs();
    writer.c.send({ type: 'push', mutations: [{ id: 1, name: 'createCase', args, baseVersions: {}, createdAt: new Date().toISOString() }] });
    await writer.c.next('push-result');

    const later = await client();
    later.send(hello(agent.accessToken, cursor));
    await later.next('welcome');
    const changes = await later.next('changes');
    expect(changes.changes.every((ch) => ch.version > cursor.version)).toBe(true);
    expect(changes.changes.map((ch) => ch.id)).toContain(args.id);
    expect(later.received.some((f) => f.type === 'bootstrap-begin')).toBe(false);

    // Another epoch (a restored backup) means a fresh bootstrap.
    const stale = await client();
    stale.send(hello(agent.accessToken, { epoch: 'some-other-epoch', version: cursor.version }));
    expect((await stale.next('bootstrap-begin')).epoch).toBe(cursor.epoch);
  });

  it('replays a pushed mutation id with its stored result', async () => {
    const agent = await login('agent@demo.test');
    const clientId = `c-${crypto.randomUUID()}`;
    const { c } = await bootstrapped(agent.accessToken, clientId);
    const push = { type: 'push', mutations: [{ id: 1, name: 'createCase', args: newCaseArgs(), baseVersions: {}, createdAt: new Date().toISOString() }] };
    c.send(push);
    const first = await c.next('push-result');
    c.send(push);
    const again = await c.next('push-result');
    expect(again).toEqual(first);
    c.send({ ...push, mutations: [{ ...push.mutations[0], id: 5 }] });
    expect((await c.next('push-result')).results[0]).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { expectedMutationId: 2 } } });
  });

  it('closes with 4003 when the session is signed out elsewhere', async () => {
    const agent = await login('agent@demo.test');
    const { c } = await bootstrapped(agent.accessToken);
    await fetch(`${hub.url}/auth/logout`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: agent.refreshToken }) });
    expect((await c.closed()).code).toBe(SYNC_CLOSE.revoked);
    const again = await client();
    again.send(hello(agent.accessToken));
    expect((await again.closed()).code).toBe(SYNC_CLOSE.revoked);
  });

  it('renews the token on a live connection and closes with 4001 on a bad renewal', async () => {
    const agent = await login('agent@demo.test');
    const { c } = await bootstrapped(agent.accessToken);
    const renewed = await login('agent@demo.test');
    c.send({ type: 'auth', token: renewed.accessToken });
    c.send({ type: 'ping', ref: 1 });
    await c.next('pong');
    expect(c.received.some((f) => f.type === 'error')).toBe(false);
    const other = await login('fse1@demo.test');
    c.send({ type: 'auth', token: other.accessToken });
    expect((await c.next('error')).error.code).toBe('FORBIDDEN');
    await c.closed();

    const { c: second } = await bootstrapped(agent.accessToken);
    second.send({ type: 'auth', token: `${renewed.accessToken}x` });
    expect((await second.next('error')).error.code).toBe('UNAUTHENTICATED');
    expect((await second.closed()).code).toBe(SYNC_CLOSE.unauthenticated);
  });

  it('closes with 4008 when no hello arrives in time', async () => {
    const c = await client();
    expect((await c.closed(3000)).code).toBe(SYNC_CLOSE.helloTimeout);
  });

  it('refuses a client id that belongs to another user', async () => {
    const agent = await login('agent@demo.test');
    const clientId = `c-${crypto.randomUUID()}`;
    const { c } = await bootstrapped(agent.accessToken, clientId);
    c.send({ type: 'push', mutations: [{ id: 1, name: 'createCase', args: newCaseArgs(), baseVersions: {}, createdAt: new Date().toISOString() }] });
    await c.next('push-result');
    const manager = await login('manager@demo.test');
    const other = await client();
    other.send(hello(manager.accessToken, null, clientId));
    expect((await other.next('error')).error.code).toBe('FORBIDDEN');
    await other.closed();
  });

  it('closes the socket when a frame is larger than 1 MiB', async () => {
    const c = await client();
    c.sendRaw(JSON.stringify({ type: 'ping', pad: 'x'.repeat(1024 * 1024) }));
    expect((await c.closed()).code).toBe(1009);
  });

  it('does not upgrade other paths', async () => {
    await expect(connectSync(`${hub.url.replace('http', 'ws')}/elsewhere`)).rejects.toThrow(/404/);
  });
});
