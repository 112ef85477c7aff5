// Keeps the projector_search FTS5 table (and the projector_serials range index) in step with
// projectors, sites and customers. Called by
// rebase whenever those tables change (a site or customer rename re-indexes its projectors).
import type Database from 'better-sqlite3';
import type { WritableDb } from './cache-db.js';
import { rebuildTerms, TermBatch } from './search-terms.js';

/** SQL function computing normaliseSerial, so a full rebuild runs as one INSERT … SELECT. */
export const SERIAL_NORM_FUNCTION = 'lamphouse_serial_norm';

/** Lowercase, letters and digits only: 'BRX-2201', 'brx 2201' and 'Brx2201' become 'brx2201'. */
export function normaliseSerial(serial: string): string {
  return serial.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Registers the SQL functions the index needs; openCacheDb calls it on every connection. */
export function registerSearchFunctions(sqlite: Database.Database): void {
  sqlite.function(SERIAL_NORM_FUNCTION, { deterministic: true }, (serial: unknown) => (typeof serial === 'string' ? normaliseSerial(serial) : ''));
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

type IndexStatements = Readonly<{ search: Database.Statement; serial: Database.Statement }>;
const indexStatements = new WeakMap<Database.Database, IndexStatements>();

/** The two inserts every indexed projector needs, prepared once per connection. */
function statementsOf(sqlite: Database.Database): IndexStatements {
  let stmts = indexStatements.get(sqlite);
  if (!stmts) {
    stmts = {
      search: sqlite.prepare('INSERT INTO projector_search (projector_id, serial, serial_norm, model, manufacturer, site_name, customer_name) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      serial: sqlite.prepare('INSERT OR IGNORE INTO projector_serials (serial_norm, projector_id) VALUES (?, ?)'),
    };
    indexStatements.set(sqlite, stmts);
  }
  return stmts;
}

const listStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A statement over an id list, prepared once per connection and text: a burst of synced projectors
 * comes in chunks of the same size, so the same few texts repeat for every frame.
 */
function listStatement(sqlite: Database.Database, text: string): Database.Statement {
  let perDb = listStatements.get(sqlite);
  if (!perDb) {
    perDb = new Map();
    listStatements.set(sqlite, perDb);
  }
  let statement = perDb.get(text);
  if (!statement) {
    // Odd-sized tails of many sizes would pile up: keep the cache small.
    if (perDb.size >= 64) perDb.clear();
    statement = sqlite.prepare(text);
    perDb.set(text, statement);
  }
  return statement;
}

function insertSources(db: WritableDb, rows: readonly IndexSource[], terms: TermBatch): void {
  const { search, serial } = statementsOf(db.$client);
  for (const r of rows) {
    const norm = normaliseSerial(r.serial);
    const siteName = r.siteName ?? '';
    const customerName = r.customerName ?? '';
    search.run(r.id, r.serial, norm, r.model, r.manufacturer, siteName, customerName);
    serial.run(norm, r.id);
    // Model, manufacturer, site and customer repeat across a burst of new projectors: the batch
    // tokenises each text once and inserts each term once.
    terms.add(r.serial);
    terms.add(norm);
    terms.add(r.model);
    terms.add(r.manufacturer);
    terms.add(siteName);
    terms.add(customerName);
  }
}

/** Re-indexes the given projectors (removing those that no longer exist). Call inside a transaction. */
export function reindexProjectors(db: WritableDb, projectorIds: Iterable<string>): void {
  const ids = [...new Set(projectorIds)];
  const terms = new TermBatch(db.$client, 'p');
  for (const part of chunks(ids)) {
    const marks = part.map(() => '?').join(',');
    // projector_serials holds every indexed projector (kept with projector_search) and is indexed by
    // projector_id: it says which of these are in the FTS table already. projector_id is UNINDEXED
    // there, so deleting scans the whole index: skip it for new projectors (a bulk import of
    // 100,000 would otherwise scan a growing index 200 times).
    const indexed = listStatement(db.$client, `SELECT DISTINCT projector_id FROM projector_serials WHERE projector_id IN (${marks})`).pluck().all(...part) as string[];
    if (indexed.length > 0) {
      const known = indexed.map(() => '?').join(',');
      db.$client.prepare(`DELETE FROM projector_search WHERE projector_id IN (${known})`).run(...indexed);
      db.$client.prepare(`DELETE FROM projector_serials WHERE projector_id IN (${known})`).run(...indexed);
    }
    const sources = listStatement(db.$client, `${SOURCE_SQL} WHERE p.id IN (${marks})`).all(...part) as IndexSource[];
    insertSources(db, sources, terms);
  }
}

/**
 * Rebuilds the whole index (after a bootstrap). Call inside a transaction. Dropping and recreating
 * the table (from its own stored definition) is far quicker than deleting a million FTS rows one by
 * one, and the INSERT … SELECT keeps the rows out of JavaScript memory.
 */
export function rebuildProjectorSearch(db: WritableDb): void {
  const sqlite = db.$client;
  const ddl = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'projector_search'").pluck().get() as string | undefined;
  if (!ddl) throw new Error('projector_search table is missing');
  sqlite.exec('DROP TABLE projector_search');
  sqlite.exec(ddl);
  sqlite
    .prepare(
      `INSERT INTO projector_search (projector_id, serial, serial_norm, model, manufacturer, site_name, customer_name)
       SELECT p.id, p.serial, ${SERIAL_NORM_FUNCTION}(p.serial), p.model, p.manufacturer, coalesce(s.name, ''), coalesce(c.name, '')
       FROM projectors p LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN customers c ON c.id = s.customer_id`,
    )
    .run();
  // The serial range index: dropped and rebuilt like the FTS table (one sort, not a million updates).
  sqlite.exec('DROP INDEX IF EXISTS projector_serials_projector_id');
  sqlite.exec('DELETE FROM projector_serials');
  sqlite.prepare(`INSERT OR IGNORE INTO projector_serials (serial_norm, projector_id) SELECT ${SERIAL_NORM_FUNCTION}(serial), id FROM projectors ORDER BY 1, 2`).run();
  sqlite.exec('CREATE INDEX projector_serials_projector_id ON projector_serials (projector_id)');
  rebuildTerms(sqlite, 'p');
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
