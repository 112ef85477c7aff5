// The installed-base lists against a real cache file: paging, search through the FTS index, region
// filter, sorts and totals; exports read back with exceljs (typed cells, frozen bold header,
// autofilter); and a large list streamed whole (the 100,000-row timing is the bench's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import type { Customer, Projector, Site, SyncedUser } from '../../../../shared/domain.js';
import { closeCacheDb, openCacheDb, type WritableDb } from '../cache/cache-db.js';
import { applyBootstrap } from '../rebase.js';
import { slaContextNow } from '../sla-view.js';
import { ADMIN, ADMIN_ROW, AGENT_ROW, CUSTOMERS, FSE_ROW, PROJECTORS, SITES, confirmedCase, tempDataDir } from '../testing/fixtures.js';
import { createProgressReporter } from '../import-jobs/operations.js';
import type { ImportProgress } from '../../../../shared/console-api.js';
import { listEngineers, listProjectors, listSites } from './installed-base.js';
import { exportList } from './list-export.js';

const ctx = { userId: ADMIN.id, now: '2026-02-01T10:00:00.000Z' };

async function readSheet(file: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets[0]!;
}

describe('installed-base lists', () => {
  let dir = '';
  let db: WritableDb;
  const extraSite: Site = { ...SITES[0]!, id: '01900000-0000-7000-8000-0000000000a9', name: 'Zeta Plaza', region: 'south', version: 2 };
  const zeroSerial: Projector = { ...PROJECTORS[0]!, id: '01900000-0000-7000-8000-000000000199', serial: '000123', siteId: extraSite.id, warrantyStart: '2024-01-02', warrantyEnd: '2026-03-01', contractEnd: '2028-12-31' };
  const fseSouth: SyncedUser = { ...FSE_ROW, id: '01900000-0000-7000-8000-000000000077', email: 'south@test.example', name: 'Sol South', regions: ['south'], phone: '+44 1', engineer: { skills: ['Barco', 'NEC'], dailyCapacity: 5, workingHours: FSE_ROW.engineer!.workingHours, timeOff: [] } };

  beforeAll(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    applyBootstrap(
      db,
      {
        users: [ADMIN_ROW, AGENT_ROW, FSE_ROW, fseSouth],
        customers: CUSTOMERS,
        sites: [...SITES, extraSite],
        projectors: [...PROJECTORS, zeroSerial],
        cases: [confirmedCase('01900000-0000-7000-8000-000000000c01', 3, { title: 'Old Barco fault', createdAt: '2026-01-01T00:00:00.000Z' })],
      },
      { epoch: 'e', version: 4 },
      ctx,
    );
  });
  afterAll(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pages projectors in serial order with the total, and searches serial, model, site and customer', () => {
    const first = listProjectors(db, { limit: 2 });
    expect(first.total).toBe(5);
    expect(first.rows.map((r) => r.serial)).toEqual(['000123', 'BRX-2201']);
    expect(listProjectors(db, { limit: 2, offset: 2 }).rows.map((r) => r.serial)).toEqual(['BRX-2202', 'CHR 7781']);
    expect(first.rows[0]).toMatchObject({ siteName: 'Zeta Plaza', customerName: 'Odeon Cinemas', region: 'south', warrantyStart: '2024-01-02', contractEnd: '2028-12-31' });
    expect(listProjectors(db, { search: 'brx 22' }).rows.map((r) => r.serial)).toEqual(['BRX-2201', 'BRX-2202']);
    expect(listProjectors(db, { search: 'christie' }).rows.map((r) => r.serial)).toEqual(['CHR 7781']);
    expect(listProjectors(db, { search: 'ballroom' }).total).toBe(2);
    expect(listProjectors(db, { search: 'odeon' }).total).toBe(3);
    expect(listProjectors(db, { search: '"*(' }).total).toBe(0);
  });

  it('filters projectors by region and sorts by site or warranty end', () => {
    expect(listProjectors(db, { region: 'SOUTH' }).rows.map((r) => r.serial)).toEqual(['000123']);
    expect(listProjectors(db, { region: 'north' }).total).toBe(4);
    expect(listProjectors(db, { sort: 'site' }).rows.map((r) => r.siteName)).toEqual(['Ballroom East', 'Ballroom East', 'Leicester Square', 'Leicester Square', 'Zeta Plaza']);
    expect(listProjectors(db, { sort: 'warranty' }).rows[0]!.serial).toBe('000123');
  });

  it('lists sites with customer, projector counts, search, region and sort', () => {
    const all = listSites(db, {});
    expect(all.total).toBe(3);
    expect(all.rows.map((s) => s.name)).toEqual(['Ballroom East', 'Leicester Square', 'Zeta Plaza']);
    expect(all.rows[1]).toMatchObject({ customerName: 'Odeon Cinemas', customerCode: 'ODE', projectors: 2 });
    expect(listSites(db, { search: 'grand' }).rows.map((s) => s.name)).toEqual(['Ballroom East']);
    expect(listSites(db, { search: '50%' }).total).toBe(0);
    expect(listSites(db, { region: 'south' }).rows.map((s) => s.name)).toEqual(['Zeta Plaza']);
    expect(listSites(db, { sort: 'customer', limit: 1, offset: 2 }).rows.map((s) => s.customerName)).toEqual(['Odeon Cinemas']);
    expect(listSites(db, { sort: 'region' }).rows.at(-1)!.name).toBe('Zeta Plaza');
  });

  it('lists engineers (role fse) with their profile, by search and region', () => {
    expect(listEngineers(db, {}).map((e) => e.name)).toEqual([FSE_ROW.name, 'Sol South'].sort((a, b) => a.localeCompare(b)));
    expect(listEngineers(db, { region: 'south' })).toEqual([expect.objectContaining({ email: 'south@test.example', skills: ['Barco', 'NEC'], dailyCapacity: 5 })]);
    expect(listEngineers(db, { search: 'south@' }).length).toBe(1);
  });

  it('exports projectors with the list filter and sort: typed cells, text serials, frozen bold header with autofilter', async () => {
    const events: ImportProgress[] = [];
    const file = await exportList({ db, exportsDir: path.join(dir, 'exports'), request: { list: 'projectors', query: { sort: 'site' } }, sla: slaContextNow(db), progress: createProgressReporter('op', (p) => events.push(p)) });
    expect(file.rows).toBe(5);
    expect(file.fileName).toMatch(/^projectors-\d{8}-\d{6}\.xlsx$/);
    expect(fs.existsSync(`${file.path}.part`)).toBe(false);
    const sheet = await readSheet(file.path);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Serial number', 'Model', 'Manufacturer', 'Site', 'Customer', 'Region', 'Install date', 'Warranty start', 'Warranty end', 'Service contract end']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(2).getCell(4).value).toBe('Ballroom East');
    const zero = sheet.getRow(6);
    expect(zero.getCell(1).value).toBe('000123');
    expect(zero.getCell(8).value).toEqual(new Date('2024-01-02T00:00:00Z'));
    expect(zero.getCell(8).numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getRow(2).getCell(8).value).toBeNull();
    expect(events.at(-1)).toMatchObject({ stage: 'exporting', done: 5 });
  });

  it('exports sites, engineers and cases', async () => {
    const exportsDir = path.join(dir, 'exports');
    const sites = await readSheet((await exportList({ db, exportsDir, request: { list: 'sites', query: { region: 'north' } }, sla: slaContextNow(db) })).path);
    expect(sites.rowCount).toBe(3);
    expect(sites.getRow(3).getCell(9).value).toBe(2);
    const engineers = await readSheet((await exportList({ db, exportsDir, request: { list: 'engineers', query: { region: 'south' } }, sla: slaContextNow(db) })).path);
    expect(engineers.getRow(2).values).toEqual([undefined, 'Sol South', 'south@test.example', '+44 1', 'south', 'Barco, NEC', 5]);
    const cases = await readSheet((await exportList({ db, exportsDir, request: { list: 'cases', query: {} }, sla: slaContextNow(db) })).path);
    expect(cases.getRow(2).getCell(2).value).toBe('Old Barco fault');
    expect(cases.getRow(2).getCell(10).value).toEqual(new Date('2026-01-01T00:00:00.000Z'));
  });

  it('streams a large projector list to xlsx, every row (the 100,000-row timing is in npm run bench -- import)', async () => {
    const bigDir = tempDataDir();
    const big = openCacheDb({ file: path.join(bigDir, 'cache.sqlite') });
    try {
      const customers: Customer[] = Array.from({ length: 50 }, (_, i) => ({ id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`, name: `Customer ${i}`, code: `C${i}`, version: 1 }));
      const sites: Site[] = Array.from({ length: 1000 }, (_, i) => ({ ...SITES[0]!, id: `01910000-0000-7000-8000-${String(i).padStart(12, '0')}`, customerId: customers[i % 50]!.id, name: `Site ${i}` }));
      const projectors: Projector[] = Array.from({ length: 5_000 }, (_, i) => ({
        ...PROJECTORS[0]!,
        id: `01920000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        serial: `SN${String(i).padStart(7, '0')}`,
        siteId: sites[i % 1000]!.id,
        warrantyStart: '2024-01-01',
      }));
      applyBootstrap(big, { users: [ADMIN_ROW], customers, sites, projectors }, { epoch: 'e', version: 1 }, ctx);
      const file = await exportList({ db: big, exportsDir: path.join(bigDir, 'exports'), request: { list: 'projectors', query: {} }, sla: slaContextNow(big) });
      expect(file.rows).toBe(5_000);
      const sheet = await readSheet(file.path);
      expect(sheet.rowCount).toBe(5_001);
      expect(sheet.getRow(5_001).getCell(1).value).toBe('SN0004999');
      const page = listProjectors(big, { search: 'site 999', offset: 0, limit: 50 });
      expect(page.total).toBe(5);
    } finally {
      closeCacheDb(big);
      fs.rmSync(bigDir, { recursive: true, force: true });
    }
  }, 60_000);
});
