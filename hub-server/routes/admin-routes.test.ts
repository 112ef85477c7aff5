// Admin and account routes end to end over real HTTP and /sync: role and region changes take
// effect at once (new rights, 4009 and a fresh view), deactivation signs the console out (4003),
// temporary passwords, the password policy, people lists per role, the audit viewer and settings.
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminUser, AuditPage, CreatedUser, SessionView, SignInEvent, TemporaryPassword } from '../../shared/admin.js';
import type { SettingRow } from '../../shared/settings.js';
import { SYNC_CLOSE } from '../../shared/sync/protocol.js';
import { updateUser } from '../domain/users.js';
import { newCaseArgs } from '../testing/fixtures.js';
import { callRoute } from '../testing/hub-http.js';
import { CacheClient, createWorld, createWorldCase, type World } from '../testing/sync-world.js';

let world: World | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function started(w: World, token: string): Promise<CacheClient> {
  const client = new CacheClient(await w.client());
  await client.start(token);
  return client;
}

async function refresh(w: World, refreshToken: string): Promise<Response> {
  return fetch(`${w.hub.url}/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
}

async function createPerson(w: World, adminToken: string, body: Record<string, unknown>): Promise<CreatedUser> {
  const created = await callRoute<CreatedUser>(w.hub.url, 'users.create', { token: adminToken, body });
  if (!created.ok) throw new Error(created.text);
  return created.value;
}

describe('role and region changes', () => {
  it('moves a manager to another region: their live socket closes with 4009 and the new view replaces the old', async () => {
    world = await createWorld();
    const w = world;
    const admin = await started(w, (await w.login('admin')).accessToken);
    const northCase = await createWorldCase(admin, w.projectors.n1a, null);
    const southCase = await createWorldCase(admin, w.projectors.s, null);
    const managerLogin = await w.login('managerNorth');
    const manager = await started(w, managerLogin.accessToken);
    expect(manager.ids('cases')).toContain(northCase.id);
    expect(manager.ids('cases')).not.toContain(southCase.id);

    const adminToken = (await w.login('admin')).accessToken;
    const moved = await callRoute<AdminUser>(w.hub.url, 'users.update', { token: adminToken, id: w.userIds.managerNorth, body: { regions: ['South'] } });
    expect(moved.status).toBe(200);
    expect(moved.value.regions).toEqual(['South']);
    expect((await manager.c.closed()).code).toBe(SYNC_CLOSE.viewChanged);

    // The console reconnects with its old cursor and the same token: a fresh bootstrap, not a catch-up.
    manager.attach(await w.client());
    await manager.startExpectingBootstrap(managerLogin.accessToken);
    expect(manager.ids('cases')).toContain(southCase.id);
    expect(manager.ids('cases')).not.toContain(northCase.id);
    expect(manager.ids('sites')).toEqual([w.sites.south.id]);
  });

  it('closes before delivering the change itself, so a session that hears it from the feed first still re-bootstraps', async () => {
    // A role change written without the in-process announcement (another hub instance, a tool):
    // the user's own session learns of it only from the change feed, and must not catch up past it.
    world = await createWorld();
    const w = world;
    const admin = await started(w, (await w.login('admin')).accessToken);
    const southCase = await createWorldCase(admin, w.projectors.s, null);
    const managerLogin = await w.login('managerNorth');
    const manager = await started(w, managerLogin.accessToken);
    expect(manager.ids('cases')).not.toContain(southCase.id);

    const adminUser = (await w.hub.repo.read((tx) => tx.getUser(w.userIds.admin)))!;
    const ctx = { user: { id: adminUser.id, email: adminUser.email, name: adminUser.name, role: adminUser.role, regions: adminUser.regions, active: true }, now: new Date().toISOString(), clientId: null, mutationId: null, clientCreatedAt: null };
    await w.hub.repo.write((tx) => updateUser(tx, ctx, w.userIds.managerNorth, { regions: ['South'] }));
    expect((await manager.c.closed()).code).toBe(SYNC_CLOSE.viewChanged);

    manager.attach(await w.client());
    await manager.startExpectingBootstrap(managerLogin.accessToken);
    expect(manager.ids('cases')).toContain(southCase.id);
  });

  it('authorises the next call and mutation with the new role, on the same token', async () => {
    world = await createWorld();
    const w = world;
    const adminToken = (await w.login('admin')).accessToken;
    const agentLogin = await w.login('agent');
    expect((await callRoute(w.hub.url, 'users.list', { token: agentLogin.accessToken })).status).toBe(403);
    const agent = await started(w, agentLogin.accessToken);
    expect((await agent.push('createCase', newCaseArgs())).ok).toBe(true);

    await callRoute(w.hub.url, 'users.update', { token: adminToken, id: w.userIds.agent, body: { role: 'manager', regions: ['North'] } });
    expect((await callRoute(w.hub.url, 'users.list', { token: agentLogin.accessToken })).status).toBe(200);
    expect((await agent.c.closed()).code).toBe(SYNC_CLOSE.viewChanged);

    await callRoute(w.hub.url, 'users.update', { token: adminToken, id: w.userIds.agent, body: { role: 'fse', engineer: { skills: ['SP4K-25'], dailyCapacity: 4 } } });
    agent.attach(await w.client());
    await agent.startExpectingBootstrap(agentLogin.accessToken);
    const refused = await agent.push('createCase', newCaseArgs());
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('FORBIDDEN');
  });

  it('keeps the last active admin, and needs an engineer profile for FSEs', async () => {
    world = await createWorld();
    const w = world;
    const adminToken = (await w.login('admin')).accessToken;
    const demote = await callRoute(w.hub.url, 'users.update', { token: adminToken, id: w.userIds.admin, body: { role: 'agent' } });
    expect(demote.status).toBe(409);
    expect((await callRoute(w.hub.url, 'users.setActive', { token: adminToken, id: w.userIds.admin, body: { active: false } })).status).toBe(409);
    const noProfile = await callRoute(w.hub.url, 'users.update', { token: adminToken, id: w.userIds.agent, body: { role: 'fse', regions: ['North'] } });
    expect(noProfile.status).toBe(422);
    expect(noProfile.error?.details?.fields).toHaveProperty('engineer');
    const away = await callRoute<AdminUser>(w.hub.url, 'users.update', { token: adminToken, id: w.userIds.fse1, body: { role: 'agent' } });
    expect(away.value.engineer).toBeNull();
    expect((await callRoute(w.hub.url, 'users.update', { token: adminToken, id: 'not-a-uuid', body: { name: 'X' } })).status).toBe(400);
    expect((await callRoute(w.hub.url, 'users.update', { token: adminToken, id: '0b9a5b43-7f0e-4f6b-9a57-0b7d51a1f2a1', body: { name: 'X' } })).status).toBe(404);
  });
});

describe('deactivation', () => {
  it('closes the live sync socket with 4003, kills the refresh token and refuses sign-in until reactivated', async () => {
    world = await createWorld();
    const w = world;
    const adminToken = (await w.login('admin')).accessToken;
    const agentLogin = await w.login('agent');
    const agent = await started(w, agentLogin.accessToken);
    const off = await callRoute<AdminUser>(w.hub.url, 'users.setActive', { token: adminToken, id: w.userIds.agent, body: { active: false } });
    expect(off.value.active).toBe(false);
    expect((await agent.c.closed()).code).toBe(SYNC_CLOSE.revoked);
    expect((await refresh(w, agentLogin.refreshToken)).status).toBe(401);
    await expect(w.login('agent')).rejects.toThrow();
    const signIns = await callRoute<SignInEvent[]>(w.hub.url, 'signIns.list', { token: adminToken, body: { userId: w.userIds.agent } });
    expect(signIns.value.map((e) => e.outcome)).toEqual(['deactivated', 'success']);
    const sessions = await callRoute<SessionView[]>(w.hub.url, 'sessions.list', { token: adminToken, body: { userId: w.userIds.agent, includeRevoked: true } });
    expect(sessions.value.every((s) => s.revokedAt !== null)).toBe(true);

    await callRoute(w.hub.url, 'users.setActive', { token: adminToken, id: w.userIds.agent, body: { active: true } });
    expect((await w.login('agent')).user.active).toBe(true);
  });

  it('revokes one session from the admin screen: that console is signed out, the admin sees who is current', async () => {
    world = await createWorld();
    const w = world;
    const adminLogin = await w.loginAs('admin@world.test', 'correct horse battery', 'Admin desk');
    const agentLogin = await w.login('agent');
    const agent = await started(w, agentLogin.accessToken);
    const list = await callRoute<SessionView[]>(w.hub.url, 'sessions.list', { token: adminLogin.accessToken, body: {} });
    const mine = list.value.find((s) => s.current);
    expect(mine?.clientName).toBe('Admin desk');
    const agentSession = list.value.find((s) => s.userId === w.userIds.agent);
    expect(agentSession?.ip).toBe('127.0.0.1');
    expect((await callRoute(w.hub.url, 'sessions.revoke', { token: adminLogin.accessToken, id: agentSession?.id ?? '' })).status).toBe(200);
    expect((await agent.c.closed()).code).toBe(SYNC_CLOSE.revoked);
    expect((await refresh(w, agentLogin.refreshToken)).status).toBe(401);
  });
});

describe('temporary passwords and the password policy', () => {
  it('creates a person with a one-time password that only allows a password change, then works normally', async () => {
    world = await createWorld();
    const w = world;
    const adminToken = (await w.login('admin')).accessToken;
    const created = await createPerson(w, adminToken, { name: 'Nadia New', email: 'Nadia@World.test', phone: '+44 20 7946 0000', role: 'agent' });
    expect(created.temporaryPassword.length).toBeGreaterThanOrEqual(16);
    expect(created.user).toMatchObject({ email: 'nadia@world.test', mustChangePassword: true, active: true, phone: '+44 20 7946 0000' });
    expect((await callRoute(w.hub.url, 'users.create', { token: adminToken, body: { name: 'Again', email: 'nadia@world.test', role: 'agent' } })).error?.details?.fields).toHaveProperty('email');

    const first = await w.loginAs('nadia@world.test', created.temporaryPassword);
    expect(first.mustChangePassword).toBe(true);
    const gated = await callRoute(w.hub.url, 'audit.query', { token: first.accessToken, body: {} });
    expect(gated.status).toBe(403);
    expect(gated.error?.details?.reason).toBe('password_change_required');

    // Pushes wait (not consumed) until the password is changed.
    const client = await started(w, first.accessToken);
    client.c.send({ type: 'push', mutations: [{ id: 1, name: 'createCase', args: newCaseArgs(), baseVersions: {}, createdAt: new Date().toISOString() }] });
    const refusal = await client.c.next('error');
    expect(refusal.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'password_change_required' } });

    const change = (currentPassword: string, newPassword: string) => callRoute(w.hub.url, 'account.changePassword', { token: first.accessToken, body: { currentPassword, newPassword } });
    const wrong = await change('not my password at all', 'a good long passphrase');
    expect(wrong.status).toBe(422);
    expect(wrong.error?.details?.fields).toEqual({ currentPassword: 'Your current password is incorrect.' });
    expect((await change(created.temporaryPassword, 'short')).error?.details?.fields).toEqual({ newPassword: 'Use at least 12 characters.' });
    expect((await change(created.temporaryPassword, 'nadia@world.test')).error?.details?.fields).toEqual({ newPassword: 'Do not use your email address as your password.' });
    expect((await change(created.temporaryPassword, 'Password 1234')).error?.details?.fields).toEqual({ newPassword: 'This password is too common. Choose one that is harder to guess.' });
    expect((await change(created.temporaryPassword, 'a good long passphrase')).status).toBe(200);

    // The same token now works everywhere the role allows; the held-back push goes through as id 1.
    expect((await callRoute(w.hub.url, 'account.sessions', { token: first.accessToken })).status).toBe(200);
    expect((await callRoute(w.hub.url, 'users.list', { token: first.accessToken })).status).toBe(403);
    expect((await client.push('createCase', newCaseArgs())).ok).toBe(true);
    await expect(w.loginAs('nadia@world.test', created.temporaryPassword)).rejects.toThrow();
    expect((await w.loginAs('nadia@world.test', 'a good long passphrase')).mustChangePassword).toBe(false);
  });

  it('a password change ends the other sessions; a reset ends them all and needs a new change', async () => {
    world = await createWorld();
    const w = world;
    const adminToken = (await w.login('admin')).accessToken;
    const here = await w.login('agent');
    const there = await w.login('agent');
    const change = await callRoute(w.hub.url, 'account.changePassword', { token: here.accessToken, body: { currentPassword: 'correct horse battery', newPassword: 'my own new passphrase' } });
    expect(change.status).toBe(200);
    expect((await refresh(w, there.refreshToken)).status).toBe(401);
    expect((await refresh(w, here.refreshToken)).status).toBe(200);

    const reset = await callRoute<TemporaryPassword>(w.hub.url, 'users.resetPassword', { token: adminToken, id: w.userIds.agent });
    expect(reset.value.temporaryPassword.length).toBeGreaterThanOrEqual(16);
    expect((await callRoute(w.hub.url, 'account.sessions', { token: here.accessToken })).status).toBe(401);
    await expect(w.loginAs('agent@world.test', 'my own new passphrase')).rejects.toThrow();
    expect((await w.loginAs('agent@world.test', reset.value.temporaryPassword)).mustChangePassword).toBe(true);
  });
});

describe('people lists', () => {
  it('shows an admin everyone and a manager the people of their regions', async () => {
    world = await createWorld();
    const w = world;
    const adminToken = (await w.login('admin')).accessToken;
    const south = await createPerson(w, adminToken, { name: 'Sol South', email: 'sol@world.test', role: 'fse', regions: ['South'], engineer: { skills: ['SP4K-25'], dailyCapacity: 3 } });
    await callRoute(w.hub.url, 'users.setActive', { token: adminToken, id: south.user.id, body: { active: false } });
    const all = await callRoute<AdminUser[]>(w.hub.url, 'users.list', { token: adminToken });
    expect(all.value).toHaveLength(6);
    expect(all.value.find((u) => u.id === south.user.id)?.active).toBe(false);
    expect(JSON.stringify(all.value)).not.toMatch(/password_?hash|scrypt/i);
    const managers = await callRoute<AdminUser[]>(w.hub.url, 'users.list', { token: (await w.login('managerNorth')).accessToken });
    expect(managers.value.map((u) => u.name).sort()).toEqual(['fse1', 'fse2', 'managerNorth']);
    const badRegion = await callRoute(w.hub.url, 'users.create', { token: adminToken, body: { name: 'W', email: 'w@world.test', role: 'manager', regions: ['Atlantis'] } });
    expect(badRegion.status).toBe(422);
    expect(badRegion.error?.details?.fields).toHaveProperty('regions');
  });
});

describe('audit viewer', () => {
  it('filters by entity, action, user, id and time, pages newest first, and shows console and offline', async () => {
    world = await createWorld();
    const w = world;
    const adminLogin = await w.loginAs('admin@world.test', 'correct horse battery', 'Front desk');
    const token = adminLogin.accessToken;
    const created = await createPerson(w, token, { name: 'Audrey', email: 'audrey@world.test', role: 'agent' });
    await callRoute(w.hub.url, 'users.update', { token, id: created.user.id, body: { name: 'Audrey Audit' } });
    const agent = await started(w, (await w.login('agent')).accessToken);
    const args = newCaseArgs();
    expect((await agent.push('createCase', args, {}, true)).ok).toBe(true);

    const query = (body: Record<string, unknown>) => callRoute<AuditPage>(w.hub.url, 'audit.query', { token, body });
    const userChanges = await query({ entity: 'users', entityId: created.user.id });
    expect(userChanges.value.entries.map((e) => e.action)).toEqual(['update', 'create']);
    const [update, create] = userChanges.value.entries;
    expect(update).toMatchObject({ userId: w.userIds.admin, userName: 'admin', consoleName: 'Front desk', address: '127.0.0.1', offline: false, changedFields: ['name'] });
    expect(create?.before).toBeNull();
    expect(JSON.stringify(userChanges.value)).not.toMatch(/scrypt|passwordHash/);

    const caseEntry = (await query({ entity: 'cases', action: 'create', userId: w.userIds.agent })).value.entries;
    expect(caseEntry).toHaveLength(1);
    expect(caseEntry[0]).toMatchObject({ entityId: args.id, offline: true, action: 'create' });
    expect(caseEntry[0]?.clientId).toBe(agent.clientId);

    const page1 = await query({ limit: 3 });
    expect(page1.value.entries.map((e) => e.version)).toEqual([...page1.value.entries.map((e) => e.version)].sort((a, b) => b - a));
    expect(page1.value.nextBeforeVersion).toBe(page1.value.entries[2]?.version);
    const page2 = await query({ limit: 3, beforeVersion: page1.value.nextBeforeVersion });
    expect(page2.value.entries[0]?.version).toBe((page1.value.nextBeforeVersion ?? 0) - 1);
    const everything = await query({ limit: 500 });
    expect(everything.value.nextBeforeVersion).toBeNull();

    expect((await query({ entity: 'users', to: '2026-03-01T09:00:01Z' })).value.entries).toHaveLength(5);
    expect((await query({ entity: 'users', from: '2026-03-01T09:00:01Z' })).value.entries).toHaveLength(2);
    expect((await query({ action: 'delete' })).value.entries).toHaveLength(0);
    expect((await query({ from: '2026-03-02', to: '2026-03-01' })).status).toBe(422);

    const verified = await callRoute<{ ok: boolean; checked: number }>(w.hub.url, 'audit.verify', { token });
    expect(verified.value.ok).toBe(true);
    expect(verified.value.checked).toBe(everything.value.entries.length);
  });
});

describe('organisation settings', () => {
  it('an admin changes a setting; another live session and a fresh bootstrap both receive it', async () => {
    world = await createWorld();
    const w = world;
    const admin = await started(w, (await w.login('admin')).accessToken);
    const fse = await started(w, (await w.login('fse1')).accessToken);
    const regions = [{ code: 'North', name: 'North' }, { code: 'South', name: 'South' }, { code: 'West', name: 'West Country' }];
    const result = await admin.push('updateSetting', { key: 'regions', value: regions });
    expect(result.ok).toBe(true);
    await fse.until(admin.cursor?.version ?? 0);
    expect(fse.row<SettingRow>('settings', 'regions')?.value).toEqual(regions);
    const later = await started(w, (await w.login('agent')).accessToken);
    expect(later.row<SettingRow>('settings', 'regions')).toMatchObject({ value: regions, updatedBy: w.userIds.admin });
    const invalid = await admin.push('updateSetting', { key: 'regions', value: [] });
    expect(!invalid.ok && invalid.error.code).toBe('VALIDATION');
    // Regions for people now come from the setting.
    const token = (await w.login('admin')).accessToken;
    expect((await callRoute(w.hub.url, 'users.create', { token, body: { name: 'Wes', email: 'wes@world.test', role: 'manager', regions: ['west'] } })).status).toBe(200);
  });
});

describe("engineers' records", () => {
  const profile = {
    skills: ['SP4K-25', 'DP4K-32B'],
    dailyCapacity: 5,
    workingHours: [{ start: '07:30', end: '16:00' }, { start: '07:30', end: '16:00' }, null, { start: '07:30', end: '16:00' }, { start: '07:30', end: '16:00' }, null, null],
    timeOff: [{ from: '2026-12-21', to: '2026-12-31', reason: 'Holiday' }],
  };

  it('lets a manager edit an engineer of their region (change-logged, synced) but not one elsewhere; admins edit any; the body is validated', async () => {
    world = await createWorld();
    const w = world;
    const adminToken = (await w.login('admin')).accessToken;
    const southFse = await createPerson(w, adminToken, { name: 'South Engineer', email: 'south-fse@world.test', role: 'fse', regions: ['South'], engineer: { skills: ['S'], dailyCapacity: 3 } });
    const managerToken = (await w.login('managerNorth')).accessToken;
    const watcher = await started(w, adminToken);

    const edited = await callRoute<AdminUser>(w.hub.url, 'users.updateEngineer', { token: managerToken, id: w.userIds.fse1, body: profile });
    expect(edited.status).toBe(200);
    expect(edited.value.engineer).toEqual(profile);
    const entry = (await w.hub.repo.read((tx) => tx.queryAudit({ entity: 'users', entityId: w.userIds.fse1, limit: 1 })))[0];
    expect(entry).toMatchObject({ userId: w.userIds.managerNorth, op: 'put' });
    expect((entry?.after as { engineer: unknown }).engineer).toEqual(profile);
    // Consoles receive the users row like any other change.
    await watcher.until(entry?.version ?? 0);
    expect(watcher.row<{ engineer: unknown }>('users', w.userIds.fse1)?.engineer).toEqual(profile);

    const elsewhere = await callRoute(w.hub.url, 'users.updateEngineer', { token: managerToken, id: southFse.user.id, body: profile });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.error?.message).toBe('You can edit only the engineers of your regions.');
    expect((await callRoute(w.hub.url, 'users.updateEngineer', { token: adminToken, id: southFse.user.id, body: profile })).status).toBe(200);

    // Older clients may omit hours and time off: the defaults fill them in.
    const minimal = await callRoute<AdminUser>(w.hub.url, 'users.updateEngineer', { token: adminToken, id: w.userIds.fse2, body: { skills: [], dailyCapacity: 2 } });
    expect(minimal.value.engineer?.workingHours).toHaveLength(7);
    const bad = await callRoute(w.hub.url, 'users.updateEngineer', { token: adminToken, id: w.userIds.fse2, body: { ...profile, workingHours: [{ start: '17:00', end: '08:00' }] } });
    expect(bad.error?.code).toBe('VALIDATION');
    const notEngineer = await callRoute(w.hub.url, 'users.updateEngineer', { token: adminToken, id: w.userIds.agent, body: profile });
    expect(notEngineer.error?.code).toBe('VALIDATION');
    const fseToken = (await w.login('fse1')).accessToken;
    expect((await callRoute(w.hub.url, 'users.updateEngineer', { token: fseToken, id: w.userIds.fse1, body: profile })).status).toBe(403);
  }, 30_000);
});
