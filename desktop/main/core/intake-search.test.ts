// Intake search over a real cache file: tolerance to spaces, dashes and case; serials, models,
// sites, customers and contacts (site and case contacts, by name, phone digits and email); ranking,
// de-duplication and limits; incremental re-indexing from sync changes; and the time a keystroke
// takes over a generated installed base of 100,000 projectors.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { IntakeMatch } from '../../../shared/console-api.js';
import type { CaseRow, Customer, Site } from '../../../shared/domain.js';
import type { Change } from '../../../shared/sync/protocol.js';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache/cache-db.js';
import { phoneDigitForms } from './cache/intake-search-index.js';
import { parseIntakeQuery, searchIntake } from './intake-search.js';
import { applyBootstrap, applyChanges } from './rebase.js';
import { AGENT, AGENT_ROW, CUSTOMERS, PROJECTORS, SITES, confirmedCase, tempDataDir } from './testing/fixtures.js';
import { seedIntakeCache, serialOf, sitePhoneOf } from './testing/intake-data.js';

const ctx = { userId: AGENT.id, now: '2026-02-01T10:00:00.000Z' };
const CASE_A = '01900000-0000-7000-8000-00000000ca5a';
const CASE_B = '01900000-0000-7000-8000-00000000ca5b';
const CASE_C = '01900000-0000-7000-8000-00000000ca5c';

const labels = (matches: readonly IntakeMatch[]) => matches.map((m) => `${m.kind}:${m.label}`);

describe('phoneDigitForms', () => {
  it('keeps every digit, and adds the national form of an international number written with a separator', () => {
    expect(phoneDigitForms('+44 161 496 0000')).toBe('441614960000 01614960000');
    expect(phoneDigitForms('0044 (0)161-496-0000')).toBe('004401614960000 441614960000 01614960000');
    expect(phoneDigitForms('+1 212 555 0100')).toBe('12125550100 02125550100');
    expect(phoneDigitForms('+44')).toBe('44');
    // No separator after the country code: which digits are the code cannot be told, so no guess.
    expect(phoneDigitForms('+441614960000')).toBe('441614960000');
    expect(phoneDigitForms('0161 496 0000')).toBe('01614960000');
    expect(phoneDigitForms('call the desk')).toBe('');
  });
});

describe('parseIntakeQuery', () => {
  it('reads words, the run-together form, phone digits and email-ness', () => {
    expect(parseIntakeQuery('BRX-2201')).toEqual({ tokens: ['brx', '2201'], compact: 'brx2201', phoneDigits: null, email: false });
    expect(parseIntakeQuery('0161-4960')).toMatchObject({ phoneDigits: '01614960', compact: '01614960' });
    expect(parseIntakeQuery('Leicester S')).toMatchObject({ tokens: ['leicester'], compact: 'leicesters', phoneDigits: null });
    expect(parseIntakeQuery('+44 (161) 496-0')).toMatchObject({ phoneDigits: '441614960' });
    expect(parseIntakeQuery('dana@ex')).toMatchObject({ tokens: ['dana', 'ex'], email: true, phoneDigits: null });
    expect(parseIntakeQuery('012')).toMatchObject({ phoneDigits: null });
  });
});

