import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import type { ImportBatchRequest, ImportKind } from '../../shared/import.js';
import type { Projector, Site } from '../../shared/domain.js';
import { changeEntry, type CommandContext } from '../domain/command-context.js';
import { createCase } from '../domain/cases.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';
import { verifyPassword } from '../auth/password.js';
import { applyImportBatch, newRowId } from './import-batch.js';
import { finishImport, getImportJobView, listImportJobViews, startImport } from './import-jobs.js';
import { undoImport } from './import-undo.js';
import { idSchema } from '../../shared/domain.js';
import type { ChangeLogEntry } from '../db/repository.js';
import { canonicalJsonReference, hashedFields, resolveAuditKey } from '../audit/hash-chain.js';

let db: TestDb;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(async () => {
  await db.cleanup();
});

const NOW = '2026-04-01T10:00:00.000Z';
const ctx = (): CommandContext => ({ user: db.users.admin, now: NOW, clientId: null, mutationId: null, clientCreatedAt: null, sessionId: null });

async function start(kind: ImportKind, totalRows = 10): Promise<string> {
  const id = crypto.randomUUID();
  await db.repo.write((tx) => startImport(tx, ctx(), { id, kind, fileName: `${kind}.xlsx`, totalRows }));
  return id;
}
const batch = (jobId: string, request: ImportBatchRequest) => db.repo.write((tx) => applyImportBatch(tx, ctx(), jobId, request));
const finish = (jobId: string, outcome: 'completed' | 'cancelled' = 'completed') => db.repo.write((tx) => finishImport(tx, jobId, outcome, NOW));
const undo = (jobId: string) => db.repo.write((tx) => undoImport(tx, ctx(), jobId));
const rows = <T>(values: readonly T[], first = 2) => values.map((v, i) => ({ row: first + i, values: v as Record<string, unknown> }));
const head = () => db.repo.read((tx) => tx.headVersion());
const projectorBySerial = async (serial: string): Promise<Projector | undefined> => (await db.repo.read((tx) => tx.findProjectorsBySerialsFolded([serial])))[0];

const projector = (serial: string, extra: Record<string, unknown> = {}) => ({
  serial,
  model: 'DP4K-32B',
  manufacturer: 'Barco',
  siteName: 'Test Site',
  installDate: '2023-05-01',
  warrantyEnd: '2028-05-01',
  ...extra,
});

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('import jobs: start, finish, views', () => {
  it('start is idempotent on the id; the same id with another kind is a conflict', async () => {
    const id = crypto.randomUUID();
    const first = await db.repo.write((tx) => startImport(tx, ctx(), { id, kind: 'projectors', fileName: 'a.xlsx', totalRows: 5 }));
    const again = await db.repo.write((tx) => startImport(tx, ctx(), { id, kind: 'projectors', fileName: 'a.xlsx', totalRows: 5 }));
    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'running', nextSeq: 0, createdBy: db.users.admin.id, createdByName: 'Test admin' });
    await expectAppError(db.repo.write((tx) => startImport(tx, ctx(), { id, kind: 'sites', fileName: 'a.xlsx', totalRows: 5 })), 'CONFLICT');
    const listed = await db.repo.read((tx) => listImportJobViews(tx));
    expect(listed.map((j) => j.id)).toEqual([id]);
    expect(listed[0]?.createdByName).toBe('Test admin');
  });

  it('finish completes or cancels a running job once; a re-sent finish answers the same view', async () => {
    const id = await start('customers');
    const done = await finish(id, 'cancelled');
    expect(done).toMatchObject({ status: 'cancelled', finishedAt: NOW });
    expect(await finish(id, 'cancelled')).toEqual(done);
    await expectAppError(finish(id, 'completed'), 'CONFLICT');
    await expectAppError(db.repo.read((tx) => getImportJobView(tx, crypto.randomUUID())), 'NOT_FOUND');
  });
});

