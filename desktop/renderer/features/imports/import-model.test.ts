import { describe, it, expect } from 'vitest';
import type { ImportPreviewRow } from '../../../../shared/console-api.js';
import {
  alsoCreatesText,
  canResume,
  canUndo,
  categoryTabs,
  columnLetter,
  commitSummary,
  fieldOptions,
  firstTab,
  formatRate,
  formatTimeLeft,
  headerLabel,
  jobCountsText,
  missingRequiredFields,
  parseHeaderRow,
  progressLine,
  progressPercent,
  rowDetail,
  rowsToImport,
  setColumnField,
  undoSummary,
  uploadLine,
} from './import-model.js';

const counts = { create: 1200, update: 3, unchanged: 10, invalid: 2, duplicate: 1 };

describe('mapping', () => {
  it('offers "ignore" and every field of the kind, marking required ones', () => {
    const options = fieldOptions('customers');
    expect(options.map((o) => o.label)).toEqual(['Ignore this column', 'Customer (required)', 'Customer code (required)']);
  });
  it('maps a field from one column only: choosing it again moves it', () => {
    expect(setColumnField(['serial', null, 'model'], 1, 'serial')).toEqual([null, 'serial', 'model']);
    expect(setColumnField(['serial', null, 'model'], 2, '')).toEqual(['serial', null, null]);
    expect(setColumnField(['serial', 'model'], 1, 'manufacturer')).toEqual(['serial', 'manufacturer']);
  });
  it('lists the required fields nothing maps to, by label', () => {
    expect(missingRequiredFields('projectors', ['serial', 'model', null])).toEqual(['Manufacturer', 'Site', 'Install date', 'Warranty end']);
    expect(missingRequiredFields('customers', ['code', 'name'])).toEqual([]);
  });
  it('names empty header cells by column letter', () => {
    expect(headerLabel('  ', 27)).toBe('Column AB (no header)');
    expect(headerLabel('Serial', 0)).toBe('Serial');
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(25)).toBe('Z');
    expect(columnLetter(701)).toBe('ZZ');
  });
  it('accepts a header row from 1 to 1000 only', () => {
    expect(parseHeaderRow('3')).toBe(3);
    expect(parseHeaderRow(' 12 ')).toBe(12);
    expect(parseHeaderRow('0')).toBeNull();
    expect(parseHeaderRow('1001')).toBeNull();
    expect(parseHeaderRow('2.5')).toBeNull();
    expect(parseHeaderRow('')).toBeNull();
  });
});

describe('progress formatting', () => {
  it('formats speed in rows per second', () => {
    expect(formatRate(12345.6)).toBe('12,346 rows/s');
    expect(formatRate(0)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
  });
  it('rounds time left up, in seconds, minutes or hours', () => {
    expect(formatTimeLeft(null)).toBe('time left unknown');
    expect(formatTimeLeft(0.4)).toBe('less than a second left');
    expect(formatTimeLeft(11.2)).toBe('about 12 s left');
    expect(formatTimeLeft(61)).toBe('about 2 min left');
    expect(formatTimeLeft(3600 + 59 * 60 + 30)).toBe('about 2 h left');
    expect(formatTimeLeft(2 * 3600 + 5 * 60)).toBe('about 2 h 5 min left');
  });
  it('gives a percentage only when the total is known', () => {
    expect(progressPercent({ done: 25, total: 100 })).toBe(25);
    expect(progressPercent({ done: 25, total: null })).toBeNull();
    expect(progressPercent({ done: 150, total: 100 })).toBe(100);
  });
  it('writes one line with stage, rows, speed and time left', () => {
    expect(progressLine({ operationId: 'o', stage: 'committing', done: 40_000, total: 100_000, rowsPerSecond: 8000, etaSeconds: 7.5 })).toBe(
      'Importing: 40,000 of 100,000 rows · 8,000 rows/s · about 8 s left',
    );
    expect(progressLine({ operationId: 'o', stage: 'reading', done: 500, total: null, rowsPerSecond: 0, etaSeconds: null })).toBe('Reading the workbook: 500 rows · — · time left unknown');
  });
  it('formats upload progress', () => {
    expect(uploadLine(1024 * 1024, 4 * 1024 * 1024, 1024 * 1024)).toBe('Uploading: 1.0 MB of 4.0 MB · about 3 s left');
  });
});

describe('diff formatting', () => {
  it('labels each category tab with its count, opening errors first', () => {
    expect(categoryTabs(counts).map((t) => t.label)).toEqual(['New (1,200)', 'Changed (3)', 'Unchanged (10)', 'With errors (2)', 'Duplicates (1)']);
    expect(firstTab(counts)).toBe('invalid');
    expect(firstTab({ create: 0, update: 4, unchanged: 1, invalid: 0, duplicate: 0 })).toBe('update');
  });
  it('imports new and changed rows only, and says what is left out', () => {
    expect(rowsToImport(counts)).toBe(1203);
    const lines = commitSummary({ kind: 'projectors', counts, alsoCreates: { sites: 2, customers: 1 } });
    expect(lines[0]).toBe('1,200 new rows will be created and 3 rows updated.');
    expect(lines[1]).toBe('Along the way: 2 new sites and 1 new customer.');
    expect(lines[2]).toBe('13 rows are left out (10 unchanged, 2 with errors, 1 duplicate).');
  });
  it('says which sites and customers the import makes on the way', () => {
    expect(alsoCreatesText({ sites: 1, customers: 0 })).toBe('Also creates 1 site');
    expect(alsoCreatesText({ sites: 2, customers: 1 })).toBe('Also creates 2 sites and 1 customer');
    expect(alsoCreatesText({ sites: 0, customers: 0 })).toBe('');
  });
  it('shows changed fields from → to with labels, and errors with their field', () => {
    const base: ImportPreviewRow = { row: 5, category: 'update', values: {}, changes: [{ field: 'warrantyEnd', from: '2026-01-01', to: '2027-01-01' }, { field: 'contractEnd', from: '', to: '2028-01-01' }], errors: [], creates: [] };
    expect(rowDetail('projectors', base)).toBe('Warranty end: 2026-01-01 → 2027-01-01; Service contract end: (empty) → 2028-01-01');
    const invalid: ImportPreviewRow = { ...base, category: 'invalid', changes: [], errors: [{ field: 'serial', message: 'Serial number is required.' }, { field: null, message: 'Row is blank.' }], creates: ['site "Odeon"'] };
    expect(rowDetail('projectors', invalid)).toBe('Serial number: Serial number is required.; Row is blank.; Also creates site "Odeon"');
  });
});

describe('jobs', () => {
  const job = { status: 'completed' as const, created: 10, updated: 2, unchanged: 0, failed: 1, rowsDone: 13, totalRows: 13, resumable: false };
  it('summarises counts', () => {
    expect(jobCountsText(job)).toBe('10 created, 2 updated, 1 refused, 13 of 13 rows sent');
  });
  it('offers undo for a finished import that wrote rows, resume for an interrupted resumable one', () => {
    expect(canUndo(job)).toBe(true);
    expect(canUndo({ ...job, status: 'undone' })).toBe(false);
    expect(canUndo({ ...job, created: 0, updated: 0 })).toBe(false);
    expect(canResume({ ...job, status: 'running', resumable: true })).toBe(true);
    expect(canResume({ ...job, status: 'running', resumable: false })).toBe(false);
  });
  it('summarises an undo', () => {
    expect(undoSummary({ removed: 10, restored: 1, kept: [{ entity: 'projectors', id: 'x', label: 'SN1', reason: 'changed since' }] })).toBe('10 rows removed, 1 row restored, 1 row kept.');
  });
});
