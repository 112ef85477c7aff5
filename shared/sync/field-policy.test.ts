import { describe, it, expect } from 'vitest';
import { CASE_FIELD_POLICY } from './field-policy.js';
import { CASE_PATCH_FIELDS, casePatchSchema } from '../domain.js';

describe('CASE_FIELD_POLICY', () => {
  it('has a policy for every patchable field and for nothing else', () => {
    expect(Object.keys(CASE_FIELD_POLICY).sort()).toEqual([...CASE_PATCH_FIELDS].sort());
    expect(Object.keys(CASE_FIELD_POLICY).sort()).toEqual(Object.keys(casePatchSchema.shape).sort());
    for (const field of CASE_PATCH_FIELDS) expect(['lww', 'confirm']).toContain(CASE_FIELD_POLICY[field]);
  });

  it('asks for confirmation on assignee, status, priority and severity, and lets free text be last-writer-wins', () => {
    const confirm = CASE_PATCH_FIELDS.filter((f) => CASE_FIELD_POLICY[f] === 'confirm').sort();
    expect(confirm).toEqual(['assigneeId', 'priority', 'severity', 'status']);
    for (const field of ['title', 'description', 'contactName', 'contactPhone', 'contactEmail'] as const) {
      expect(CASE_FIELD_POLICY[field]).toBe('lww');
    }
  });
});