describe('import batches', () => {
  it('creates projectors with their site and customer, logs every change as the admin, and answers a re-sent batch with its stored result', async () => {
    const job = await start('projectors');
    const before = await head();
    const sent: ImportBatchRequest = {
      seq: 0,
      rows: rows([
        projector('NEW-1', { siteName: 'Odeon Leeds', customerName: 'Odeon Cinemas', siteRegion: 'north' }),
        projector('NEW-2', { siteName: 'odeon leeds', customerName: 'ODEON CINEMAS' }),
        projector('NEW-3'),
      ]),
    };
    const { result } = await batch(job, sent);
    expect(result).toMatchObject({ seq: 0, created: 3, updated: 0, unchanged: 0, failed: 0, failures: [], nextSeq: 1 });
    const changes = await db.repo.read((tx) => tx.changesSince(before, 100));
    expect(changes.map((c) => c.entity)).toEqual(['customers', 'sites', 'projectors', 'projectors', 'projectors']);
    expect(changes.every((c) => c.userId === db.users.admin.id && c.op === 'put' && c.before === null)).toBe(true);
    const customer = changes[0]?.after as { code: string; name: string };
    expect(customer).toMatchObject({ name: 'Odeon Cinemas', code: 'ODEONCINEMAS' });
    const site = changes[1]?.after as Site;
    expect(site).toMatchObject({ name: 'Odeon Leeds', region: 'North' });
    expect((await projectorBySerial('NEW-2'))?.siteId).toBe(site.id);
    expect((await projectorBySerial('NEW-3'))?.siteId).toBe(db.projector.siteId);
    const tags = await db.repo.read((tx) => tx.importRowsOf(job));
    expect(tags).toHaveLength(5);

    const headAfter = await head();
    const resent = await batch(job, sent);
    expect(resent.result).toEqual(result);
    expect(await head()).toBe(headAfter);
    const view = await db.repo.read((tx) => getImportJobView(tx, job));
    expect(view).toMatchObject({ rowsDone: 3, nextSeq: 1, created: 3 });
  });

  it('refuses a batch that skips ahead with the expected seq, and any new batch once the job is finished', async () => {
    const job = await start('projectors');
    const error = await expectAppError(batch(job, { seq: 1, rows: rows([projector('A-1')]) }), 'CONFLICT');
    expect(error.details).toMatchObject({ expectedSeq: 0 });
    await batch(job, { seq: 0, rows: rows([projector('A-1')]) });
    await finish(job);
    await expectAppError(batch(job, { seq: 1, rows: rows([projector('A-2')]) }), 'CONFLICT');
    // A re-send of an applied batch still answers its result.
    expect((await batch(job, { seq: 0, rows: rows([projector('A-1')]) })).result.created).toBe(1);
  });

  it('turns bad rows into per-row failures and applies the others', async () => {
    const job = await start('projectors');
    const { result } = await batch(job, {
      seq: 0,
      rows: rows([
        projector('OK-1'),
        projector('BAD-DATE', { installDate: '2023-02-30' }),
        projector('BAD-REGION', { siteName: 'Nowhere', customerName: 'Acme', siteRegion: 'Atlantis' }),
        projector('NO-SITE', { siteName: 'Unknown Hall' }),
        { serial: 'MISSING' },
        projector('OK-2'),
      ]),
    });
    expect(result).toMatchObject({ created: 2, failed: 4 });
    const byRow = new Map(result.failures.map((f) => [f.row, f]));
    expect(byRow.get(3)).toMatchObject({ field: 'installDate' });
    expect(byRow.get(4)).toMatchObject({ field: 'siteRegion' });
    expect(byRow.get(4)?.message).toContain('Atlantis');
    expect(byRow.get(5)).toMatchObject({ field: 'siteName' });
    expect(result.failures.filter((f) => f.row === 6).length).toBeGreaterThan(0);
    expect(await projectorBySerial('BAD-DATE')).toBeUndefined();
    // The refused row created nothing: no customer Acme.
    expect(await db.repo.read((tx) => tx.findCustomersByCodesOrNames([], ['Acme']))).toEqual([]);
  });

  it('matches an existing serial case-insensitively: update when fields differ, unchanged when not', async () => {
    const job = await start('projectors');
    const existing = db.projector.serial.toLowerCase();
    const { result } = await batch(job, { seq: 0, rows: rows([projector(existing, { model: 'SP4K-25', manufacturer: 'Barco', installDate: '2022-01-10', warrantyEnd: '2027-01-10' })]) });
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const second = await batch(job, { seq: 1, rows: rows([projector(existing, { model: 'SP4K-40', installDate: '2022-01-10', warrantyEnd: '2027-01-10' })]) });
    expect(second.result).toMatchObject({ created: 0, updated: 1 });
    const after = await projectorBySerial(db.projector.serial);
    expect(after).toMatchObject({ id: db.projector.id, serial: db.projector.serial, model: 'SP4K-40', manufacturer: 'Barco' });
    const all = await db.repo.read((tx) => tx.listRows('projectors'));
    expect(all).toHaveLength(1);
  });

  it('creates sites and their customers (codes made from the name, unique), and updates a site it matches', async () => {
    await db.repo.write(async (tx) => {
      const version = await tx.allocateVersion();
      const row = { id: crypto.randomUUID(), name: 'Other', code: 'VUECINEMAS', version };
      await tx.insertCustomers([row]);
      await tx.appendChanges([{ version, entity: 'customers', entityId: row.id, op: 'put', before: null, after: row, userId: null, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: NOW }]);
    });
    const job = await start('sites');
    const site = (name: string, extra: Record<string, unknown>) => ({ name, region: 'South', ...extra });
    const { result } = await batch(job, {
      seq: 0,
      rows: rows([
        site('Vue Bristol', { customerName: 'Vue Cinemas', address: '1 Harbour Way' }),
        site('Test Site', { customerCode: 'tst', region: 'North', address: '1 Test Road', contactName: 'Sam' }),
        site('Orphan', { customerCode: 'NOPE' }),
      ]),
    });
    expect(result).toMatchObject({ created: 1, updated: 1, failed: 1 });
    expect(result.failures[0]).toMatchObject({ row: 4, field: 'customerName' });
    const customers = await db.repo.read((tx) => tx.findCustomersByCodesOrNames([], ['Vue Cinemas']));
    expect(customers.map((c) => c.code)).toEqual(['VUECINEMAS-2']);
    const testSite = await db.repo.read((tx) => tx.getSite(db.projector.siteId));
    expect(testSite).toMatchObject({ contactName: 'Sam', region: 'North' });
  });

  it('creates and updates customers by code', async () => {
    const job = await start('customers');
    const { result } = await batch(job, { seq: 0, rows: rows([{ name: 'Test Cinemas Ltd', code: 'tst' }, { name: 'Cineworld', code: 'CW' }, { name: 'Test Cinemas Ltd', code: 'TST' }]) });
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
    expect((await db.repo.read((tx) => tx.getCustomer(db.projector.customerId)))?.name).toBe('Test Cinemas Ltd');
  });

  it('creates engineers who must have a password set by an admin, and updates existing engineers', async () => {
    const job = await start('engineers');
    const { result } = await batch(job, {
      seq: 0,
      rows: rows([
        { name: 'Ada New', email: 'Ada@Example.com', phone: '+44 1', regions: ['north', 'South'], skills: ['DP4K-32B'], dailyCapacity: 3 },
        { name: 'Fse Renamed', email: 'fse@test.test', regions: ['Central'], skills: ['SP4K-25'], workingHours: [{ start: '07:00', end: '15:00' }, null, null, null, null, null, null] },
        { name: 'Not An Engineer', email: 'agent@test.test', regions: ['North'] },
        { name: 'Bad Hours', email: 'bad@example.com', regions: ['North'], workingHours: [{ start: '17:00', end: '08:00' }, null, null, null, null, null, null] },
      ]),
    });
    expect(result).toMatchObject({ created: 1, updated: 1, failed: 2 });
    expect(result.failures.map((f) => f.row)).toEqual([4, 5]);
    const ada = await db.repo.read((tx) => tx.findUserByEmail('ada@example.com'));
    expect(ada).toMatchObject({ role: 'fse', regions: ['North', 'South'], mustChangePassword: true, active: true, engineer: { skills: ['DP4K-32B'], dailyCapacity: 3, timeOff: [] } });
    expect(ada?.engineer?.workingHours[0]).toEqual({ start: '08:00', end: '17:00' });
    expect(await verifyPassword('', ada?.passwordHash ?? '')).toBe(false);
    const fse = await db.repo.read((tx) => tx.getUser(db.users.fse.id));
    expect(fse).toMatchObject({ name: 'Fse Renamed', regions: ['Central'], engineer: { skills: ['SP4K-25'], dailyCapacity: 4 } });
    expect(fse?.viewVersion).toBe(fse?.version);

    // A later file without working hours keeps the hours the engineer has (as the dry run says).
    const again = await start('engineers');
    const second = await batch(again, { seq: 0, rows: rows([{ name: 'Fse Renamed', email: 'fse@test.test', regions: ['Central'], skills: ['SP4K-25', 'DP4K-32B'] }]) });
    expect(second.result).toMatchObject({ updated: 1, failed: 0 });
    const kept = await db.repo.read((tx) => tx.getUser(db.users.fse.id));
    expect(kept?.engineer?.workingHours[0]).toEqual({ start: '07:00', end: '15:00' });
    expect(kept?.engineer?.skills).toEqual(['SP4K-25', 'DP4K-32B']);
  });
});

