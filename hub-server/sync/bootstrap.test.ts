import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Projector, PublicUser } from '../../shared/domain.js';
import { BOOTSTRAP_CHUNK_ROWS, type ServerMessage } from '../../shared/sync/protocol.js';
import { applyPush } from '../domain/push.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';
import { CacheClient, createWorld, type World } from '../testing/sync-world.js';
import { Limiter, streamBootstrap } from './bootstrap.js';
import { ViewerState } from './visibility.js';

const PROJECTORS = 20_000;
let world: World | null = null;
let db: TestDb | null = null;

afterEach(async () => {
  await world?.close();
  await db?.cleanup();
  world = null;
  db = null;
});

describe('bootstrap streaming', () => {
  it('streams ~20k projectors in frames of at most BOOTSTRAP_CHUNK_ROWS with the counts matching', async () => {
    world = await createWorld(async (repo) => {
      const siteId = (await repo.read((tx) => tx.listRows('sites')))[0]?.id ?? '';
      const rows: Projector[] = Array.from({ length: PROJECTORS }, (_, i) => ({
        id: crypto.randomUUID(), serial: `BULK-${i}`, model: 'SP4K-25', manufacturer: 'Barco', siteId, installDate: '2022-01-10', warrantyStart: null, warrantyEnd: '2027-01-10', contractEnd: null, version: 1,
      }));
      await repo.write((tx) => tx.insertProjectors(rows));
    });
    const admin = new CacheClient(await world.client());
    await admin.start((await world.login('admin')).accessToken);
    const frames = admin.c.received.filter((f): f is Extract<ServerMessage, { type: 'bootstrap-rows' }> => f.type === 'bootstrap-rows');
    const projectorFrames = frames.filter((f) => f.entity === 'projectors');
    expect(projectorFrames.length).toBeGreaterThanOrEqual(Math.ceil(PROJECTORS / BOOTSTRAP_CHUNK_ROWS));
    expect(Math.max(...frames.map((f) => f.rows.length))).toBeLessThanOrEqual(BOOTSTRAP_CHUNK_ROWS);
    const begin = admin.c.received.find((f) => f.type === 'bootstrap-begin');
    const total = PROJECTORS + 4 + 5 + 1 + 3;
    expect(begin).toMatchObject({ total });
    expect(frames.at(-1)?.sent).toBe(total);
    expect(admin.ids('projectors')).toHaveLength(PROJECTORS + 4);
  }, 60_000);

  it('reads the next page only after the sink drained, from one snapshot even while writes land', async () => {
    db = await createTestDb();
    const testDb = db;
    const user: PublicUser = testDb.users.admin;
    await testDb.repo.write(async (tx) => {
      const rows: Projector[] = Array.from({ length: BOOTSTRAP_CHUNK_ROWS * 3 }, (_, i) => ({
        id: crypto.randomUUID(), serial: `P-${i}`, model: 'M', manufacturer: 'Barco', siteId: testDb.projector.siteId, installDate: '2022-01-10', warrantyStart: null, warrantyEnd: '2027-01-10', contractEnd: null, version: 1,
      }));
      await tx.insertProjectors(rows);
    });
    const sent: ServerMessage[] = [];
    const gates: (() => void)[] = [];
    const sink = {
      send: (message: ServerMessage) => void sent.push(message),
      drain: () => new Promise<void>((resolve) => gates.push(resolve)),
      isOpen: () => true,
    };
    const streaming = streamBootstrap(testDb.repo, new ViewerState(user), 'epoch-1', sink);
    const waitForGate = async () => {
      while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await waitForGate();
    const rowsFrames = () => sent.filter((f) => f.type === 'bootstrap-rows').length;
    expect(rowsFrames()).toBe(1);

    // A write commits mid-stream; the snapshot does not see it, and the writer was not blocked.
    const created = newCaseArgs();
    const push = await applyPush(testDb.repo, testDb.users.agent, 'client-boot-0001', 'group-boot-0001', [{ id: 1, name: 'createCase', args: created, baseVersions: {}, createdAt: '2026-03-01T09:00:00.000Z' }]);
    expect(push.results[0]?.ok).toBe(true);

    // Never more than one page ahead of what the sink has drained.
    let released = 0;
    while (true) {
      await waitForGate();
      expect(rowsFrames()).toBeLessThanOrEqual(released + 1);
      const gate = gates.shift();
      released += 1;
      gate?.();
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (sent.at(-1)?.type === 'bootstrap-end') break;
    }
    const outcome = await streaming;
    const begin = sent[0];
    expect(begin?.type).toBe('bootstrap-begin');
    const head = await testDb.repo.read((tx) => tx.headVersion());
    // The push wrote the case and its `created` event after the snapshot began.
    expect(outcome?.version).toBe(head - 2);
    const caseIds = sent.flatMap((f) => (f.type === 'bootstrap-rows' && f.entity === 'cases' ? f.rows.map((r) => r.id) : []));
    expect(caseIds).not.toContain(created.id);
    expect(sent.some((f) => f.type === 'bootstrap-rows' && f.entity === 'caseEvents')).toBe(false);
    expect(sent.at(-1)).toEqual({ type: 'bootstrap-end', cursor: { epoch: 'epoch-1', version: head - 2 } });
  });

  it('abandons the snapshot when the sink closes part way', async () => {
    db = await createTestDb();
    let open = true;
    const sent: ServerMessage[] = [];
    const outcome = await streamBootstrap(db.repo, new ViewerState(db.users.admin), 'e', {
      send: (message) => void sent.push(message),
      drain: async () => {
        open = false;
      },
      isOpen: () => open,
    });
    expect(outcome).toBeNull();
    expect(sent.filter((f) => f.type === 'bootstrap-rows')).toHaveLength(1);
    expect(sent.some((f) => f.type === 'bootstrap-end')).toBe(false);
  });

  it('limits how many bootstraps run at once', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const task = () =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
      });
    await Promise.all([task(), task(), task(), task(), task()]);
    expect(peak).toBe(2);
  });
});
