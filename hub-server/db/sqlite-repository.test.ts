import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeLogEntry, HubRepository } from './repository.js';
import { openSqliteRepository } from './sqlite-repository.js';
import { makeTempDir, removeTempDir } from '../testing/temp-dir.js';
import { openConnection, wrap } from './open-database.js';
import { changeLog } from './schema.js';

let dir: string;
let repo: HubRepository;

const entry = (version: number, id = `c${version}`): ChangeLogEntry => ({
  version, entity: 'customers', entityId: id, op: 'put', before: null, after: { id }, userId: null, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: '2026-01-01T00:00:00.000Z',
});

beforeEach(() => {
  dir = makeTempDir();
  repo = openSqliteRepository({ file: path.join(dir, 'hub.db') });
});
afterEach(async () => {
  await repo.close();
  removeTempDir(dir);
});

describe('SQLite repository', () => {
  it('opens in WAL mode with migrations applied, and reopens the same file', async () => {
    await repo.write(async (tx) => tx.setMeta('k', 'v'));
    await repo.close();
    repo = openSqliteRepository({ file: path.join(dir, 'hub.db') });
    expect(await repo.read((tx) => tx.getMeta('k'))).toBe('v');
    expect(fs.existsSync(path.join(dir, 'hub.db-wal'))).toBe(true);
  });

  it('allocates gap-free versions and refuses to commit a reserved but unused one', async () => {
    await repo.write(async (tx) => tx.appendChanges([entry(await tx.allocateVersion()), entry(await tx.allocateVersion())]));
    await expect(repo.write(async (tx) => void (await tx.allocateVersion()))).rejects.toThrow(/never appended/);
    await expect(repo.write(async (tx) => tx.appendChanges([entry(7)]))).rejects.toThrow(/out of order/);
    expect(await repo.read((tx) => tx.headVersion())).toBe(2);
  });

  it('reserves a run of versions at once, all of which must be appended', async () => {
    await repo.write(async (tx) => {
      const first = await tx.allocateVersions(3);
      expect(first).toBe(1);
      expect(await tx.allocateVersion()).toBe(4);
      await tx.appendChanges([entry(1), entry(2), entry(3), entry(4)]);
    });
    await expect(repo.write(async (tx) => tx.appendChanges([entry(await tx.allocateVersions(2))]))).rejects.toThrow(/never appended/);
    await expect(repo.write(async (tx) => tx.allocateVersions(0))).rejects.toThrow(/positive whole number/);
    expect(await repo.read((tx) => tx.headVersion())).toBe(4);
  });

  it('rolls back a savepoint, its rows and its reserved versions, keeping the rest', async () => {
    await repo.write(async (tx) => {
      await tx.insertCustomers([{ id: 'kept', name: 'Kept', code: 'K', version: 1 }]);
      await tx.appendChanges([entry(await tx.allocateVersion(), 'kept')]);
      await expect(
        tx.savepoint(async (inner) => {
          await inner.insertCustomers([{ id: 'gone', name: 'Gone', code: 'G', version: 2 }]);
          await inner.appendChanges([entry(await inner.allocateVersion(), 'gone')]);
          throw new Error('rejected');
        }),
      ).rejects.toThrow('rejected');
      await tx.appendChanges([entry(await tx.allocateVersion(), 'after')]);
    });
    const state = await repo.read(async (tx) => ({ customers: await tx.listRows('customers'), changes: await tx.changesSince(0, 10) }));
    expect(state.customers.map((c) => c.id)).toEqual(['kept']);
    expect(state.changes.map((c) => [c.version, c.entityId])).toEqual([[1, 'kept'], [2, 'after']]);
  });

  it('rolls back a failed write entirely and tells commit listeners only about commits', async () => {
    const heads: number[] = [];
    repo.onCommit((head) => heads.push(head));
    await expect(
      repo.write(async (tx) => {
        await tx.appendChanges([entry(await tx.allocateVersion())]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await repo.write(async (tx) => tx.appendChanges([entry(await tx.allocateVersion())]));
    await repo.write(async (tx) => tx.setMeta('no', 'change-log'));
    expect(heads).toEqual([1]);
  });

  it('reads a committed snapshot while a write is in progress', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writing = repo.write(async (tx) => {
      await tx.appendChanges([entry(await tx.allocateVersion())]);
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await repo.read((tx) => tx.headVersion())).toBe(0);
    release();
    await writing;
    expect(await repo.read((tx) => tx.headVersion())).toBe(1);
  });

  it('reads the change log as drizzle maps it: same objects, same key order, JSON parsed, offline a boolean', async () => {
    await repo.write(async (tx) => {
      const v = await tx.allocateVersions(4);
      await tx.appendChanges([
        entry(v),
        { ...entry(v + 1), before: { id: 'c2', name: 'Old', tags: ['a', { b: 1 }] }, after: { id: 'c2', name: 'Nëw "quoted"', n: 1.5 }, sessionId: 'sess-1', offline: true, userId: 'u', clientId: 'cl', mutationId: 9, clientCreatedAt: '2026-01-01T00:00:01.000Z' },
        { ...entry(v + 2), op: 'del', before: { id: 'c3' }, after: null },
        { ...entry(v + 3), before: undefined, after: 'text', offline: false },
      ]);
    });
    const mine = await repo.read((tx) => tx.changesSince(0, 100));
    const connection = openConnection(path.join(dir, 'hub.db'), { readonly: true });
    try {
      const drizzles = wrap(connection).select().from(changeLog).orderBy(changeLog.version).all();
      expect(mine).toStrictEqual(drizzles);
      expect(mine.map((c) => Object.keys(c))).toEqual(drizzles.map((c) => Object.keys(c)));
      expect(mine[1]).toMatchObject({ offline: true, sessionId: 'sess-1', before: { tags: ['a', { b: 1 }] } });
      expect(await repo.read((tx) => tx.changesSince(1, 2))).toStrictEqual(drizzles.slice(1, 3));
    } finally {
      connection.close();
    }
  });

  it('numbers cases per year', async () => {
    const got = await repo.write(async (tx) => [await tx.nextCaseNumber(2026), await tx.nextCaseNumber(2026), await tx.nextCaseNumber(2027)]);
    expect(got).toEqual([1, 2, 1]);
  });
});
