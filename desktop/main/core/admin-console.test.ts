// Issue 8 through the ConsoleApi against the fake hub on real sockets: settings as optimistic local
// writes (and their rollback), the offline flag on mutations, online-only account/admin calls with
// bearer tokens (refresh on expiry, sign-out on revocation, UNAVAILABLE without a hub), the
// temporary-password flow, 4003 sign-out, 4009 immediate reconnect with a purging bootstrap, and the
// audit export read back with exceljs.
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import type { ConsoleEvents } from '../../../shared/console-api.js';
import type { ErrorBody } from '../../../shared/errors.js';
import type { EventEnvelope } from '../../../shared/ipc.js';
import type { ConsoleCore } from './console-core-types.js';
import { loadSession, sessionFile } from './session-store.js';
import { createConsoleCore } from './console-core.js';
import { silentLogger } from './logger.js';
import { call, coreRig, eventually, isOnline } from './testing/core-test-kit.js';
import { ADMIN, ADMIN_ROW, AGENT, AGENT_ROW, CUSTOMERS, PROJECTORS, SITES, caseFields, confirmedCase, tempDataDir } from './testing/fixtures.js';

const PASSWORD = 'correct horse battery';
const SEEDED_CASE = '01900000-0000-7000-8000-00000000ca5e';
/** Long enough that a reconnect seen within a test cannot have come from the backoff timer. */
const SLOW_BACKOFF = { baseMs: 60_000, maxMs: 60_000, random: () => 1 };

async function failure(core: ConsoleCore, method: string, arg: unknown): Promise<ErrorBody> {
  const reply = await core.handle(1, method, arg);
  if (reply.ok) throw new Error(`${method} succeeded: ${JSON.stringify(reply.value)}`);
  return reply.error;
}

const sessionEvents = (events: EventEnvelope[]) => events.filter((e) => e.name === 'session.changed').map((e) => e.payload as ConsoleEvents['session.changed']);

