import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createBulkInserter } from '../db/bulk-insert.js';
import * as schema from '../db/schema.js';
import { openSqliteRepository } from '../db/sqlite-repository.js';
import type { HubRepository } from '../db/repository.js';
import { compactChangeLog } from '../domain/compaction.js';
import { applyPush } from '../domain/push.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';
import crypto from 'node:crypto';
import fc from 'fast-check';
import type { ChangeLogEntry } from '../db/repository.js';
import { AUDIT_KEY_FILE, canonicalJson, canonicalJsonReference, createAuditHasher, hashedFields, resolveAuditKey } from './hash-chain.js';

let db: TestDb | null = null;
afterEach(async () => {
  await db?.cleanup();
  db = null;
});

const NOW = '2026-03-01T10:00:00.000Z';
const verify = (repo: HubRepository) => repo.verifyAudit(NOW);

/** Edits hub.db the way someone with file access would: a second connection, plain SQL. */
function behindTheHubsBack(dir: string, statement: string): void {
  const sqlite = new Database(path.join(dir, 'hub.db'));
  try {
    sqlite.exec(statement);
  } finally {
    sqlite.close();
  }
}

async function withCases(testDb: TestDb, count: number): Promise<void> {
  const mutations = Array.from({ length: count }, (_, i) => ({ id: i + 1, name: 'createCase' as const, args: newCaseArgs(), baseVersions: {}, createdAt: NOW }));
  await applyPush(testDb.repo, testDb.users.agent, 'client-0001', 'group-0001', mutations);
}

describe('canonical JSON', () => {
  it('does not depend on key order and drops undefined like JSON.stringify', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { z: 1 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  // The chain's values must not change with the faster writer: every hash already stored was made
  // with the reference (JSON.stringify with a key-sorting replacer).
  it('writes exactly what the reference writes, for any JSON-like value and the awkward ones', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => canonicalJson(value) === canonicalJsonReference(value)),
      { numRuns: 2000, seed: 4242 },
    );
    fc.assert(
      fc.property(fc.anything({ withDate: true, withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withObjectString: true }), (value) => canonicalJson(value) === canonicalJsonReference(value)),
      { numRuns: 2000, seed: 4243 },
    );
    const sparse: unknown[] = [undefined, () => 1, Symbol('t')];
    sparse[4] = 3; // index 3 stays a hole
    const awkward: unknown[] = [
      sparse,
      { 10: 'a', 9: 'b', x: 1, '1a': 2 },
      { d: new Date(Date.UTC(2026, 0, 2)), n: Number.NaN, i: -Infinity, z: -0, u: undefined, f: () => 1, s: Symbol('s') },
      { toJSON: () => ({ b: 1, a: 2 }) },
      Object.assign(Object.create(null) as object, { b: 1, a: [{ d: 1, c: 2 }] }),
      new Map([[1, 2]]),
      '\ud800 lone surrogate',
      { 'é': 1, e: 2, E: 3, '': 4 },
      undefined,
      JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}') as unknown,
    ];
    for (const value of awkward) expect(canonicalJson(value)).toBe(canonicalJsonReference(value));
  });
});

describe('audit hasher', () => {
  const reference = (key: Buffer) => (previous: string, entry: ChangeLogEntry) =>
    crypto.createHmac('sha256', key).update(previous).update('\n').update(canonicalJsonReference(hashedFields(entry))).digest('hex');
  const key = Buffer.alloc(32, 7);
  const base: ChangeLogEntry = {
    version: 12,
    entity: 'projectors',
    entityId: '0190a000-0000-7000-8000-000000000001',
    op: 'put',
    before: null,
    after: { id: '0190a000-0000-7000-8000-000000000001', serial: 'IMP-1', model: 'DP4K', siteId: 's', installDate: '2020-01-01', warrantyStart: null, warrantyEnd: '2025-01-01', contractEnd: null, version: 12 },
    userId: 'u1',
    clientId: null,
    mutationId: null,
    clientCreatedAt: null,
    createdAt: '2026-03-01T10:00:00.000Z',
  };

  it('gives the same hash as HMAC over the reference canonical JSON, field by field', () => {
    const hasher = createAuditHasher(key);
    const ref = reference(key);
    const variants: ChangeLogEntry[] = [
      base,
      { ...base, sessionId: 'sess', offline: true, mutationId: 7, clientId: 'c', clientCreatedAt: '2026-03-01T09:00:00.000Z' },
      { ...base, op: 'del', before: base.after, after: null },
      { ...base, before: undefined, after: undefined, userId: null },
      { ...base, after: { nested: { z: [1, { b: 2, a: 1 }], a: 'ü\n"' } }, hash: 'ignored' },
    ];
    for (const entry of variants) expect(hasher('prev-hash', entry)).toBe(ref('prev-hash', entry));
    expect(hasher('', base)).toBe(ref('', base));
  });
});

