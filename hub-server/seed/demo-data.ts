// Demo data for a first start with --demo: people for every role, cinema chains, sites, ~500
// projectors and ~100 cases. Deterministic (seeded PRNG); created only when there are no users,
// in one transaction, every row with its own change-log entry so versions stay consistent. Service
// contracts, SLA histories, timelines (created events, a few notes, one @mention) and waiting cases
// draw from streams of their own, so the installed base and the cases stay what they always were.
import type { CaseEventRow, NotificationRow } from '../../shared/case-events.js';
import type { CaseRow, CaseStatus, Channel, Customer, EngineerProfile, Priority, Projector, Role, Severity, Site } from '../../shared/domain.js';
import { resolveSettings, SETTINGS } from '../../shared/settings.js';
import type { SlaEvent, WaitingReason } from '../../shared/sla/types.js';
import { formatCaseNumber } from '../../shared/case-number.js';
import { caseFieldsSchema, DEFAULT_WORKING_HOURS } from '../../shared/domain.js';
import { isoAt, type Clock } from '../clock.js';
import type { ChangeLogEntry, HubRepository, UserRecord } from '../db/repository.js';
import { hashPassword } from '../auth/password.js';
import { insertUsersWithChanges, type NewUser } from '../domain/users.js';
import { notePreview } from '../domain/case-notes.js';
import { dueAtOf, slaRulesOf } from '../domain/sla.js';
import { createPrng, type Prng } from './prng.js';
import type { PartRow, VisitRow } from '../../shared/service.js';
import { tomorrowIn } from '../domain/visit-reminders.js';
import { DEMO_PARTS } from './demo-parts.js';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_REGIONS = ['North', 'Central', 'South'] as const;
const SEED = 20260101;
/** The fields buildNewCase versions: what a person entered, plus status and assignee. */
const CASE_FIELD_KEYS = [...Object.keys(caseFieldsSchema.shape), 'status', 'assigneeId', 'waitingFor'];

export type DemoAccount = Readonly<{ email: string; name: string; role: Role; regions: readonly string[]; password: string }>;
export type DemoSummary = Readonly<{
  accounts: readonly DemoAccount[];
  counts: Readonly<Record<'users' | 'customers' | 'sites' | 'projectors' | 'cases' | 'caseEvents' | 'notifications' | 'parts' | 'visits', number>>;
}>;

const ALL = [...DEMO_REGIONS];
const PEOPLE: readonly Omit<DemoAccount, 'password'>[] = [
  { email: 'admin@demo.test', name: 'Avery Admin', role: 'admin', regions: ALL },
  { email: 'manager@demo.test', name: 'Morgan Reyes', role: 'manager', regions: ALL },
  { email: 'agent@demo.test', name: 'Sam Okafor', role: 'agent', regions: ALL },
  { email: 'agent2@demo.test', name: 'Priya Nair', role: 'agent', regions: ALL },
  { email: 'fse1@demo.test', name: 'Jonas Berg', role: 'fse', regions: ['North'] },
  { email: 'fse2@demo.test', name: 'Lena Hoffmann', role: 'fse', regions: ['North'] },
  { email: 'fse3@demo.test', name: 'Marco Bellini', role: 'fse', regions: ['Central'] },
  { email: 'fse4@demo.test', name: 'Aisha Khan', role: 'fse', regions: ['Central'] },
  { email: 'fse5@demo.test', name: 'Tomás Rivera', role: 'fse', regions: ['South'] },
  { email: 'fse6@demo.test', name: 'Hannah Cole', role: 'fse', regions: ['South'] },
];

const CUSTOMERS = [
  { name: 'Starlight Cinemas', code: 'STC', domain: 'starlight-cinemas.test' },
  { name: 'Metro Picture Houses', code: 'MPH', domain: 'metro-pictures.test' },
  { name: 'Lumen Multiplex Group', code: 'LMG', domain: 'lumen-multiplex.test' },
  { name: 'Civic Arts Centres', code: 'CAC', domain: 'civic-arts.test' },
] as const;

