// Applies one batch of an import job in the caller's write transaction: every row is validated
// again with the shared schema (the hub trusts no client), its references are resolved against the
// hub's own rows, and the rows it creates or changes are written in bulk with one change-log entry
// each (so audit and sync see them) and tagged with the job for undo. A re-sent batch answers with
// its stored result and changes nothing. Rows are resolved in one synchronous pass over maps filled
// by a few queries per batch; only version allocation and the rare customer-code check await.
import crypto from 'node:crypto';
import type { z } from 'zod';
import { DEFAULT_WORKING_HOURS, engineerProfileSchema, type Customer, type EngineerProfile, type Projector, type Site } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { IMPORT_ROW_SCHEMAS, type ImportBatchRequest, type ImportBatchResult, type ImportKind, type ImportRow, type ImportRowFailure } from '../../shared/import.js';
import type { ChangeLogEntry, ImportJobRecord, ImportRowTag, ImportTable, ImportTableRow, UserRecord, WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from '../domain/command-context.js';
import { readSettings } from '../domain/settings.js';
import { toSyncedUser } from '../domain/users.js';
import { importJobOrNotFound } from './import-jobs.js';

export type AppliedBatch = Readonly<{
  result: ImportBatchResult;
  /** Users whose regions changed: their consoles need a fresh view (announced after the commit). */
  viewChanged: readonly string[];
}>;

type Outcome = 'created' | 'updated' | 'unchanged';
type RowFailure = Readonly<{ field: string | null; message: string }>;
class RowRefused extends Error {
  constructor(readonly failure: RowFailure) {
    super(failure.message);
  }
}
const refuse = (field: string | null, message: string): never => {
  throw new RowRefused({ field, message });
};

const fold = (s: string) => s.trim().toLowerCase();

/**
 * Ids of created rows are UUIDv7 (time-ordered, as the consoles make theirs): a batch's thousands
 * of new rows then land at the end of the id indexes (row table, change log, import tags) instead
 * of on a random page each, which made every batch's commit write most of those indexes again.
 * Made here from a random v4 (its random bits and variant kept; the first 48 bits the time in ms,
 * the version nibble 7) because the uuidv7 package costs ~3 µs an id, 30 times a v4's. Ids made in
 * the same millisecond are not ordered among themselves: they still share the index's last pages.
 */
export function newRowId(now = Date.now()): string {
  const random = crypto.randomUUID();
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

/** A password hash no password matches (password.ts refuses anything not `scrypt$...`): imported engineers sign in only after an admin resets it. */
const unusablePasswordHash = () => `imported$${crypto.randomUUID()}`;

/** The rows of one table this batch writes: the state before the batch (null: created by it) and the state after. */
class TableWrites<R extends Readonly<{ id: string; version: number }>> {
  readonly ops = new Map<string, { before: R | null; after: R }>();
  /** The row as this batch sees it now (its own earlier writes included). */
  current(row: R): R {
    return this.ops.get(row.id)?.after ?? row;
  }
  put(before: R | null, after: R): void {
    const op = this.ops.get(after.id);
    if (op) op.after = after;
    else this.ops.set(after.id, { before, after });
  }
}

function sameFields<R extends object>(a: R, b: R, fields: readonly (keyof R)[]): boolean {
  return fields.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

const PROJECTOR_FIELDS = ['model', 'manufacturer', 'siteId', 'installDate', 'warrantyStart', 'warrantyEnd', 'contractEnd'] as const satisfies readonly (keyof Projector)[];
const SITE_FIELDS = ['region', 'address', 'accessNotes', 'contactName', 'contactPhone', 'contactEmail'] as const satisfies readonly (keyof Site)[];
const ENGINEER_FIELDS = ['name', 'phone', 'regions', 'engineer'] as const satisfies readonly (keyof UserRecord)[];

/** Everything a batch resolves rows against, read in a few queries and kept up to date as rows are written. */
class Resolver {
  readonly customers = new TableWrites<Customer>();
  readonly sites = new TableWrites<Site>();
  readonly projectors = new TableWrites<Projector>();
  readonly customerByCode = new Map<string, Customer>();
  readonly customersByName = new Map<string, Customer[]>();
  readonly sitesByName = new Map<string, Site[]>();
  readonly projectorBySerial = new Map<string, Projector>();
  readonly regionCode = new Map<string, string>();
  readonly regionList: string;

  constructor(
    private readonly tx: WriteTx,
    regions: readonly Readonly<{ code: string; name: string }>[],
  ) {
    for (const r of regions) {
      this.regionCode.set(fold(r.name), r.code);
      this.regionCode.set(fold(r.code), r.code);
    }
    this.regionList = regions.map((r) => r.code).join(', ');
  }

  async load(codes: readonly string[], customerNames: readonly string[], siteNames: readonly string[], serials: readonly string[]): Promise<void> {
    for (const c of await this.tx.findCustomersByCodesOrNames(codes, customerNames)) this.addCustomer(c);
    for (const s of await this.tx.findSitesByNames(siteNames)) this.addSite(s);
    for (const p of await this.tx.findProjectorsBySerialsFolded(serials)) this.projectorBySerial.set(fold(p.serial), p);
  }

  private addCustomer(c: Customer): void {
    this.customerByCode.set(fold(c.code), c);
    const list = this.customersByName.get(fold(c.name));
    if (list) list.push(c);
    else this.customersByName.set(fold(c.name), [c]);
  }

  private addSite(s: Site): void {
    const list = this.sitesByName.get(fold(s.name));
    if (list) list.push(s);
    else this.sitesByName.set(fold(s.name), [s]);
  }

  region(value: string, field: string): string {
    const code = this.regionCode.get(fold(value));
    if (!code) return refuse(field, `Unknown region "${value}". Choose from: ${this.regionList}.`);
    return code;
  }

  /** The customer a row names (code first, else name); null when none exists yet. */
  findCustomer(code: string, name: string): Customer | null {
    if (code !== '') {
      const found = this.customerByCode.get(fold(code));
      return found ? this.customers.current(found) : null;
    }
    const list = this.customersByName.get(fold(name)) ?? [];
    if (list.length > 1) return refuse('customerName', `Several customers are named "${name}": give the customer code.`);
    return list[0] ? this.customers.current(list[0]) : null;
  }

  /** A customer for a row that names one which does not exist: it needs a name; the code is given or made from the name. */
  async createCustomer(code: string, name: string): Promise<Customer> {
    if (name === '') return refuse('customerName', `No customer has the code "${code}": give the customer's name to create it.`);
    const customer: Customer = { id: newRowId(), name, code: code !== '' ? code : await this.freeCode(name), version: 0 };
    this.customers.put(null, customer);
    this.addCustomer(customer);
    return customer;
  }

  /** Upper-case letters and digits of the name, at most 12, made unique with -2, -3, ... */
  private async freeCode(name: string): Promise<string> {
    const base =
      name
        .normalize('NFKD')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 12) || 'CUSTOMER';
    for (let n = 1; ; n += 1) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (this.customerByCode.has(fold(candidate))) continue;
      const taken = await this.tx.findCustomersByCodesOrNames([candidate], []);
      if (taken.length === 0) return candidate;
      for (const c of taken) this.addCustomer(c);
    }
  }

  updateCustomerName(current: Customer, name: string): Customer {
    const next = { ...current, name };
    const old = this.customersByName.get(fold(current.name));
    if (old) this.customersByName.set(fold(current.name), old.filter((c) => c.id !== current.id));
    this.addCustomer(next);
    this.customerByCode.set(fold(next.code), next);
    return next;
  }

  siteOf(customerId: string, name: string): Site | null {
    const found = (this.sitesByName.get(fold(name)) ?? []).find((s) => s.customerId === customerId);
    return found ? this.sites.current(found) : null;
  }

  sitesNamed(name: string): Site[] {
    return (this.sitesByName.get(fold(name)) ?? []).map((s) => this.sites.current(s));
  }

  createSite(site: Omit<Site, 'id' | 'version'>): Site {
    const row: Site = { ...site, id: newRowId(), version: 0 };
    this.sites.put(null, row);
    this.addSite(row);
    return row;
  }

  putProjector(before: Projector | null, after: Projector): void {
    this.projectors.put(before, after);
    this.projectorBySerial.set(fold(after.serial), after);
  }
}

async function projectorRow(r: Resolver, row: ImportRow<'projectors'>): Promise<Outcome> {
  const hasCustomer = row.customerCode !== '' || row.customerName !== '';
  let customer = hasCustomer ? r.findCustomer(row.customerCode, row.customerName) : null;
  let site: Site | null = null;
  if (customer) site = r.siteOf(customer.id, row.siteName);
  else if (!hasCustomer) {
    const named = r.sitesNamed(row.siteName);
    if (named.length > 1) refuse('customerName', `Several sites are named "${row.siteName}": give the customer.`);
    site = named[0] ?? null;
    if (!site) refuse('siteName', `No site is named "${row.siteName}": give its customer and region to create it.`);
  }
  if (!site) {
    if (row.siteRegion === '') refuse('siteRegion', `Give the region to create the site "${row.siteName}".`);
    const region = r.region(row.siteRegion, 'siteRegion');
    customer ??= await r.createCustomer(row.customerCode, row.customerName);
    site = r.createSite({ customerId: customer.id, name: row.siteName, address: '', region, accessNotes: '', contactName: '', contactPhone: '', contactEmail: '' });
  }
  const fields = {
    model: row.model,
    manufacturer: row.manufacturer,
    siteId: site.id,
    installDate: row.installDate,
    warrantyStart: row.warrantyStart,
    warrantyEnd: row.warrantyEnd,
    contractEnd: row.contractEnd,
  };
  const found = r.projectorBySerial.get(fold(row.serial));
  if (!found) {
    r.putProjector(null, { id: newRowId(), serial: row.serial, ...fields, version: 0 });
    return 'created';
  }
  const current = r.projectors.current(found);
  const next: Projector = { ...current, ...fields };
  if (sameFields(current, next, PROJECTOR_FIELDS)) return 'unchanged';
  r.putProjector(found, next);
  return 'updated';
}

async function siteRow(r: Resolver, row: ImportRow<'sites'>): Promise<Outcome> {
  const region = r.region(row.region, 'region');
  const customer = r.findCustomer(row.customerCode, row.customerName) ?? (await r.createCustomer(row.customerCode, row.customerName));
  const fields = { region, address: row.address, accessNotes: row.accessNotes, contactName: row.contactName, contactPhone: row.contactPhone, contactEmail: row.contactEmail };
  const current = r.siteOf(customer.id, row.name);
  if (!current) {
    r.createSite({ customerId: customer.id, name: row.name, ...fields });
    return 'created';
  }
  const next: Site = { ...current, ...fields };
  if (sameFields(current, next, SITE_FIELDS)) return 'unchanged';
  r.sites.put(current, next);
  return 'updated';
}

function customerRow(r: Resolver, row: ImportRow<'customers'>): Outcome {
  const found = r.customerByCode.get(fold(row.code));
  if (!found) {
    const customer: Customer = { id: newRowId(), name: row.name, code: row.code, version: 0 };
    r.customers.put(null, customer);
    r.customerByCode.set(fold(customer.code), customer);
    return 'created';
  }
  const current = r.customers.current(found);
  if (current.name === row.name) return 'unchanged';
  r.customers.put(current, r.updateCustomerName(current, row.name));
  return 'updated';
}

type UserOp = { before: UserRecord | null; after: UserRecord; regionsChanged: boolean };

function engineerRow(r: Resolver, users: Map<string, UserRecord>, ops: Map<string, UserOp>, row: ImportRow<'engineers'>, now: string): Outcome {
  const regions: string[] = [];
  for (const region of row.regions) {
    const code = r.region(region, 'regions');
    if (!regions.includes(code)) regions.push(code);
  }
  const email = fold(row.email);
  const found = users.get(email);
  const current = found ? (ops.get(found.id)?.after ?? found) : null;
  if (current && current.role !== 'fse') refuse('email', `${row.email} belongs to someone who is not a field service engineer.`);
  const profile = engineerProfileSchema.safeParse({
    skills: row.skills,
    dailyCapacity: row.dailyCapacity,
    // An empty hours cell keeps an existing engineer's hours (the console's dry run reads it the same way).
    workingHours: row.workingHours ?? current?.engineer?.workingHours ?? DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null)),
    timeOff: current?.engineer?.timeOff ?? [],
  });
  if (!profile.success) {
    const issue = profile.error.issues[0];
    refuse(typeof issue?.path[0] === 'string' ? issue.path[0] : 'workingHours', issue?.message ?? 'The engineer profile is not valid.');
  }
  const engineer: EngineerProfile = profile.data as EngineerProfile;
  if (!current) {
    const user: UserRecord = {
      id: newRowId(),
      email,
      name: row.name,
      role: 'fse',
      regions,
      active: true,
      phone: row.phone,
      engineer,
      mustChangePassword: true,
      passwordChangedAt: null,
      version: 0,
      passwordHash: unusablePasswordHash(),
      createdAt: now,
      viewVersion: 0,
      lastSignInAt: null,
    };
    ops.set(user.id, { before: null, after: user, regionsChanged: false });
    users.set(email, user);
    return 'created';
  }
  const next: UserRecord = { ...current, name: row.name, phone: row.phone, regions, engineer };
  if (sameFields(current, next, ENGINEER_FIELDS)) return 'unchanged';
  const op = ops.get(current.id);
  const before = op ? op.before : current;
  const regionsChanged = before !== null && [...before.regions].sort().join('\n') !== [...regions].sort().join('\n');
  if (op) {
    op.after = next;
    op.regionsChanged = regionsChanged;
  } else ops.set(current.id, { before: current, after: next, regionsChanged });
  return 'updated';
}

