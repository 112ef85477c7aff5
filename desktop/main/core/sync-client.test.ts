// The sync client end to end through the console core, against a small protocol-speaking hub on a
// real loopback socket: bootstrap, ordered pushes, resend after reconnect, 4001 refresh, rejection.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { ConsoleEvents } from '../../../shared/console-api.js';
import type { EventEnvelope } from '../../../shared/ipc.js';
import { createConsoleCore } from './console-core.js';
import { silentLogger } from './logger.js';
import { loadSession, sessionFile } from './session-store.js';
import { startFakeHub, type FakeHub } from './testing/fake-hub.js';
import { call, eventually, isOnline } from './testing/core-test-kit.js';
import { AGENT, AGENT_ROW, CUSTOMERS, PROJECTORS, SITES, caseFields, confirmedCase, tempDataDir } from './testing/fixtures.js';

const PASSWORD = 'correct horse';
const SEEDED_CASE = '01900000-0000-7000-8000-00000000ca5e';

describe('sync client', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  async function setup() {
    const hub: FakeHub = await startFakeHub({
      user: AGENT,
      password: PASSWORD,
      rows: { users: [AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(SEEDED_CASE, 5)] },
    });
    const dataDir = tempDataDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }), () => hub.stop());
    const open = async () => {
      const core = await createConsoleCore({ dataDir, hubUrl: hub.url }, { logger: silentLogger, backoff: { baseMs: 20, maxMs: 100, random: () => 1 } });
      const events: EventEnvelope[] = [];
      core.onEvent((e) => events.push(e));
      cleanups.push(() => core.close());
      return { core, events };
    };
    return { hub, dataDir, open };
  }

  const online = isOnline;

  it('signs in, bootstraps the cache, and pushes local writes in order', async () => {
    const { hub, open } = await setup();
    const { core, events } = await open();
    expect(await call(core, 'cases.list', {}).catch((e: Error) => e.message)).toMatch(/UNAUTHENTICATED Sign in first/);
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await online(core);
    await eventually(async () => (await call(core, 'cases.list', {})).length === 1, 'bootstrap');
    expect((await call(core, 'projectors.search', { query: 'brx 2201' }))[0]?.serial).toBe('BRX-2201');
    expect(events.some((e) => e.name === 'session.changed' && e.payload !== null)).toBe(true);

    const a = await call(core, 'cases.create', caseFields({ title: 'First' }));
    const b = await call(core, 'cases.create', caseFields({ title: 'Second' }));
    await call(core, 'cases.update', { id: a.id, patch: { priority: 'P1' } });
    const confirmed = await eventually(async () => {
      const detail = await call(core, 'cases.get', { id: b.id });
      return detail?.number && !detail.pending ? detail : null;
    }, 'hub numbers');
    expect(confirmed.number).toBe('DTR-2026-000002');
    expect(hub.control.pushes.flat()).toEqual([1, 2, 3]);
    expect(await call(core, 'cases.get', { id: a.id })).toMatchObject({ number: 'DTR-2026-000001', priority: 'P1', pending: false });
    expect((await call(core, 'sync.status', {})).pending).toBe(0);
    await eventually(() => events.some((e) => e.name === 'data.changed' && (e.payload as ConsoleEvents['data.changed']).entities.includes('cases')), 'data.changed');
  });

  it('re-sends unconfirmed mutations after a reconnect, and they survive a restart', async () => {
    const { hub, open } = await setup();
    const first = await open();
    await call(first.core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await online(first.core);
    hub.control.processPushes = false; // the hub receives but never answers
    const { id } = await call(first.core, 'cases.create', caseFields({ title: 'Offline one' }));
    await call(first.core, 'cases.update', { id, patch: { title: 'Offline one, edited' } });
    await eventually(() => hub.control.pushes.flat().length === 2, 'first pushes');
    await first.core.close();

    // A new core on the same data folder resumes the saved session and re-sends from the outbox.
    hub.control.processPushes = true;
    const second = await open();
    await online(second.core);
    const detail = await eventually(async () => {
      const d = await call(second.core, 'cases.get', { id });
      return d?.number && !d.pending ? d : null;
    }, 'confirmation after restart');
    expect(detail.title).toBe('Offline one, edited');
    // Before the restart, writes of one turn may go in one push; after it, the outbox goes again whole.
    expect(hub.control.pushes.flat()).toEqual([1, 2, 1, 2]);
    expect(hub.control.pushes.at(-1)).toEqual([1, 2]);

    // A dropped connection: pushes sent but unanswered go again after welcome.
    hub.control.processPushes = false;
    await call(second.core, 'cases.update', { id, patch: { severity: 'minor' } });
    const pushesBefore = hub.control.pushes.length;
    await eventually(() => hub.control.pushes.length === pushesBefore + 1, 'third push');
    hub.control.processPushes = true;
    hub.dropSessions();
    await eventually(async () => (await call(second.core, 'cases.get', { id }))?.severity === 'minor' && (await call(second.core, 'sync.status', {})).pending === 0, 'resend');
    expect(hub.control.pushes.slice(pushesBefore)).toEqual([[3], [3]]);
    expect(hub.row('cases', id)).toMatchObject({ severity: 'minor', title: 'Offline one, edited' });
  });

  it('keeps a long bootstrap going while pongs queue behind it (any frame proves the hub is alive)', async () => {
    const { hub, dataDir } = await setup();
    hub.control.bootstrapChunk = 1;
    hub.control.bootstrapFrameDelayMs = 40;
    hub.control.answerPings = false;
    const core = await createConsoleCore({ dataDir, hubUrl: hub.url }, { logger: silentLogger, heartbeatMs: 150, backoff: { baseMs: 20, maxMs: 100, random: () => 1 } });
    cleanups.push(() => core.close());
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    // Several heartbeats pass without a pong while rows keep arriving; the transfer must finish.
    await eventually(async () => (await call(core, 'cases.list', {})).length === 1, 'bootstrap to finish', 10_000);
    expect(hub.control.hellos).toBe(1);
  });

  it('refreshes the token after a 4001 close and persists the new refresh token', async () => {
    const { hub, dataDir, open } = await setup();
    const { core } = await open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await online(core);
    const before = loadSession(dataDir)!.refreshToken;
    hub.expireAccessTokens();
    hub.closeSessions(4001, 'token expired');
    await eventually(() => hub.control.refreshCalls === 1, 'refresh');
    await online(core);
    const after = loadSession(dataDir)!.refreshToken;
    expect(after).not.toBe(before);
    expect(fs.statSync(sessionFile(dataDir)).mode & 0o777).toBe(0o600);
    // Still syncing on the new token.
    const { id } = await call(core, 'cases.create', caseFields({ title: 'After refresh' }));
    await eventually(async () => (await call(core, 'cases.get', { id }))?.number ?? null, 'confirmation after refresh');
  });

  it('refreshes ahead of expiry and sends the new token on the live connection', async () => {
    const { hub, dataDir } = await setup();
    let schedules = 0;
    // The first token is refreshed after 100 ms; later ones late enough not to matter here.
    const refreshAt = () => (++schedules === 1 ? 100 : 60_000);
    const core = await createConsoleCore({ dataDir, hubUrl: hub.url }, { logger: silentLogger, refreshAt });
    cleanups.push(() => core.close());
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await online(core);
    await eventually(() => hub.control.authFrames.length === 1, 'auth frame');
    expect(hub.control.refreshCalls).toBe(1);
    expect(hub.control.authFrames[0]).toMatch(/^access-/);
  });

  it('signs out when the hub revokes the session (4003)', async () => {
    const { hub, dataDir, open } = await setup();
    const { core, events } = await open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await online(core);
    hub.closeSessions(4003, 'revoked');
    await eventually(async () => (await call(core, 'session.get', {})) === null, 'signed out');
    expect(fs.existsSync(sessionFile(dataDir))).toBe(false);
    expect((await call(core, 'sync.status', {})).connection).toBe('signed-out');
    expect(events.some((e) => e.name === 'session.changed' && e.payload === null)).toBe(true);
  });

  it('rolls back a create the hub rejects and tells the user why', async () => {
    const { hub, open } = await setup();
    const { core, events } = await open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await online(core);
    hub.control.reject = (name) => (name === 'createCase' ? { code: 'FORBIDDEN', message: 'Agents in this region may not log cases.' } : null);
    const { id } = await call(core, 'cases.create', caseFields({ title: 'Doomed' }));
    expect((await call(core, 'cases.get', { id }))?.pending).toBe(true);
    const rejected = await eventually(() => events.find((e) => e.name === 'mutation.rejected') ?? null, 'mutation.rejected');
    expect(rejected.payload).toEqual({ mutationName: 'createCase', caseId: id, caseLabel: 'Doomed', message: 'Agents in this region may not log cases.' });
    expect(await call(core, 'cases.get', { id })).toBeNull();
    expect((await call(core, 'sync.status', {})).pending).toBe(0);
  });

  it('reports an unreachable hub at login as UNAVAILABLE with the URL', async () => {
    const dataDir = tempDataDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const core = await createConsoleCore({ dataDir, hubUrl: 'http://127.0.0.1:9' }, { logger: silentLogger });
    cleanups.push(() => core.close());
    const reply = await core.handle(9, 'session.login', { email: 'a@b.c', password: 'x' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/^Cannot reach the hub at http:\/\/127\.0\.0\.1:9: /) } });
    const wrong = await core.handle(10, 'session.login', { email: '', password: '' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { fields: { email: 'Enter your email.' } } } });
  });
});
