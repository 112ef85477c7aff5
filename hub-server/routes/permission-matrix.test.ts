// The permission matrix: every hub route and every mutation, tried by every role (plus a
// deactivated user, a revoked session, a user who must change a temporary password, and no
// token), over real HTTP and a real /sync socket. Expectations come from the tables in shared/,
// and every route and mutation needs a sample request here: a new one without both fails.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_ROUTES, type HubRoute, type HubRouteName } from '../../shared/admin.js';
import { ROLES, type Role, type TokenPair } from '../../shared/domain.js';
import { can, canMutate } from '../../shared/permissions.js';
import { MUTATION_NAMES, type MutationName } from '../../shared/sync/mutations.js';
import type { CreatedUser } from '../../shared/admin.js';
import { TEST_PASSWORD, newCaseArgs } from '../testing/fixtures.js';
import { callRoute, type RouteCall } from '../testing/hub-http.js';
import { CacheClient, createWorld, type World, type WorldUser } from '../testing/sync-world.js';

type Caller = Role | 'deactivated' | 'revoked' | 'mustChangePassword' | 'none';
const CALLERS: readonly Caller[] = [...ROLES, 'deactivated', 'revoked', 'mustChangePassword', 'none'];
const WORLD_USER_OF_ROLE: Record<Role, WorldUser> = { admin: 'admin', manager: 'managerNorth', agent: 'agent', fse: 'fse1' };
/** The role of the user who still has to change a temporary password. */
const MUST_CHANGE_ROLE: Role = 'agent';

type SampleContext = Readonly<{ world: World; targetUserId: string; agentLogin: () => Promise<TokenPair> }>;
type Sample = (ctx: SampleContext) => RouteCall | Promise<RouteCall>;

let emails = 0;
const unknownId = () => crypto.randomUUID();
/** A mailbox whose servers do not answer (port 9 on loopback): its reader just records an error. */
const matrixMailbox = () => {
  const server = { host: '127.0.0.1', port: 9, security: 'none', user: 'matrix', password: 'not-a-real-password' };
  return { name: 'Matrix', address: `matrix-${++emails}@world.test`, imap: server, smtp: server };
};

/** One request per route that, once authorised, does not fail authorisation (it may be 400/404). */
const ROUTE_SAMPLES: Record<HubRouteName, Sample> = {
  'health.live': () => ({}),
  'health.ready': () => ({}),
  'auth.login': () => ({ body: { email: 'agent@world.test', password: TEST_PASSWORD } }),
  'auth.refresh': async ({ agentLogin }) => ({ body: { refreshToken: (await agentLogin()).refreshToken } }),
  'auth.logout': async ({ agentLogin }) => ({ body: { refreshToken: (await agentLogin()).refreshToken } }),
  'account.changePassword': () => ({ body: { currentPassword: 'not the current password', newPassword: 'a brand new passphrase' } }),
  'account.sessions': () => ({}),
  'account.revokeSession': () => ({ id: unknownId() }),
  'users.list': () => ({}),
  'users.create': () => ({ body: { name: 'New Person', email: `matrix-${++emails}@world.test`, role: 'agent' } }),
  'users.update': ({ targetUserId }) => ({ id: targetUserId, body: { name: 'Target Person' } }),
  'users.setActive': ({ targetUserId }) => ({ id: targetUserId, body: { active: true } }),
  'users.resetPassword': ({ targetUserId }) => ({ id: targetUserId }),
  // fse1 works in North, managerNorth's region: both admins and that manager may edit the record.
  'users.updateEngineer': ({ world }) => ({ id: world.userIds.fse1, body: { skills: ['SP4K-25'], dailyCapacity: 4 } }),
  'sessions.list': () => ({ body: {} }),
  'sessions.revoke': () => ({ id: unknownId() }),
  'signIns.list': () => ({ body: {} }),
  'audit.query': () => ({ body: { limit: 5 } }),
  'audit.verify': () => ({}),
  'mailboxes.list': () => ({}),
  'mailboxes.create': () => ({ body: matrixMailbox() }),
  'mailboxes.update': () => ({ id: unknownId(), body: { name: 'Renamed' } }),
  'mailboxes.remove': () => ({ id: unknownId() }),
  'mailboxes.retry': () => ({ id: unknownId() }),
  'attachments.get': () => ({ id: unknownId() }),
  'imports.list': () => ({}),
  'imports.start': () => ({ body: { id: unknownId(), kind: 'customers', fileName: 'matrix.xlsx', totalRows: 1 } }),
  'imports.get': () => ({ id: unknownId() }),
  'imports.batch': () => ({ id: unknownId(), body: { seq: 0, rows: [{ row: 2, values: { name: 'Matrix Cinemas', code: 'MTX' } }] } }),
  'imports.finish': () => ({ id: unknownId(), body: { outcome: 'completed' } }),
  'imports.undo': () => ({ id: unknownId() }),
  // Not the bytes of that hash (and not a JPEG): an authorised caller gets 400.
  'files.put': () => ({ id: crypto.createHash('sha256').update('matrix').digest('hex'), body: {} }),
  'files.get': () => ({ id: crypto.createHash('sha256').update('no such photo').digest('hex') }),
};

