// intake.context over a real cache: projector, site, customer, warranty and contract with days
// left from the agent's local today (negative once expired), open cases (the projector's first)
// and recent finished ones, and a caller found by phone number or email.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Projector } from '../../../shared/domain.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { coverage, getIntakeContext, localDate, samePhone } from './intake-context.js';
import { applyBootstrap } from './rebase.js';
import { slaContextNow } from './sla-view.js';
import { AGENT, AGENT_ROW, CUSTOMERS, PROJECTORS, SITES, confirmedCase, tempDataDir } from './testing/fixtures.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };
const id = (n: number) => `01900000-0000-7000-8000-0000000ca${String(n).padStart(3, '0')}`;

describe('coverage and localDate', () => {
  it('counts whole days from the local today, negative once expired, null without a date', () => {
    expect(coverage('2026-06-11', '2026-06-01')).toEqual({ end: '2026-06-11', daysLeft: 10 });
    expect(coverage('2026-06-01', '2026-06-01')).toEqual({ end: '2026-06-01', daysLeft: 0 });
    expect(coverage('2026-05-02', '2026-06-01')).toEqual({ end: '2026-05-02', daysLeft: -30 });
    // Across the spring daylight-saving change, still whole days.
    expect(coverage('2026-04-01', '2026-03-25')).toEqual({ end: '2026-04-01', daysLeft: 7 });
    expect(coverage(null, '2026-06-01')).toBeNull();
    expect(coverage('', '2026-06-01')).toBeNull();
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('samePhone', () => {
  it('is one line when a digit form is shared or the last nine digits agree', () => {
    expect(samePhone('+44 7700 900123', '07700 900123')).toBe(true);
    expect(samePhone('447700900123', '07700-900-123')).toBe(true);
    expect(samePhone('0044 (0)161 496 0000', '+44 161 496 0000')).toBe(true);
    expect(samePhone('07700 900123', '07700 900124')).toBe(false);
    expect(samePhone('900123', '07700 900123')).toBe(false);
  });
});

describe('getIntakeContext', () => {
  let dir = '';
  let db: WritableDb;
  const projectors: Projector[] = [{ ...PROJECTORS[0]!, warrantyEnd: '2026-01-01', contractEnd: '2026-12-31' }, ...PROJECTORS.slice(1)];
  beforeEach(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    const p1 = PROJECTORS[0]!.id;
    const p2 = PROJECTORS[1]!.id;
    applyBootstrap(
      db,
      {
        users: [AGENT_ROW],
        customers: CUSTOMERS,
        sites: [{ ...SITES[0]!, accessNotes: 'Rear door, code 4711', contactPhone: '+44 116 496 0001' }, SITES[1]!],
        projectors,
        cases: [
          confirmedCase(id(1), 5, { projectorId: p2, serial: 'BRX-2202', createdAt: '2026-01-20T09:00:00.000Z', title: 'Site case, newer' }),
          confirmedCase(id(2), 5, { projectorId: p1, createdAt: '2026-01-10T09:00:00.000Z', title: 'Projector case, older' }),
          confirmedCase(id(3), 5, { projectorId: p1, status: 'resolved', updatedAt: '2026-01-05T00:00:00.000Z', title: 'Resolved' }),
          confirmedCase(id(4), 5, { projectorId: p2, status: 'closed', updatedAt: '2026-01-06T00:00:00.000Z', title: 'Closed' }),
          confirmedCase(id(5), 5, { projectorId: PROJECTORS[2]!.id, siteId: SITES[1]!.id, customerId: CUSTOMERS[1]!.id, contactName: 'Priya Patel', contactPhone: '+44 7700 900123', contactEmail: 'Priya@Grand.example', title: 'Caller at the other site' }),
          confirmedCase(id(6), 5, { projectorId: p2, serial: 'BRX-2202', contactName: 'Priya Patel', contactPhone: '07700 900123', contactEmail: 'priya@grand.example', title: 'Caller at the first site' }),
        ],
      },
      { epoch: 'e1', version: 5 },
      ctx,
    );
  });
  afterEach(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sla = () => slaContextNow(db, ctx.now);

  it('shows the projector with its site, customer, cover and cases, the projector’s own open cases first', () => {
    const c = getIntakeContext(db, { projectorId: PROJECTORS[0]!.id }, sla(), new Date(2026, 5, 1, 12));
    expect(c.projector).toEqual({ id: PROJECTORS[0]!.id, serial: 'BRX-2201', model: 'DP4K-40LHC', manufacturer: 'Barco', installDate: '2022-05-01' });
    expect(c.site).toMatchObject({ id: SITES[0]!.id, name: 'Leicester Square', address: '1 High Street', accessNotes: 'Rear door, code 4711', contactPhone: '+44 116 496 0001' });
    expect(c.customer).toEqual({ id: CUSTOMERS[0]!.id, name: 'Odeon Cinemas', code: 'ODE' });
    expect(c.warranty).toEqual({ end: '2026-01-01', daysLeft: -151 });
    expect(c.contract).toEqual({ end: '2026-12-31', daysLeft: 213 });
    expect(c.openCases.map((x) => x.title)).toEqual(['Projector case, older', 'Site case, newer', 'Caller at the first site']);
    expect(c.openCases[0]?.sla.priority).toBe('P3');
    expect(c.recentCases.map((x) => x.title)).toEqual(['Resolved', 'Closed']);
    expect(c.sites).toEqual([]);
  });

  it('shows a picked site without a projector, and a customer with its sites', () => {
    const site = getIntakeContext(db, { siteId: SITES[1]!.id }, sla());
    expect(site.projector).toBeNull();
    expect(site.warranty).toBeNull();
    expect(site.customer?.name).toBe('Grand Hotel Group');
    expect(site.openCases.map((x) => x.title)).toEqual(['Caller at the other site']);
    const customer = getIntakeContext(db, { customerId: CUSTOMERS[0]!.id }, sla());
    expect(customer.site).toBeNull();
    expect(customer.sites).toEqual([{ id: SITES[0]!.id, name: 'Leicester Square', region: 'north' }]);
    expect(customer.openCases).toHaveLength(3);
  });

  it('finds a caller by phone number in any form, or by email whatever its case: their sites and open cases', () => {
    for (const phone of ['07700 900123', '+44 7700 900123', '447700900123']) {
      const c = getIntakeContext(db, { phone }, sla());
      expect(c.sites.map((s) => s.name).sort(), phone).toEqual(['Ballroom East', 'Leicester Square']);
      expect(c.openCases.map((x) => x.title).sort()).toEqual(['Caller at the first site', 'Caller at the other site', 'Projector case, older', 'Site case, newer']);
      expect(c.site).toBeNull();
    }
    const byMail = getIntakeContext(db, { email: 'PRIYA@grand.example' }, sla());
    expect(byMail.sites).toHaveLength(2);
    // A number known at one site only: that site is picked, with its projector-less context.
    const siteContact = getIntakeContext(db, { phone: '0116 496 0001' }, sla());
    expect(siteContact.sites).toEqual([]);
    expect(siteContact.site?.name).toBe('Leicester Square');
    expect(siteContact.openCases).toHaveLength(3);
    const unknown = getIntakeContext(db, { phone: '0800 000 000' }, sla());
    expect(unknown).toMatchObject({ site: null, sites: [], openCases: [] });
  });

  it('is NOT_FOUND for a projector or site not in the cache', () => {
    expect(() => getIntakeContext(db, { projectorId: id(99) }, sla())).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => getIntakeContext(db, { siteId: id(99) }, sla())).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
