import { describe, it, expect } from 'vitest';
import { AUDIT_ENTITIES } from '../../../../shared/admin.js';
import { ENTITY_LABELS, NO_AUDIT_FILTERS, diffRows, formatAuditValue, localDayStart, recordLabel, toAuditQuery } from './audit-format.js';

describe('diffRows', () => {
  it('lists changed fields first, marked, and leaves out the version', () => {
    const rows = diffRows({
      before: { id: 'c1', title: 'Lamp', status: 'new', version: 3 },
      after: { id: 'c1', title: 'Lamp', status: 'assigned', version: 4 },
      changedFields: ['status'],
    });
    expect(rows).toEqual([
      { field: 'status', before: 'new', after: 'assigned', changed: true },
      { field: 'id', before: 'c1', after: 'c1', changed: false },
      { field: 'title', before: 'Lamp', after: 'Lamp', changed: false },
    ]);
  });
  it('shows a creation as empty before and a deletion as empty after', () => {
    expect(diffRows({ before: null, after: { name: 'Dana' }, changedFields: ['name'] })).toEqual([{ field: 'name', before: '—', after: 'Dana', changed: true }]);
    expect(diffRows({ before: { name: 'Dana' }, after: null, changedFields: ['name'] })).toEqual([{ field: 'name', before: 'Dana', after: '—', changed: true }]);
  });
  it('works out the changed fields itself when the entry lists none', () => {
    const rows = diffRows({ before: { a: [1], b: 'x' }, after: { a: [1, 2], b: 'x' }, changedFields: [] });
    expect(rows.filter((r) => r.changed).map((r) => r.field)).toEqual(['a']);
  });
  it('keeps markup in values as text (JSON is pretty-printed, never parsed as HTML)', () => {
    const rows = diffRows({ before: {}, after: { title: '<img src=x onerror=alert(1)>', engineer: { skills: ['DLP'] } }, changedFields: ['title', 'engineer'] });
    expect(rows.find((r) => r.field === 'title')?.after).toBe('<img src=x onerror=alert(1)>');
    expect(rows.find((r) => r.field === 'engineer')?.after).toBe('{\n  "skills": [\n    "DLP"\n  ]\n}');
  });
});

describe('formatAuditValue', () => {
  it('distinguishes nothing, empty text and values', () => {
    expect(formatAuditValue(null)).toBe('—');
    expect(formatAuditValue('')).toBe('(empty)');
    expect(formatAuditValue(false)).toBe('false');
    expect(formatAuditValue(3)).toBe('3');
  });
});

describe('recordLabel', () => {
  it('names cases by number and title, people by name, settings by label', () => {
    expect(recordLabel({ entity: 'cases', entityId: 'x', before: null, after: { number: 'DTR-2026-000001', title: 'Fan noise' } })).toBe('DTR-2026-000001 · Fan noise');
    expect(recordLabel({ entity: 'cases', entityId: 'x', before: null, after: { number: null, title: 'Fan noise' } })).toBe('Fan noise');
    expect(recordLabel({ entity: 'users', entityId: 'u', before: { name: 'Dana' }, after: null })).toBe('Dana');
    expect(recordLabel({ entity: 'settings', entityId: 'businessHours', before: null, after: {} })).toBe('Business hours');
    expect(recordLabel({ entity: 'projectors', entityId: 'p', before: null, after: null })).toBe('p');
  });
  it('names parts, visits, service reports and photos', () => {
    expect(recordLabel({ entity: 'parts', entityId: 'x', before: null, after: { partNumber: 'LMP-1', description: 'Lamp' } })).toBe('LMP-1 · Lamp');
    expect(recordLabel({ entity: 'visits', entityId: 'v', before: null, after: { date: '2026-03-03', start: '09:30' } })).toBe('Visit on 2026-03-03 at 09:30');
    expect(recordLabel({ entity: 'serviceReports', entityId: 'r', before: null, after: { number: 'SR-2026-000001', revision: 2 } })).toBe('SR-2026-000001 (revision 2)');
    expect(recordLabel({ entity: 'serviceReports', entityId: 'r', before: null, after: { number: null, revision: 0 } })).toBe('Draft report r');
    expect(recordLabel({ entity: 'reportPhotos', entityId: 'p', before: null, after: { caption: '', tag: 'before' } })).toBe('Photo (before)');
  });
  it('has a friendly label for every audited entity', () => {
    for (const entity of AUDIT_ENTITIES) expect(ENTITY_LABELS[entity]).toMatch(/^[A-Z]/);
  });
});

describe('toAuditQuery', () => {
  it('sends only the filters that are set', () => {
    expect(toAuditQuery(NO_AUDIT_FILTERS)).toEqual({ ok: true, query: { limit: 50 } });
    const result = toAuditQuery({ ...NO_AUDIT_FILTERS, entity: 'users', action: 'update', entityId: '  abc  ' });
    expect(result).toEqual({ ok: true, query: { limit: 50, entity: 'users', action: 'update', entityId: 'abc' } });
  });
  it('turns local days into instants, the end day included', () => {
    const result = toAuditQuery({ ...NO_AUDIT_FILTERS, from: '2026-03-01', to: '2026-03-01' });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.query.from).toBe(new Date(2026, 2, 1).toISOString());
      expect(result.query.to).toBe(new Date(2026, 2, 2).toISOString());
    }
  });
  it('refuses an end before the start, on the To field', () => {
    const result = toAuditQuery({ ...NO_AUDIT_FILTERS, from: '2026-03-05', to: '2026-03-01' });
    expect(result).toEqual({ ok: false, errors: { to: 'The start must be before the end.' } });
  });
  it('refuses a malformed day', () => {
    expect(localDayStart('2026-3-1')).toBeNull();
    expect(toAuditQuery({ ...NO_AUDIT_FILTERS, from: 'yesterday' }).ok).toBe(false);
  });
});