const TOWNS: Readonly<Record<(typeof DEMO_REGIONS)[number], readonly string[]>> = {
  North: ['Harrowgate', 'Kingsmoor', 'Brackenfield', 'Northwick', 'Alderbridge', 'Fellside'],
  Central: ['Midvale', 'Stonebury', 'Ashford Cross', 'Lindenford', 'Marlow Heath', 'Castleton'],
  South: ['Seabrook', 'Portmere', 'Southgate', 'Wellsby', 'Chalkhurst', 'Bayhaven'],
};
const STREETS = ['High Street', 'Market Square', 'Station Road', 'Riverside Walk', 'Queen Street', 'Mill Lane', 'Park Avenue', 'Broad Street'];
const ACCESS_NOTES = [
  'Booth via the staff door at the rear; ask the duty manager for the key.',
  'Projection corridor on level 2. Lift is out of order on Sundays.',
  'Sign in at box office. Hi-vis required in the loading bay.',
  'Parking behind the building; code for the gate is with the site contact.',
  'Access only before 11:00 or between shows; check the schedule.',
  'Booth is shared with the bar store room; keep the fire door closed.',
];
const FIRST = ['Chris', 'Alex', 'Jamie', 'Robin', 'Taylor', 'Jordan', 'Casey', 'Sasha', 'Nico', 'Kim', 'Lee', 'Drew'];
const LAST = ['Walker', 'Patel', 'Murphy', 'Novak', 'Santos', 'Fischer', 'Evans', 'Larsen', 'Moreau', 'Silva', 'Grant', 'Quinn'];

const MODELS = [
  { manufacturer: 'Barco', prefix: 'BRX', models: ['SP4K-25', 'DP4K-32B', 'SP2K-11C', 'S4K-22'] },
  { manufacturer: 'Christie', prefix: 'CHR', models: ['CP4440-RGB', 'CP2320-RGB', 'CP4325-RGB', 'CP2308'] },
  { manufacturer: 'NEC', prefix: 'NEC', models: ['NC1402L', 'NC3541L', 'NC2041L'] },
  { manufacturer: 'Sony', prefix: 'SNY', models: ['SRX-R815P', 'SRX-R515P'] },
  { manufacturer: 'Epson', prefix: 'EPS', models: ['EB-PU2220B', 'EB-L1755U'] },
] as const;

const ISSUES = [
  { title: 'Lamp failure alarm', detail: 'Projector shows a lamp failure alarm and will not strike.' },
  { title: 'No image on screen', detail: 'Projector is on, but the screen stays black; sound plays.' },
  { title: 'Laser light source error', detail: 'Laser module reports an error code at start-up.' },
  { title: 'Loud fan noise in booth', detail: 'One of the cooling fans is much louder than usual.' },
  { title: 'Colour shift on left side', detail: 'Left third of the image has a visible green tint.' },
  { title: 'Lens shift motor stuck', detail: 'Lens shift does not respond from the touch panel.' },
  { title: 'Projector will not power on', detail: 'No lights on the projector after a power cut.' },
  { title: 'Dim image after lamp change', detail: 'Brightness is well below spec since the new lamp went in.' },
  { title: '3D sync not working', detail: 'Glasses flicker; the 3D emitter does not seem to sync.' },
  { title: 'IMB certificate error', detail: 'Media block refuses the KDM with a certificate error.' },
  { title: 'Overheat shutdown during show', detail: 'Projector shut down mid-show with an overheat warning.' },
  { title: 'Focus drifts during show', detail: 'Image is sharp at the start and soft after 30 minutes.' },
  { title: 'Dead pixels on DMD', detail: 'A cluster of bright pixels is visible near the centre.' },
  { title: 'Playback stutter', detail: 'Content stutters every few seconds on one screen only.' },
] as const;

const STATUS_WEIGHTS: readonly CaseStatus[] = ['new', 'new', 'new', 'assigned', 'assigned', 'assigned', 'in_progress', 'in_progress', 'in_progress', 'awaiting_approval', 'resolved', 'resolved', 'closed', 'closed'];
const PRIORITY_WEIGHTS: readonly Priority[] = ['P1', 'P2', 'P2', 'P3', 'P3', 'P3', 'P4', 'P4'];
const SEVERITY_WEIGHTS: readonly Severity[] = ['critical', 'major', 'major', 'minor', 'minor', 'minor', 'low'];
const CHANNEL_WEIGHTS: readonly Channel[] = ['phone', 'phone', 'phone', 'email', 'email', 'other'];

