// Generated installed base for intake search tests and timing: customers, sites with contacts,
// projectors with varied serials and models, and cases with callers, written into a cache with the
// real bootstrap path (staging + swap, which builds every search index).
import type { CaseRow, Customer, Projector, Site } from '../../../../shared/domain.js';
import { applyBootstrap } from '../cache/bootstrap-staging.js';
import type { WritableDb } from '../cache/cache-db.js';

export type IntakeDataSize = Readonly<{ projectors: number; cases: number; sitesPerCustomer?: number; projectorsPerSite?: number }>;

const MAKES = [
  ['Barco', 'BRX', 'DP4K-40LHC'],
  ['Christie', 'CHR', 'CP4440-RGB'],
  ['NEC', 'NEC', 'NC1503L'],
  ['Sony', 'SNY', 'SRX-R815P'],
  ['Epson', 'EPS', 'EB-PU2220B'],
] as const;
const TOWNS = ['Leicester', 'Manchester', 'Bristol', 'Leeds', 'Glasgow', 'Cardiff', 'Norwich', 'Brighton', 'York', 'Oxford'];
const FIRST = ['Dana', 'Chris', 'Sam', 'Alex', 'Jo', 'Priya', 'Tom', 'Mia', 'Omar', 'Lena'];
const LAST = ['Walker', 'Patel', 'Smith', 'Nowak', 'Okafor', 'Jones', 'Brown', 'Khan', 'Evans', 'Murphy'];

/** A stable uuid-shaped id from a kind digit and a counter. */
export function dataId(kind: number, n: number): string {
  return `0190${kind.toString(16)}000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** The projector serial of index i (what a test types). */
export function serialOf(i: number): string {
  const make = MAKES[i % MAKES.length]!;
  return `${make[1]}-${String(100000 + i * 7).padStart(7, '0')}`;
}

/** The site contact's phone of site index s: +44 161 496 NNNN style, unique per site. */
export function sitePhoneOf(s: number): string {
  return `+44 ${161 + (s % 700)} 496 ${String(s % 10000).padStart(4, '0')}`;
}

export function generateIntakeData(size: IntakeDataSize, today = '2026-06-01') {
  const projectorsPerSite = size.projectorsPerSite ?? 10;
  const siteCount = Math.max(1, Math.ceil(size.projectors / projectorsPerSite));
  const sitesPerCustomer = size.sitesPerCustomer ?? 20;
  const customerCount = Math.max(1, Math.ceil(siteCount / sitesPerCustomer));
  const customers: Customer[] = [];
  for (let c = 0; c < customerCount; c++) customers.push({ id: dataId(1, c), name: `${TOWNS[c % TOWNS.length]} Picturehouses ${c}`, code: `CU-${c}`, version: 1 });
  const sites: Site[] = [];
  for (let s = 0; s < siteCount; s++) {
    const person = `${FIRST[s % FIRST.length]} ${LAST[Math.floor(s / FIRST.length) % LAST.length]}`;
    sites.push({
      id: dataId(2, s),
      customerId: customers[s % customerCount]!.id,
      name: `${TOWNS[s % TOWNS.length]} Screen ${s}`,
      address: `${s} High Street, ${TOWNS[s % TOWNS.length]}`,
      region: 'north',
      accessNotes: s % 2 ? 'Loading bay at the rear; ask for the duty manager.' : '',
      contactName: person,
      contactPhone: sitePhoneOf(s),
      contactEmail: `${person.toLowerCase().replace(' ', '.')}.${s}@cinema.example`,
      version: 1,
    });
  }
  const projectors: Projector[] = [];
  for (let i = 0; i < size.projectors; i++) {
    const make = MAKES[i % MAKES.length]!;
    projectors.push({
      id: dataId(3, i),
      serial: serialOf(i),
      model: make[2],
      manufacturer: make[0],
      siteId: sites[Math.floor(i / projectorsPerSite) % siteCount]!.id,
      installDate: '2021-03-01',
      warrantyStart: '2021-03-01',
      warrantyEnd: i % 2 ? '2027-03-01' : '2025-03-01',
      contractEnd: i % 3 ? today : null,
      version: 1,
    });
  }
  const cases: CaseRow[] = [];
  for (let k = 0; k < size.cases; k++) {
    const p = projectors[(k * 13) % projectors.length]!;
    const site = sites[Math.floor(((k * 13) % projectors.length) / projectorsPerSite) % siteCount]!;
    const created = new Date(Date.UTC(2026, 0, 1) + k * 60_000).toISOString();
    const status = (['new', 'assigned', 'in_progress', 'resolved', 'closed'] as const)[k % 5]!;
    cases.push({
      id: dataId(4, k),
      number: `DTR-2026-${String(k + 1).padStart(6, '0')}`,
      serial: p.serial,
      projectorId: p.id,
      siteId: site.id,
      customerId: site.customerId,
      contactName: k % 3 ? site.contactName : `${FIRST[k % FIRST.length]} Caller${k % 500}`,
      contactPhone: k % 3 ? site.contactPhone : `07700 9${String(k % 100000).padStart(5, '0')}`,
      contactEmail: k % 3 ? site.contactEmail : `caller${k % 500}@mail.example`,
      channel: 'phone',
      title: `Lamp failure on screen ${1 + (k % 10)}`,
      description: 'Lamp does not strike.',
      priority: (['P1', 'P2', 'P3', 'P4'] as const)[k % 4]!,
      severity: 'major',
      status,
      assigneeId: null,
      waitingFor: null,
      createdBy: dataId(5, 0),
      createdAt: created,
      updatedAt: created,
      slaEvents: [{ at: created, kind: 'created', priority: (['P1', 'P2', 'P3', 'P4'] as const)[k % 4]! }],
      slaDueAt: status === 'resolved' || status === 'closed' ? null : new Date(Date.UTC(2026, 6, 1) - k * 37_000).toISOString(),
      escalation: null,
      resolvedAt: status === 'resolved' || status === 'closed' ? created : null,
      fieldVersions: {},
      version: 1,
    });
  }
  return { customers, sites, projectors, cases };
}

/** Fills a cache with generated data through the real bootstrap path. */
export function seedIntakeCache(db: WritableDb, size: IntakeDataSize, userId = dataId(5, 0)): ReturnType<typeof generateIntakeData> {
  const data = generateIntakeData(size);
  applyBootstrap(db, data, { epoch: 'seed', version: 1 }, { userId, now: new Date().toISOString() });
  return data;
}
