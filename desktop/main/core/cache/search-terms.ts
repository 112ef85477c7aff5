// The term list of each FTS index (table search_terms), so search-as-you-type can expand a word
// being typed to whole terms with a b-tree range (see the 0006 migration for why not fts5vocab).
// Filled from the index's fts5vocab table after a rebuild; topped up as rows are re-indexed.
import type Database from 'better-sqlite3';

export type TermSource = 'p' | 'i' | 'c';

const VOCAB: Readonly<Record<TermSource, string>> = { p: 'projector_search_vocab', i: 'intake_search_vocab', c: 'intake_compact_vocab' };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The terms FTS5's unicode61 tokenizer (remove_diacritics 2) makes of a text, closely enough. */
export function indexTerms(text: string): string[] {
  // Plain ASCII (nearly every serial, model and name) needs no decomposition: the same terms, several
  // times quicker than the Unicode path.
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
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
  const batch = new TermBatch(sqlite, source);
  for (const text of texts) batch.add(text);
}

/**
 * Terms added over one re-index (a burst of synced rows): each distinct text is tokenised once and
 * each distinct term inserted once, through one prepared statement. A bulk import's 2,000 new
 * projectors share a handful of models, makers, sites and customers, so most texts repeat.
 * Use inside the transaction that indexes the rows; drop it with the transaction.
 */
export class TermBatch {
  private readonly texts = new Set<string>();
  private readonly terms = new Set<string>();
  private readonly insert: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private readonly source: TermSource,
  ) {
    let insert = inserts.get(sqlite);
    if (!insert) {
      insert = sqlite.prepare('INSERT OR IGNORE INTO search_terms (source, term) VALUES (?, ?)');
      inserts.set(sqlite, insert);
    }
    this.insert = insert;
  }

  add(text: string): void {
    if (text === '' || this.texts.has(text)) return;
    this.texts.add(text);
    for (const term of indexTerms(text)) {
      if (this.terms.has(term)) continue;
      this.terms.add(term);
      this.insert.run(this.source, term);
    }
  }
}

/** Replaces a source's list with the terms its index holds now (after a full rebuild). */
export function rebuildTerms(sqlite: Database.Database, source: TermSource): void {
  sqlite.prepare('DELETE FROM search_terms WHERE source = ?').run(source);
  sqlite.prepare(`INSERT INTO search_terms (source, term) SELECT ?, term FROM ${VOCAB[source]}`).run(source);
}