function failureOf(row: number, error: z.ZodError): ImportRowFailure[] {
  return error.issues.map((issue) => ({ row, field: typeof issue.path[0] === 'string' ? issue.path[0] : null, message: issue.message }));
}

type Counts = { created: number; updated: number; unchanged: number; failed: number };

/** Writes a table's pending rows with versions, change-log entries and job tags. */
async function flushTable<E extends ImportTable>(
  tx: WriteTx,
  ctx: CommandContext,
  jobId: string,
  entity: E,
  writes: TableWrites<ImportTableRow<E>>,
  changes: ChangeLogEntry[],
  tags: ImportRowTag[],
): Promise<void> {
  const created: ImportTableRow<E>[] = [];
  const updated: ImportTableRow<E>[] = [];
  let version = writes.ops.size > 0 ? (await tx.allocateVersions(writes.ops.size)) - 1 : 0;
  for (const op of writes.ops.values()) {
    version += 1;
    const after = { ...op.after, version };
    (op.before === null ? created : updated).push(after);
    changes.push(changeEntry(ctx, { version, entity, entityId: after.id, op: 'put', before: op.before, after }));
    tags.push({ jobId, entity, entityId: after.id, before: op.before, version });
  }
  if (created.length > 0) {
    if (entity === 'customers') await tx.insertCustomers(created as Customer[]);
    else if (entity === 'sites') await tx.insertSites(created as Site[]);
    else await tx.insertProjectors(created as Projector[]);
  }
  if (updated.length > 0) await tx.replaceRows(entity, updated);
}