describe('import undo', () => {
  it('removes created rows, restores changed ones, and keeps rows changed since or referred to by a case', async () => {
    const job = await start('projectors');
    await batch(job, {
      seq: 0,
      rows: rows([
        projector('U-1', { siteName: 'Cine One', customerName: 'Cine Group', siteRegion: 'South' }),
        projector('U-2', { siteName: 'Cine Two', customerName: 'Cine Group', siteRegion: 'South' }),
        projector('U-3', { siteName: 'Cine Three', customerName: 'Cine Group', siteRegion: 'South' }),
        projector(db.projector.serial, { model: 'CHANGED', installDate: '2022-01-10', warrantyEnd: '2027-01-10' }),
      ]),
    });
    await expectAppError(undo(job), 'CONFLICT');
    await finish(job);
    const u2 = await projectorBySerial('U-2');
    const u3 = await projectorBySerial('U-3');
    if (!u2 || !u3) throw new Error('not imported');
    // U-2 is edited after the import; a case refers to U-3.
    const second = await start('projectors');
    await batch(second, { seq: 0, rows: rows([projector('U-2', { siteName: 'Cine Two', customerName: 'Cine Group', model: 'EDITED' })]) });
    await db.repo.write((tx) => createCase(tx, ctx(), newCaseArgs({ serial: 'U-3', projectorId: u3.id, siteId: u3.siteId })));
    const headBefore = await head();

    const { result } = await undo(job);
    expect(result.removed).toBe(2); // U-1 and the site Cine One
    expect(result.restored).toBe(1);
    const kept = new Map(result.kept.map((k) => [k.label, k.reason]));
    expect(kept.get('U-2')).toMatch(/Changed again/);
    expect(kept.get('U-3')).toMatch(/case refers/);
    expect(kept.get('Cine Two')).toMatch(/projector that stays/);
    expect(kept.get('Cine Three')).toMatch(/case refers/);
    expect([...kept.keys()].some((k) => k.startsWith('Cine Group'))).toBe(true);
    expect(await projectorBySerial('U-1')).toBeUndefined();
    expect((await projectorBySerial(db.projector.serial))?.model).toBe('SP4K-25');
    expect((await projectorBySerial('U-2'))?.model).toBe('EDITED');
    const changes = await db.repo.read((tx) => tx.changesSince(headBefore, 100));
    expect(changes.filter((c) => c.op === 'del').map((c) => c.entity)).toEqual(['projectors', 'sites']);
    expect(changes.every((c) => c.userId === db.users.admin.id)).toBe(true);
    expect(await db.repo.read((tx) => getImportJobView(tx, job))).toMatchObject({ status: 'undone', undoneAt: NOW });
    await expectAppError(undo(job), 'CONFLICT');
  });

  it('deactivates created engineers and puts changed ones back', async () => {
    const job = await start('engineers');
    await batch(job, {
      seq: 0,
      rows: rows([
        { name: 'Ada New', email: 'ada@example.com', regions: ['North'] },
        { name: 'Fse Renamed', email: 'fse@test.test', regions: ['South'], skills: ['X'] },
      ]),
    });
    await finish(job, 'cancelled');
    const { result, viewChanged } = await undo(job);
    expect(result).toMatchObject({ removed: 1, restored: 1, kept: [] });
    expect(viewChanged).toEqual([db.users.fse.id]);
    expect(await db.repo.read((tx) => tx.findUserByEmail('ada@example.com'))).toMatchObject({ active: false });
    expect(await db.repo.read((tx) => tx.getUser(db.users.fse.id))).toMatchObject({ name: 'Test fse', regions: ['North'] });
  });
});

