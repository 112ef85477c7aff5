// The intake window's search-as-you-type over the local cache: serials (a B-tree range over the
// normalised serial), models and other projector words (projector_search), sites, customers and
// contacts by name or email (intake_search) and contacts by phone digits (intake_phone, trigrams).
// Every query is bounded by LIMIT and none asks FTS5 to rank a huge match set, so a keystroke stays
// in the low milliseconds over a million projectors. Results are ranked by tier, de-duplicated and
// limited; a read path, so it takes a ReadableDb.
import { sql } from 'drizzle-orm';
import type { IntakeMatch } from '../../../shared/console-api.js';
import type { ReadableDb } from './cache/cache-db.js';
import { normaliseSerial } from './cache/projector-search-index.js';
import type { TermSource } from './cache/search-terms.js';

export const DEFAULT_INTAKE_MATCHES = 10;
/** More words than this are noise; it keeps the MATCH expressions small. */
const MAX_TOKENS = 8;
/** Fewer typed digits than this are not a phone number yet (and trigrams need 3). */
export const MIN_PHONE_DIGITS = 4;
/** A query shorter than this (letters and digits) finds nothing: one character matches everything. */
export const MIN_QUERY_CHARS = 2;

export type IntakeQuery = Readonly<{
  /** Lowercased words, letters and digits only. */
  tokens: readonly string[];
  /** The words run together ('brx 2201', 'BRX-2201' → 'brx2201'): how serials and codes are matched. */
  compact: string;
  /** The typed digits, when the query looks like a phone number (only digits and phone punctuation). */
  phoneDigits: string | null;
  /** The query contains an @: contacts come first. */
  email: boolean;
}>;

export function parseIntakeQuery(text: string): IntakeQuery {
  const normalised = text.normalize('NFKC').toLowerCase();
  const all = normalised.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // A lone letter after other words is the start of the next word, not a word: it would match
  // everything, so it narrows nothing until the second letter (the run-together form keeps it).
  const tokens = (all.length > 1 ? all.filter((t) => t.length > 1) : all).slice(0, MAX_TOKENS);
  const digits = normalised.replace(/\D+/g, '');
  const phoneLike = /^[\d\s()+.\-/]+$/.test(normalised.trim()) && digits.length >= MIN_PHONE_DIGITS;
  return { tokens, compact: normaliseSerial(all.join('')), phoneDigits: phoneLike ? digits : null, email: normalised.includes('@') };
}

/** Most whole terms a typed word is expanded to. */
export const MAX_EXPANSION = 16;

/**
 * The first MAX_EXPANSION whole terms of an index that begin with `token` (a range over the
 * search_terms b-tree). Searching exact terms lets FTS5 seek through the doclists;
 * a prefix query (`"pictu"*`) would first load and merge every matching doclist, which over a
 * million projectors costs more than a keystroke may.
 */
function expand(db: ReadableDb, source: TermSource, token: string): string[] {
  const upper = `${token}\u{10FFFF}`;
  return db.all<{ term: string }>(sql`SELECT term FROM search_terms WHERE source = ${source} AND term >= ${token} AND term < ${upper} LIMIT ${MAX_EXPANSION}`).map((r) => r.term);
}

/** `"a" OR "ab" OR …` for the terms of one typed word (quoted, so they are just text). */
function anyOf(terms: readonly string[]): string {
  return terms.length === 1 ? `"${terms[0]}"` : `(${terms.map((t) => `"${t}"`).join(' OR ')})`;
}

/**
 * FTS5 expression requiring every typed word in `columns`, each as the whole terms it begins. A
 * word that begins more than MAX_EXPANSION terms is searched by the first of them in term order
 * (the word itself first when it is a whole term): every match shown still begins with what was
 * typed, and the list is short anyway; the next keystroke narrows it. Null when a word matches no term.
 */
function wordsExpression(db: ReadableDb, source: TermSource, tokens: readonly string[], columns: string): string | null {
  const parts: string[] = [];
  for (const token of tokens) {
    const terms = expand(db, source, token);
    if (terms.length === 0) return null;
    parts.push(anyOf(terms));
  }
  return parts.length ? `{${columns}} : (${parts.join(' AND ')})` : null;
}

type ProjectorHit = { projectorId: string; serial: string; model: string; manufacturer: string; siteId: string; siteName: string; customerId: string; customerName: string };
type DocHit = { kind: 'site' | 'customer' | 'site_contact' | 'case_contact'; ref: string; siteId: string | null; customerId: string | null; name: string; phone: string; email: string; siteName: string | null; customerName: string | null; extra: string | null };

