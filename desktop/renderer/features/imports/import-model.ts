// Pure logic of the import screen: the column mapping the admin corrects, progress lines (rows/s,
// time left), the dry-run diff as the tabs and rows show it, and import jobs in the history.
import type { ImportDryRun, ImportJobSummary, ImportPreviewRow, ImportProgress, ImportRowCategory, ImportStage } from '../../../../shared/console-api.js';
import { IMPORT_ROW_CATEGORIES } from '../../../../shared/console-api.js';
import { IMPORT_COLUMNS, IMPORT_KINDS, IMPORT_KIND_LABELS, type ImportJobStatus, type ImportKind, type ImportUndoResult } from '../../../../shared/import.js';

export const KIND_OPTIONS = IMPORT_KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }));

export function parseKind(value: string | null): ImportKind | null {
  return (IMPORT_KINDS as readonly string[]).includes(value ?? '') ? (value as ImportKind) : null;
}

// ---- Mapping ----

/** The value of the "ignore this column" choice in a header's field select. */
export const IGNORE_COLUMN = '';

export function fieldOptions(kind: ImportKind): readonly Readonly<{ value: string; label: string }>[] {
  return [{ value: IGNORE_COLUMN, label: 'Ignore this column' }, ...IMPORT_COLUMNS[kind].map((c) => ({ value: c.key, label: c.required ? `${c.label} (required)` : c.label }))];
}

export function fieldLabel(kind: ImportKind, key: string): string {
  return IMPORT_COLUMNS[kind].find((c) => c.key === key)?.label ?? key;
}

/**
 * Maps column `index` to `field` (null: ignored). A field comes from one column only, so another
 * column that had it is set to ignored: the admin's latest choice wins.
 */
export function setColumnField(mapping: readonly (string | null)[], index: number, field: string | null): (string | null)[] {
  const value = field === IGNORE_COLUMN ? null : field;
  return mapping.map((current, i) => (i === index ? value : value !== null && current === value ? null : current));
}

/** Labels of the required fields no column maps to (the dry run needs them all). */
export function missingRequiredFields(kind: ImportKind, mapping: readonly (string | null)[]): readonly string[] {
  const mapped = new Set(mapping.filter((m): m is string => m !== null));
  return IMPORT_COLUMNS[kind].filter((c) => c.required && !mapped.has(c.key)).map((c) => c.label);
}

export function mappedCount(mapping: readonly (string | null)[]): number {
  return mapping.filter((m) => m !== null).length;
}