/** Argument variants per mutation: canMutate depends on them (an update needs one right per kind of field). */
const MUTATION_SAMPLES: Record<MutationName, readonly unknown[]> = {
  createCase: [newCaseArgs()],
  updateCase: [
    { id: unknownId(), patch: { title: 'Edited' } },
    { id: unknownId(), patch: { status: 'in_progress' } },
    { id: unknownId(), patch: { assigneeId: null } },
    { id: unknownId(), patch: { waitingFor: 'customer' } },
  ],
  deleteCase: [{ id: unknownId(), reason: 'duplicate' }],
  sendCaseReply: [{ id: unknownId(), caseId: unknownId(), text: 'Thanks, an engineer is on the way.' }],
  resolveConflict: [{ id: unknownId(), resolution: 'theirs' }],
  updateSetting: [{ key: 'organisation', value: { name: 'Matrix Cinemas Service', address: '', phone: '', email: '', logo: null } }],
  addCaseNote: [{ id: unknownId(), caseId: unknownId(), text: 'Called the site back.', mentions: [] }],
  markNotificationsRead: [{ ids: [unknownId()] }],
  handleEscalation: [{ caseId: unknownId(), note: 'Called the site manager.' }],
  savePart: [{ id: unknownId(), partNumber: 'MTX-LAMP-1', description: 'Matrix test lamp', models: [] }],
  scheduleVisit: [{ id: unknownId(), caseId: unknownId(), engineerId: unknownId(), date: '2026-03-03', start: '09:00', durationMinutes: 60 }],
  updateVisit: [{ id: unknownId(), patch: { start: '10:00' } }],
  cancelVisit: [{ id: unknownId(), reason: 'The site is closed that day.' }],
  saveServiceReport: [{ id: unknownId(), caseId: unknownId(), fields: {} }],
  submitServiceReport: [{ id: unknownId() }],
  reviewServiceReport: [
    { id: unknownId(), decision: 'approve' },
    { id: unknownId(), decision: 'return', comment: 'Add a photo of the lamp.' },
  ],
  addReportPhoto: [{ id: unknownId(), reportId: unknownId(), tag: 'before', sha256: 'a'.repeat(64), thumbSha256: 'b'.repeat(64), bytes: 100, width: 10, height: 10 }],
  removeReportPhoto: [{ id: unknownId() }],
  closeCase: [{ caseId: unknownId() }],
  reopenCase: [{ caseId: unknownId(), reason: 'The fault came back.' }],
};

/** What the tables in shared/ say this caller may do with this route. */
function allowed(route: HubRoute, caller: Caller): boolean {
  if (route.access === 'public') return true;
  if (caller === 'none' || caller === 'deactivated' || caller === 'revoked') return false;
  const role = caller === 'mustChangePassword' ? MUST_CHANGE_ROLE : caller;
  if (caller === 'mustChangePassword' && !route.beforePasswordChange) return false;
  return route.access === 'signed-in' || can(role, route.access);
}

let world: World;
const tokens = new Map<Caller, string | null>();
let targetUserId: string;