const PROJECTOR_COLUMNS = sql`p.id AS projectorId, p.serial AS serial, p.model AS model, p.manufacturer AS manufacturer,
  p.site_id AS siteId, coalesce(s.name, '') AS siteName, coalesce(s.customer_id, '') AS customerId, coalesce(c.name, '') AS customerName`;
const PROJECTOR_JOINS = sql`LEFT JOIN sites s ON s.id = p.site_id LEFT JOIN customers c ON c.id = s.customer_id`;

function serialMatches(db: ReadableDb, compact: string, limit: number): ProjectorHit[] {
  // Exact serial first, then the serials it begins, in serial order: a range over the B-tree.
  const upper = `${compact}\u{10FFFF}`;
  return db.all<ProjectorHit>(sql`
    SELECT ${PROJECTOR_COLUMNS}
    FROM (SELECT projector_id, serial_norm FROM projector_serials WHERE serial_norm >= ${compact} AND serial_norm < ${upper} ORDER BY serial_norm LIMIT ${limit}) n
      JOIN projectors p ON p.id = n.projector_id ${PROJECTOR_JOINS}
    ORDER BY n.serial_norm <> ${compact}, n.serial_norm`);
}

function projectorWordMatches(db: ReadableDb, tokens: readonly string[], limit: number): ProjectorHit[] {
  // No ORDER BY rank: ranking every projector of a common model would cost more than the keystroke.
  const match = wordsExpression(db, 'p', tokens, 'serial model manufacturer site_name customer_name');
  if (match === null) return [];
  return db.all<ProjectorHit>(sql`
    SELECT ${PROJECTOR_COLUMNS}
    FROM (SELECT projector_id FROM projector_search WHERE projector_search MATCH ${match} LIMIT ${limit}) f
      JOIN projectors p ON p.id = f.projector_id ${PROJECTOR_JOINS}`);
}

const DOC_COLUMNS = sql`d.kind AS kind, d.ref AS ref, d.site_id AS siteId, d.customer_id AS customerId, d.name AS name, d.phone AS phone, d.email AS email,
  s.name AS siteName, c.name AS customerName,
  CASE d.kind WHEN 'site' THEN s.address WHEN 'customer' THEN c.code ELSE NULL END AS extra`;
const DOC_JOINS = sql`LEFT JOIN sites s ON s.id = d.site_id LEFT JOIN customers c ON c.id = d.customer_id`;

/**
 * Docs of one kind whose name or words match, at most `limit`, best first. FTS5 is not asked to
 * rank (bm25 over thousands of "Leicester" sites would cost more than the keystroke): the first
 * matches are scored here, exact name before name prefix before any word.
 */
function docMatches(db: ReadableDb, query: IntakeQuery, words: string | null, kind: 'customer' | 'site' | 'contact', limit: number): DocHit[] {
  let table = sql.raw('intake_search');
  let match = words === null ? null : `kind : ${kind} AND ${words}`;
  if (match === null && kind !== 'contact' && query.compact.length >= 3) {
    // No word matched as typed: try the run-together name or code ('ghg01' for 'GHG-01').
    const compact = expand(db, 'c', query.compact);
    if (compact.length) {
      table = sql.raw('intake_compact');
      match = `kind : ${kind} AND compact : ${anyOf(compact)}`;
    }
  }
  if (match === null) return [];
  const hits = db.all<DocHit>(sql`
    SELECT ${DOC_COLUMNS}
    FROM (SELECT rowid AS doc_id FROM ${table} WHERE ${table} MATCH ${match} LIMIT ${limit}) f
      JOIN intake_docs d ON d.doc_id = f.doc_id ${DOC_JOINS}`);
  const score = (d: DocHit) => {
    const name = normaliseSerial(d.name);
    if (name === query.compact) return 0;
    if (name.startsWith(query.compact)) return 1;
    if (normaliseSerial(d.email).startsWith(query.compact)) return 2;
    return 3;
  };
  return hits.map((d) => ({ d, s: score(d) })).sort((x, y) => x.s - y.s || x.d.name.length - y.d.name.length || x.d.name.localeCompare(y.d.name)).map((x) => x.d);
}

function phoneMatches(db: ReadableDb, digits: string, limit: number): DocHit[] {
  const match = `"${digits}"`;
  return db.all<DocHit>(sql`
    SELECT ${DOC_COLUMNS}
    FROM (SELECT rowid AS doc_id FROM intake_phone WHERE intake_phone MATCH ${match} LIMIT ${limit}) f
      JOIN intake_docs d ON d.doc_id = f.doc_id ${DOC_JOINS}`);
}