describe('admin console (core)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  const rows = () => ({ users: [ADMIN_ROW, AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(SEEDED_CASE, 5)] });

  async function signedIn(user = ADMIN, backoff?: typeof SLOW_BACKOFF, extra: { mustChangePassword?: boolean } = {}) {
    const rig = await coreRig({ user, password: PASSWORD, rows: rows(), ...extra }, cleanups);
    const opened = await rig.open(backoff);
    await call(opened.core, 'session.login', { email: user.email, password: PASSWORD });
    await isOnline(opened.core);
    return { ...rig, ...opened };
  }

  describe('settings', () => {
    it('reads defaults, writes optimistically (pending, data.changed) and shows the confirmed row with its author', async () => {
      const { core, events, hub } = await signedIn();
      const initial = await call(core, 'settings.get', {});
      expect(initial.values.timeZone).toBe('Europe/London');
      expect(initial.meta.timeZone).toEqual({ updatedAt: null, updatedByName: null, pending: false });

      hub.control.processPushes = false;
      const before = events.length;
      await call(core, 'settings.update', { key: 'timeZone', value: 'America/New_York' });
      const pending = await call(core, 'settings.get', {});
      expect(pending.values.timeZone).toBe('America/New_York');
      expect(pending.meta.timeZone).toMatchObject({ pending: true, updatedByName: ADMIN.name });
      await eventually(() => events.slice(before).some((e) => e.name === 'data.changed' && (e.payload as ConsoleEvents['data.changed']).entities.includes('settings')), 'data.changed settings');
      // The last pending value per key wins.
      await call(core, 'settings.update', { key: 'timeZone', value: 'Asia/Tokyo' });
      expect((await call(core, 'settings.get', {})).values.timeZone).toBe('Asia/Tokyo');
      expect((await call(core, 'sync.status', {})).pending).toBe(2);

      hub.control.processPushes = true;
      hub.dropSessions();
      const confirmed = await eventually(async () => {
        const view = await call(core, 'settings.get', {});
        return view.meta.timeZone.pending ? null : view;
      }, 'confirmation');
      expect(confirmed.values.timeZone).toBe('Asia/Tokyo');
      expect(confirmed.meta.timeZone.updatedByName).toBe(ADMIN.name);
      expect(confirmed.meta.timeZone.updatedAt).not.toBeNull();
      expect(hub.row('settings', 'timeZone')).toMatchObject({ value: 'Asia/Tokyo', updatedBy: ADMIN.id });
    });

    it('refuses an invalid value with field errors keyed like value.name, and a role without settings.manage', async () => {
      const { core } = await signedIn();
      const invalid = await failure(core, 'settings.update', { key: 'organisation', value: { name: '', address: '', phone: '', email: 'nope', logo: null } });
      expect(invalid.code).toBe('VALIDATION');
      expect(invalid.details?.fields).toMatchObject({ 'value.name': 'Enter the organisation name.', 'value.email': 'Enter a valid email address.' });
      expect((await failure(core, 'settings.update', { key: 'colour', value: 'red' })).code).toBe('VALIDATION');
      expect((await call(core, 'sync.status', {})).pending).toBe(0);

      const agent = await signedIn(AGENT);
      expect((await failure(agent.core, 'settings.update', { key: 'timeZone', value: 'Asia/Tokyo' })).code).toBe('FORBIDDEN');
      expect((await call(agent.core, 'settings.get', {})).values.timeZone).toBe('Europe/London');
    });

    it('rolls a rejected change back and tells the user, naming the setting', async () => {
      const { core, events, hub } = await signedIn();
      await call(core, 'settings.update', { key: 'timeZone', value: 'Asia/Tokyo' });
      await eventually(async () => !(await call(core, 'settings.get', {})).meta.timeZone.pending, 'first change confirmed');
      hub.control.reject = (name) => (name === 'updateSetting' ? { code: 'FORBIDDEN', message: 'Your role no longer allows this.' } : null);
      await call(core, 'settings.update', { key: 'timeZone', value: 'Europe/Paris' });
      expect((await call(core, 'settings.get', {})).values.timeZone).toBe('Europe/Paris');
      const rejected = await eventually(() => events.find((e) => e.name === 'mutation.rejected')?.payload as ConsoleEvents['mutation.rejected'] | undefined ?? null, 'rejection');
      expect(rejected).toEqual({ mutationName: 'updateSetting', caseId: null, caseLabel: 'Time zone', message: 'Your role no longer allows this.' });
      const view = await call(core, 'settings.get', {});
      expect(view.values.timeZone).toBe('Asia/Tokyo');
      expect(view.meta.timeZone.pending).toBe(false);
      expect((await call(core, 'sync.status', {})).pending).toBe(0);
    });
  });

  it('marks mutations made while not connected as offline, and only those', async () => {
    const { core, hub } = await signedIn(AGENT, SLOW_BACKOFF);
    await call(core, 'cases.create', caseFields({ title: 'Made online' }));
    await eventually(() => hub.control.mutations.length === 1, 'online push');
    hub.dropSessions();
    await eventually(async () => (await call(core, 'sync.status', {})).connection !== 'online', 'disconnect');
    const { id } = await call(core, 'cases.create', caseFields({ title: 'Made offline' }));
    await call(core, 'cases.update', { id, patch: { priority: 'P1' } });
    await call(core, 'sync.reconnect', {});
    await eventually(async () => (await call(core, 'sync.status', {})).pending === 0 && hub.control.mutations.length === 3, 'replay');
    expect(hub.control.mutations.map((m) => [m.id, m.offline])).toEqual([
      [1, undefined],
      [2, true],
      [3, true],
    ]);
    // The hub's audit trail keeps the flag.
    expect(hub.auditEntries().filter((e) => e.entity === 'cases' && e.userId === AGENT.id).map((e) => e.offline)).toEqual([false, true, true]);
  });

  describe('online-only hub calls', () => {
    it('sends the bearer token, refreshes it once when the hub says it expired, and returns the hub answer', async () => {
      const { core, hub, dataDir } = await signedIn();
      const people = await call(core, 'admin.users.list', {});
      expect(people.map((p) => p.email).sort()).toEqual([ADMIN.email, AGENT.email].sort());
      expect(hub.control.routeCalls.at(-1)).toMatchObject({ name: 'users.list', status: 200, authorization: expect.stringMatching(/^Bearer access-\d+$/) });

      const refreshes = hub.control.refreshCalls;
      const refreshToken = loadSession(dataDir)!.refreshToken;
      hub.expireAccessTokens();
      const created = await call(core, 'admin.users.create', { name: 'Nia New', email: 'nia@test.example', role: 'agent' });
      expect(created.temporaryPassword.length).toBeGreaterThanOrEqual(16);
      expect(created.user).toMatchObject({ email: 'nia@test.example', mustChangePassword: true, active: true });
      expect(hub.control.refreshCalls).toBe(refreshes + 1);
      expect(hub.control.routeCalls.slice(-2).map((c) => [c.name, c.status])).toEqual([
        ['users.create', 401],
        ['users.create', 200],
      ]);
      expect(loadSession(dataDir)!.refreshToken).not.toBe(refreshToken);
      // The new person syncs to the console like any change.
      await eventually(async () => (await call(core, 'users.list', {})).some((u) => u.email === 'nia@test.example'), 'synced user');

      // Hub refusals come back as they are; inactive people only when asked for.
      expect((await failure(core, 'admin.users.create', { name: 'Nia Again', email: 'nia@test.example', role: 'agent' })).details?.fields).toEqual({ email: 'Someone already has this email.' });
      await call(core, 'admin.users.setActive', { id: created.user.id, active: false });
      expect((await call(core, 'admin.users.list', {})).some((u) => u.id === created.user.id)).toBe(false);
      expect((await call(core, 'admin.users.list', { includeInactive: true })).find((u) => u.id === created.user.id)?.active).toBe(false);
      expect((await call(core, 'admin.users.resetPassword', { id: created.user.id })).temporaryPassword.length).toBeGreaterThanOrEqual(16);
      expect((await call(core, 'admin.sessions.list', {})).filter((s) => s.current)).toHaveLength(1);
      expect((await call(core, 'admin.signIns.list', {}))[0]).toMatchObject({ email: ADMIN.email, outcome: 'success' });
      expect((await call(core, 'audit.verify', {})).ok).toBe(true);
      const page = await call(core, 'audit.query', { entity: 'users', limit: 2 });
      expect(page.entries.map((e) => e.entityId)).toEqual([created.user.id, created.user.id]);
    });

    it('signs the console out when the hub answers 401 revoked', async () => {
      const { core, hub, events, dataDir } = await signedIn(ADMIN, SLOW_BACKOFF);
      // Revoked while the sync socket is down, so only the HTTP call can notice.
      hub.dropSessions();
      await eventually(async () => (await call(core, 'sync.status', {})).connection !== 'online', 'disconnect');
      hub.revokeSessionsOf(ADMIN.id);
      const error = await failure(core, 'admin.sessions.list', {});
      expect(error.code).toBe('UNAUTHENTICATED');
      await eventually(() => sessionEvents(events).at(-1) === null, 'session.changed null');
      expect(fs.existsSync(sessionFile(dataDir))).toBe(false);
      expect(await call(core, 'session.get', {})).toBeNull();
      expect(hub.control.routeCalls.at(-1)).toMatchObject({ name: 'sessions.list', status: 401 });
    });

    it('answers UNAVAILABLE naming what needs the hub when it cannot be reached', async () => {
      const { core, hub } = await signedIn(ADMIN, SLOW_BACKOFF);
      await hub.stop();
      const error = await failure(core, 'admin.users.list', {});
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/^The people list needs a connection to the hub\./);
      expect((await failure(core, 'audit.export', {})).message).toMatch(/^Exporting the audit log needs a connection to the hub\./);
      // Local reads keep working.
      expect((await call(core, 'settings.get', {})).values.timeZone).toBe('Europe/London');
    });

    it('a temporary password: the session says so until the password is changed, then announces the change', async () => {
      const { core, events, dataDir } = await signedIn(AGENT, undefined, { mustChangePassword: true });
      expect((await call(core, 'session.get', {}))?.mustChangePassword).toBe(true);
      expect(loadSession(dataDir)?.mustChangePassword).toBe(true);
      // Routes marked beforePasswordChange answer; the rest are refused until the password changes.
      expect(await call(core, 'account.sessions', {})).toHaveLength(1);
      expect((await failure(core, 'audit.query', {})).details?.reason).toBe('password_change_required');

      const wrong = await failure(core, 'account.changePassword', { currentPassword: 'not it', newPassword: 'a much longer secret 42' });
      expect(wrong.details?.fields).toEqual({ currentPassword: 'Your current password is incorrect.' });
      const weak = await failure(core, 'account.changePassword', { currentPassword: PASSWORD, newPassword: 'Password 1234' });
      expect(Object.keys(weak.details?.fields ?? {})).toEqual(['newPassword']);
      expect((await call(core, 'session.get', {}))?.mustChangePassword).toBe(true);

      await call(core, 'account.changePassword', { currentPassword: PASSWORD, newPassword: 'a much longer secret 42' });
      expect((await call(core, 'session.get', {}))?.mustChangePassword).toBe(false);
      expect(loadSession(dataDir)?.mustChangePassword).toBe(false);
      expect(sessionEvents(events).at(-1)).toMatchObject({ user: { id: AGENT.id }, mustChangePassword: false });
      expect((await call(core, 'account.sessions', {})).map((s) => s.current)).toEqual([true]);
    });
  });

  it('signs out when the hub closes the sync socket with 4003 (session revoked): session file cleared, session.changed null', async () => {
    const { core, hub, events, dataDir } = await signedIn(AGENT);
    expect(fs.existsSync(sessionFile(dataDir))).toBe(true);
    hub.revokeSessionsOf(AGENT.id);
    await eventually(() => sessionEvents(events).at(-1) === null, 'session.changed null');
    expect(fs.existsSync(sessionFile(dataDir))).toBe(false);
    expect(await call(core, 'session.get', {})).toBeNull();
    expect((await call(core, 'sync.status', {})).connection).toBe('signed-out');
  });

  it('on 4009 (view changed) reconnects at once and the fresh bootstrap purges rows no longer visible, keeping the outbox', async () => {
    const { core, hub } = await signedIn(AGENT, SLOW_BACKOFF);
    expect((await call(core, 'projectors.search', { query: 'CHR 7781' })).length).toBe(1);
    hub.control.processPushes = false;
    const { id: mine } = await call(core, 'cases.create', caseFields({ title: 'Still mine' }));
    expect(hub.control.hellos).toBe(1);

    const hiddenSite = SITES[1]!.id;
    hub.changeView(AGENT.id, (entity, row) => {
      if (entity === 'cases') return false;
      if (entity === 'sites') return row.id !== hiddenSite;
      if (entity === 'projectors') return (row as { siteId: string }).siteId !== hiddenSite;
      return true;
    });
    // The backoff would wait a minute; the reconnect and bootstrap happen at once.
    await eventually(() => hub.control.bootstraps === 2, 'second bootstrap', 3000);
    await eventually(async () => (await call(core, 'projectors.search', { query: 'CHR 7781' })).length === 0, 'purge');
    await isOnline(core);
    expect(hub.control.hellos).toBe(2);
    expect((await call(core, 'projectors.search', { query: 'BRX-2201' })).length).toBe(1);
    expect((await call(core, 'cases.list', {})).map((c) => [c.id, c.pending])).toEqual([[mine, true]]);
    expect(await call(core, 'cases.get', { id: SEEDED_CASE })).toBeNull();
    expect((await call(core, 'sync.status', {})).pending).toBe(1);
  });

  it("an admin's role change reaches the other console at once: 4009, fresh bootstrap, session.changed with the new role", async () => {
    const admin = await signedIn(ADMIN);
    admin.hub.setPassword(AGENT.id, PASSWORD);
    const agentDir = tempDataDir();
    const agent = await createConsoleCore({ dataDir: agentDir, hubUrl: admin.hub.url }, { logger: silentLogger, backoff: SLOW_BACKOFF });
    cleanups.push(() => fs.rmSync(agentDir, { recursive: true, force: true }), () => agent.close());
    const agentEvents: EventEnvelope[] = [];
    agent.onEvent((e) => agentEvents.push(e));
    await call(agent, 'session.login', { email: AGENT.email, password: PASSWORD });
    await isOnline(agent);
    const bootstraps = admin.hub.control.bootstraps;

    const updated = await call(admin.core, 'admin.users.update', { id: AGENT.id, patch: { role: 'manager', regions: ['north', 'south'] } });
    expect(updated).toMatchObject({ role: 'manager', regions: ['north', 'south'] });
    const announced = await eventually(() => sessionEvents(agentEvents).find((s) => s?.user.role === 'manager') ?? null, 'new role announced');
    expect(announced.user.regions).toEqual(['north', 'south']);
    expect((await call(agent, 'session.get', {}))?.user.role).toBe('manager');
    await eventually(() => admin.hub.control.bootstraps === bootstraps + 1, 'fresh bootstrap of the new view');
    // The agent is now allowed what a manager may do locally (the hub authorises the same way).
    expect((await call(agent, 'users.list', { role: 'manager' })).map((u) => u.id)).toEqual([AGENT.id]);
  });

  describe('audit export', () => {
    it('pages through the whole filtered log into an xlsx that reads back with typed cells', async () => {
      const { core, hub, dataDir } = await signedIn(ADMIN);
      // 1,200 changes by someone else (three pages), then one of ours.
      for (let i = 0; i < 1200; i += 1) hub.serverPut('customers', (v) => ({ id: `01900000-0000-7000-8004-${i.toString(16).padStart(12, '0')}`, name: `Customer ${i}`, code: `C${i}`, version: v }));
      await call(core, 'settings.update', { key: 'timeZone', value: 'Asia/Tokyo' });
      await eventually(async () => !(await call(core, 'settings.get', {})).meta.timeZone.pending, 'setting confirmed');
      const total = hub.auditEntries().length;
      const queriesBefore = hub.control.routeCalls.filter((c) => c.name === 'audit.query').length;

      const file = await call(core, 'audit.export', {});
      expect(file.fileName).toMatch(/^audit-\d{8}-\d{6}\.xlsx$/);
      expect(file.path).toBe(path.join(dataDir, 'exports', file.fileName));
      expect(file.rows).toBe(total);
      expect(file.bytes).toBe(fs.statSync(file.path).size);
      expect(fs.readdirSync(path.join(dataDir, 'exports'))).toEqual([file.fileName]);
      expect(hub.control.routeCalls.filter((c) => c.name === 'audit.query').length - queriesBefore).toBe(Math.ceil(total / 500));

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file.path);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.rowCount).toBe(total + 1);
      const header = sheet.getRow(1);
      expect(header.values).toEqual([
        undefined,
        'Version',
        'Time',
        'User',
        'Console',
        'Address',
        'Made offline',
        'Entity',
        'Record id',
        'Action',
        'Changed fields',
        'Before',
        'After',
        'Hash',
      ]);
      expect(header.font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getColumn(11).width).toBe(60);

      // Newest first: our settings change, with who and from which console.
      const newest = hub.auditEntries().at(-1)!;
      const first = sheet.getRow(2);
      expect(first.getCell(1).value).toBe(newest.version);
      expect(first.getCell(2).value).toBeInstanceOf(Date);
      expect((first.getCell(2).value as Date).toISOString()).toBe(newest.at);
      expect(first.getCell(3).value).toBe(ADMIN.name);
      expect(first.getCell(4).value).toBeTruthy();
      expect(first.getCell(6).value).toBe('No');
      expect([first.getCell(7).value, first.getCell(8).value, first.getCell(9).value]).toEqual(['settings', 'timeZone', 'create']);
      expect(first.getCell(11).value ?? '').toBe('');
      expect(JSON.parse(String(first.getCell(12).value))).toMatchObject({ id: 'timeZone', value: 'Asia/Tokyo' });
      expect(first.getCell(13).value).toBe(newest.hash);
      const versions: number[] = [];
      sheet.eachRow((row, n) => n > 1 && versions.push(row.getCell(1).value as number));
      expect(versions).toEqual([...versions].sort((a, b) => b - a));
      expect(new Set(versions).size).toBe(total);

      // The caller's filters reach every page.
      const settingsOnly = await call(core, 'audit.export', { entity: 'settings' });
      expect(settingsOnly.rows).toBe(1);
      expect(settingsOnly.fileName).not.toBe(file.fileName);
    });
  });
});
