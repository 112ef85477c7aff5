import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRow, ConflictRow } from '../../shared/domain.js';
import { CacheClient, createWorld, createWorldCase, type World, type WorldUser } from '../testing/sync-world.js';

let world: World;

async function connect(user: WorldUser): Promise<CacheClient> {
  const token = (await world.login(user)).accessToken;
  const client = new CacheClient(await world.client());
  await client.start(token);
  return client;
}

async function reconnect(previous: CacheClient, user: WorldUser): Promise<CacheClient> {
  await previous.c.close();
  const next = new CacheClient(await world.client(), previous.clientId);
  next.rows.clear();
  for (const [entity, rows] of previous.rows) next.rows.set(entity, new Map(rows));
  next.cursor = previous.cursor;
  await next.start((await world.login(user)).accessToken);
  return next;
}

beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

describe('row permissions (sync groups)', () => {
  it('an FSE bootstraps only their cases, the sites and projectors those reference, and all users and customers', async () => {
    const admin = await connect('admin');
    const { sites, projectors, userIds } = world;
    const mine1 = await createWorldCase(admin, projectors.n1a, userIds.fse1);
    const mine2 = await createWorldCase(admin, projectors.n1b, userIds.fse1);
    await createWorldCase(admin, projectors.n2, userIds.fse2);
    await createWorldCase(admin, projectors.s, null);

    const fse1 = await connect('fse1');
    expect(fse1.ids('cases')).toEqual([mine1.id, mine2.id].sort());
    expect(fse1.ids('sites')).toEqual([sites.north1.id]);
    expect(fse1.ids('projectors')).toEqual([projectors.n1a.id, projectors.n1b.id].sort());
    expect(fse1.ids('users')).toHaveLength(5);
    expect(fse1.ids('customers')).toHaveLength(1);
    // Their cases' timelines: each was created, then assigned.
    expect(fse1.ids('caseEvents')).toHaveLength(4);
    const begin = fse1.c.received.find((f) => f.type === 'bootstrap-begin');
    expect(begin).toMatchObject({ total: 2 + 1 + 2 + 5 + 1 + 4 });
  });

  it('a case assigned to an FSE arrives live with its site and projector; reassigned away it is purged', async () => {
    const admin = await connect('admin');
    const { sites, projectors, userIds } = world;
    const kept = await createWorldCase(admin, projectors.n1a, userIds.fse1);
    const moving = await createWorldCase(admin, projectors.n1b, null);
    const elsewhere = await createWorldCase(admin, projectors.n2, null);
    const fse1 = await connect('fse1');
    const fse2 = await connect('fse2');
    expect(fse1.ids('cases')).toEqual([kept.id]);
    expect(fse1.ids('projectors')).toEqual([projectors.n1a.id]);

    // Arrival: the case and the projector it references (its site is already held).
    const assign = await admin.push('updateCase', { id: moving.id, patch: { assigneeId: userIds.fse1 } });
    expect(assign.ok).toBe(true);
    const head = admin.cursor?.version ?? 0;
    await fse1.until(head);
    expect(fse1.ids('cases')).toEqual([kept.id, moving.id].sort());
    expect(fse1.ids('projectors')).toEqual([projectors.n1a.id, projectors.n1b.id].sort());
    expect(fse1.row<CaseRow>('cases', moving.id)).toMatchObject({ assigneeId: userIds.fse1, status: 'assigned' });

    // A case at another site brings that site along.
    await admin.push('updateCase', { id: elsewhere.id, patch: { assigneeId: userIds.fse1 } });
    await fse1.until(admin.cursor?.version ?? 0);
    expect(fse1.ids('sites')).toEqual([sites.north1.id, sites.north2.id].sort());
    expect(fse1.ids('projectors')).toContain(projectors.n2.id);

    // Reassigned to FSE2: purged from FSE1 with its projector and site (no other FSE1 case there)...
    await admin.push('updateCase', { id: elsewhere.id, patch: { assigneeId: userIds.fse2 } });
    await fse1.until(admin.cursor?.version ?? 0);
    await fse2.until(admin.cursor?.version ?? 0);
    expect(fse1.ids('cases')).toEqual([kept.id, moving.id].sort());
    expect(fse1.ids('sites')).toEqual([sites.north1.id]);
    expect(fse1.ids('projectors')).toEqual([projectors.n1a.id, projectors.n1b.id].sort());
    expect(fse2.ids('cases')).toEqual([elsewhere.id]);
    expect(fse2.ids('sites')).toEqual([sites.north2.id]);

    // ...but a site still referenced by another FSE1 case stays.
    await admin.push('updateCase', { id: moving.id, patch: { assigneeId: userIds.fse2 } });
    await fse1.until(admin.cursor?.version ?? 0);
    expect(fse1.ids('cases')).toEqual([kept.id]);
    expect(fse1.ids('sites')).toEqual([sites.north1.id]);
    expect(fse1.ids('projectors')).toEqual([projectors.n1a.id]);
    const purge = fse1.c.received.filter((f) => f.type === 'changes').at(-1);
    expect(purge?.type === 'changes' && purge.changes.filter((ch) => ch.op === 'del').map((ch) => ch.entity).sort()).toEqual(['cases', 'projectors']);
  });

  it('an FSE offline while a case was reassigned away ends up without it after catching up', async () => {
    const admin = await connect('admin');
    const { sites, projectors, userIds } = world;
    const first = await createWorldCase(admin, projectors.n1a, userIds.fse1);
    const second = await createWorldCase(admin, projectors.n2, userIds.fse1);
    let fse1 = await connect('fse1');
    expect(fse1.ids('sites')).toEqual([sites.north1.id, sites.north2.id].sort());
    const offlineCursor = fse1.cursor;
    await fse1.c.close();

    await admin.push('updateCase', { id: second.id, patch: { assigneeId: userIds.fse2 } });
    await admin.push('updateCase', { id: second.id, patch: { title: 'Edited after the reassignment' } });
    const third = await createWorldCase(admin, projectors.s, userIds.fse1);

    fse1 = await reconnect(fse1, 'fse1');
    expect(fse1.c.received.some((f) => f.type === 'bootstrap-begin')).toBe(false);
    expect(fse1.cursor?.version).toBeGreaterThan(offlineCursor?.version ?? 0);
    expect(fse1.ids('cases')).toEqual([first.id, third.id].sort());
    expect(fse1.ids('sites')).toEqual([sites.north1.id, sites.south.id].sort());
    expect(fse1.ids('projectors')).toEqual([projectors.n1a.id, projectors.s.id].sort());

    // Live afterwards with an exact view: a later reassignment purges the site too.
    await admin.push('updateCase', { id: third.id, patch: { assigneeId: userIds.fse2 } });
    await fse1.until(admin.cursor?.version ?? 0);
    expect(fse1.ids('sites')).toEqual([sites.north1.id]);
  });

  it('a manager of North only never receives South cases, sites or projectors', async () => {
    const admin = await connect('admin');
    const { sites, projectors } = world;
    const north = await createWorldCase(admin, projectors.n1a, null);
    const south = await createWorldCase(admin, projectors.s, null);
    const manager = await connect('managerNorth');
    expect(manager.ids('cases')).toEqual([north.id]);
    expect(manager.ids('sites')).toEqual([sites.north1.id, sites.north2.id].sort());
    expect(manager.ids('projectors')).not.toContain(projectors.s.id);

    await admin.push('updateCase', { id: south.id, patch: { title: 'South edit' } });
    await admin.push('updateCase', { id: north.id, patch: { title: 'North edit' } });
    const southLater = await createWorldCase(admin, projectors.s, null);
    await manager.until(admin.cursor?.version ?? 0);
    const seen = manager.c.received.flatMap((f) => (f.type === 'changes' ? f.changes.map((ch) => ch.id) : []));
    expect(seen).toContain(north.id);
    expect(seen).not.toContain(south.id);
    expect(seen).not.toContain(southLater.id);
    expect(manager.row<CaseRow>('cases', north.id)?.title).toBe('North edit');
  });

  it('a conflict record reaches only its author; a deleted case is purged everywhere', async () => {
    const admin = await connect('admin');
    const agent = await connect('agent');
    const manager = await connect('managerNorth');
    const row = await createWorldCase(admin, world.projectors.n1a, null);
    await agent.until(admin.cursor?.version ?? 0);
    await admin.push('updateCase', { id: row.id, patch: { priority: 'P1' } });
    const result = await agent.push('updateCase', { id: row.id, patch: { priority: 'P4' } }, { priority: row.version });
    expect(result).toMatchObject({ ok: true, result: { conflicts: [expect.any(String)] } });
    const conflictId = result.ok ? (result.result as { conflicts: string[] }).conflicts[0] : undefined;
    expect(agent.row<ConflictRow>('conflicts', conflictId ?? '')).toMatchObject({ field: 'priority', yourValue: 'P4', theirValue: 'P1' });
    await admin.until(agent.cursor?.version ?? 0);
    await manager.until(agent.cursor?.version ?? 0);
    expect(admin.ids('conflicts')).toEqual([]);
    expect(manager.ids('conflicts')).toEqual([]);

    // A fresh bootstrap of the author includes it; nobody else's does.
    expect((await connect('agent')).ids('conflicts')).toEqual([conflictId]);
    expect((await connect('admin')).ids('conflicts')).toEqual([]);

    const deleted = await manager.push('deleteCase', { id: row.id, reason: 'Duplicate' });
    expect(deleted.ok).toBe(true);
    await agent.until(manager.cursor?.version ?? 0);
    await admin.until(manager.cursor?.version ?? 0);
    expect(manager.ids('cases')).toEqual([]);
    expect(admin.ids('cases')).toEqual([]);
    expect(agent.row<ConflictRow>('conflicts', conflictId ?? '')).toMatchObject({ resolution: 'theirs' });
  });
});
