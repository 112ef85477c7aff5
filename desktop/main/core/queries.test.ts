import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { createCaseLocally } from './local-writes.js';
import { listCases, listUsers, projectorMatchExpression, searchProjectors } from './queries.js';
import { applyBootstrap, applyChanges } from './rebase.js';
import { AGENT, AGENT_ROW, CUSTOMERS, FSE_ROW, PROJECTORS, SITES, caseFields, confirmedCase, tempDataDir } from './testing/fixtures.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };

describe('queries', () => {
  let dir = '';
  let db: WritableDb;
  beforeAll(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    applyBootstrap(
      db,
      {
        users: [AGENT_ROW, FSE_ROW],
        customers: CUSTOMERS,
        sites: SITES,
        projectors: PROJECTORS,
        cases: [
          confirmedCase('01900000-0000-7000-8000-000000000c01', 3, { title: 'Old Barco fault', createdAt: '2026-01-01T00:00:00.000Z', priority: 'P1' }),
          confirmedCase('01900000-0000-7000-8000-000000000c02', 4, {
            number: 'DTR-2026-000002',
            title: 'Christie flicker',
            serial: 'CHR 7781',
            siteId: SITES[1]!.id,
            customerId: CUSTOMERS[1]!.id,
            createdAt: '2026-01-05T00:00:00.000Z',
            status: 'assigned',
            assigneeId: FSE_ROW.id,
          }),
        ],
      },
      { epoch: 'e', version: 4 },
      ctx,
    );
  });
  afterAll(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const serials = (query: string) => searchProjectors(db, query).map((m) => m.serial);

  it('finds projectors by serial prefix whatever the dashes, spaces and case', () => {
    for (const q of ['BRX-2201', 'brx 2201', 'brx2201', 'Brx-22', 'brx22']) expect(serials(q), q).toContain('BRX-2201');
    expect(serials('brx 2201')).not.toContain('BRX-2202');
    expect(serials('chr7781')).toEqual(['CHR 7781']);
    expect(serials('NEC0042')).toEqual(['nec/0042']);
  });

  it('finds projectors by model, site and customer, with site and customer in the match', () => {
    expect(serials('CP4440')).toEqual(['CHR 7781']);
    expect(serials('leicester').sort()).toEqual(['BRX-2201', 'BRX-2202']);
    expect(serials('grand hotel').sort()).toEqual(['CHR 7781', 'nec/0042']);
    const [match] = searchProjectors(db, 'BRX-2201');
    expect(match).toMatchObject({ projectorId: PROJECTORS[0]!.id, siteName: 'Leicester Square', customerName: 'Odeon Cinemas', customerId: CUSTOMERS[0]!.id, warrantyEnd: '2027-05-01', region: 'north' });
    expect(searchProjectors(db, 'barco', 1)).toHaveLength(1);
  });

  it('treats FTS syntax in user input as plain text', () => {
    for (const q of ['"', '*', 'OR', '(', ')', 'NOT', 'AND (', '"brx', 'brx*', 'serial:brx', '^', '-', '', '   ', 'NEAR(a b)']) {
      expect(() => searchProjectors(db, q), q).not.toThrow();
    }
    expect(serials('"brx')).toContain('BRX-2201');
    expect(projectorMatchExpression('*')).toBeNull();
  });

  it('re-indexes projectors when a site or customer is renamed', () => {
    applyChanges(db, [{ version: 5, entity: 'customers', id: CUSTOMERS[0]!.id, op: 'put', row: { ...CUSTOMERS[0]!, name: 'Vue Entertainment', version: 5 } }], { epoch: 'e', version: 5 }, ctx);
    expect(serials('vue').sort()).toEqual(['BRX-2201', 'BRX-2202']);
    expect(serials('odeon')).toEqual([]);
    applyChanges(db, [{ version: 6, entity: 'projectors', id: PROJECTORS[3]!.id, op: 'del' }], { epoch: 'e', version: 6 }, ctx);
    expect(serials('nec')).toEqual([]);
  });

  it('lists cases newest first with filters and a search over names and numbers', () => {
    const { id } = createCaseLocally(db, caseFields({ title: 'Brand new' }), { ...ctx, now: '2026-03-01T00:00:00.000Z' });
    expect(listCases(db, {}).map((c) => c.title)).toEqual(['Brand new', 'Christie flicker', 'Old Barco fault']);
    expect(listCases(db, {})[0]).toMatchObject({ id, pending: true, number: null });
    expect(listCases(db, { statuses: ['assigned'] })).toEqual([expect.objectContaining({ title: 'Christie flicker', assigneeName: 'Fran Engineer', siteName: 'Ballroom East' })]);
    expect(listCases(db, { priorities: ['P1'] }).map((c) => c.title)).toEqual(['Old Barco fault']);
    expect(listCases(db, { search: 'grand HOTEL' }).map((c) => c.title)).toEqual(['Christie flicker']);
    expect(listCases(db, { search: '000002' }).map((c) => c.title)).toEqual(['Christie flicker']);
    expect(listCases(db, { search: 'chr 77' }).map((c) => c.title)).toEqual(['Christie flicker']);
    expect(listCases(db, { search: '100%_' })).toEqual([]);
  });
  it('lists the people it knows by name, optionally by role, with their phone', () => {
    expect(listUsers(db, {}).map((u) => u.id).sort()).toEqual([AGENT_ROW.id, FSE_ROW.id].sort());
    expect(listUsers(db, { role: 'fse' })).toEqual([
      { id: FSE_ROW.id, name: FSE_ROW.name, email: FSE_ROW.email, phone: FSE_ROW.phone, role: 'fse', regions: FSE_ROW.regions, active: FSE_ROW.active },
    ]);
    expect(listUsers(db, { role: 'agent' })[0]?.phone).toBe('+44 20 7946 0001');
  });
});
