// Keeps the intake search indexes (intake_docs + the FTS5 tables intake_search and intake_phone) in
// step with sites, customers and cases: one doc per site, per customer, per site contact and per
// case contact (intake_compact holds the run-together names of sites and customers). A case whose
// contact is its site's contact gets no doc of its own (the site's finds the person and the site;
// most cases are reported by the site's own contact, so this keeps the index a fraction of the
// cases); when a site's contact changes, the contacts of its cases are looked at again. Called by rebase for changed rows and by the bootstrap swap for everything.
import type Database from 'better-sqlite3';
import type { WritableDb } from './cache-db.js';
import { SERIAL_NORM_FUNCTION, normaliseSerial } from './projector-search-index.js';
import { addTerms, rebuildTerms } from './search-terms.js';

export const PHONE_FORMS_FUNCTION = 'lamphouse_phone_forms';

export type IntakeDocKind = 'site' | 'customer' | 'site_contact' | 'case_contact';

/**
 * The digit strings a phone number is found by: all its digits; for an international number
 * ("+44 161 496 0000", "0044 (0)161-496-0000") also the country code with the national number
 * ("441614960000") and the national form, a 0 in place of the country code ("01614960000"). The
 * country code is the first group of 1 to 3 digits after the + or 00 when the number is written
 * with a separator after it (as numbers usually are); without one no national form is guessed.
 * The search matches the typed digits as a substring of any of these forms.
 */
export function phoneDigitForms(phone: string): string {
  const all = phone.replace(/\D+/g, '');
  if (all.length === 0) return '';
  const international = /^\s*(?:\+|00)\s*(\d{1,3})[\s.\-/()]+(.*)$/.exec(phone);
  if (!international) return all;
  const rest = (international[2] ?? '').replace(/\D+/g, '').replace(/^0+/, '');
  if (!rest) return all;
  return [...new Set([all, `${international[1]}${rest}`, `0${rest}`])].join(' ');
}

export const PHONE_KEY_FUNCTION = 'lamphouse_phone_key';
/** Digits compared from the end when two numbers are written in different forms (national vs international). */
export const PHONE_TAIL_DIGITS = 9;

/** What identifies a line however it is written: its last 9 digits ("+44 7700 900123" = "07700900123"). */
export function phoneKey(phone: string): string {
  return phone.replace(/\D+/g, '').slice(-PHONE_TAIL_DIGITS);
}

/** Registers the SQL functions the index needs; openCacheDb calls it on every connection. */
export function registerIntakeFunctions(sqlite: Database.Database): void {
  sqlite.function(PHONE_FORMS_FUNCTION, { deterministic: true }, (phone: unknown) => (typeof phone === 'string' ? phoneDigitForms(phone) : ''));
  sqlite.function(PHONE_KEY_FUNCTION, { deterministic: true }, (phone: unknown) => (typeof phone === 'string' ? phoneKey(phone) : ''));
}

type Statements = Readonly<{
  find: Database.Statement;
  dropDoc: Database.Statement;
  dropWords: Database.Statement;
  dropPhone: Database.Statement;
  dropCompact: Database.Statement;
  insertCompact: Database.Statement;
  insertDoc: Database.Statement;
  insertWords: Database.Statement;
  insertPhone: Database.Statement;
  site: Database.Statement;
  customer: Database.Statement;
  caseContact: Database.Statement;
  casesAtSite: Database.Statement;
}>;

/** SQL (cases_confirmed c, sites s): the case's contact is its site's contact, written the same way or not. */
const SAME_AS_SITE_CONTACT = `(s.id IS NOT NULL AND lower(trim(c.contact_name)) = lower(trim(s.contact_name))
  AND lower(trim(c.contact_email)) = lower(trim(s.contact_email))
  AND ${PHONE_KEY_FUNCTION}(c.contact_phone) = ${PHONE_KEY_FUNCTION}(s.contact_phone))`;

const statementCache = new WeakMap<Database.Database, Statements>();

