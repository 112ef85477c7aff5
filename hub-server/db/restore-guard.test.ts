import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { ensureEpoch } from './epoch.js';
import { epochAfterRestoreCheck, headMarkFile, keepHeadMark } from './restore-guard.js';
import { applyPush } from '../domain/push.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';

let db: TestDb;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(async () => {
  await db.cleanup();
});

const head = () => db.repo.read((tx) => tx.headVersion());

describe('restore guard', () => {
  it('keeps the epoch of a database that is where the hub left it', async () => {
    const epoch = await ensureEpoch(db.repo);
    expect(await epochAfterRestoreCheck(db.repo, db.dir, epoch, silentLogger)).toBe(epoch);
    expect(await epochAfterRestoreCheck(db.repo, db.dir, epoch, silentLogger)).toBe(epoch);
    expect(JSON.parse(fs.readFileSync(headMarkFile(db.dir), 'utf8'))).toEqual({ epoch, head: await head() });
  });

  it('starts a new epoch when the database is behind the newest version the hub served', async () => {
    const epoch = await ensureEpoch(db.repo);
    fs.writeFileSync(headMarkFile(db.dir), JSON.stringify({ epoch, head: (await head()) + 40 }));
    const served = await epochAfterRestoreCheck(db.repo, db.dir, epoch, silentLogger);
    expect(served).not.toBe(epoch);
    expect(await db.repo.read((tx) => tx.getMeta('epoch'))).toBe(served);
  });

  it('moves the mark forward as changes commit', async () => {
    const epoch = await ensureEpoch(db.repo);
    await epochAfterRestoreCheck(db.repo, db.dir, epoch, silentLogger);
    const mark = keepHeadMark(db.repo, db.dir, epoch);
    await applyPush(db.repo, db.users.agent, 'client-aaaa-0001', 'group-aaaa-0001', [
      { id: 1, name: 'createCase', args: newCaseArgs(), baseVersions: {}, createdAt: '2026-03-01T09:00:00.000Z' },
    ]);
    mark.stop();
    expect(JSON.parse(fs.readFileSync(headMarkFile(db.dir), 'utf8'))).toEqual({ epoch, head: await head() });
  });
});
