// Case timelines and notifications over /sync: events go exactly where their case goes (arriving
// with it, leaving with it), notifications only to their user, live and on catch-up alike.
import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseEventRow, NotificationRow } from '../../shared/case-events.js';
import type { EntityName } from '../../shared/sync/entities.js';
import { CacheClient, createWorld, createWorldCase, type World, type WorldUser } from '../testing/sync-world.js';

let world: World;

async function connect(user: WorldUser): Promise<CacheClient> {
  const client = new CacheClient(await world.client());
  await client.start((await world.login(user)).accessToken);
  return client;
}

/** Goes offline and later catches up from the cursor it had (no bootstrap). */
async function reconnect(previous: CacheClient, user: WorldUser): Promise<CacheClient> {
  await previous.c.close();
  const next = new CacheClient(await world.client(), previous.clientId);
  for (const [entity, rows] of previous.rows) next.rows.set(entity, new Map(rows));
  next.cursor = previous.cursor;
  await next.start((await world.login(user)).accessToken);
  return next;
}

async function note(by: CacheClient, caseId: string, text: string, mentions: string[] = []): Promise<string> {
  const id = crypto.randomUUID();
  const result = await by.push('addCaseNote', { id, caseId, text, mentions });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return id;
}

async function assign(admin: CacheClient, caseId: string, assigneeId: string | null): Promise<void> {
  const result = await admin.push('updateCase', { id: caseId, patch: { assigneeId } });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
}

const eventsOf = (client: CacheClient, caseId: string) =>
  client
    .ids('caseEvents')
    .map((id) => client.row<CaseEventRow>('caseEvents', id))
    .filter((row) => row?.caseId === caseId);

/** The rows of these entities, for comparing two consoles' views. */
const view = (client: CacheClient, entities: readonly EntityName[]) => Object.fromEntries(entities.map((e) => [e, client.ids(e).map((id) => client.row(e, id))]));

beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

