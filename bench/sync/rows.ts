// Synthetic installed-base rows for the bootstrap benchmark (projectors and cases shaped like the
// demo data), used both to seed the hub database and to time the bare-SQLite floor.
import { formatCaseNumber } from '../../shared/case-number.js';
import { caseFieldsSchema, type CaseRow, type Projector } from '../../shared/domain.js';

const CASE_FIELD_KEYS = [...Object.keys(caseFieldsSchema.shape), 'status', 'assigneeId', 'waitingFor'];
const MAKES = [
  ['Barco', 'BRX', 'SP4K-25'],
  ['Christie', 'CHR', 'CP4440-RGB'],
  ['NEC', 'NEC', 'NC1402L'],
  ['Sony', 'SNY', 'SRX-R815P'],
  ['Epson', 'EPS', 'EB-PU2220B'],
] as const;
const STATUSES = ['new', 'assigned', 'in_progress', 'resolved', 'closed'] as const;

/** A stable uuid-shaped id (v4 layout) from a namespace digit and a counter: no PRNG cost. */
export function benchId(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `b3c${kind.toString(16)}0000-0000-4000-8000-${hex}`;
}

export type SeedRefs = Readonly<{ siteIds: readonly string[]; siteCustomer: ReadonlyMap<string, string>; userIds: readonly string[]; fseIds: readonly string[] }>;

export function projectorRow(i: number, refs: SeedRefs, version: number): Projector {
  const make = MAKES[i % MAKES.length]!;
  const year = 2017 + (i % 9);
  return {
    id: benchId(1, i),
    serial: `${make[1]}-BENCH-${String(i).padStart(8, '0')}`,
    model: make[2],
    manufacturer: make[0],
    siteId: refs.siteIds[i % refs.siteIds.length]!,
    installDate: `${year}-0${1 + (i % 9)}-1${i % 10}`,
    warrantyStart: null,
    warrantyEnd: `${year + 5}-0${1 + (i % 9)}-1${i % 10}`,
    contractEnd: i % 3 === 0 ? null : `${year + 7}-0${1 + (i % 9)}-1${i % 10}`,
    version,
  };
}

export function caseRow(i: number, projector: Projector, refs: SeedRefs, version: number): CaseRow {
  const status = STATUSES[i % STATUSES.length]!;
  const created = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
  return {
    id: benchId(2, i),
    number: formatCaseNumber(2020, i + 1),
    serial: projector.serial,
    projectorId: projector.id,
    siteId: projector.siteId,
    customerId: refs.siteCustomer.get(projector.siteId) ?? null,
    contactName: 'Chris Walker',
    contactPhone: '+44 1234 567890',
    contactEmail: 'chris.walker@starlight-cinemas.test',
    channel: 'phone',
    title: `Lamp failure alarm – screen ${1 + (i % 10)}`,
    description: 'Projector shows a lamp failure alarm and will not strike. Reported by Chris Walker. Next show starts within two hours.',
    priority: (['P1', 'P2', 'P3', 'P4'] as const)[i % 4]!,
    severity: (['critical', 'major', 'minor', 'low'] as const)[i % 4]!,
    status,
    assigneeId: status === 'new' ? null : (refs.fseIds[i % refs.fseIds.length] ?? null),
    waitingFor: null,
    createdBy: refs.userIds[i % refs.userIds.length]!,
    createdAt: created,
    updatedAt: created,
    slaEvents: [
      { at: created, kind: 'created', priority: (['P1', 'P2', 'P3', 'P4'] as const)[i % 4]! },
      { at: created, kind: 'responded' },
      ...(status === 'resolved' || status === 'closed' ? [{ at: created, kind: 'resolved' as const }] : []),
    ],
    slaDueAt: null,
    escalation: null,
    resolvedAt: null,
    fieldVersions: Object.fromEntries(CASE_FIELD_KEYS.map((k) => [k, version])),
    version,
  };
}
