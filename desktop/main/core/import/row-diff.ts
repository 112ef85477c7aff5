// Compares a valid import row with the cache: create, update (the fields that change, from → to) or
// unchanged, and the sites and customers the row would create on the way (or why it cannot).
import type { ImportKind, ImportRow } from '../../../../shared/import.js';
import { DEFAULT_WORKING_HOURS } from '../../../../shared/domain.js';
import { fold, matchProjector, type ImportLookup, type LookupCustomer, type LookupSite } from './import-lookup.js';
import type { FieldError } from './row-values.js';

export type Change = Readonly<{ field: string; from: string; to: string }>;

export type RowDiff =
  | Readonly<{ kind: 'create' | 'update' | 'unchanged'; changes: readonly Change[]; creates: readonly Readonly<{ key: string; label: string; entity: 'site' | 'customer' }>[] }>
  | Readonly<{ kind: 'invalid'; errors: readonly FieldError[] }>;

type Creates = { key: string; label: string; entity: 'site' | 'customer' }[];

const text = (v: string | null | undefined) => v ?? '';

function compare(changes: Change[], field: string, from: string | null, to: string | null): void {
  if (text(from) !== text(to)) changes.push({ field, from: text(from), to: text(to) });
}

type CustomerRef = { found: LookupCustomer } | { create: string } | { error: FieldError } | { none: true };

/** A row's customer: by code when given, else by name; a name not found is created, a code alone cannot be. */
function resolveCustomer(lookup: ImportLookup, code: string, name: string): CustomerRef {
  if (code !== '') {
    const byCode = lookup.customerByCode.get(fold(code));
    if (byCode) return { found: byCode };
    if (name === '') return { error: { field: 'customerCode', message: `No customer has the code '${code}'. Give the customer's name too to create it.` } };
    const byName = lookup.customersByName.get(fold(name));
    if (byName && byName.length > 0) return { error: { field: 'customerCode', message: `The customer '${name}' exists with the code ${byName[0]!.code}, not '${code}'.` } };
    return { create: name };
  }
  if (name === '') return { none: true };
  const byName = lookup.customersByName.get(fold(name));
  if (byName && byName.length === 1) return { found: byName[0]! };
  if (byName && byName.length > 1) return { error: { field: 'customerName', message: `Several customers are called '${name}'; give the customer code.` } };
  return { create: name };
}

const customerCreate = (name: string, code: string) => ({ key: `customer\u0000${fold(code || name)}`, label: `Customer '${name}'${code ? ` (${code})` : ''}`, entity: 'customer' as const });

type SiteRef = { found: LookupSite } | { create: true; creates: Creates } | { error: FieldError };

function resolveSite(lookup: ImportLookup, siteName: string, code: string, customerName: string, region: string): SiteRef {
  const customer = resolveCustomer(lookup, code, customerName);
  if ('error' in customer) return customer;
  const needToCreate = (customerLabel: string, creates: Creates): SiteRef => {
    if (region === '') return { error: { field: 'siteRegion', message: `The site '${siteName}' does not exist yet; give its region to create it.` } };
    creates.push({ key: `site\u0000${fold(customerLabel)}\u0000${fold(siteName)}`, label: `Site '${siteName}' (${customerLabel})`, entity: 'site' });
    return { create: true, creates };
  };
  if ('found' in customer) {
    const site = lookup.siteByCustomerAndName.get(`${customer.found.id}\u0000${fold(siteName)}`);
    return site ? { found: site } : needToCreate(customer.found.name, []);
  }
  if ('create' in customer) return needToCreate(customer.create, [customerCreate(customer.create, code)]);
  const sites = lookup.sitesByName.get(fold(siteName)) ?? [];
  if (sites.length === 1) return { found: sites[0]! };
  if (sites.length > 1) return { error: { field: 'customerName', message: `Several sites are called '${siteName}'; give the customer (name or code) to pick one.` } };
  return { error: { field: 'siteName', message: `The site '${siteName}' does not exist; give its customer and region to create it.` } };
}

const siteLabel = (lookup: ImportLookup, siteId: string) => {
  const site = lookup.siteById.get(siteId);
  return site ? site.name : siteId;
};

const hoursText = (days: readonly ({ start: string; end: string } | null)[] | null | undefined) => (days ? days.map((d) => (d ? `${d.start}-${d.end}` : 'off')).join(' ') : '');

