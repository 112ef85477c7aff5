// Finds the header row among the first rows of a sheet, maps its cells to a kind's fields by label
// and synonyms, and remembers a mapping an admin corrected for the next file with the same headers.
import { IMPORT_COLUMNS, normaliseHeader, type ImportColumn, type ImportKind } from '../../../../shared/import.js';
import { AppError } from '../../../../shared/errors.js';
import { readJsonFile, writeJsonAtomic } from '../atomic-file.js';

/** The header row is looked for among this many first rows. */
export const HEADER_SCAN_ROWS = 30;
/** Mappings remembered at most (the oldest are dropped). */
const REMEMBERED_MAX = 200;

type Names = { column: ImportColumn; label: string; synonyms: ReadonlySet<string> };
const namesCache = new Map<ImportKind, readonly Names[]>();
function namesOf(kind: ImportKind): readonly Names[] {
  let names = namesCache.get(kind);
  if (!names) {
    names = IMPORT_COLUMNS[kind].map((column) => ({
      column,
      label: normaliseHeader(column.label),
      synonyms: new Set([normaliseHeader(column.key), ...column.synonyms.map(normaliseHeader)]),
    }));
    namesCache.set(kind, names);
  }
  return names;
}

/** Maps header cells to fields: exact labels first, then synonyms; each field at most once (leftmost wins). */
export function autoMapping(kind: ImportKind, headers: readonly string[]): (string | null)[] {
  const names = namesOf(kind);
  const normalised = headers.map(normaliseHeader);
  const mapping: (string | null)[] = headers.map(() => null);
  const taken = new Set<string>();
  for (const pass of ['label', 'synonym'] as const) {
    normalised.forEach((header, i) => {
      if (header === '' || mapping[i] !== null) return;
      const hit = names.find((n) => !taken.has(n.column.key) && (pass === 'label' ? n.label === header : n.synonyms.has(header)));
      if (hit) {
        mapping[i] = hit.column.key;
        taken.add(hit.column.key);
      }
    });
  }
  return mapping;
}

/** How many of the kind's columns a row's cells name (the header row names the most). */
export function headerScore(kind: ImportKind, cells: readonly string[]): number {
  return autoMapping(kind, cells).filter((m) => m !== null).length;
}

/** Picks the header row among scanned rows: the best score, the earliest on a tie; the first non-empty row when none names a column. */
export function pickHeaderRow(kind: ImportKind, rows: readonly Readonly<{ number: number; cells: readonly string[] }>[]): number | null {
  let best: { number: number; score: number } | null = null;
  for (const row of rows) {
    const score = headerScore(kind, row.cells);
    if (score > 0 && (!best || score > best.score)) best = { number: row.number, score };
  }
  return best?.number ?? rows.find((r) => r.cells.some((c) => c !== ''))?.number ?? null;
}

export function missingRequired(kind: ImportKind, mapping: readonly (string | null)[]): string[] {
  const mapped = new Set(mapping);
  return IMPORT_COLUMNS[kind].filter((c) => c.required && !mapped.has(c.key)).map((c) => c.key);
}

/** Checks an admin's mapping: known fields only, each at most once; pads or trims it to the headers. */
export function checkMapping(kind: ImportKind, headers: readonly string[], mapping: readonly (string | null)[]): (string | null)[] {
  const columns = new Map(IMPORT_COLUMNS[kind].map((c) => [c.key, c]));
  const result = headers.map((_, i) => mapping[i] ?? null);
  const seen = new Map<string, number>();
  result.forEach((field, i) => {
    if (field === null) return;
    const column = columns.get(field);
    if (!column) throw new AppError('VALIDATION', `Column ${columnLetter(i)} is mapped to "${field}", which is not a field of this import.`);
    const earlier = seen.get(field);
    if (earlier !== undefined) throw new AppError('VALIDATION', `Columns ${columnLetter(earlier)} and ${columnLetter(i)} are both mapped to ${column.label}; map one of them to nothing.`);
    seen.set(field, i);
  });
  const missing = missingRequired(kind, result);
  if (missing.length > 0) {
    const labels = missing.map((key) => columns.get(key)!.label);
    throw new AppError('VALIDATION', `No column is mapped to ${labels.join(', ')} (required). Map a column to ${labels.length === 1 ? 'it' : 'each'} or add ${labels.length === 1 ? 'the column' : 'the columns'} to the file.`, { missing });
  }
  return result;
}

/** Excel's column letters for a 0-based index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// ---- Remembered mappings: JSON {version, entries: [{key, mapping, usedAt}]}, newest last ----

type Remembered = { version: 1; entries: { key: string; mapping: (string | null)[]; usedAt: string }[] };

/**
 * The key of a set of headers. A trailing "Errors" column (our error workbook) is left out, so a fixed
 * error workbook finds the mapping of the file it came from.
 */
export function mappingKey(kind: ImportKind, headers: readonly string[]): string {
  const normalised = headers.map(normaliseHeader);
  while (normalised.length > 0 && (normalised[normalised.length - 1] === '' || normalised[normalised.length - 1] === 'errors')) normalised.pop();
  return `${kind}\u0000${normalised.join('|')}`;
}

function readRemembered(file: string): Remembered {
  const value = readJsonFile(file) as Partial<Remembered> | null;
  if (!value || value.version !== 1 || !Array.isArray(value.entries)) return { version: 1, entries: [] };
  return { version: 1, entries: value.entries.filter((e) => e && typeof e.key === 'string' && Array.isArray(e.mapping)) };
}

export function recallMapping(file: string, kind: ImportKind, headers: readonly string[]): (string | null)[] | null {
  const key = mappingKey(kind, headers);
  const entry = readRemembered(file).entries.find((e) => e.key === key);
  if (!entry) return null;
  const fields = new Set(IMPORT_COLUMNS[kind].map((c) => c.key));
  return headers.map((_, i) => {
    const field = entry.mapping[i];
    return typeof field === 'string' && fields.has(field) ? field : null;
  });
}

/** Remembers a mapping that differs from the automatic one; forgets a stored one that now matches it. */
export function rememberMapping(file: string, kind: ImportKind, headers: readonly string[], mapping: readonly (string | null)[], now = new Date()): void {
  const key = mappingKey(kind, headers);
  const remembered = readRemembered(file);
  const auto = autoMapping(kind, headers);
  const same = auto.length === mapping.length && auto.every((m, i) => m === mapping[i]);
  const entries = remembered.entries.filter((e) => e.key !== key);
  if (same && entries.length === remembered.entries.length) return;
  if (!same) entries.push({ key, mapping: [...mapping], usedAt: now.toISOString() });
  writeJsonAtomic(file, { version: 1, entries: entries.slice(-REMEMBERED_MAX) } satisfies Remembered);
}
