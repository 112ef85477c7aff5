import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeCasePatch } from './merge.js';
import { CASE_FIELD_POLICY } from './field-policy.js';
import { buildNewCase } from '../case-lifecycle.js';
import { CASE_PATCH_FIELDS, PRIORITIES, SEVERITIES, type CasePatch, type CasePatchField, type CaseRow } from '../domain.js';

const baseCase = buildNewCase(
  {
    id: '0190a5e0-0000-7000-8000-000000000001',
    serial: 'BRX-2201-00001',
    projectorId: null,
    siteId: null,
    customerId: null,
    contactName: 'Dana',
    contactPhone: '',
    contactEmail: 'dana@example.com',
    channel: 'phone',
    title: 'No picture',
    description: 'Blank screen',
    priority: 'P3',
    severity: 'minor',
  },
  { userId: '0190a5e0-0000-7000-8000-0000000000aa', now: '2026-11-28T10:00:00.000Z', version: 10, number: 'DTR-2026-000001' },
);

/** The case after someone else changed `field` at version 20. */
function changedBySomeoneElse(field: CasePatchField, value: unknown): CaseRow {
  return { ...baseCase, [field]: value, fieldVersions: { ...baseCase.fieldVersions, [field]: 20 }, version: 20 } as CaseRow;
}

describe('mergeCasePatch', () => {
  it('applies everything when nothing changed since the author read it', () => {
    const patch: CasePatch = { title: 'New title', priority: 'P1' };
    expect(mergeCasePatch(baseCase, patch, { title: 10, priority: 10 })).toEqual({ apply: patch, conflicts: [] });
  });

  it('lets the last writer win on free text changed concurrently', () => {
    const current = changedBySomeoneElse('description', 'Their text');
    const merged = mergeCasePatch(current, { description: 'My text' }, { description: 10 });
    expect(merged.apply).toEqual({ description: 'My text' });
    expect(merged.conflicts).toEqual([]);
  });

  it('holds back a confirm field changed concurrently to another value', () => {
    const current = changedBySomeoneElse('priority', 'P2');
    const merged = mergeCasePatch(current, { priority: 'P1', title: 'Also mine' }, { priority: 10, title: 10 });
    expect(merged.apply).toEqual({ title: 'Also mine' });
    expect(merged.conflicts).toEqual([{ field: 'priority', yours: 'P1', current: 'P2', baseVersion: 10, currentVersion: 20 }]);
  });

  it('is no conflict when both sides chose the same value', () => {
    const current = changedBySomeoneElse('severity', 'critical');
    expect(mergeCasePatch(current, { severity: 'critical' }, { severity: 10 }).conflicts).toEqual([]);
  });

  it('merges edits of different fields from two consoles without a conflict', () => {
    const current = changedBySomeoneElse('priority', 'P1');
    const merged = mergeCasePatch(current, { severity: 'major' }, { severity: 10 });
    expect(merged).toEqual({ apply: { severity: 'major' }, conflicts: [] });
  });

  it('does not check a field without a base version (the author created the case offline)', () => {
    const current = changedBySomeoneElse('priority', 'P2');
    expect(mergeCasePatch(current, { priority: 'P1' }, {}).apply).toEqual({ priority: 'P1' });
  });

  it('property: every patched field is either applied or a conflict, never both, never lost', () => {
    const field = fc.constantFrom(...CASE_PATCH_FIELDS.filter((f) => f === 'priority' || f === 'severity' || f === 'title' || f === 'description'));
    const valueFor = (f: CasePatchField) =>
      f === 'priority' ? fc.constantFrom(...PRIORITIES) : f === 'severity' ? fc.constantFrom(...SEVERITIES) : fc.string({ minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(
        fc.uniqueArray(field, { minLength: 1, maxLength: 4 }).chain((fields) =>
          fc.tuple(
            fc.constant(fields),
            fc.tuple(...fields.map(valueFor)),
            fc.tuple(...fields.map(valueFor)),
            fc.tuple(...fields.map(() => fc.integer({ min: 0, max: 30 }))),
            fc.tuple(...fields.map(() => fc.integer({ min: 1, max: 30 }))),
          ),
        ),
        ([fields, mine, theirs, bases, currentVersions]) => {
          let current: CaseRow = baseCase;
          const patch: Record<string, unknown> = {};
          const baseVersions: Record<string, number> = {};
          fields.forEach((f, i) => {
            current = { ...current, [f]: theirs[i], fieldVersions: { ...current.fieldVersions, [f]: currentVersions[i]! } } as CaseRow;
            patch[f] = mine[i];
            baseVersions[f] = bases[i]!;
          });
          const { apply, conflicts } = mergeCasePatch(current, patch as CasePatch, baseVersions);
          const conflictFields = conflicts.map((c) => c.field);
          for (const [i, f] of fields.entries()) {
            const inApply = f in apply;
            const inConflict = conflictFields.includes(f);
            expect(inApply !== inConflict).toBe(true);
            const concurrent = currentVersions[i]! > bases[i]! && theirs[i] !== mine[i];
            expect(inConflict).toBe(concurrent && CASE_FIELD_POLICY[f] === 'confirm');
            if (inApply) expect((apply as Record<string, unknown>)[f]).toBe(mine[i]);
          }
        },
      ),
    );
  });
});