describe('row ids', () => {
  it('are valid UUIDv7 whose text order follows the time they were made', () => {
    const ids = [newRowId(0x0190_0000_0000), newRowId(0x0190_0000_0001), newRowId(0x0190_0000_0100), newRowId(Date.UTC(2100, 0, 1))];
    for (const id of ids) {
      expect(idSchema.safeParse(id).success).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]!.slice(0, 13)).toBe('01900000-0000');
    expect(new Set(Array.from({ length: 1000 }, () => newRowId(1))).size).toBe(1000);
  });
});

describe('full-size batches', () => {
  it('applies 10,000 projector rows in five batches of the largest size, creating their sites and customers', async () => {
    const job = await start('projectors', 10_000);
    for (let seq = 0; seq < 5; seq += 1) {
      const values = Array.from({ length: 2000 }, (_, i) => {
        const n = seq * 2000 + i;
        return projector(`BENCH-${String(n).padStart(7, '0')}`, { siteName: `Bench Site ${n % 50}`, customerName: `Bench Customer ${n % 5}`, siteRegion: 'Central' });
      });
      const { result } = await batch(job, { seq, rows: rows(values) });
      expect(result.created).toBe(2000);
    }
    expect(await db.repo.read((tx) => tx.countRows('projectors'))).toBe(10_001);
  }, 60_000);

  it('logs an imported batch gap-free and in order, with the hash chain the reference HMAC gives, and the audit verifies', async () => {
    const job = await start('projectors', 2500);
    const before = await head();
    const values = Array.from({ length: 2000 }, (_, i) => projector(`CHAIN-${String(i).padStart(5, '0')}`, { siteName: `Chain Site ${i % 7}`, customerName: `Chain Customer ${i % 3}`, siteRegion: 'Central' }));
    await batch(job, { seq: 0, rows: rows(values) });
    // A second batch that updates some of them (before and after both in the log) and creates more.
    const second = [...values.slice(0, 300).map((v) => ({ ...v, model: 'CP4440-RGB' })), ...Array.from({ length: 200 }, (_, i) => projector(`CHAIN-B-${i}`))];
    const { result } = await batch(job, { seq: 1, rows: rows(second, 2002) });
    expect(result).toMatchObject({ created: 200, updated: 300, failed: 0 });

    const changes: ChangeLogEntry[] = await db.repo.read(async (tx) => {
      const out: ChangeLogEntry[] = [];
      for (let page = await tx.changesSince(0, 1000); page.length > 0; page = await tx.changesSince(out.at(-1)!.version, 1000)) out.push(...page);
      return out;
    });
    expect(changes.map((c) => c.version)).toEqual(Array.from({ length: changes.length }, (_, i) => i + 1));
    const imported = changes.filter((c) => c.version > before);
    // 3 customers, 21 sites (each site name under each customer), 2000 + 200 projectors created, 300 updated.
    expect(imported).toHaveLength(3 + 21 + 2000 + 500);
    expect(imported.filter((c) => c.before !== null)).toHaveLength(300);
    expect(imported.every((c) => idSchema.safeParse(c.entityId).success)).toBe(true);
    // Stamped with the command context exactly as changeEntry stamps any other change.
    const stamp = changeEntry(ctx(), { version: 0, entity: 'projectors', entityId: '', op: 'put', before: null, after: null });
    for (const c of imported) {
      expect({ ...c, hash: undefined }).toEqual({ ...stamp, version: c.version, entity: c.entity, entityId: c.entityId, before: c.before, after: c.after, hash: undefined });
    }

    // Every stored hash, recomputed from the stored entries with the original definition of the chain.
    const key = resolveAuditKey(db.dir, false);
    let previous = '';
    for (const entry of changes) {
      previous = crypto.createHmac('sha256', key).update(previous).update('\n').update(canonicalJsonReference(hashedFields(entry))).digest('hex');
      expect(entry.hash).toBe(previous);
    }
    expect(await db.repo.verifyAudit(NOW)).toMatchObject({ ok: true, firstBroken: null, checked: changes.length, headVersion: changes.length });
  }, 60_000);
});
