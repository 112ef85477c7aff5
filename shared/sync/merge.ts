// Field-level merge of a pushed case patch into the hub's current row. A field the author read at
// `baseVersions[field]` that has changed since and now differs is concurrent: `lww` fields take the
// author's value anyway, `confirm` fields are held back as conflicts for the author to resolve.
import type { CasePatch, CasePatchField, CaseRow } from '../domain.js';
import { CASE_FIELD_POLICY } from './field-policy.js';

export type FieldConflictCandidate = Readonly<{
  field: CasePatchField;
  /** What the author wanted. */
  yours: unknown;
  /** What the hub holds now. */
  current: unknown;
  baseVersion: number;
  currentVersion: number;
}>;

export type MergeResult = Readonly<{ apply: CasePatch; conflicts: readonly FieldConflictCandidate[] }>;

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a == null && b == null);
}

export function mergeCasePatch(current: CaseRow, patch: CasePatch, baseVersions: Readonly<Record<string, number>>): MergeResult {
  const apply: Record<string, unknown> = {};
  const conflicts: FieldConflictCandidate[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const field = key as CasePatchField;
    const base = baseVersions[field];
    const currentVersion = current.fieldVersions[field] ?? current.version;
    const currentValue = (current as Record<string, unknown>)[field];
    // No base: the author edited a case they created before the hub confirmed it; nothing to race.
    const concurrent = base !== undefined && currentVersion > base && !sameValue(currentValue, value);
    if (concurrent && CASE_FIELD_POLICY[field] === 'confirm') {
      conflicts.push({ field, yours: value, current: currentValue, baseVersion: base, currentVersion });
    } else {
      apply[field] = value;
    }
  }
  return { apply: apply as CasePatch, conflicts };
}
