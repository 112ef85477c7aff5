import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createCaseLocally } from '../local-writes.js';
import { AGENT, AGENT_ROW, CUSTOMERS, PROJECTORS, SITES, caseFields, confirmedCase, conflictRow, tempDataDir } from '../testing/fixtures.js';
import { applyBootstrap } from './bootstrap-staging.js';
import { closeCacheDb, openCacheDb } from './cache-db.js';
import { cacheFileFor } from './cache-location.js';
import { readCacheSnapshot } from './snapshot.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };
const CASE_ID = '01900000-0000-7000-8000-00000000ca5e';
const HUB = 'http://127.0.0.1:4010';

describe('readCacheSnapshot', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('reads confirmed ids and versions per entity, the view, the outbox and the cursor, while a core has the cache open', () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    expect(readCacheSnapshot(dataDir, HUB, AGENT.id)).toBeNull();
    const db = openCacheDb({ file: cacheFileFor(dataDir, HUB, AGENT.id) });
    try {
      applyBootstrap(
        db,
        { users: [AGENT_ROW], customers: CUSTOMERS, sites: SITES, projectors: PROJECTORS, cases: [confirmedCase(CASE_ID, 5)], conflicts: [conflictRow('01900000-0000-7000-8000-00000000c0f1', CASE_ID, 4)] },
        { epoch: 'e1', version: 5 },
        ctx,
      );
      const { id } = createCaseLocally(db, caseFields(), ctx);
      createCaseLocally(db, caseFields(), ctx);
      // A trailing slash names the same cache.
      const snap = readCacheSnapshot(dataDir, `${HUB}/`, AGENT.id)!;
      expect(snap.confirmed.cases).toEqual({ [CASE_ID]: 5 });
      expect(snap.confirmed.users).toEqual({ [AGENT.id]: 1 });
      expect(Object.keys(snap.confirmed.projectors)).toHaveLength(PROJECTORS.length);
      expect(snap.confirmed.conflicts).toEqual({ '01900000-0000-7000-8000-00000000c0f1': 4 });
      expect(snap.view).toMatchObject({ [CASE_ID]: 5, [id]: 0 });
      expect(snap.outbox).toBe(2);
      expect(snap.outboxIds).toEqual([1, 2]);
      expect(snap.cursor).toEqual({ epoch: 'e1', version: 5 });
    } finally {
      closeCacheDb(db);
    }
    expect(readCacheSnapshot(dataDir, HUB, 'someone-else')).toBeNull();
  });
});