const DAY = 24 * 3600 * 1000;
const isoDay = (ms: number) => isoAt(ms).slice(0, 10);
const phone = (rng: Prng) => `+44 ${rng.int(1100, 1999)} ${rng.int(100000, 999999)}`;

const ALL_MODELS = MODELS.flatMap((make) => make.models);

const NOTES = [
  'Called the site: the duty manager confirms the fault on every show today.',
  'Spare part ordered from the depot, expected within two working days.',
  'Customer asked to be called back after 14:00 only.',
  'Remote check done: error log shows repeated thermal warnings.',
  'Site contact sent photos of the error screen by email.',
  'Visit planned with the site; access before the first show.',
] as const;

/** Service contracts: a third of the projectors have none, the rest ran out or are running. */
function contractEnds(rng: Prng, count: number, now: number): (string | null)[] {
  return Array.from({ length: count }, () => {
    const roll = rng.next();
    if (roll < 0.3) return null;
    if (roll < 0.5) return isoDay(now - rng.int(1, 400) * DAY);
    return isoDay(now + rng.int(10, 1100) * DAY);
  });
}

/** A case's SLA history, consistent with its channel, status and waiting state. */
function slaHistory(rng: Prng, draft: CaseDraft): SlaEvent[] {
  const events: SlaEvent[] = [{ at: draft.createdAt, kind: 'created', priority: draft.priority }];
  const created = Date.parse(draft.createdAt);
  const updated = Date.parse(draft.updatedAt);
  if (draft.channel === 'phone') events.push({ at: draft.createdAt, kind: 'responded' });
  else if (draft.status !== 'new') events.push({ at: isoAt(created + Math.floor((updated - created) * rng.next() * 0.5)), kind: 'responded' });
  if (draft.waitingFor) events.push({ at: draft.updatedAt, kind: 'paused', reason: draft.waitingFor });
  if (draft.status === 'resolved' || draft.status === 'closed') events.push({ at: draft.updatedAt, kind: 'resolved' });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** The projector models an engineer knows (their skills) and the visits they fit in a day. */
function engineerProfile(rng: Prng): EngineerProfile {
  const skills = new Set<string>();
  const wanted = rng.int(3, 6);
  while (skills.size < wanted) skills.add(rng.pick(ALL_MODELS));
  return { skills: [...skills].sort(), dailyCapacity: rng.int(3, 6), workingHours: DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null)), timeOff: [] };
}

function buildCustomers(rng: Prng): Customer[] {
  return CUSTOMERS.map((c) => ({ id: rng.uuid(), name: c.name, code: c.code, version: 0 }));
}

function buildSites(rng: Prng, customers: readonly Customer[]): Site[] {
  const sites: Site[] = [];
  for (let i = 0; i < 50; i += 1) {
    const region = DEMO_REGIONS[i % DEMO_REGIONS.length] ?? 'North';
    const customerIndex = rng.int(0, customers.length - 1);
    const customer = customers[customerIndex];
    const meta = CUSTOMERS[customerIndex];
    if (!customer || !meta) continue;
    const town = rng.pick(TOWNS[region]);
    const [first, last] = [rng.pick(FIRST), rng.pick(LAST)];
    sites.push({
      id: rng.uuid(),
      customerId: customer.id,
      name: `${customer.name.split(' ')[0]} ${town}${rng.chance(0.3) ? ` ${rng.pick(['Retail Park', 'Centre', 'Quay', 'Plaza'])}` : ''} #${i + 1}`,
      address: `${rng.int(1, 180)} ${rng.pick(STREETS)}, ${town}, ${region.slice(0, 1)}${rng.int(10, 99)} ${rng.int(1, 9)}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`,
      region,
      accessNotes: rng.pick(ACCESS_NOTES),
      contactName: `${first} ${last}`,
      contactPhone: phone(rng),
      contactEmail: `${first}.${last}@${meta.domain}`.toLowerCase(),
      version: 0,
    });
  }
  return sites;
}

