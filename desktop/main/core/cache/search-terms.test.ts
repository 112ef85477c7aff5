import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCacheDb, openCacheDb, type WritableDb } from './cache-db.js';
import { indexTerms, TermBatch } from './search-terms.js';

/** The Unicode path every text took before the plain-ASCII shortcut. */
const unicodeTerms = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

describe('indexTerms', () => {
  it('gives plain ASCII the same terms as the Unicode path', () => {
    let ascii = '';
    for (let c = 0x20; c <= 0x7e; c++) ascii += String.fromCharCode(c);
    for (const text of ['BRX-2201', 'brx 2201', 'IMP-000000123', 'DP4K-32B', "O'Brien & Sons (UK) Ltd.", '  --  ', '', 'a_b|c~d', ascii]) {
      expect(indexTerms(text)).toEqual(unicodeTerms(text));
    }
  });

  it('still folds accents and splits non-ASCII text', () => {
    expect(indexTerms('Zürich Kino – Ñandú 4K')).toEqual(['zurich', 'kino', 'nandu', '4k']);
    expect(indexTerms('Zürich Kino – Ñandú 4K')).toEqual(unicodeTerms('Zürich Kino – Ñandú 4K'));
  });
});

describe('TermBatch', () => {
  let dir: string;
  let db: WritableDb;
  afterEach(() => {
    closeCacheDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds every term of every text once, the same list as term by term', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
    db = openCacheDb({ file: path.join(dir, 'cache.sqlite') });
    const texts = ['Barco', 'DP4K-32B', 'Barco', 'Leicester Square', 'IMP-0001', 'imp0001', 'Leicester Square', 'Zürich'];
    const batch = new TermBatch(db.$client, 'p');
    for (const text of texts) batch.add(text);
    const terms = db.$client.prepare("SELECT term FROM search_terms WHERE source = 'p' ORDER BY term").pluck().all();
    expect(terms).toEqual([...new Set(texts.flatMap(unicodeTerms))].sort());
  });
});
