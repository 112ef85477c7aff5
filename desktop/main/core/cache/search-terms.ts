// The term list of each FTS index (table search_terms), so search-as-you-type can expand a word
// being typed to whole terms with a b-tree range (see the 0006 migration for why not fts5vocab).
// Filled from the index's fts5vocab table after a rebuild; topped up as rows are re-indexed.
import type Database from 'better-sqlite3';

export type TermSource = 'p' | 'i' | 'c';

const VOCAB: Readonly<Record<TermSource, string>> = { p: 'projector_search_vocab', i: 'intake_search_vocab', c: 'intake_compact_vocab' };

/** The terms FTS5's unicode61 tokenizer (remove_diacritics 2) makes of a text, closely enough. */
export function indexTerms(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const inserts = new WeakMap<Database.Database, Database.Statement>();

/** Adds the terms of `texts` to a source's list. Call inside the transaction that indexes them. */
export function addTerms(sqlite: Database.Database, source: TermSource, texts: readonly string[]): void {
  let insert = inserts.get(sqlite);
  if (!insert) {
    insert = sqlite.prepare('INSERT OR IGNORE INTO search_terms (source, term) VALUES (?, ?)');
    inserts.set(sqlite, insert);
  }
  for (const text of texts) for (const term of indexTerms(text)) insert.run(source, term);
}

/** Replaces a source's list with the terms its index holds now (after a full rebuild). */
export function rebuildTerms(sqlite: Database.Database, source: TermSource): void {
  sqlite.prepare('DELETE FROM search_terms WHERE source = ?').run(source);
  sqlite.prepare(`INSERT INTO search_terms (source, term) SELECT ?, term FROM ${VOCAB[source]}`).run(source);
}