function buildProjectors(rng: Prng, sites: readonly Site[]): Projector[] {
  const projectors: Projector[] = [];
  const serials = new Set<string>();
  const base = Date.UTC(2017, 0, 1);
  for (const site of sites) {
    for (let screen = 0; screen < 10; screen += 1) {
      const make = rng.pick(MODELS);
      const installMs = base + rng.int(0, 9 * 365) * DAY;
      const install = new Date(installMs);
      const stem = `${make.prefix}-${String(install.getUTCFullYear()).slice(2)}${String(install.getUTCMonth() + 1).padStart(2, '0')}`;
      let serial = `${stem}-${String(rng.int(0, 99999)).padStart(5, '0')}`;
      while (serials.has(serial)) serial = `${stem}-${String(rng.int(0, 99999)).padStart(5, '0')}`;
      serials.add(serial);
      projectors.push({
        id: rng.uuid(),
        serial,
        model: rng.pick(make.models),
        manufacturer: make.manufacturer,
        siteId: site.id,
        installDate: isoDay(installMs),
        warrantyStart: isoDay(installMs),
        warrantyEnd: isoDay(installMs + rng.pick([3, 5]) * 365 * DAY),
        contractEnd: null,
        version: 0,
      });
    }
  }
  return projectors;
}

type CaseDraft = Omit<CaseRow, 'number' | 'version' | 'fieldVersions' | 'slaEvents' | 'slaDueAt'>;

