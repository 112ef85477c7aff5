// The installed-base lists (projectors, sites, engineers) read from the local cache: one filter and
// sort per list, used both by the paged screens and by the xlsx export, so an export holds exactly
// what the list shows. Projector search goes through the FTS5 index (serial, model, site,
// customer); the serial sort walks the normalised-serial B-tree.
import type { ListPage, ProjectorListQuery, ProjectorListRow, SiteListQuery, SiteListRow } from '../../../../shared/console-api.js';
import { readEngineerProfile } from '../../../../shared/domain.js';
import type { ReadableDb } from '../cache/cache-db.js';
import { readStatement } from '../cache/cache-db.js';
import { projectorMatchExpression } from '../queries.js';

export const DEFAULT_LIST_LIMIT = 100;

type Sql = Readonly<{ text: string; params: readonly unknown[] }>;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const PROJECTOR_COLUMNS = `p.id AS id, p.serial AS serial, p.model AS model, p.manufacturer AS manufacturer,
  coalesce(s.name, '') AS siteName, coalesce(c.name, '') AS customerName, coalesce(s.region, '') AS region,
  p.install_date AS installDate, p.warranty_start AS warrantyStart, p.warranty_end AS warrantyEnd, p.contract_end AS contractEnd`;

export type ProjectorFilter = Omit<ProjectorListQuery, 'offset' | 'limit'>;
export type SiteFilter = Omit<SiteListQuery, 'offset' | 'limit'>;
export type EngineerFilter = Readonly<{ search?: string; region?: string }>;

/** FROM, WHERE and ORDER BY of the projector list; null when the search can match nothing. */
function projectorQuery(filter: ProjectorFilter): { from: string; where: Sql; order: string } | null {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const search = filter.search?.trim();
  if (search) {
    const match = projectorMatchExpression(search);
    if (match === null) return null;
    clauses.push('p.id IN (SELECT projector_id FROM projector_search WHERE projector_search MATCH ?)');
    params.push(match);
  }
  if (filter.region?.trim()) {
    clauses.push('s.region = ? COLLATE NOCASE');
    params.push(filter.region.trim());
  }
  const sort = filter.sort ?? 'serial';
  // The serial order walks projector_serials' primary key (serial_norm, projector_id): no sort step.
  const from =
    sort === 'serial'
      ? `projector_serials n JOIN projectors p ON p.id = n.projector_id LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN customers c ON c.id = s.customer_id`
      : `projectors p LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN customers c ON c.id = s.customer_id`;
  const order =
    sort === 'serial'
      ? 'n.serial_norm, n.projector_id'
      : sort === 'site'
        ? 's.name COLLATE NOCASE, p.serial COLLATE NOCASE, p.id'
        : 'p.warranty_end, p.serial COLLATE NOCASE, p.id';
  return { from, where: { text: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }, order };
}

export function listProjectors(db: ReadableDb, query: ProjectorListQuery): ListPage<ProjectorListRow> {
  const q = projectorQuery(query);
  if (q === null) return { rows: [], total: 0 };
  const limit = query.limit ?? DEFAULT_LIST_LIMIT;
  const offset = query.offset ?? 0;
  // The count needs no names, so it joins sites only when the region filter needs them.
  const countFrom = query.region?.trim() ? 'projectors p LEFT JOIN sites s ON s.id = p.site_id' : 'projectors p';
  const total = readStatement<unknown[], number>(db, `SELECT count(*) FROM ${countFrom} ${q.where.text}`).pluck().get(...q.where.params) ?? 0;
  const rows = readStatement<unknown[], ProjectorListRow>(db, `SELECT ${PROJECTOR_COLUMNS} FROM ${q.from} ${q.where.text} ORDER BY ${q.order} LIMIT ? OFFSET ?`).all(
    ...q.where.params,
    limit,
    offset,
  );
  return { rows, total };
}

/** A projector as the export reads it: PROJECTOR_COLUMNS in order, as an array (no object per row). */
export type ProjectorTuple = readonly [
  id: string,
  serial: string,
  model: string,
  manufacturer: string,
  siteName: string,
  customerName: string,
  region: string,
  installDate: string,
  warrantyStart: string | null,
  warrantyEnd: string,
  contractEnd: string | null,
];

/** Every matching projector in list order, a chunk at a time. */
export function* projectorChunks(db: ReadableDb, filter: ProjectorFilter, chunk = 5000): Generator<ProjectorTuple[]> {
  const q = projectorQuery(filter);
  if (q === null) return;
  // The order is fixed first as rowids (8 bytes each, a million is 8 MB), then rows are read a chunk
  // at a time: no cursor stays open across the caller's awaits, no sort runs twice, and the rows of
  // one chunk only are in memory (reading all at once was slower as well as bigger).
  const ids = readStatement<unknown[], number>(db, `SELECT p.rowid FROM ${q.from} ${q.where.text} ORDER BY ${q.order}`).pluck().all(...q.where.params);
  const byRowids = readStatement<[string], ProjectorTuple>(
    db,
    `SELECT ${PROJECTOR_COLUMNS} FROM json_each(?) j JOIN projectors p ON p.rowid = j.value LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN customers c ON c.id = s.customer_id ORDER BY j.key`,
    { raw: true },
  );
  for (let i = 0; i < ids.length; i += chunk) yield byRowids.all(JSON.stringify(ids.slice(i, i + chunk)));
}

