import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeLogEntry } from '../db/repository.js';
import { compactHubChangeLog } from '../server.js';
import { createTestDb, type TestDb } from '../testing/fixtures.js';
import { CacheClient, createWorld, createWorldCase, type World } from '../testing/sync-world.js';
import { COMPACTION_HORIZON_KEY, compactChangeLog } from './compaction.js';

let db: TestDb | null = null;
let world: World | null = null;
afterEach(async () => {
  await db?.cleanup();
  await world?.close();
  db = null;
  world = null;
});

describe('change-log compaction', () => {
  it('archives then removes entries below the version and records the horizon', async () => {
    db = await createTestDb();
    const testDb = db;
    const head = await testDb.repo.read((tx) => tx.headVersion());
    const archive = path.join(testDb.dir, 'archive.jsonl');
    const outcome = await compactChangeLog(testDb.repo, 4, archive);
    expect(outcome).toEqual({ removed: 3, horizon: 3, archived: 3 });
    const lines = fs.readFileSync(archive, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ChangeLogEntry);
    expect(lines.map((entry) => entry.version)).toEqual([1, 2, 3]);
    expect(lines[0]).toMatchObject({ entity: 'users', op: 'put' });
    const remaining = await testDb.repo.read((tx) => tx.changesSince(0, 100));
    expect(remaining.map((entry) => entry.version)).toEqual(Array.from({ length: head - 3 }, (_, i) => i + 4));
    expect(await testDb.repo.read((tx) => tx.getMeta(COMPACTION_HORIZON_KEY))).toBe('3');

    expect(await compactChangeLog(testDb.repo, 2, archive)).toEqual({ removed: 0, horizon: 3, archived: 0 });
    await expect(compactChangeLog(testDb.repo, head + 2, archive)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await compactChangeLog(testDb.repo, head + 1, null)).toMatchObject({ removed: head - 3, horizon: head });
    // An emptied log still numbers on from the horizon: versions are never reused.
    expect(await testDb.repo.read((tx) => tx.headVersion())).toBe(head);
  });

  it('sends a fresh bootstrap to a cursor older than the horizon, a catch-up otherwise', async () => {
    world = await createWorld();
    const admin = new CacheClient(await world.client());
    await admin.start((await world.login('admin')).accessToken);
    const old = admin.cursor;
    const agent = new CacheClient(await world.client());
    await agent.start((await world.login('agent')).accessToken);
    const beforeCompaction = agent.cursor;
    await agent.c.close();
    await createWorldCase(admin, world.projectors.n1a, null);
    await createWorldCase(admin, world.projectors.n2, null);

    // The admin CLI action, against the running hub's database.
    const outcome = await compactHubChangeLog(world.dir, (old?.version ?? 0) + 2);
    expect(outcome.horizon).toBe((old?.version ?? 0) + 1);
    expect(fs.existsSync(outcome.archiveFile)).toBe(true);

    const stale = await world.client();
    stale.send({ type: 'hello', protocol: 1, token: (await world.login('agent')).accessToken, clientId: 'c-stale-00000001', clientGroupId: 'g-stale-00000001', cursor: beforeCompaction });
    await stale.next('welcome');
    expect((await stale.next('bootstrap-begin')).version).toBe(admin.cursor?.version);

    const fresh = await world.client();
    fresh.send({ type: 'hello', protocol: 1, token: (await world.login('agent')).accessToken, clientId: 'c-fresh-00000001', clientGroupId: 'g-fresh-00000001', cursor: { epoch: old?.epoch, version: outcome.horizon } });
    await fresh.next('welcome');
    const changes = await fresh.next('changes');
    expect(changes.changes.map((ch) => ch.entity)).toContain('cases');
    expect(fresh.received.some((f) => f.type === 'bootstrap-begin')).toBe(false);

    const otherEpoch = await world.client();
    otherEpoch.send({ type: 'hello', protocol: 1, token: (await world.login('agent')).accessToken, clientId: 'c-epoch-00000001', clientGroupId: 'g-epoch-00000001', cursor: { epoch: 'restored-backup', version: admin.cursor?.version } });
    await otherEpoch.next('welcome');
    await otherEpoch.next('bootstrap-begin');
  });
});