/** What to call a header cell in the mapping table (an empty header still has a column letter). */
export function headerLabel(header: string, index: number): string {
  return header.trim() || `Column ${columnLetter(index)} (no header)`;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Parses the header row box; null for anything but a whole number from 1 to 1000. */
export function parseHeaderRow(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= 1000 ? n : null;
}

// ---- Progress ----

export const STAGE_LABELS: Readonly<Record<ImportStage, string>> = {
  uploading: 'Uploading',
  reading: 'Reading the workbook',
  validating: 'Checking rows',
  committing: 'Importing',
  undoing: 'Undoing',
  exporting: 'Exporting',
};

const count = new Intl.NumberFormat('en-GB');

export function formatCount(n: number): string {
  return count.format(Math.round(n));
}

export function formatRate(rowsPerSecond: number): string {
  if (!Number.isFinite(rowsPerSecond) || rowsPerSecond <= 0) return '—';
  return `${formatCount(rowsPerSecond)} rows/s`;
}

/** "about 12 s left", "about 3 min left", rounded up so it never promises too little. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return 'time left unknown';
  if (seconds < 1) return 'less than a second left';
  if (seconds < 60) return `about ${Math.ceil(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.ceil(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  const m = Math.ceil((seconds - h * 3600) / 60);
  return m === 60 ? `about ${h + 1} h left` : `about ${h} h ${m} min left`;
}

/** Percent done, or null while the total is not known (the bar then animates instead). */
export function progressPercent(progress: Pick<ImportProgress, 'done' | 'total'>): number | null {
  if (progress.total === null || progress.total <= 0) return null;
  return Math.min(100, Math.max(0, (progress.done / progress.total) * 100));
}

/** One line under a progress bar: stage, rows so far (of total), speed and time left. */
export function progressLine(progress: ImportProgress): string {
  const rows = progress.total === null ? `${formatCount(progress.done)} rows` : `${formatCount(progress.done)} of ${formatCount(progress.total)} rows`;
  return `${STAGE_LABELS[progress.stage]}: ${rows} · ${formatRate(progress.rowsPerSecond)} · ${formatTimeLeft(progress.etaSeconds)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Upload progress in the same words as the core's: bytes so far, speed, time left. */
export function uploadLine(loaded: number, total: number, bytesPerSecond: number): string {
  const left = bytesPerSecond > 0 ? (total - loaded) / bytesPerSecond : null;
  return `Uploading: ${formatBytes(loaded)} of ${formatBytes(total)} · ${formatTimeLeft(left)}`;
}

// ---- Dry-run diff ----

export const CATEGORY_LABELS: Readonly<Record<ImportRowCategory, string>> = {
  create: 'New',
  update: 'Changed',
  unchanged: 'Unchanged',
  invalid: 'With errors',
  duplicate: 'Duplicates',
};

export const CATEGORY_COLORS: Readonly<Record<ImportRowCategory, string>> = {
  create: 'green',
  update: 'blue',
  unchanged: 'gray',
  invalid: 'red',
  duplicate: 'orange',
};

export type CategoryTab = Readonly<{ category: ImportRowCategory; label: string; count: number }>;

export function categoryTabs(counts: Readonly<Record<ImportRowCategory, number>>): readonly CategoryTab[] {
  return IMPORT_ROW_CATEGORIES.map((category) => ({ category, label: `${CATEGORY_LABELS[category]} (${formatCount(counts[category])})`, count: counts[category] }));
}

/** The tab to open first: the errors when there are any (they need fixing), else the first with rows. */
export function firstTab(counts: Readonly<Record<ImportRowCategory, number>>): ImportRowCategory {
  if (counts.invalid > 0) return 'invalid';
  return IMPORT_ROW_CATEGORIES.find((c) => counts[c] > 0) ?? 'create';
}

export function parseCategory(value: string | null): ImportRowCategory | null {
  return (IMPORT_ROW_CATEGORIES as readonly string[]).includes(value ?? '') ? (value as ImportRowCategory) : null;
}

/** Rows the commit sends: new and changed ones (unchanged, invalid and duplicate rows are left out). */
export function rowsToImport(counts: Readonly<Record<ImportRowCategory, number>>): number {
  return counts.create + counts.update;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The confirm dialog's text: what will be written, and what will not. */
export function commitSummary(dryRun: Pick<ImportDryRun, 'counts' | 'alsoCreates' | 'kind'>): readonly string[] {
  const { counts, alsoCreates } = dryRun;
  const lines = [`${plural(counts.create, 'new row', 'new rows')} will be created and ${plural(counts.update, 'row', 'rows')} updated.`];
  if (alsoCreates.sites > 0 || alsoCreates.customers > 0) {
    lines.push(`Along the way: ${plural(alsoCreates.sites, 'new site', 'new sites')} and ${plural(alsoCreates.customers, 'new customer', 'new customers')}.`);
  }
  const skipped = counts.unchanged + counts.invalid + counts.duplicate;
  if (skipped > 0) lines.push(`${plural(skipped, 'row is', 'rows are')} left out (${formatCount(counts.unchanged)} unchanged, ${formatCount(counts.invalid)} with errors, ${plural(counts.duplicate, 'duplicate', 'duplicates')}).`);
  lines.push('Every console sees the changes through sync. You can undo the whole import from the history.');
  return lines;
}

/** "Also creates 2 sites and 1 customer" for the dry run's summary. */
export function alsoCreatesText(also: Readonly<{ sites: number; customers: number }>): string {
  const parts: string[] = [];
  if (also.sites > 0) parts.push(plural(also.sites, 'site', 'sites'));
  if (also.customers > 0) parts.push(plural(also.customers, 'customer', 'customers'));
  return parts.length ? `Also creates ${parts.join(' and ')}` : '';
}

/** Shows an empty value as such, so "from → to" never reads as a blank. */
export function shownValue(value: string): string {
  return value.trim() === '' ? '(empty)' : value;
}

export function formatChange(kind: ImportKind, change: Readonly<{ field: string; from: string; to: string }>): string {
  return `${fieldLabel(kind, change.field)}: ${shownValue(change.from)} → ${shownValue(change.to)}`;
}

export function formatRowError(kind: ImportKind, error: Readonly<{ field: string | null; message: string }>): string {
  return error.field ? `${fieldLabel(kind, error.field)}: ${error.message}` : error.message;
}

/** The detail cell of a preview row: changes for updates, reasons for invalid and duplicate rows. */
export function rowDetail(kind: ImportKind, row: ImportPreviewRow): string {
  const parts: string[] = [];
  if (row.category === 'update') parts.push(...row.changes.map((c) => formatChange(kind, c)));
  if (row.category === 'invalid' || row.category === 'duplicate') parts.push(...row.errors.map((e) => formatRowError(kind, e)));
  if (row.creates.length > 0) parts.push(`Also creates ${row.creates.join(', ')}`);
  return parts.join('; ');
}

/** The columns a preview table shows: the kind's fields, in template order. */
export function previewColumns(kind: ImportKind): readonly Readonly<{ key: string; label: string }>[] {
  return IMPORT_COLUMNS[kind].map((c) => ({ key: c.key, label: c.label }));
}

// ---- Jobs ----

export const JOB_STATUS_LABELS: Readonly<Record<ImportJobStatus, string>> = {
  running: 'Interrupted',
  completed: 'Completed',
  cancelled: 'Cancelled',
  undone: 'Undone',
};

export const JOB_STATUS_COLORS: Readonly<Record<ImportJobStatus, string>> = {
  running: 'yellow',
  completed: 'green',
  cancelled: 'gray',
  undone: 'gray',
};

/** A running job this console is not committing right now was interrupted (resumable or not). */
export function jobStatusLabel(job: Pick<ImportJobSummary, 'status'>, active: boolean): string {
  return job.status === 'running' && active ? 'Running' : JOB_STATUS_LABELS[job.status];
}

export function jobCountsText(job: Pick<ImportJobSummary, 'created' | 'updated' | 'unchanged' | 'failed' | 'rowsDone' | 'totalRows'>): string {
  const parts = [`${formatCount(job.created)} created`, `${formatCount(job.updated)} updated`];
  if (job.unchanged > 0) parts.push(`${formatCount(job.unchanged)} unchanged`);
  if (job.failed > 0) parts.push(`${formatCount(job.failed)} refused`);
  parts.push(`${formatCount(job.rowsDone)} of ${formatCount(job.totalRows)} rows sent`);
  return parts.join(', ');
}

/** Undo is offered for an import that wrote something and is not undone (or running) already. */
export function canUndo(job: Pick<ImportJobSummary, 'status' | 'created' | 'updated'>): boolean {
  return (job.status === 'completed' || job.status === 'cancelled') && job.created + job.updated > 0;
}

export function canResume(job: Pick<ImportJobSummary, 'status' | 'resumable'>): boolean {
  return job.status === 'running' && job.resumable;
}

export function undoSummary(result: ImportUndoResult): string {
  const parts = [`${plural(result.removed, 'row', 'rows')} removed`, `${plural(result.restored, 'row', 'rows')} restored`];
  if (result.kept.length > 0) parts.push(`${plural(result.kept.length, 'row', 'rows')} kept`);
  return `${parts.join(', ')}.`;
}

export function commitResultSummary(counts: Readonly<{ created: number; updated: number; unchanged: number; failed: number }>): string {
  const parts = [`${plural(counts.created, 'row', 'rows')} created`, `${plural(counts.updated, 'row', 'rows')} updated`];
  if (counts.unchanged > 0) parts.push(`${formatCount(counts.unchanged)} unchanged`);
  if (counts.failed > 0) parts.push(`${plural(counts.failed, 'row', 'rows')} refused by the hub`);
  return `${parts.join(', ')}.`;
}