async function flushUsers(tx: WriteTx, ctx: CommandContext, jobId: string, ops: Map<string, UserOp>, changes: ChangeLogEntry[], tags: ImportRowTag[]): Promise<string[]> {
  const created: UserRecord[] = [];
  const viewChanged: string[] = [];
  for (const op of ops.values()) {
    const version = await tx.allocateVersion();
    const after: UserRecord = { ...op.after, version, viewVersion: op.regionsChanged ? version : op.after.viewVersion };
    const before = op.before ? toSyncedUser(op.before) : null;
    if (op.before === null) created.push(after);
    else {
      await tx.replaceUser(after);
      if (op.regionsChanged) viewChanged.push(after.id);
    }
    changes.push(changeEntry(ctx, { version, entity: 'users', entityId: after.id, op: 'put', before, after: toSyncedUser(after) }));
    tags.push({ jobId, entity: 'users', entityId: after.id, before, version });
  }
  if (created.length > 0) await tx.insertUsers(created);
  return viewChanged;
}

/** Collects the references a batch's valid rows name, for the few lookups of the batch. */
function referencesOf(kind: ImportKind, rows: readonly Readonly<{ values: unknown }>[]) {
  const codes: string[] = [];
  const customerNames: string[] = [];
  const siteNames: string[] = [];
  const serials: string[] = [];
  for (const { values } of rows) {
    const v = values as Record<string, unknown>;
    const str = (key: string) => (typeof v[key] === 'string' ? v[key] : '');
    if (kind === 'customers') codes.push(str('code'));
    else if (kind === 'sites' || kind === 'projectors') {
      codes.push(str('customerCode'));
      customerNames.push(str('customerName'));
      siteNames.push(kind === 'sites' ? str('name') : str('siteName'));
      if (kind === 'projectors') serials.push(str('serial'));
    }
  }
  return { codes, customerNames, siteNames, serials };
}

