// Rows for the core's tests: one user, two customers with a site each, projectors and a case.
import { DEFAULT_WORKING_HOURS, type CaseFields, type CaseRow, type ConflictRow, type Customer, type Projector, type PublicUser, type Site, type SyncedUser } from '../../../../shared/domain.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const AGENT: PublicUser = { id: '01900000-0000-7000-8000-000000000001', email: 'agent@test.example', name: 'Alex Agent', role: 'agent', regions: ['north'], active: true };
const USER_EXTRAS = { phone: '', engineer: null, mustChangePassword: false, passwordChangedAt: null } as const;
export const AGENT_ROW: SyncedUser = { ...AGENT, ...USER_EXTRAS, phone: '+44 20 7946 0001', version: 1 };
export const FSE_ROW: SyncedUser = {
  id: '01900000-0000-7000-8000-000000000002',
  email: 'fse@test.example',
  name: 'Fran Engineer',
  role: 'fse',
  regions: ['north'],
  active: true,
  ...USER_EXTRAS,
  engineer: { skills: ['DP4K-40LHC'], dailyCapacity: 4, workingHours: DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null)), timeOff: [] },
  version: 1,
};
export const ADMIN: PublicUser = { id: '01900000-0000-7000-8000-000000000003', email: 'admin@test.example', name: 'Ada Admin', role: 'admin', regions: [], active: true };
export const ADMIN_ROW: SyncedUser = { ...ADMIN, ...USER_EXTRAS, version: 1 };

export const CUSTOMERS: Customer[] = [
  { id: '01900000-0000-7000-8000-0000000000c1', name: 'Odeon Cinemas', code: 'ODE', version: 1 },
  { id: '01900000-0000-7000-8000-0000000000c2', name: 'Grand Hotel Group', code: 'GHG', version: 1 },
];

const site = (id: string, customerId: string, name: string): Site => ({
  id,
  customerId,
  name,
  address: '1 High Street',
  region: 'north',
  accessNotes: '',
  contactName: 'Site Manager',
  contactPhone: '+44 1234 567890',
  contactEmail: 'site@example.com',
  version: 1,
});
export const SITES: Site[] = [site('01900000-0000-7000-8000-0000000000a1', CUSTOMERS[0]!.id, 'Leicester Square'), site('01900000-0000-7000-8000-0000000000b2', CUSTOMERS[1]!.id, 'Ballroom East')];

const projector = (n: number, serial: string, model: string, manufacturer: string, siteId: string): Projector => ({
  id: `01900000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
  serial,
  model,
  manufacturer,
  siteId,
  installDate: '2022-05-01',
  warrantyStart: null,
  warrantyEnd: '2027-05-01',
  contractEnd: null,
  version: 1,
});
export const PROJECTORS: Projector[] = [
  projector(1, 'BRX-2201', 'DP4K-40LHC', 'Barco', SITES[0]!.id),
  projector(2, 'BRX-2202', 'DP4K-40LHC', 'Barco', SITES[0]!.id),
  projector(3, 'CHR 7781', 'CP4440-RGB', 'Christie', SITES[1]!.id),
  projector(4, 'nec/0042', 'NC1503L', 'NEC', SITES[1]!.id),
];

export function caseFields(overrides: Partial<CaseFields> = {}): CaseFields {
  return {
    serial: 'BRX-2201',
    projectorId: PROJECTORS[0]!.id,
    siteId: SITES[0]!.id,
    customerId: CUSTOMERS[0]!.id,
    contactName: 'Dana Projectionist',
    contactPhone: '+44 20 7946 0000',
    contactEmail: 'dana@example.com',
    channel: 'phone',
    title: 'Lamp fails to strike',
    description: 'Lamp does not strike after start-up.',
    priority: 'P3',
    severity: 'major',
    ...overrides,
  };
}

export function confirmedCase(id: string, version: number, overrides: Partial<CaseRow> = {}): CaseRow {
  const fields = caseFields();
  const fieldVersions: Record<string, number> = {};
  for (const key of [...Object.keys(fields), 'status', 'assigneeId', 'waitingFor']) fieldVersions[key] = version;
  return {
    ...fields,
    id,
    number: 'DTR-2026-000001',
    status: 'new',
    assigneeId: null,
    waitingFor: null,
    createdBy: AGENT.id,
    createdAt: '2026-01-10T09:00:00.000Z',
    updatedAt: '2026-01-10T09:00:00.000Z',
    slaEvents: [
      { at: '2026-01-10T09:00:00.000Z', kind: 'created', priority: fields.priority },
      { at: '2026-01-10T09:00:00.000Z', kind: 'responded' },
    ],
    slaDueAt: null,
    escalation: null,
    resolvedAt: null,
    fieldVersions,
    version,
    ...overrides,
  };
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
}

/** A conflict record as the hub would sync it to the author (AGENT by default). */
export function conflictRow(id: string, caseId: string, version: number, overrides: Partial<ConflictRow> = {}): ConflictRow {
  return {
    id,
    caseId,
    userId: AGENT.id,
    clientId: '01900000-0000-7000-8000-0000000c11e1',
    mutationId: 1,
    field: 'priority',
    yourValue: 'P1',
    theirValue: 'P2',
    theirUserId: FSE_ROW.id,
    baseVersion: version - 1,
    createdAt: '2026-02-01T09:00:00.000Z',
    resolvedAt: null,
    resolution: null,
    version,
    ...overrides,
  };
}