const join = (parts: readonly (string | null | undefined)[]) => parts.filter((p): p is string => Boolean(p && p.trim())).join(' · ');

function projectorMatch(p: ProjectorHit): IntakeMatch {
  return { kind: 'projector', projectorId: p.projectorId, siteId: p.siteId, customerId: p.customerId, label: p.serial, detail: join([`${p.manufacturer} ${p.model}`, p.siteName, p.customerName]) };
}

/** Contacts are one person however many sites and cases name them: keyed by name, phone digits and email. */
function contactKey(d: DocHit): string {
  return `${d.name.trim().toLowerCase()}\u0000${d.phone.replace(/\D+/g, '')}\u0000${d.email.trim().toLowerCase()}`;
}

type ContactGroup = { name: string; phone: string; email: string; siteIds: string[]; siteNames: string[] };

function contactMatch(g: ContactGroup): IntakeMatch {
  const sites = g.siteNames.length > 2 ? `${g.siteNames.slice(0, 2).join(', ')} +${g.siteNames.length - 2}` : g.siteNames.join(', ');
  return { kind: 'contact', name: g.name, phone: g.phone, email: g.email, siteIds: g.siteIds, label: g.name || g.email || g.phone, detail: join([g.phone, g.email, sites]) };
}

/**
 * What the agent typed → ranked, de-duplicated matches. Tiers: a phone-like query finds contacts
 * by number first; an email-like one contacts first; otherwise exact and prefix serials, then
 * customers, sites and contacts by name (ranked by FTS5 when specific enough), then projectors by
 * model, site or customer words to fill up.
 */
export function searchIntake(db: ReadableDb, text: string, limit = DEFAULT_INTAKE_MATCHES): IntakeMatch[] {
  const query = parseIntakeQuery(text);
  if (query.compact.length < MIN_QUERY_CHARS) return [];
  const out: IntakeMatch[] = [];
  const seen = new Set<string>();
  const contacts = new Map<string, ContactGroup>();
  const add = (key: string, match: IntakeMatch) => {
    if (out.length >= limit || seen.has(key)) return;
    seen.add(key);
    out.push(match);
  };
  const addDocs = (docs: readonly DocHit[]) => {
    for (const d of docs) {
      if (d.kind === 'site') add(`s:${d.ref}`, { kind: 'site', siteId: d.ref, customerId: d.customerId ?? '', label: d.name, detail: join([d.customerName, d.extra]) });
      else if (d.kind === 'customer') add(`c:${d.ref}`, { kind: 'customer', customerId: d.ref, label: d.name, detail: d.extra ?? '' });
      else {
        const key = contactKey(d);
        let group = contacts.get(key);
        if (!group) {
          if (out.length >= limit) continue;
          group = { name: d.name.trim(), phone: d.phone.trim(), email: d.email.trim(), siteIds: [], siteNames: [] };
          contacts.set(key, group);
          // The entry is placed now (its rank) and its sites are gathered from the docs that follow.
          out.push({ kind: 'contact', name: '', phone: '', email: '', siteIds: [], label: key, detail: '' });
          seen.add(`k:${key}`);
        }
        if (d.siteId && !group.siteIds.includes(d.siteId)) {
          group.siteIds.push(d.siteId);
          if (d.siteName) group.siteNames.push(d.siteName);
        }
      }
    }
  };
  const addProjectors = (hits: readonly ProjectorHit[]) => {
    for (const p of hits) add(`p:${p.projectorId}`, projectorMatch(p));
  };
  // Contacts repeat across cases: fetch more docs than shown so one busy caller does not crowd out the rest.
  const docLimit = limit * 4;

  let words: string | null | undefined;
  const docs = (kind: 'customer' | 'site' | 'contact', max: number) => {
    if (words === undefined) words = wordsExpression(db, 'i', query.tokens, 'name words');
    addDocs(docMatches(db, query, words, kind, max));
  };

  if (query.phoneDigits) addDocs(phoneMatches(db, query.phoneDigits, docLimit));
  if (query.email) docs('contact', docLimit);
  if (out.length < limit) addProjectors(serialMatches(db, query.compact, limit));
  if (out.length < limit) docs('customer', limit);
  if (out.length < limit) docs('site', limit);
  if (out.length < limit && !query.email) docs('contact', docLimit);
  if (out.length < limit && !query.phoneDigits) addProjectors(projectorWordMatches(db, query.tokens, limit));

  return out.map((m) => {
    if (m.kind !== 'contact') return m;
    const group = contacts.get(m.label);
    return group ? contactMatch(group) : m;
  });
}
