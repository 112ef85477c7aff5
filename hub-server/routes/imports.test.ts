// The import-job routes over real HTTP, with a console on /sync watching: an admin's import reaches
// consoles as ordinary changes, and its undo as deletions (a region manager's console included).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatchResult, ImportJobView, ImportUndoResult } from '../../shared/import.js';
import type { Projector, Site } from '../../shared/domain.js';
import { callRoute } from '../testing/hub-http.js';
import { CacheClient, createWorld, type World } from '../testing/sync-world.js';

let world: World;
let admin: string;
beforeAll(async () => {
  world = await createWorld();
  admin = (await world.login('admin')).accessToken;
}, 30_000);
afterAll(async () => {
  await world.close();
});

const projectorRow = (serial: string) => ({ serial, model: 'DP4K-32B', manufacturer: 'Barco', siteName: 'Imported Hall', customerName: 'Imported Cinemas', siteRegion: 'North', installDate: '2024-01-15', warrantyEnd: '2029-01-15' });

describe('import routes', () => {
  it('start, batches, finish, list, get and undo; a console sees the rows come and go', async () => {
    const console1 = new CacheClient(await world.client());
    await console1.start((await world.login('agent')).accessToken);
    // A manager's console syncs only its regions' sites and projectors.
    const manager = new CacheClient(await world.client());
    await manager.start((await world.login('managerNorth')).accessToken);

    const id = crypto.randomUUID();
    const started = await callRoute<ImportJobView>(world.hub.url, 'imports.start', { token: admin, body: { id, kind: 'projectors', fileName: 'base.xlsx', totalRows: 3 } });
    expect(started.status).toBe(200);
    expect(started.value).toMatchObject({ id, status: 'running', createdByName: 'admin' });

    const body = { seq: 0, rows: [projectorRow('IMP-1'), projectorRow('IMP-2')].map((values, i) => ({ row: i + 2, values })) };
    const first = await callRoute<ImportBatchResult>(world.hub.url, 'imports.batch', { token: admin, id, body });
    expect(first.value).toMatchObject({ seq: 0, created: 2, nextSeq: 1 });
    const again = await callRoute<ImportBatchResult>(world.hub.url, 'imports.batch', { token: admin, id, body });
    expect(again.value).toEqual(first.value);
    const skip = await callRoute(world.hub.url, 'imports.batch', { token: admin, id, body: { seq: 5, rows: body.rows } });
    expect(skip.status).toBe(409);
    expect(skip.error?.details).toMatchObject({ expectedSeq: 1 });

    const finished = await callRoute<ImportJobView>(world.hub.url, 'imports.finish', { token: admin, id, body: { outcome: 'completed' } });
    expect(finished.value).toMatchObject({ status: 'completed', rowsDone: 2, created: 2 });
    const listed = await callRoute<ImportJobView[]>(world.hub.url, 'imports.list', { token: admin });
    expect(listed.value.map((j) => j.id)).toContain(id);
    const got = await callRoute<ImportJobView>(world.hub.url, 'imports.get', { token: admin, id });
    expect(got.value).toEqual(finished.value);

    // The console receives the customer, site and projectors as changes.
    const head = () => world.hub.repo.read((tx) => tx.headVersion());
    await console1.until(await head());
    const serialsOf = (client: CacheClient) => [...(client.rows.get('projectors')?.values() ?? [])].map((p) => (p as Projector).serial);
    const serials = () => serialsOf(console1);
    await manager.until(await head());
    expect(serialsOf(manager)).toEqual(expect.arrayContaining(['IMP-1', 'IMP-2']));
    const siteNames = () => [...(console1.rows.get('sites')?.values() ?? [])].map((s) => (s as Site).name);
    expect(siteNames()).toContain('Imported Hall');
    expect(serials()).toEqual(expect.arrayContaining(['IMP-1', 'IMP-2']));

    const undone = await callRoute<ImportUndoResult>(world.hub.url, 'imports.undo', { token: admin, id });
    expect(undone.value).toMatchObject({ removed: 4, restored: 0, kept: [] });
    await console1.until(await head());
    expect(serials()).not.toContain('IMP-1');
    // Projectors and their site went in one commit: the manager still gets the projectors' deletion.
    await manager.until(await head());
    expect(serialsOf(manager)).not.toContain('IMP-1');
    expect(serialsOf(manager)).not.toContain('IMP-2');
    expect(siteNames()).not.toContain('Imported Hall');
    expect(console1.c.received.some((f) => f.type === 'changes' && f.changes.some((c) => c.op === 'del' && c.entity === 'customers'))).toBe(true);
    const agent = (await world.login('agent')).accessToken;
    expect((await callRoute(world.hub.url, 'imports.list', { token: agent })).status).toBe(403);
  }, 30_000);
});