function siteQuery(filter: SiteFilter): { where: Sql; order: string } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const search = filter.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    clauses.push(
      "(s.name LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\' OR c.code LIKE ? ESCAPE '\\' OR s.address LIKE ? ESCAPE '\\' OR s.contact_name LIKE ? ESCAPE '\\' OR s.region LIKE ? ESCAPE '\\')",
    );
    params.push(pattern, pattern, pattern, pattern, pattern, pattern);
  }
  if (filter.region?.trim()) {
    clauses.push('s.region = ? COLLATE NOCASE');
    params.push(filter.region.trim());
  }
  const sort = filter.sort ?? 'name';
  const order =
    sort === 'name'
      ? 's.name COLLATE NOCASE, c.name COLLATE NOCASE, s.id'
      : sort === 'customer'
        ? 'c.name COLLATE NOCASE, s.name COLLATE NOCASE, s.id'
        : 's.region COLLATE NOCASE, s.name COLLATE NOCASE, s.id';
  return { where: { text: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }, order };
}

const SITE_SELECT = `SELECT s.id AS id, s.name AS name, coalesce(c.name, '') AS customerName, coalesce(c.code, '') AS customerCode,
  s.region AS region, s.address AS address, s.contact_name AS contactName, s.contact_phone AS contactPhone, s.contact_email AS contactEmail,
  (SELECT count(*) FROM projectors p WHERE p.site_id = s.id) AS projectors
  FROM sites s LEFT JOIN customers c ON c.id = s.customer_id`;

export function listSites(db: ReadableDb, query: SiteListQuery): ListPage<SiteListRow> {
  const q = siteQuery(query);
  const total = readStatement<unknown[], number>(db, `SELECT count(*) FROM sites s LEFT JOIN customers c ON c.id = s.customer_id ${q.where.text}`).pluck().get(...q.where.params) ?? 0;
  const rows = readStatement<unknown[], SiteListRow>(db, `${SITE_SELECT} ${q.where.text} ORDER BY ${q.order} LIMIT ? OFFSET ?`).all(
    ...q.where.params,
    query.limit ?? DEFAULT_LIST_LIMIT,
    query.offset ?? 0,
  );
  return { rows, total };
}

export function* siteChunks(db: ReadableDb, filter: SiteFilter, chunk = 5000): Generator<SiteListRow[]> {
  const q = siteQuery(filter);
  const statement = readStatement<unknown[], SiteListRow>(db, `${SITE_SELECT} ${q.where.text} ORDER BY ${q.order} LIMIT ? OFFSET ?`);
  // Sites number in the thousands: offset paging is cheap here.
  for (let offset = 0; ; offset += chunk) {
    const rows = statement.all(...q.where.params, chunk, offset);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < chunk) return;
  }
}

export type EngineerListRow = Readonly<{
  id: string;
  name: string;
  email: string;
  phone: string;
  regions: readonly string[];
  skills: readonly string[];
  dailyCapacity: number | null;
  active: boolean;
}>;

/** Field service engineers (users with role fse), active ones, by name. */
export function listEngineers(db: ReadableDb, filter: EngineerFilter): EngineerListRow[] {
  const clauses = ["role = 'fse'", 'active = 1'];
  const params: unknown[] = [];
  const search = filter.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    clauses.push("(name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\')");
    params.push(pattern, pattern, pattern);
  }
  const rows = readStatement<unknown[], { id: string; name: string; email: string; phone: string; regions: string; engineer: string | null; active: number }>(
    db,
    `SELECT id, name, email, phone, regions, engineer, active FROM users WHERE ${clauses.join(' AND ')} ORDER BY name COLLATE NOCASE, id`,
  ).all(...params);
  const region = filter.region?.trim().toLowerCase();
  const out: EngineerListRow[] = [];
  for (const r of rows) {
    const regions = parseList(r.regions);
    if (region && !regions.some((g) => g.toLowerCase() === region)) continue;
    const profile = r.engineer ? readEngineerProfile(safeJson(r.engineer)) : null;
    out.push({ id: r.id, name: r.name, email: r.email, phone: r.phone, regions, skills: profile?.skills ?? [], dailyCapacity: profile?.dailyCapacity ?? null, active: r.active === 1 });
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function parseList(text: string): string[] {
  const value = safeJson(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