describe('case events and notifications over sync', () => {
  it('an FSE gets a case’s whole timeline when it is assigned to them, its new events live, and loses them when reassigned', async () => {
    const admin = await connect('admin');
    const fse1 = await connect('fse1');
    const { projectors, userIds } = world;
    const row = await createWorldCase(admin, projectors.n1a, null);
    const before = await note(admin, row.id, 'Called the site: fault confirmed.');
    await fse1.until(admin.cursor?.version ?? 0);
    expect(fse1.ids('caseEvents')).toEqual([]);

    await assign(admin, row.id, userIds.fse1);
    await fse1.until(admin.cursor?.version ?? 0);
    const timeline = eventsOf(admin, row.id);
    expect(timeline.map((e) => e?.kind).sort()).toEqual(['changed', 'created', 'note']);
    expect(eventsOf(fse1, row.id)).toEqual(timeline);
    expect(fse1.row<CaseEventRow>('caseEvents', before)).toMatchObject({ kind: 'note', data: { text: 'Called the site: fault confirmed.' } });
    // Each event arrived once, in the frame that brought the case.
    const arrivals = fse1.c.received.flatMap((f) => (f.type === 'changes' ? f.changes.filter((ch) => ch.entity === 'caseEvents').map((ch) => ch.id) : []));
    expect(arrivals.sort()).toEqual(timeline.map((e) => e?.id).sort());

    const live = await note(admin, row.id, 'Parts on the way.');
    await fse1.until(admin.cursor?.version ?? 0);
    expect(fse1.row('caseEvents', live)).toBeDefined();

    await assign(admin, row.id, userIds.fse2);
    const later = await note(admin, row.id, 'After the reassignment.');
    await fse1.until(admin.cursor?.version ?? 0);
    expect(fse1.ids('cases')).toEqual([]);
    expect(fse1.ids('caseEvents')).toEqual([]);
    const sent = fse1.c.received.flatMap((f) => (f.type === 'changes' ? f.changes.map((ch) => ch.id) : []));
    expect(sent).not.toContain(later);
  });

  it('catching up from an old cursor ends with exactly the timelines and notifications a fresh bootstrap gives', async () => {
    const admin = await connect('admin');
    const agent = await connect('agent');
    const { projectors, userIds } = world;
    let fse1 = await connect('fse1');
    let manager = await connect('managerNorth');
    const early = await createWorldCase(admin, projectors.n1a, userIds.fse1);
    await note(agent, early.id, 'Before going offline.');
    await fse1.until(admin.cursor?.version ?? 0);
    await manager.until(admin.cursor?.version ?? 0);
    await fse1.c.close();
    await manager.c.close();

    // While they are offline: a case that becomes FSE1's, one that stops being theirs, a South case,
    // notes with mentions (one of someone who cannot see the case), and a deleted case.
    const arriving = await createWorldCase(admin, projectors.n1b, null);
    await note(agent, arriving.id, 'Before the assignment.', [userIds.managerNorth]);
    await assign(admin, arriving.id, userIds.fse1);
    await note(agent, arriving.id, '@fse1 please take this one', [userIds.fse1]);
    await note(agent, early.id, 'Handing over.');
    await assign(admin, early.id, userIds.fse2);
    await note(agent, early.id, 'Not for FSE1 any more.', [userIds.fse1]);
    const south = await createWorldCase(admin, projectors.s, userIds.fse1);
    await note(agent, south.id, 'South note', [userIds.managerNorth]);
    const gone = await createWorldCase(admin, projectors.n2, userIds.fse1);
    await note(agent, gone.id, 'About to be deleted.');
    const deleted = await admin.push('deleteCase', { id: gone.id, reason: 'Duplicate' });
    expect(deleted.ok).toBe(true);

    fse1 = await reconnect(fse1, 'fse1');
    manager = await reconnect(manager, 'managerNorth');
    expect(fse1.c.received.some((f) => f.type === 'bootstrap-begin')).toBe(false);
    const entities = ['cases', 'caseEvents', 'notifications'] as const;
    expect(view(fse1, entities)).toEqual(view(await connect('fse1'), entities));
    expect(view(manager, entities)).toEqual(view(await connect('managerNorth'), entities));

    expect(fse1.ids('cases')).toEqual([arriving.id, south.id].sort());
    expect(new Set(fse1.ids('caseEvents').map((id) => fse1.row<CaseEventRow>('caseEvents', id)?.caseId))).toEqual(new Set([arriving.id, south.id]));
    expect(fse1.ids('notifications').map((id) => fse1.row<NotificationRow>('notifications', id)?.caseId)).toEqual([arriving.id]);
    // The North manager: North timelines only, and the one notification about a case they can see.
    expect(manager.ids('caseEvents').every((id) => manager.row<CaseEventRow>('caseEvents', id)?.caseId !== south.id)).toBe(true);
    expect(eventsOf(manager, arriving.id)).toEqual(eventsOf(admin, arriving.id));
    expect(manager.ids('notifications').map((id) => manager.row<NotificationRow>('notifications', id)?.caseId)).toEqual([arriving.id]);
    // The deleted case's history is kept on the hub but sent to nobody.
    const fresh = await connect('admin');
    expect(eventsOf(fresh, gone.id)).toEqual([]);
    expect(eventsOf(admin, gone.id)).toEqual([]);
  });

  it('sends a notification only to its user, even past an admin who sees everything; read marks follow it', async () => {
    const admin = await connect('admin');
    const agent = await connect('agent');
    const manager = await connect('managerNorth');
    const row = await createWorldCase(admin, world.projectors.n1a, null);
    await note(agent, row.id, '@Manager can you approve the visit?', [world.userIds.managerNorth]);
    await manager.until(agent.cursor?.version ?? 0);
    await admin.until(agent.cursor?.version ?? 0);
    const [id] = manager.ids('notifications');
    expect(manager.row<NotificationRow>('notifications', id ?? '')).toMatchObject({ kind: 'mention', caseId: row.id, actorId: world.userIds.agent, readAt: null });
    expect(admin.ids('notifications')).toEqual([]);
    expect(agent.ids('notifications')).toEqual([]);
    expect(admin.c.received.some((f) => f.type === 'changes' && f.changes.some((ch) => ch.entity === 'notifications'))).toBe(false);

    // Someone else's notification cannot be marked; one's own can.
    expect(await admin.push('markNotificationsRead', { ids: [id] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await manager.push('markNotificationsRead', { ids: [id] })).toMatchObject({ ok: true });
    expect(manager.row<NotificationRow>('notifications', id ?? '')?.readAt).not.toBeNull();
    expect((await connect('admin')).ids('notifications')).toEqual([]);
    expect((await connect('managerNorth')).row<NotificationRow>('notifications', id ?? '')?.readAt).not.toBeNull();
  });
});
