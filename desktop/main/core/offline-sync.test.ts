// Issue 3 behaviour end to end through the ConsoleApi against the fake hub on a real socket:
// streamed (and interrupted) bootstraps, a new epoch, deletes, field conflicts, re-sent outbox
// results after a reconnect, and reconnecting on demand.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { ConsoleEvents, SyncStatus } from '../../../shared/console-api.js';
import type { CaseRow, Projector } from '../../../shared/domain.js';
import { cacheFileFor } from './cache/cache-location.js';
import { readCacheSnapshot } from './cache/snapshot.js';
import { AGENT, AGENT_ROW, CUSTOMERS, FSE_ROW, PROJECTORS, SITES, caseFields, confirmedCase } from './testing/fixtures.js';
import { call, coreRig, eventually, isOnline } from './testing/core-test-kit.js';

const PASSWORD = 'correct horse';
const SEEDED_CASE = '01900000-0000-7000-8000-00000000ca5e';

function manyProjectors(n: number): Projector[] {
  return Array.from({ length: n }, (_, i) => ({ ...PROJECTORS[0]!, id: `01900000-0000-7000-8003-${i.toString(16).padStart(12, '0')}`, serial: `ZX-${i}` }));
}

describe('offline-first sync', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  const rows = (projectors: Projector[] = PROJECTORS) => ({ users: [AGENT_ROW, FSE_ROW], customers: CUSTOMERS, sites: SITES, projectors, cases: [confirmedCase(SEEDED_CASE, 5)] });

  it('streams a bootstrap in chunks with progress; a bootstrap cut off mid-way leaves nothing behind and completes on reconnect', async () => {
    const rig = await coreRig({ user: AGENT, password: PASSWORD, rows: rows(manyProjectors(1000)) }, cleanups);
    rig.hub.control.bootstrapChunk = 100;
    // users, customers and sites (one frame each), then three frames of projectors, then the cut.
    rig.hub.control.dropBootstrapAfterFrames = 6;
    const { core, events } = await rig.open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await eventually(() => events.some((e) => e.name === 'sync.status' && (e.payload as SyncStatus).bootstrap?.received === 306), 'partial progress');
    // Let it fail a couple of times, then heal.
    await new Promise((r) => setTimeout(r, 100));
    const file = cacheFileFor(rig.dataDir, rig.hub.url, AGENT.id);
    expect(readCacheSnapshot(rig.dataDir, rig.hub.url, AGENT.id)?.cursor ?? null).toBeNull();
    expect(Object.keys(readCacheSnapshot(rig.dataDir, rig.hub.url, AGENT.id)?.confirmed.projectors ?? {})).toHaveLength(0);
    rig.hub.control.dropBootstrapAfterFrames = null;
    await eventually(async () => (await call(core, 'cases.list', {})).length === 1, 'bootstrap');
    const snap = readCacheSnapshot(rig.dataDir, rig.hub.url, AGENT.id)!;
    expect(Object.keys(snap.confirmed.projectors)).toHaveLength(1000);
    expect(snap.cursor).toEqual({ epoch: 'epoch-1', version: 5 });
    expect(fs.existsSync(`${file}.bootstrap`)).toBe(false);
    const progress = events.flatMap((e) => (e.name === 'sync.status' && (e.payload as SyncStatus).bootstrap ? [(e.payload as SyncStatus).bootstrap!] : []));
    expect(progress.at(-1)).toEqual({ received: 1007, total: 1007 });
    expect((await call(core, 'sync.status', {})).bootstrap).toBeNull();
    expect((await call(core, 'projectors.search', { query: 'zx 999' })).map((p) => p.serial)).toContain('ZX-999');
  });

  it('a new hub epoch means a fresh bootstrap that keeps pending local writes and then pushes them', async () => {
    const rig = await coreRig({ user: AGENT, password: PASSWORD, rows: rows() }, cleanups);
    const { core } = await rig.open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await isOnline(core);
    await eventually(async () => (await call(core, 'cases.list', {})).length === 1, 'bootstrap');
    rig.hub.control.processPushes = false;
    const { id } = await call(core, 'cases.create', caseFields({ title: 'Written before the restore' }));
    rig.hub.setEpoch('epoch-2');
    rig.hub.control.processPushes = true;
    rig.hub.dropSessions();
    const confirmed = await eventually(async () => {
      const d = await call(core, 'cases.get', { id });
      return d?.number && !d.pending ? d : null;
    }, 'pushed after the new bootstrap');
    expect(confirmed.title).toBe('Written before the restore');
    expect(readCacheSnapshot(rig.dataDir, rig.hub.url, AGENT.id)?.cursor?.epoch).toBe('epoch-2');
  });

  it('deletes: gone at once, confirmed by the hub; a refused delete comes back with a notification', async () => {
    const rig = await coreRig({ user: AGENT, password: PASSWORD, rows: rows() }, cleanups);
    const { core, events } = await rig.open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await isOnline(core);
    await eventually(async () => (await call(core, 'cases.list', {})).length === 1, 'bootstrap');
    // The agent role may not delete: the core refuses before writing anything.
    expect((await core.handle(2, 'cases.delete', { id: SEEDED_CASE })).ok).toBe(false);
    // A manager (the role as synced) may; the hub then refuses it.
    rig.hub.control.processPushes = false;
    rig.hub.serverPut('users', (v) => ({ ...AGENT_ROW, role: 'manager', version: v }));
    await eventually(async () => (await core.handle(3, 'cases.delete', { id: SEEDED_CASE })).ok || null, 'manager role synced');
    expect(await call(core, 'cases.list', {})).toEqual([]);
    expect(await call(core, 'cases.get', { id: SEEDED_CASE })).toBeNull();
    rig.hub.control.processPushes = true;
    rig.hub.control.reject = (name) => (name === 'deleteCase' ? { code: 'FORBIDDEN', message: 'Only admins may delete cases in this region.' } : null);
    rig.hub.dropSessions();
    const rejected = await eventually(() => events.find((e) => e.name === 'mutation.rejected') ?? null, 'mutation.rejected');
    expect(rejected.payload).toEqual({ mutationName: 'deleteCase', caseId: SEEDED_CASE, caseLabel: 'DTR-2026-000001', message: 'Only admins may delete cases in this region.' });
    expect(await call(core, 'cases.get', { id: SEEDED_CASE })).toMatchObject({ id: SEEDED_CASE, pending: false });

    rig.hub.control.reject = null;
    await call(core, 'cases.delete', { id: SEEDED_CASE, reason: 'Duplicate' });
    await eventually(async () => (await call(core, 'sync.status', {})).pending === 0, 'delete confirmed');
    expect(rig.hub.row('cases', SEEDED_CASE)).toBeUndefined();
    expect(await call(core, 'cases.get', { id: SEEDED_CASE })).toBeNull();
  });

  it('a delete by someone else removes the case from the view', async () => {
    const rig = await coreRig({ user: AGENT, password: PASSWORD, rows: rows() }, cleanups);
    const { core, events } = await rig.open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await eventually(async () => (await call(core, 'cases.list', {})).length === 1, 'bootstrap');
    rig.hub.control.processPushes = false;
    await call(core, 'cases.update', { id: SEEDED_CASE, patch: { title: 'Mine' } });
    rig.hub.serverDelete('cases', SEEDED_CASE, FSE_ROW.id);
    await eventually(async () => (await call(core, 'cases.get', { id: SEEDED_CASE })) === null, 'purged');
    rig.hub.control.processPushes = true;
    rig.hub.dropSessions();
    const rejected = await eventually(() => events.find((e) => e.name === 'mutation.rejected') ?? null, 'edit refused');
    expect((rejected.payload as ConsoleEvents['mutation.rejected']).message).toBe('This case was deleted by Fran Engineer.');
    expect(await call(core, 'cases.get', { id: SEEDED_CASE })).toBeNull();
  });

  it('a concurrent priority change becomes a conflict; keeping mine shows it at once and the hub applies it', async () => {
    const rig = await coreRig({ user: AGENT, password: PASSWORD, rows: rows() }, cleanups);
    const { core, events } = await rig.open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await isOnline(core);
    await eventually(async () => (await call(core, 'cases.list', {})).length === 1, 'bootstrap');
    // While this console is offline, an engineer changes the priority and the title.
    rig.hub.control.processPushes = false;
    await call(core, 'cases.update', { id: SEEDED_CASE, patch: { priority: 'P1', description: 'Mine' } });
    rig.hub.serverPut('cases', (v) => {
      const current = rig.hub.row('cases', SEEDED_CASE) as CaseRow;
      return { ...current, priority: 'P2', title: 'Theirs', version: v, fieldVersions: { ...current.fieldVersions, priority: v, title: v } };
    }, FSE_ROW.id);
    rig.hub.control.processPushes = true;
    rig.hub.dropSessions();
    const [conflict] = await eventually(async () => {
      const list = await call(core, 'conflicts.list', {});
      return list.length ? list : null;
    }, 'conflict synced');
    expect(conflict).toMatchObject({ caseId: SEEDED_CASE, caseLabel: 'DTR-2026-000001', field: 'priority', yourValue: 'P1', theirValue: 'P2', theirUserName: 'Fran Engineer', resolvedAt: null, pending: false });
    await eventually(async () => (await call(core, 'sync.status', {})).pending === 0, 'push drained');
    // The lww description merged; the confirm field was held back.
    expect(await call(core, 'cases.get', { id: SEEDED_CASE })).toMatchObject({ priority: 'P2', title: 'Theirs', description: 'Mine' });
    expect(events.some((e) => e.name === 'data.changed' && (e.payload as ConsoleEvents['data.changed']).entities.includes('conflicts'))).toBe(true);

    rig.hub.control.processPushes = false;
    await call(core, 'conflicts.resolve', { id: conflict!.id, resolution: 'mine' });
    expect(await call(core, 'cases.get', { id: SEEDED_CASE })).toMatchObject({ priority: 'P1', pending: true });
    expect(await call(core, 'conflicts.list', {})).toEqual([]);
    expect((await call(core, 'conflicts.list', { includeResolved: true }))[0]).toMatchObject({ resolution: 'mine', pending: true });
    rig.hub.control.processPushes = true;
    rig.hub.dropSessions();
    await eventually(async () => (await call(core, 'conflicts.list', { includeResolved: true }))[0]?.pending === false || null, 'resolution confirmed');
    expect(rig.hub.row('cases', SEEDED_CASE)).toMatchObject({ priority: 'P1' });
    expect(await call(core, 'cases.get', { id: SEEDED_CASE })).toMatchObject({ priority: 'P1', pending: false });
  });

  it('re-sends the whole outbox after a reconnect, so a rejection that happened while offline is reported', async () => {
    const rig = await coreRig({ user: AGENT, password: PASSWORD, rows: rows() }, cleanups);
    const { core, events } = await rig.open();
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await isOnline(core);
    await eventually(async () => (await call(core, 'cases.list', {})).length === 1, 'bootstrap');
    rig.hub.control.reject = (name) => (name === 'createCase' ? { code: 'VALIDATION', message: 'Serial is not in service.' } : null);
    rig.hub.control.dropBeforePushResult = true;
    const { id } = await call(core, 'cases.create', caseFields({ title: 'Refused while the link was down' }));
    await eventually(() => rig.hub.control.pushes.length >= 1, 'pushed');
    rig.hub.control.dropBeforePushResult = false;
    rig.hub.control.reject = null;
    const rejected = await eventually(() => events.find((e) => e.name === 'mutation.rejected') ?? null, 'stored rejection reported');
    expect(rejected.payload).toMatchObject({ mutationName: 'createCase', caseId: id, caseLabel: 'Refused while the link was down', message: 'Serial is not in service.' });
    expect(rig.hub.control.pushes.slice(0, 2)).toEqual([[1], [1]]);
    expect(await call(core, 'cases.get', { id })).toBeNull();
    expect((await call(core, 'sync.status', {})).pending).toBe(0);
  });

  it('sync.reconnect skips the backoff wait and reports online at once', async () => {
    const rig = await coreRig({ user: AGENT, password: PASSWORD, rows: rows() }, cleanups);
    // A backoff so long the core would not retry by itself within the test.
    const { core, events } = await rig.open({ baseMs: 60_000, maxMs: 60_000, random: () => 1 });
    await call(core, 'session.login', { email: AGENT.email, password: PASSWORD });
    await isOnline(core);
    rig.hub.dropSessions();
    await eventually(async () => (await call(core, 'sync.status', {})).connection === 'reconnecting', 'reconnecting');
    const before = events.length;
    expect(await call(core, 'sync.reconnect', {})).toBeNull();
    await eventually(() => events.slice(before).some((e) => e.name === 'sync.status' && (e.payload as SyncStatus).connection === 'online'), 'online event', 2000);
    // Already online: a probe ping, no second connection.
    expect(await call(core, 'sync.reconnect', {})).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect((await call(core, 'sync.status', {})).connection).toBe('online');
  });
});