export function diffRow(kind: ImportKind, row: unknown, lookup: ImportLookup): RowDiff {
  switch (kind) {
    case 'projectors': {
      const p = row as ImportRow<'projectors'>;
      const site = resolveSite(lookup, p.siteName, p.customerCode, p.customerName, p.siteRegion);
      if ('error' in site) return { kind: 'invalid', errors: [site.error] };
      const creates = 'create' in site ? site.creates : [];
      const { found: existing, nearMiss } = matchProjector(lookup, p.serial);
      if (nearMiss) {
        // The hub would not update it (and would create a second projector beside it): ask for the stored spelling.
        return { kind: 'invalid', errors: [{ field: 'serial', message: `Serial number '${p.serial}' differs only in upper and lower case from the existing projector '${nearMiss.serial}'; write it as '${nearMiss.serial}' to update that projector.` }] };
      }
      if (!existing) return { kind: 'create', changes: [], creates };
      const changes: Change[] = [];
      compare(changes, 'model', existing.model, p.model);
      compare(changes, 'manufacturer', existing.manufacturer, p.manufacturer);
      if ('create' in site || site.found.id !== existing.siteId) changes.push({ field: 'siteName', from: siteLabel(lookup, existing.siteId), to: p.siteName });
      compare(changes, 'installDate', existing.installDate, p.installDate);
      compare(changes, 'warrantyStart', existing.warrantyStart, p.warrantyStart);
      compare(changes, 'warrantyEnd', existing.warrantyEnd, p.warrantyEnd);
      compare(changes, 'contractEnd', existing.contractEnd, p.contractEnd);
      return { kind: changes.length > 0 ? 'update' : 'unchanged', changes, creates };
    }
    case 'sites': {
      const s = row as ImportRow<'sites'>;
      const customer = resolveCustomer(lookup, s.customerCode, s.customerName);
      if ('error' in customer) return { kind: 'invalid', errors: [customer.error] };
      if ('none' in customer) return { kind: 'invalid', errors: [{ field: 'customerName', message: 'Give the site\'s customer (name or code).' }] };
      if ('create' in customer) return { kind: 'create', changes: [], creates: [customerCreate(customer.create, s.customerCode)] };
      const existing = lookup.siteByCustomerAndName.get(`${customer.found.id}\u0000${fold(s.name)}`);
      if (!existing) return { kind: 'create', changes: [], creates: [] };
      const changes: Change[] = [];
      compare(changes, 'region', existing.region, s.region);
      compare(changes, 'address', existing.address, s.address);
      compare(changes, 'accessNotes', existing.accessNotes, s.accessNotes);
      compare(changes, 'contactName', existing.contactName, s.contactName);
      compare(changes, 'contactPhone', existing.contactPhone, s.contactPhone);
      compare(changes, 'contactEmail', existing.contactEmail, s.contactEmail);
      return { kind: changes.length > 0 ? 'update' : 'unchanged', changes, creates: [] };
    }
    case 'customers': {
      const c = row as ImportRow<'customers'>;
      const existing = lookup.customerByCode.get(fold(c.code));
      if (!existing) return { kind: 'create', changes: [], creates: [] };
      const changes: Change[] = [];
      compare(changes, 'name', existing.name, c.name);
      return { kind: changes.length > 0 ? 'update' : 'unchanged', changes, creates: [] };
    }
    case 'engineers': {
      const e = row as ImportRow<'engineers'>;
      const existing = lookup.userByEmail.get(fold(e.email));
      if (!existing) return { kind: 'create', changes: [], creates: [] };
      if (existing.role !== 'fse') return { kind: 'invalid', errors: [{ field: 'email', message: `${e.email} belongs to ${existing.name} (${existing.role}); only field service engineers can be imported.` }] };
      const changes: Change[] = [];
      compare(changes, 'name', existing.name, e.name);
      compare(changes, 'phone', existing.phone, e.phone);
      compare(changes, 'regions', existing.regions.join(', '), e.regions.join(', '));
      compare(changes, 'skills', (existing.engineer?.skills ?? []).join(', '), e.skills.join(', '));
      compare(changes, 'dailyCapacity', existing.engineer ? String(existing.engineer.dailyCapacity) : '', String(e.dailyCapacity));
      // Hours left empty mean the default for a new engineer and "keep" for an existing one.
      if (e.workingHours !== null) compare(changes, 'workingHours', hoursText(existing.engineer?.workingHours ?? DEFAULT_WORKING_HOURS), hoursText(e.workingHours));
      return { kind: changes.length > 0 ? 'update' : 'unchanged', changes, creates: [] };
    }
  }
}
