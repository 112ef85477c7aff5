// Presence relay over real /sync sockets: two managers (North, South) and an agent. Board presence
// goes to managers and admins only; an edited case only to those who may see it; an entry goes
// when its socket closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRow } from '../../shared/domain.js';
import type { PresenceEntry } from '../../shared/sync/protocol.js';
import { hashPassword } from '../auth/password.js';
import { insertUsersWithChanges } from '../domain/users.js';
import { TEST_PASSWORD } from '../testing/fixtures.js';
import { CacheClient, createWorld, createWorldCase, type World } from '../testing/sync-world.js';

let world: World;

beforeAll(async () => {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  world = await createWorld(async (repo) => {
    await repo.write((tx) => insertUsersWithChanges(tx, [{ email: 'managersouth@world.test', name: 'managerSouth', role: 'manager', regions: ['South'], passwordHash }], '2026-03-01T09:00:00.000Z'));
  });
}, 30_000);

afterAll(async () => {
  await world.close();
});

async function live(token: string): Promise<CacheClient> {
  const client = new CacheClient(await world.client());
  await client.start(token);
  return client;
}

const presenceOf = async (client: CacheClient): Promise<readonly PresenceEntry[]> => (await client.c.next('presence')).others;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('presence relay', () => {
  it('relays board and editing presence to the sessions that may see it, and drops it on disconnect', async () => {
    const admin = await live((await world.login('admin')).accessToken);
    const northCase: CaseRow = await createWorldCase(admin, world.projectors.n1a, null);
    await admin.c.close();

    const north = await live((await world.login('managerNorth')).accessToken);
    const south = await live((await world.loginAs('managersouth@world.test', TEST_PASSWORD)).accessToken);
    const agent = await live((await world.login('agent')).accessToken);
    // Once each, on going live: nobody else is anywhere yet.
    expect(await presenceOf(north)).toEqual([]);
    expect(await presenceOf(south)).toEqual([]);
    expect(await presenceOf(agent)).toEqual([]);

    north.c.send({ type: 'presence', board: true, editingCaseId: northCase.id });
    const northId = world.userIds.managerNorth;
    // The South manager sees the board presence, not the North case being edited.
    expect(await presenceOf(south)).toEqual([{ userId: northId, name: 'managerNorth', board: true, editingCaseId: null }]);
    // The agent sees the edited case (agents see every case), not the board.
    expect(await presenceOf(agent)).toEqual([{ userId: northId, name: 'managerNorth', board: false, editingCaseId: northCase.id }]);

    south.c.send({ type: 'presence', board: true, editingCaseId: null });
    const southEntry = await presenceOf(north);
    expect(southEntry).toEqual([{ userId: expect.any(String) as string, name: 'managerSouth', board: true, editingCaseId: null }]);
    // The agent's view did not change (board presence is not theirs to see): no frame for them.
    await pause(150);
    expect(agent.c.received.filter((m) => m.type === 'presence')).toHaveLength(2);

    // An invalid presence frame is refused and changes nothing.
    agent.c.send({ type: 'presence', board: 'yes', editingCaseId: null });
    expect((await agent.c.next('error')).error.code).toBe('BAD_REQUEST');

    await north.c.close();
    expect(await presenceOf(south)).toEqual([]);
    expect(await presenceOf(agent)).toEqual([]);
    await south.c.close();
    await agent.c.close();
  }, 30_000);
});