describe('searchIntake', () => {
  let dir = '';
  let db: WritableDb;
  const customers: Customer[] = [...CUSTOMERS, { id: '01900000-0000-7000-8000-0000000000c3', name: 'Cinéma Lumière', code: 'GHG-01', version: 1 }];
  const sites: Site[] = [
    { ...SITES[0]!, contactName: 'Dana Projectionist', contactPhone: '+44 161 496 0000', contactEmail: 'dana@odeon.example' },
    { ...SITES[1]!, contactName: 'Sam Banqueting', contactPhone: '020 7946 0123', contactEmail: 'sam@grand.example' },
  ];
  const cases: CaseRow[] = [
    confirmedCase(CASE_A, 3, { contactName: 'Priya Patel', contactPhone: '07700 900123', contactEmail: 'priya@odeon.example', siteId: SITES[0]!.id }),
    // The same caller on a case at another site: one contact entry with both sites.
    confirmedCase(CASE_B, 3, { number: 'DTR-2026-000002', contactName: 'Priya Patel', contactPhone: '07700 900123', contactEmail: 'priya@odeon.example', siteId: SITES[1]!.id, customerId: CUSTOMERS[1]!.id }),
  ];
  beforeEach(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    applyBootstrap(db, { users: [AGENT_ROW], customers, sites, projectors: PROJECTORS, cases }, { epoch: 'e1', version: 5 }, ctx);
  });
  afterEach(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds a serial whatever its spaces, dashes and case, exact first', () => {
    for (const typed of ['BRX-2201', 'brx 2201', 'Brx2201', 'brx-22-01', '  BRX 2201 ']) {
      expect(labels(searchIntake(db, typed))[0], typed).toBe('projector:BRX-2201');
    }
    expect(labels(searchIntake(db, 'brx 220'))).toEqual(['projector:BRX-2201', 'projector:BRX-2202']);
    expect(labels(searchIntake(db, 'chr-77'))).toEqual(['projector:CHR 7781']);
    expect(labels(searchIntake(db, 'NEC/0042'))[0]).toBe('projector:nec/0042');
    const first = searchIntake(db, 'brx2201')[0];
    expect(first).toEqual({
      kind: 'projector',
      projectorId: PROJECTORS[0]!.id,
      siteId: SITES[0]!.id,
      customerId: CUSTOMERS[0]!.id,
      label: 'BRX-2201',
      detail: 'Barco DP4K-40LHC · Leicester Square · Odeon Cinemas',
    });
  });

  it('finds projectors by model and manufacturer words', () => {
    expect(labels(searchIntake(db, 'dp4k')).sort()).toEqual(['projector:BRX-2201', 'projector:BRX-2202']);
    expect(labels(searchIntake(db, 'christie'))).toEqual(['projector:CHR 7781']);
    expect(labels(searchIntake(db, 'CP4440 rgb'))).toEqual(['projector:CHR 7781']);
  });

  it('finds customers by name or code and sites by name or address, accents and case aside', () => {
    expect(searchIntake(db, 'odeon')[0]).toEqual({ kind: 'customer', customerId: CUSTOMERS[0]!.id, label: 'Odeon Cinemas', detail: 'ODE' });
    expect(labels(searchIntake(db, 'cinema lumiere'))).toContain('customer:Cinéma Lumière');
    expect(labels(searchIntake(db, 'ghg-01'))).toContain('customer:Cinéma Lumière');
    // Typed without the dash, the code is found by its run-together form.
    expect(labels(searchIntake(db, 'ghg01'))).toContain('customer:Cinéma Lumière');
    expect(searchIntake(db, 'leicester sq')[0]).toEqual({ kind: 'site', siteId: SITES[0]!.id, customerId: CUSTOMERS[0]!.id, label: 'Leicester Square', detail: 'Odeon Cinemas · 1 High Street' });
    expect(labels(searchIntake(db, 'BALLROOM-east'))).toContain('site:Ballroom East');
  });

  it('finds contacts by name, email or phone digits, one entry per person with all their sites', () => {
    const priya = searchIntake(db, 'priya pat');
    expect(priya).toEqual([
      {
        kind: 'contact',
        name: 'Priya Patel',
        phone: '07700 900123',
        email: 'priya@odeon.example',
        siteIds: [SITES[0]!.id, SITES[1]!.id],
        label: 'Priya Patel',
        detail: '07700 900123 · priya@odeon.example · Leicester Square, Ballroom East',
      },
    ]);
    expect(searchIntake(db, 'priya@odeon')).toEqual(priya);
    expect(searchIntake(db, '07700900123')).toEqual(priya);
    expect(searchIntake(db, '0770 090 01')).toEqual(priya);
    expect(labels(searchIntake(db, 'dana@odeon.example'))).toEqual(['contact:Dana Projectionist']);
  });

  it('matches typed phone digits inside the international or the national form', () => {
    const dana = (typed: string) => labels(searchIntake(db, typed)).includes('contact:Dana Projectionist');
    expect(dana('0161 496')).toBe(true); // national form
    expect(dana('+44 161 496 0000')).toBe(true); // as stored
    expect(dana('44161496')).toBe(true);
    expect(dana('161-496-0000')).toBe(true); // the middle of either
    expect(dana('0044 161 496')).toBe(false); // the 00 prefix is not stored for this one
    expect(dana('0161 497')).toBe(false);
    expect(dana('0207')).toBe(false);
    expect(labels(searchIntake(db, '020 7946'))).toEqual(['contact:Sam Banqueting']);
  });

  it("indexes a case's contact only when it is not its site's contact, and again when the site's changes", () => {
    const sameAsSite = confirmedCase(CASE_C, 7, { number: 'DTR-2026-000003', contactName: 'dana projectionist', contactPhone: '0161 496 0000', contactEmail: 'DANA@odeon.example' });
    applyChanges(db, [{ version: 7, entity: 'cases', id: CASE_C, op: 'put', row: sameAsSite }], { epoch: 'e1', version: 7 }, ctx);
    const docs = () => db.$client.prepare("SELECT ref FROM intake_docs WHERE kind = 'case_contact' ORDER BY ref").pluck().all();
    expect(docs()).toEqual([CASE_A, CASE_B]);
    // Found once, through the site, whichever way it was written on the case.
    expect(labels(searchIntake(db, 'dana proj'))).toEqual(['contact:Dana Projectionist']);
    // The site gets a new contact: Dana on the case is now someone the site does not name.
    const site: Site = { ...sites[0]!, contactName: 'Lee New', contactPhone: '+44 161 496 0999', contactEmail: 'lee@odeon.example', version: 8 };
    applyChanges(db, [{ version: 8, entity: 'sites', id: site.id, op: 'put', row: site }], { epoch: 'e1', version: 8 }, ctx);
    expect(docs()).toEqual([CASE_A, CASE_B, CASE_C]);
    expect(labels(searchIntake(db, 'dana proj'))).toEqual(['contact:dana projectionist']);
    expect(labels(searchIntake(db, 'lee new'))).toEqual(['contact:Lee New']);
  });

  it('finds nothing for one character, limits and de-duplicates', () => {
    expect(searchIntake(db, 'b')).toEqual([]);
    expect(searchIntake(db, '  - ')).toEqual([]);
    expect(searchIntake(db, 'brx', 1)).toHaveLength(1);
    const all = searchIntake(db, 'barco', 50);
    expect(new Set(all.map((m) => JSON.stringify(m))).size).toBe(all.length);
  });

  it('treats quotes and FTS syntax as plain text', () => {
    expect(() => searchIntake(db, '"brx" OR * AND (')).not.toThrow();
    expect(labels(searchIntake(db, 'brx" OR "x'))).toEqual([]);
  });

  it('follows sync changes: renamed sites, new cases with a new caller, deleted cases', () => {
    const renamed: Site = { ...SITES[0]!, name: 'Piccadilly Circus', version: 6 };
    const newCase = confirmedCase(CASE_C, 7, { number: 'DTR-2026-000003', contactName: 'Omar Okafor', contactPhone: '+44 113 496 0777', contactEmail: 'omar@leeds.example' });
    const changes: Change[] = [
      { version: 6, entity: 'sites', id: renamed.id, op: 'put', row: renamed },
      { version: 7, entity: 'cases', id: CASE_C, op: 'put', row: newCase },
    ];
    applyChanges(db, changes, { epoch: 'e1', version: 7 }, ctx);
    expect(labels(searchIntake(db, 'piccadilly'))).toContain('site:Piccadilly Circus');
    expect(labels(searchIntake(db, 'leicester sq'))).not.toContain('site:Leicester Square');
    // Projectors at the renamed site carry the new name in their details.
    expect(searchIntake(db, 'brx-2201')[0]?.kind === 'projector' && searchIntake(db, 'brx-2201')[0]?.detail).toContain('Piccadilly Circus');
    expect(labels(searchIntake(db, 'omar'))).toEqual(['contact:Omar Okafor']);
    expect(labels(searchIntake(db, '0113 496 07'))).toEqual(['contact:Omar Okafor']);

    applyChanges(db, [{ version: 8, entity: 'cases', id: CASE_C, op: 'del' }], { epoch: 'e1', version: 8 }, ctx);
    expect(searchIntake(db, 'omar')).toEqual([]);
  });
});