beforeAll(async () => {
  world = await createWorld();
  for (const role of ROLES) tokens.set(role, (await world.login(WORLD_USER_OF_ROLE[role])).accessToken);
  tokens.set('none', null);
  const admin = tokens.get('admin') ?? null;
  const create = async (email: string, role: Role) => {
    const created = await callRoute<CreatedUser>(world.hub.url, 'users.create', { token: admin, body: { name: email, email, role } });
    if (!created.ok) throw new Error(created.text);
    return created.value;
  };
  targetUserId = (await create('target@world.test', 'agent')).user.id;
  // Signed in with the temporary password, never changed.
  const fresh = await create('fresh@world.test', MUST_CHANGE_ROLE);
  tokens.set('mustChangePassword', (await world.loginAs('fresh@world.test', fresh.temporaryPassword)).accessToken);
  // An admin whose account is then deactivated, holding a token from before.
  const gone = await create('gone@world.test', 'admin');
  tokens.set('deactivated', (await world.loginAs('gone@world.test', gone.temporaryPassword)).accessToken);
  const deactivated = await callRoute(world.hub.url, 'users.setActive', { token: admin, id: gone.user.id, body: { active: false } });
  if (!deactivated.ok) throw new Error(deactivated.text);
  // An admin session that was signed out.
  const signedOut = await world.login('admin');
  await fetch(`${world.hub.url}/auth/logout`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: signedOut.refreshToken }) });
  tokens.set('revoked', signedOut.accessToken);
}, 60_000);

afterAll(async () => {
  await world.close();
});

describe('permission matrix: hub routes', () => {
  it('has a sample request for every route in HUB_ROUTES and none for routes that do not exist', () => {
    expect(Object.keys(ROUTE_SAMPLES).sort()).toEqual(Object.keys(HUB_ROUTES).sort());
  });

  it('lets exactly the allowed callers through each route; the others get 401 or 403', async () => {
    const failures: string[] = [];
    const ctx: SampleContext = { world, targetUserId, agentLogin: () => world.login('agent') };
    for (const name of Object.keys(HUB_ROUTES) as HubRouteName[]) {
      const route: HubRoute = HUB_ROUTES[name];
      const sample = ROUTE_SAMPLES[name];
      for (const caller of CALLERS) {
        const answer = await callRoute(world.hub.url, name, { ...(await sample(ctx)), token: tokens.get(caller) ?? null });
        const expectAllowed = allowed(route, caller);
        const passed = answer.status !== 401 && answer.status !== 403;
        const unauthenticated = caller === 'none' || caller === 'deactivated' || caller === 'revoked';
        const expectedStatus = expectAllowed ? 'not 401/403' : unauthenticated ? 401 : 403;
        const right = expectAllowed ? passed : answer.status === expectedStatus;
        if (!right) failures.push(`${name} as ${caller}: expected ${expectedStatus}, got ${answer.status} ${answer.text.slice(0, 160)}`);
        if (!expectAllowed && unauthenticated && answer.error?.code !== 'UNAUTHENTICATED') failures.push(`${name} as ${caller}: not UNAUTHENTICATED`);
        if (!expectAllowed && caller === 'deactivated' && answer.error?.details?.reason !== 'revoked') failures.push(`${name} as deactivated: reason not revoked`);
        if (!expectAllowed && caller === 'mustChangePassword' && route.access !== 'public' && answer.error?.details?.reason !== 'password_change_required') {
          failures.push(`${name} as mustChangePassword: reason not password_change_required`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('permission matrix: mutations', () => {
  it('has sample arguments for every mutation', () => {
    expect(Object.keys(MUTATION_SAMPLES).sort()).toEqual([...MUTATION_NAMES].sort());
    for (const name of MUTATION_NAMES) expect(MUTATION_SAMPLES[name].length).toBeGreaterThan(0);
  });

  it('refuses a mutation with FORBIDDEN exactly when the role may not make it', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const client = new CacheClient(await world.client());
      await client.start((await world.login(WORLD_USER_OF_ROLE[role])).accessToken);
      for (const name of MUTATION_NAMES) {
        for (const args of MUTATION_SAMPLES[name]) {
          const sampleArgs = name === 'createCase' ? newCaseArgs() : args;
          const result = await client.push(name, sampleArgs);
          const forbidden = !result.ok && result.error.code === 'FORBIDDEN';
          if (forbidden !== !canMutate(role, name, sampleArgs)) failures.push(`${name} ${JSON.stringify(sampleArgs).slice(0, 60)} as ${role}: ${JSON.stringify(result).slice(0, 160)}`);
        }
      }
      await client.c.close();
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