describe('audit hash chain', () => {
  it('keeps a 0600 key beside the database and verifies an untouched log', async () => {
    db = await createTestDb();
    await withCases(db, 3);
    const head = await db.repo.read((tx) => tx.headVersion());
    expect(fs.statSync(path.join(db.dir, AUDIT_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(resolveAuditKey(db.dir)).toEqual(resolveAuditKey(db.dir));
    const report = await verify(db.repo);
    expect(report).toMatchObject({ ok: true, checked: head, headVersion: head, firstBroken: null, firstVersion: 1, lastVersion: head });
    const hashes = (await db.repo.read((tx) => tx.changesSince(0, 100))).map((e) => e.hash);
    expect(hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });

  it('reports the row whose after JSON was edited with SQL', async () => {
    db = await createTestDb();
    await withCases(db, 3);
    const head = await db.repo.read((tx) => tx.headVersion());
    behindTheHubsBack(db.dir, `UPDATE change_log SET after = json_set(after, '$.title', 'Nothing happened') WHERE version = ${head - 1}`);
    const report = await verify(db.repo);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toEqual({ version: head - 1, reason: `entry ${head - 1} does not match its hash (the entry, or the one before it, was edited)` });
    expect(report.checked).toBe(head - 2);
  });

  it('reports a row whose JSON an edit by hand left unreadable, instead of failing the check', async () => {
    db = await createTestDb();
    await withCases(db, 3);
    const head = await db.repo.read((tx) => tx.headVersion());
    behindTheHubsBack(db.dir, `UPDATE change_log SET after = substr(after, 1, length(after) - 1) WHERE version = ${head - 1}`);
    const report = await verify(db.repo);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toEqual({ version: head - 1, reason: `entry ${head - 1} cannot be read (its stored JSON was edited)` });
  });

  it('reports a deleted row as a missing version, and a truncated tail', async () => {
    db = await createTestDb();
    await withCases(db, 4);
    const head = await db.repo.read((tx) => tx.headVersion());
    behindTheHubsBack(db.dir, `DELETE FROM change_log WHERE version = 3`);
    expect((await verify(db.repo)).firstBroken).toEqual({ version: 3, reason: 'entry 3 is missing (deleted from the log)' });

    const other = await createTestDb();
    try {
      await withCases(other, 2);
      const otherHead = await other.repo.read((tx) => tx.headVersion());
      // The newest entry gone: the chain alone looks fine, but the case row still carries its version.
      behindTheHubsBack(other.dir, `DELETE FROM change_log WHERE version = ${otherHead}`);
      const report = await verify(other.repo);
      expect(report.ok).toBe(false);
      expect(report.firstBroken?.version).toBe(otherHead);
    } finally {
      await other.cleanup();
    }
    expect(head).toBeGreaterThan(4);
  });

  it('stays verifiable across compaction: the last removed entry anchors the chain', async () => {
    db = await createTestDb();
    await withCases(db, 3);
    await compactChangeLog(db.repo, 5, null);
    const head = await db.repo.read((tx) => tx.headVersion());
    expect(await verify(db.repo)).toMatchObject({ ok: true, checked: head - 4, firstVersion: 5, lastVersion: head });
    // New entries continue the chain after compaction, and a second compaction moves the anchor.
    await applyPush(db.repo, db.users.agent, 'client-0001', 'group-0001', [{ id: 4, name: 'createCase', args: newCaseArgs(), baseVersions: {}, createdAt: NOW }]);
    await compactChangeLog(db.repo, head, null);
    // The new case is two entries (the case and its `created` event).
    expect(await verify(db.repo)).toMatchObject({ ok: true, checked: 3, firstVersion: head, lastVersion: head + 2 });
    // Deleting the first entry after the anchor is still caught.
    behindTheHubsBack(db.dir, `DELETE FROM change_log WHERE version = ${head}`);
    expect((await verify(db.repo)).firstBroken?.version).toBe(head);
  });

  it('keeps the chain through a batch whose middle mutation was rolled back', async () => {
    db = await createTestDb();
    const bad = { ...newCaseArgs(), contactName: '' };
    await applyPush(db.repo, db.users.agent, 'client-0001', 'group-0001', [
      { id: 1, name: 'createCase', args: newCaseArgs(), baseVersions: {}, createdAt: NOW },
      { id: 2, name: 'createCase', args: bad, baseVersions: {}, createdAt: NOW },
      { id: 3, name: 'updateCase', args: { id: '0b9a5b43-7f0e-4f6b-9a57-0b7d51a1f2a1', patch: { title: 'x' } }, baseVersions: {}, createdAt: NOW },
      { id: 4, name: 'createCase', args: newCaseArgs(), baseVersions: {}, createdAt: NOW },
    ]);
    expect((await verify(db.repo)).ok).toBe(true);
  });

  it('hashes entries written without a hash at the tail when the database opens, but not a gap in the middle', async () => {
    db = await createTestDb();
    await withCases(db, 3);
    const head = await db.repo.read((tx) => tx.headVersion());
    const dir = db.dir;
    await db.repo.close();
    // Rows inserted while the hub was stopped (as the benchmark seeds) arrive without hashes.
    behindTheHubsBack(dir, `UPDATE change_log SET hash = NULL WHERE version >= ${head - 1}`);
    // ... also through the bulk inserter, with no offline/session/hash fields at all.
    const sqlite = new Database(path.join(dir, 'hub.db'));
    createBulkInserter(sqlite)(schema.changeLog, [
      { version: head + 1, entity: 'customers', entityId: 'c-extra', op: 'put', before: null, after: { id: 'c-extra' }, userId: null, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: NOW },
    ]);
    sqlite.close();
    let repo = openSqliteRepository({ file: path.join(dir, 'hub.db') });
    expect(await verify(repo)).toMatchObject({ ok: true, checked: head + 1 });
    await repo.close();

    behindTheHubsBack(dir, `UPDATE change_log SET hash = NULL WHERE version = 2`);
    repo = openSqliteRepository({ file: path.join(dir, 'hub.db') });
    db.repo = repo;
    expect((await verify(repo)).firstBroken).toEqual({ version: 2, reason: 'entry 2 has no hash (the hash was removed)' });
  });
});
