// What a dry run compares rows with: the cache's customers, sites, projectors and engineers as maps
// keyed the way import rows match them, plus the regions setting. Built once per dry run with plain
// reads (the cache may be opened read-only), so per-row work is a few Map lookups.
import type Database from 'better-sqlite3';
import type { EngineerProfile, Role } from '../../../../shared/domain.js';
import { resolveSettings, type SettingValues } from '../../../../shared/settings.js';
import type { ImportKind } from '../../../../shared/import.js';

export type LookupCustomer = Readonly<{ id: string; name: string; code: string }>;
export type LookupSite = Readonly<{ id: string; customerId: string; name: string; address: string; region: string; accessNotes: string; contactName: string; contactPhone: string; contactEmail: string }>;
export type LookupProjector = Readonly<{ id: string; serial: string; model: string; manufacturer: string; siteId: string; installDate: string; warrantyStart: string | null; warrantyEnd: string; contractEnd: string | null }>;
export type LookupUser = Readonly<{ id: string; email: string; name: string; role: Role; phone: string; regions: readonly string[]; engineer: EngineerProfile | null }>;

export type ImportLookup = Readonly<{
  regions: SettingValues['regions'];
  /** Lower-case code or name → region code. */
  regionByName: ReadonlyMap<string, string>;
  customerByCode: ReadonlyMap<string, LookupCustomer>;
  /** Lower-case name → customers of that name (names need not be unique). */
  customersByName: ReadonlyMap<string, readonly LookupCustomer[]>;
  customerById: ReadonlyMap<string, LookupCustomer>;
  /** `${customerId}\0${lower-case name}` → site. */
  siteByCustomerAndName: ReadonlyMap<string, LookupSite>;
  sitesByName: ReadonlyMap<string, readonly LookupSite[]>;
  siteById: ReadonlyMap<string, LookupSite>;
  /** Lower-case serial → the projectors with that serial in any case (nearly always one). */
  projectorBySerial: ReadonlyMap<string, readonly LookupProjector[]>;
  userByEmail: ReadonlyMap<string, LookupUser>;
}>;

export const fold = (s: string) => s.trim().toLocaleLowerCase();

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

const parseJson = (text: unknown): unknown => {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

/**
 * The cached projector an import row's serial updates, matched the way the hub matches it (see
 * findProjectorsBySerialsFolded in hub-server/db): the stored serial must be the file's serial as
 * written, all upper-case or all lower-case ("ab123" and "AB123" both update a stored "AB123").
 * `nearMiss` is a projector whose serial differs only in a mixed case the hub does not match
 * ("ab123" against a stored "aB123"): the hub would create a second projector beside it.
 */
export function matchProjector(lookup: ImportLookup, serial: string): { found: LookupProjector | null; nearMiss: LookupProjector | null } {
  const candidates = lookup.projectorBySerial.get(fold(serial));
  if (!candidates) return { found: null, nearMiss: null };
  const written = serial.trim();
  // Nearly always one candidate, spelled as in the file.
  if (candidates.length === 1 && candidates[0]!.serial === written) return { found: candidates[0]!, nearMiss: null };
  for (const spelling of [written, written.toUpperCase(), written.toLowerCase()]) {
    const found = candidates.find((p) => p.serial.trim() === spelling);
    if (found) return { found, nearMiss: null };
  }
  return { found: null, nearMiss: candidates[0]! };
}

/** Reads what a dry run of `kind` needs from the cache (projectors only for a projector import, users only for engineers). */
export function buildImportLookup(cache: Database.Database, kind: ImportKind): ImportLookup {
  const settingRows = cache.prepare('SELECT id, value FROM settings').all() as { id: string; value: unknown }[];
  const settings = resolveSettings(settingRows.map((r) => ({ id: r.id, value: parseJson(r.value) })));
  const regionByName = new Map<string, string>();
  for (const region of settings.regions) {
    regionByName.set(fold(region.name), region.code);
  }
  // Codes win over names when a name equals another region's code.
  for (const region of settings.regions) regionByName.set(fold(region.code), region.code);

  const customerByCode = new Map<string, LookupCustomer>();
  const customersByName = new Map<string, LookupCustomer[]>();
  const customerById = new Map<string, LookupCustomer>();
  for (const c of cache.prepare('SELECT id, name, code FROM customers').all() as LookupCustomer[]) {
    customerByCode.set(fold(c.code), c);
    push(customersByName, fold(c.name), c);
    customerById.set(c.id, c);
  }
  const siteByCustomerAndName = new Map<string, LookupSite>();
  const sitesByName = new Map<string, LookupSite[]>();
  const siteById = new Map<string, LookupSite>();
  if (kind !== 'customers' && kind !== 'engineers') {
    const sql = 'SELECT id, customer_id AS customerId, name, address, region, access_notes AS accessNotes, contact_name AS contactName, contact_phone AS contactPhone, contact_email AS contactEmail FROM sites';
    for (const s of cache.prepare(sql).all() as LookupSite[]) {
      siteByCustomerAndName.set(`${s.customerId}\u0000${fold(s.name)}`, s);
      push(sitesByName, fold(s.name), s);
      siteById.set(s.id, s);
    }
  }
  const projectorBySerial = new Map<string, LookupProjector[]>();
  if (kind === 'projectors') {
    const sql =
      'SELECT id, serial, model, manufacturer, site_id AS siteId, install_date AS installDate, warranty_start AS warrantyStart, warranty_end AS warrantyEnd, contract_end AS contractEnd FROM projectors';
    for (const p of cache.prepare(sql).all() as LookupProjector[]) push(projectorBySerial, fold(p.serial), p);
  }
  const userByEmail = new Map<string, LookupUser>();
  if (kind === 'engineers') {
    const rows = cache.prepare('SELECT id, email, name, role, phone, regions, engineer FROM users').all() as (Omit<LookupUser, 'regions' | 'engineer'> & { regions: unknown; engineer: unknown })[];
    for (const u of rows) {
      const regions = parseJson(u.regions);
      userByEmail.set(fold(u.email), { ...u, regions: Array.isArray(regions) ? regions.map(String) : [], engineer: (parseJson(u.engineer) as EngineerProfile | null) ?? null });
    }
  }
  return { regions: settings.regions, regionByName, customerByCode, customersByName, customerById, siteByCustomerAndName, sitesByName, siteById, projectorBySerial, userByEmail };
}