function statementsFor(sqlite: Database.Database): Statements {
  let s = statementCache.get(sqlite);
  if (!s) {
    s = {
      find: sqlite.prepare('SELECT doc_id FROM intake_docs WHERE kind = ? AND ref = ?').pluck(),
      dropDoc: sqlite.prepare('DELETE FROM intake_docs WHERE doc_id = ?'),
      dropWords: sqlite.prepare('DELETE FROM intake_search WHERE rowid = ?'),
      dropPhone: sqlite.prepare('DELETE FROM intake_phone WHERE rowid = ?'),
      dropCompact: sqlite.prepare('DELETE FROM intake_compact WHERE rowid = ?'),
      insertDoc: sqlite.prepare('INSERT INTO intake_docs (kind, ref, site_id, customer_id, name, phone, email) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertWords: sqlite.prepare('INSERT INTO intake_search (rowid, kind, name, words) VALUES (?, ?, ?, ?)'),
      insertCompact: sqlite.prepare('INSERT INTO intake_compact (rowid, kind, compact) VALUES (?, ?, ?)'),
      insertPhone: sqlite.prepare('INSERT INTO intake_phone (rowid, digits) VALUES (?, ?)'),
      site: sqlite.prepare('SELECT id, customer_id AS customerId, name, address, contact_name AS contactName, contact_phone AS contactPhone, contact_email AS contactEmail FROM sites WHERE id = ?'),
      customer: sqlite.prepare('SELECT id, name, code FROM customers WHERE id = ?'),
      caseContact: sqlite.prepare(
        `SELECT c.id, c.site_id AS siteId, c.customer_id AS customerId, c.contact_name AS name, c.contact_phone AS phone, c.contact_email AS email,
           ${SAME_AS_SITE_CONTACT} AS sameAsSite
         FROM cases_confirmed c LEFT JOIN sites s ON s.id = c.site_id WHERE c.id = ?`,
      ),
      casesAtSite: sqlite.prepare('SELECT id FROM cases_confirmed WHERE site_id = ?').pluck(),
    };
    statementCache.set(sqlite, s);
  }
  return s;
}

type Doc = Readonly<{ kind: IntakeDocKind; ref: string; siteId: string | null; customerId: string | null; name: string; phone: string; email: string; words: string; compact: string }>;

function removeDoc(s: Statements, kind: IntakeDocKind, ref: string): void {
  const docId = s.find.get(kind, ref) as number | undefined;
  if (docId === undefined) return;
  s.dropWords.run(docId);
  s.dropPhone.run(docId);
  s.dropCompact.run(docId);
  s.dropDoc.run(docId);
}

function addDoc(sqlite: Database.Database, s: Statements, doc: Doc): void {
  const docId = Number(s.insertDoc.run(doc.kind, doc.ref, doc.siteId, doc.customerId, doc.name, doc.phone, doc.email).lastInsertRowid);
  s.insertWords.run(docId, searchKind(doc.kind), doc.name, doc.words);
  addTerms(sqlite, 'i', [doc.name, doc.words]);
  if (doc.compact) {
    s.insertCompact.run(docId, searchKind(doc.kind), doc.compact);
    addTerms(sqlite, 'c', [doc.compact]);
  }
  const digits = phoneDigitForms(doc.phone);
  if (digits) s.insertPhone.run(docId, digits);
}

/** The kind token in intake_search: both kinds of contact are searched together. */
export function searchKind(kind: IntakeDocKind): 'customer' | 'site' | 'contact' {
  return kind === 'site_contact' || kind === 'case_contact' ? 'contact' : kind;
}

const hasContact = (c: Readonly<{ name: string; phone: string; email: string }>) => Boolean(c.name.trim() || c.phone.trim() || c.email.trim());

type SiteSource = { id: string; customerId: string; name: string; address: string; contactName: string; contactPhone: string; contactEmail: string };

/** Re-indexes the given sites, customers and cases (removing the docs of those that are gone). Call inside a transaction. */
export function reindexIntake(db: WritableDb, ids: Readonly<{ siteIds?: Iterable<string>; customerIds?: Iterable<string>; caseIds?: Iterable<string> }>): void {
  const s = statementsFor(db.$client);
  const caseIds = new Set(ids.caseIds ?? []);
  for (const id of new Set(ids.siteIds ?? [])) {
    for (const caseId of s.casesAtSite.all(id) as string[]) caseIds.add(caseId);
    removeDoc(s, 'site', id);
    removeDoc(s, 'site_contact', id);
    const site = s.site.get(id) as SiteSource | undefined;
    if (!site) continue;
    addDoc(db.$client, s, { kind: 'site', ref: id, siteId: id, customerId: site.customerId, name: site.name, phone: '', email: '', words: site.address, compact: normaliseSerial(site.name) });
    const contact = { name: site.contactName, phone: site.contactPhone, email: site.contactEmail };
    if (hasContact(contact)) addDoc(db.$client, s, { kind: 'site_contact', ref: id, siteId: id, customerId: site.customerId, ...contact, words: contact.email, compact: '' });
  }
  for (const id of new Set(ids.customerIds ?? [])) {
    removeDoc(s, 'customer', id);
    const customer = s.customer.get(id) as { id: string; name: string; code: string } | undefined;
    if (!customer) continue;
    addDoc(db.$client, s, {
      kind: 'customer',
      ref: id,
      siteId: null,
      customerId: id,
      name: customer.name,
      phone: '',
      email: '',
      words: customer.code,
      compact: `${normaliseSerial(customer.name)} ${normaliseSerial(customer.code)}`,
    });
  }
  for (const id of caseIds) {
    removeDoc(s, 'case_contact', id);
    const c = s.caseContact.get(id) as { id: string; siteId: string | null; customerId: string | null; name: string; phone: string; email: string; sameAsSite: 0 | 1 } | undefined;
    if (!c || !hasContact(c) || c.sameAsSite) continue;
    addDoc(db.$client, s, { kind: 'case_contact', ref: id, siteId: c.siteId, customerId: c.customerId, name: c.name, phone: c.phone, email: c.email, words: c.email, compact: '' });
  }
}

function recreate(sqlite: Database.Database, table: string): void {
  const ddl = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined;
  if (!ddl) throw new Error(`${table} table is missing`);
  sqlite.exec(`DROP TABLE ${table}`);
  sqlite.exec(ddl);
}

/**
 * Rebuilds every intake doc from the confirmed tables (after a bootstrap), in SQL: dropping and
 * recreating the FTS tables is far quicker than deleting their rows. Call inside a transaction.
 */
export function rebuildIntakeSearch(db: WritableDb): void {
  const sqlite = db.$client;
  recreate(sqlite, 'intake_search');
  recreate(sqlite, 'intake_phone');
  recreate(sqlite, 'intake_compact');
  sqlite.exec('DELETE FROM intake_docs');
  const contact = (alias: string) => `(trim(${alias}.contact_name) <> '' OR trim(${alias}.contact_phone) <> '' OR trim(${alias}.contact_email) <> '')`;
  sqlite.exec(`
    INSERT INTO intake_docs (kind, ref, site_id, customer_id, name, phone, email)
      SELECT 'site', id, id, customer_id, name, '', '' FROM sites;
    INSERT INTO intake_docs (kind, ref, site_id, customer_id, name, phone, email)
      SELECT 'site_contact', id, id, customer_id, contact_name, contact_phone, contact_email FROM sites s WHERE ${contact('s')};
    INSERT INTO intake_docs (kind, ref, site_id, customer_id, name, phone, email)
      SELECT 'customer', id, NULL, id, name, '', '' FROM customers;
    INSERT INTO intake_docs (kind, ref, site_id, customer_id, name, phone, email)
      SELECT 'case_contact', c.id, c.site_id, c.customer_id, c.contact_name, c.contact_phone, c.contact_email
      FROM cases_confirmed c LEFT JOIN sites s ON s.id = c.site_id WHERE ${contact('c')} AND NOT ${SAME_AS_SITE_CONTACT};
    INSERT INTO intake_search (rowid, kind, name, words)
      SELECT d.doc_id, CASE d.kind WHEN 'site' THEN 'site' WHEN 'customer' THEN 'customer' ELSE 'contact' END, d.name,
        CASE d.kind WHEN 'site' THEN coalesce(s.address, '') WHEN 'customer' THEN coalesce(c.code, '') ELSE d.email END
      FROM intake_docs d
        LEFT JOIN sites s ON d.kind = 'site' AND s.id = d.ref
        LEFT JOIN customers c ON d.kind = 'customer' AND c.id = d.ref;
    INSERT INTO intake_compact (rowid, kind, compact)
      SELECT d.doc_id, d.kind,
        CASE d.kind WHEN 'site' THEN ${SERIAL_NORM_FUNCTION}(d.name)
          ELSE ${SERIAL_NORM_FUNCTION}(d.name) || ' ' || ${SERIAL_NORM_FUNCTION}(coalesce(c.code, '')) END
      FROM intake_docs d LEFT JOIN customers c ON d.kind = 'customer' AND c.id = d.ref
      WHERE d.kind IN ('site', 'customer');
    INSERT INTO intake_phone (rowid, digits)
      SELECT doc_id, ${PHONE_FORMS_FUNCTION}(phone) FROM intake_docs WHERE ${PHONE_FORMS_FUNCTION}(phone) <> '';
  `);
  rebuildTerms(sqlite, 'i');
  rebuildTerms(sqlite, 'c');
}
