// Keeps the projector_search FTS5 table in step with projectors, sites and customers. Called by
// rebase whenever those tables change (a site or customer rename re-indexes its projectors).
import type { WritableDb } from './cache-db.js';

/** Lowercase, letters and digits only: 'BRX-2201', 'brx 2201' and 'Brx2201' become 'brx2201'. */
export function normaliseSerial(serial: string): string {
  return serial.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

type IndexSource = { id: string; serial: string; model: string; manufacturer: string; siteName: string | null; customerName: string | null };

const SOURCE_SQL = `SELECT p.id AS id, p.serial AS serial, p.model AS model, p.manufacturer AS manufacturer,
    s.name AS siteName, c.name AS customerName
  FROM projectors p LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN customers c ON c.id = s.customer_id`;

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function insertSources(db: WritableDb, rows: readonly IndexSource[]): void {
  const insert = db.$client.prepare(
    'INSERT INTO projector_search (projector_id, serial, serial_norm, model, manufacturer, site_name, customer_name) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) insert.run(r.id, r.serial, normaliseSerial(r.serial), r.model, r.manufacturer, r.siteName ?? '', r.customerName ?? '');
}

/** Re-indexes the given projectors (removing those that no longer exist). Call inside a transaction. */
export function reindexProjectors(db: WritableDb, projectorIds: Iterable<string>): void {
  const ids = [...new Set(projectorIds)];
  for (const part of chunks(ids)) {
    const marks = part.map(() => '?').join(',');
    // projector_id is UNINDEXED, so this scans the index once per chunk rather than once per row.
    db.$client.prepare(`DELETE FROM projector_search WHERE projector_id IN (${marks})`).run(...part);
    insertSources(db, db.$client.prepare(`${SOURCE_SQL} WHERE p.id IN (${marks})`).all(...part) as IndexSource[]);
  }
}

/** Rebuilds the whole index (after a bootstrap). Call inside a transaction. */
export function rebuildProjectorSearch(db: WritableDb): void {
  db.$client.prepare('DELETE FROM projector_search').run();
  insertSources(db, db.$client.prepare(SOURCE_SQL).all() as IndexSource[]);
}

export function projectorIdsForSites(db: WritableDb, siteIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of chunks(siteIds)) {
    const rows = db.$client.prepare(`SELECT id FROM projectors WHERE site_id IN (${part.map(() => '?').join(',')})`).all(...part) as { id: string }[];
    for (const r of rows) out.push(r.id);
  }
  return out;
}

export function projectorIdsForCustomers(db: WritableDb, customerIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of chunks(customerIds)) {
    const rows = db.$client
      .prepare(`SELECT p.id AS id FROM projectors p JOIN sites s ON s.id = p.site_id WHERE s.customer_id IN (${part.map(() => '?').join(',')})`)
      .all(...part) as { id: string }[];
    for (const r of rows) out.push(r.id);
  }
  return out;
}