function buildCases(rng: Prng, projectors: readonly Projector[], sites: readonly Site[], users: readonly UserRecord[], now: number): CaseDraft[] {
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const intake = users.filter((u) => u.role === 'agent' || u.role === 'manager');
  const fses = users.filter((u) => u.role === 'fse');
  const drafts: CaseDraft[] = [];
  for (let i = 0; i < 100; i += 1) {
    const issue = rng.pick(ISSUES);
    const known = !rng.chance(0.05);
    const projector = rng.pick(projectors);
    const site = known ? siteById.get(projector.siteId) : undefined;
    const status = rng.pick(STATUS_WEIGHTS);
    const assignee = status === 'new' || !site ? null : rng.pick(fses.filter((f) => f.regions.includes(site.region)));
    const createdMs = now - rng.int(1, 45 * 24 * 60) * 60_000;
    const contactName = site?.contactName ?? `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    drafts.push({
      id: rng.uuid(),
      serial: known ? projector.serial : `UNK-${rng.int(1000, 9999)}-${rng.int(10000, 99999)}`,
      projectorId: known ? projector.id : null,
      siteId: site?.id ?? null,
      customerId: site?.customerId ?? null,
      contactName,
      contactPhone: site?.contactPhone ?? phone(rng),
      contactEmail: site?.contactEmail ?? '',
      channel: rng.pick(CHANNEL_WEIGHTS),
      title: `${issue.title}${site ? ` – screen ${rng.int(1, 10)}` : ''}`,
      description: `${issue.detail} Reported by ${contactName}.${rng.chance(0.4) ? ' Next show starts within two hours.' : ''}`,
      priority: rng.pick(PRIORITY_WEIGHTS),
      severity: rng.pick(SEVERITY_WEIGHTS),
      status: status === 'new' || assignee ? status : 'new',
      assigneeId: assignee?.id ?? null,
      waitingFor: null,
      createdBy: rng.pick(intake).id,
      createdAt: isoAt(createdMs),
      updatedAt: isoAt(Math.min(now, createdMs + rng.int(0, 72) * 3600_000)),
      escalation: null,
      // Demo cases resolved before service reports existed carry the last update as their resolution.
      resolvedAt: status === 'resolved' || status === 'closed' ? isoAt(Math.min(now, createdMs + rng.int(0, 72) * 3600_000)) : null,
    });
  }
  // Numbers follow creation time, as they would have been handed out.
  return drafts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Every case's `created` event, notes by agents on a few open cases, and one note that @mentions
 * the manager (who sees every region), with its notification. Versions are allocated in order.
 */
async function buildTimelines(
  rng: Prng,
  cases: readonly CaseRow[],
  users: readonly UserRecord[],
  allocate: () => Promise<number>,
): Promise<Readonly<{ events: CaseEventRow[]; notifications: NotificationRow[] }>> {
  const events: CaseEventRow[] = [];
  const notifications: NotificationRow[] = [];
  for (const row of cases) {
    events.push({ id: rng.uuid(), caseId: row.id, kind: 'created', at: row.createdAt, userId: row.createdBy, data: { channel: row.channel, title: row.title }, version: await allocate() });
  }
  const agents = users.filter((u) => u.role === 'agent');
  const manager = users.find((u) => u.role === 'manager');
  const open = cases.filter((c) => c.status === 'assigned' || c.status === 'in_progress');
  for (const [i, row] of open.slice(0, NOTES.length).entries()) {
    const author = agents[i % agents.length];
    if (!author) continue;
    const mention = i === 0 && manager ? manager : null;
    const text = mention ? `@${mention.name} ${NOTES[i] ?? ''} Can you approve an engineer visit?` : (NOTES[i] ?? '');
    const at = isoAt(Math.max(Date.parse(row.createdAt), Date.parse(row.updatedAt) - rng.int(1, 60) * 60_000));
    const note: CaseEventRow = { id: rng.uuid(), caseId: row.id, kind: 'note', at, userId: author.id, data: { text, mentions: mention ? [mention.id] : [] }, version: await allocate() };
    events.push(note);
    if (mention) {
      notifications.push({ id: rng.uuid(), userId: mention.id, kind: 'mention', caseId: row.id, eventId: note.id, actorId: author.id, text: notePreview(text), createdAt: at, readAt: null, version: await allocate() });
    }
  }
  return { events, notifications };
}

/** Seeds the demo data if the database has no users; returns null when it already had some. */
export async function seedDemoData(repo: HubRepository, clock: Clock): Promise<DemoSummary | null> {
  const now = clock();
  const nowIso = isoAt(now);
  const rng = createPrng(SEED);
  const hashes = await Promise.all(PEOPLE.map(() => hashPassword(DEMO_PASSWORD)));
  // Profiles draw from their own stream, so the installed base stays what it always was.
  const profileRng = createPrng(SEED + 1);
  const people: NewUser[] = PEOPLE.map((p, i) => ({
    ...p,
    id: rng.uuid(),
    passwordHash: hashes[i] ?? '',
    phone: phone(profileRng),
    engineer: p.role === 'fse' ? engineerProfile(profileRng) : null,
    mustChangePassword: false,
  }));
  const customers = buildCustomers(rng);
  const sites = buildSites(rng, customers);
  const contractRng = createPrng(SEED + 2);
  const built = buildProjectors(rng, sites);
  const contracts = contractEnds(contractRng, built.length, now);
  const projectors = built.map((p, i) => ({ ...p, contractEnd: contracts[i] ?? null }));
  // Timelines, waiting states and SLA histories: a stream of their own.
  const timelineRng = createPrng(SEED + 3);
  const rules = slaRulesOf(resolveSettings([]));

  return repo.write(async (tx) => {
    if ((await tx.countUsers()) > 0) return null;
    const users = await insertUsersWithChanges(tx, people, nowIso);
    const authorId = users[0]?.id ?? null;
    const changes: ChangeLogEntry[] = [];
    const stamp = async <R extends { id: string; version: number }>(entity: ChangeLogEntry['entity'], rows: readonly R[]): Promise<R[]> => {
      const out: R[] = [];
      for (const row of rows) {
        const version = await tx.allocateVersion();
        const stamped = { ...row, version };
        out.push(stamped);
        changes.push({ version, entity, entityId: row.id, op: 'put', before: null, after: stamped, userId: authorId, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: nowIso });
      }
      return out;
    };
    await tx.insertCustomers(await stamp('customers', customers));
    await tx.insertSites(await stamp('sites', sites));
    await tx.insertProjectors(await stamp('projectors', projectors));

    const year = new Date(now).getUTCFullYear();
    const cases: CaseRow[] = [];
    for (const [i, built] of buildCases(rng, projectors, sites, users, now).entries()) {
      const waits = built.status === 'assigned' || built.status === 'in_progress';
      const waitingFor: WaitingReason | null = waits && timelineRng.chance(0.25) ? timelineRng.pick(['customer', 'parts'] as const) : null;
      const draft: CaseDraft = { ...built, waitingFor };
      const slaEvents = slaHistory(timelineRng, draft);
      const version = await tx.allocateVersion();
      const fieldVersions = Object.fromEntries(CASE_FIELD_KEYS.map((key) => [key, version]));
      const row: CaseRow = { ...draft, number: formatCaseNumber(year, i + 1), slaEvents, slaDueAt: dueAtOf(slaEvents, rules, nowIso), fieldVersions, version };
      cases.push(row);
      changes.push({ version, entity: 'cases', entityId: row.id, op: 'put', before: null, after: row, userId: row.createdBy, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: nowIso });
    }
    const { events, notifications } = await buildTimelines(timelineRng, cases, users, () => tx.allocateVersion());
    for (const row of events) changes.push({ version: row.version, entity: 'caseEvents', entityId: row.id, op: 'put', before: null, after: row, userId: row.userId, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: nowIso });
    for (const row of notifications) changes.push({ version: row.version, entity: 'notifications', entityId: row.id, op: 'put', before: null, after: row, userId: row.actorId, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: nowIso });
    await tx.insertCases(cases);
    await tx.insertCaseEvents(events);
    await tx.insertNotifications(notifications);
    await tx.setCaseCounter(year, cases.length);
    // The parts catalogue: ids from a stream of their own, versions after everything above.
    const partsRng = createPrng(SEED + 4);
    const parts: PartRow[] = [];
    for (const part of DEMO_PARTS) {
      const row: PartRow = { id: partsRng.uuid(), partNumber: part.partNumber, description: part.description, models: part.models, active: part.active ?? true, version: await tx.allocateVersion() };
      await tx.putPart(row);
      parts.push(row);
      changes.push({ version: row.version, entity: 'parts', entityId: row.id, op: 'put', before: null, after: row, userId: authorId, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: nowIso });
    }
    // Two planned visits (in two and three days, organisation time: no reminder is due at first start) for engineers' open cases.
    const visitRng = createPrng(SEED + 5);
    const planner = users.find((u) => u.role === 'manager') ?? users[0];
    const visits: VisitRow[] = [];
    const visitEvents: CaseEventRow[] = [];
    const engineers = new Set(users.filter((u) => u.role === 'fse').map((u) => u.id));
    const open = cases.filter((c) => (c.status === 'assigned' || c.status === 'in_progress') && c.assigneeId !== null && engineers.has(c.assigneeId)).slice(0, 2);
    for (const [i, row] of open.entries()) {
      const site = sites.find((s) => s.id === row.siteId);
      const visit: VisitRow = {
        id: visitRng.uuid(),
        caseId: row.id,
        engineerId: row.assigneeId ?? '',
        date: tomorrowIn(SETTINGS.timeZone.defaultValue, now + (i + 1) * 86_400_000),
        start: i === 0 ? '09:30' : '14:00',
        durationMinutes: 120,
        travelMinutes: 45,
        status: 'scheduled',
        checklist: { siteAccessArranged: i === 0, accessNotes: site?.accessNotes ?? '', partsNeeded: '', equipmentNeeded: 'Light meter, colorimeter', safetyRequirements: 'Hard hat in the projection booth.' },
        cancelReason: null,
        reminderSentAt: null,
        createdBy: planner?.id ?? row.createdBy,
        createdAt: nowIso,
        updatedAt: nowIso,
        version: await tx.allocateVersion(),
      };
      visits.push(visit);
      changes.push({ version: visit.version, entity: 'visits', entityId: visit.id, op: 'put', before: null, after: visit, userId: visit.createdBy, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: nowIso });
      const event: CaseEventRow = {
        id: visitRng.uuid(),
        caseId: row.id,
        kind: 'visit_scheduled',
        at: nowIso,
        userId: visit.createdBy,
        data: { visitId: visit.id, engineerId: visit.engineerId, date: visit.date, start: visit.start, durationMinutes: visit.durationMinutes },
        version: await tx.allocateVersion(),
      };
      visitEvents.push(event);
      changes.push({ version: event.version, entity: 'caseEvents', entityId: event.id, op: 'put', before: null, after: event, userId: event.userId, clientId: null, mutationId: null, clientCreatedAt: null, createdAt: nowIso });
    }
    for (const visit of visits) await tx.insertVisit(visit);
    await tx.insertCaseEvents(visitEvents);
    // Notes and their notifications were numbered in turn: the log takes them in version order.
    await tx.appendChanges(changes.sort((a, b) => a.version - b.version));

    return {
      accounts: PEOPLE.map((p) => ({ ...p, password: DEMO_PASSWORD })),
      counts: {
        users: users.length,
        customers: customers.length,
        sites: sites.length,
        projectors: projectors.length,
        cases: cases.length,
        caseEvents: events.length + visitEvents.length,
        notifications: notifications.length,
        parts: parts.length,
        visits: visits.length,
      },
    };
  });
}