describe('searchIntake timing over 100,000 projectors', () => {
  let dir = '';
  let db: WritableDb;
  beforeAll(() => {
    dir = tempDataDir();
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    seedIntakeCache(db, { projectors: 100_000, cases: 20_000 });
  }, 180_000);
  afterAll(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers each keystroke of typical lookups quickly (p95 under a generous bound)', () => {
    const typed: string[] = [];
    const typeOut = (text: string) => {
      for (let i = 1; i <= text.length; i++) typed.push(text.slice(0, i));
    };
    typeOut(serialOf(12_345));
    typeOut(serialOf(777).toLowerCase().replace('-', ' '));
    typeOut('Leicester Screen 40');
    typeOut('Manchester Picturehouses');
    typeOut('0161 496');
    typeOut(sitePhoneOf(139));
    typeOut('dana.walker');
    typeOut('DP4K 40');
    typeOut('caller12@mail');
    for (const q of typed) searchIntake(db, q); // warm the page cache
    const times: number[] = [];
    for (const q of typed) {
      const start = performance.now();
      searchIntake(db, q);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)]!;
    // The target is 5 ms at a million projectors on a quiet machine; this bound only catches a
    // query that scans (tens to hundreds of ms), on a busy test machine.
    expect(p95).toBeLessThan(25);
    // And the answers are the right ones at this size.
    expect(labels(searchIntake(db, serialOf(12_345)))[0]).toBe(`projector:${serialOf(12_345)}`);
    expect(searchIntake(db, sitePhoneOf(139)).map((m) => m.label)).toContain('Lena Nowak');
  });
});