/**
 * One batch of a running job. `seq` below the job's next answers the stored result (a re-send);
 * above it is a CONFLICT with `expectedSeq`; equal applies the batch.
 */
export async function applyImportBatch(tx: WriteTx, ctx: CommandContext, jobId: string, batch: ImportBatchRequest): Promise<AppliedBatch> {
  const job = await importJobOrNotFound(tx, jobId);
  if (batch.seq < job.nextSeq) {
    const stored = await tx.getImportBatchResult(jobId, batch.seq);
    if (stored === null) throw new AppError('CONFLICT', 'That batch was applied but its result is no longer kept.', { expectedSeq: job.nextSeq });
    return { result: stored as ImportBatchResult, viewChanged: [] };
  }
  if (job.status !== 'running') throw new AppError('CONFLICT', `This import is ${job.status}: it takes no more rows.`, { id: jobId, status: job.status });
  if (batch.seq > job.nextSeq) throw new AppError('CONFLICT', `Batch ${batch.seq} skips ahead: the import expects batch ${job.nextSeq}.`, { expectedSeq: job.nextSeq });

  const schema = IMPORT_ROW_SCHEMAS[job.kind] as z.ZodType<unknown>;
  const failures: ImportRowFailure[] = [];
  const counts: Counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const parsed: { row: number; values: unknown }[] = [];
  for (const item of batch.rows) {
    const result = schema.safeParse(item.values);
    if (result.success) parsed.push({ row: item.row, values: result.data });
    else {
      failures.push(...failureOf(item.row, result.error));
      counts.failed += 1;
    }
  }

  const settings = await readSettings(tx);
  const resolver = new Resolver(tx, settings.regions);
  const refs = referencesOf(job.kind, parsed);
  await resolver.load(refs.codes, refs.customerNames, refs.siteNames, refs.serials);
  const users = new Map<string, UserRecord>();
  const userOps = new Map<string, UserOp>();
  if (job.kind === 'engineers') {
    const emails = parsed.map((p) => fold((p.values as ImportRow<'engineers'>).email));
    for (const u of await tx.findUsersByEmails(emails)) users.set(u.email, u);
  }

  for (const { row, values } of parsed) {
    try {
      let outcome: Outcome;
      switch (job.kind) {
        case 'projectors':
          outcome = await projectorRow(resolver, values as ImportRow<'projectors'>);
          break;
        case 'sites':
          outcome = await siteRow(resolver, values as ImportRow<'sites'>);
          break;
        case 'customers':
          outcome = customerRow(resolver, values as ImportRow<'customers'>);
          break;
        case 'engineers':
          outcome = engineerRow(resolver, users, userOps, values as ImportRow<'engineers'>, ctx.now);
          break;
      }
      counts[outcome] += 1;
    } catch (error) {
      if (!(error instanceof RowRefused)) throw error;
      failures.push({ row, ...error.failure });
      counts.failed += 1;
    }
  }

  // Customers before sites before projectors: every change-log entry refers only to rows already logged.
  const changes: ChangeLogEntry[] = [];
  const tags: ImportRowTag[] = [];
  await flushTable(tx, ctx, jobId, 'customers', resolver.customers, changes, tags);
  await flushTable(tx, ctx, jobId, 'sites', resolver.sites, changes, tags);
  await flushTable(tx, ctx, jobId, 'projectors', resolver.projectors, changes, tags);
  const viewChanged = await flushUsers(tx, ctx, jobId, userOps, changes, tags);
  await tx.appendChanges(changes);
  await tx.tagImportRows(tags);

  const next: ImportJobRecord = {
    ...job,
    rowsDone: job.rowsDone + batch.rows.length,
    nextSeq: job.nextSeq + 1,
    created: job.created + counts.created,
    updated: job.updated + counts.updated,
    unchanged: job.unchanged + counts.unchanged,
    failed: job.failed + counts.failed,
  };
  const result: ImportBatchResult = { seq: batch.seq, ...counts, failures, nextSeq: next.nextSeq };
  await tx.replaceImportJob(next);
  await tx.putImportBatchResult(jobId, batch.seq, result, ctx.now);
  return { result, viewChanged };
}
