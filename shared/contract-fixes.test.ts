// Edge cases found in review: a patch of only undefined values, blank emails, case-number edges,
// and the new-case rule at the ConsoleApi boundary.
import { describe, expect, it } from 'vitest';
import { casePatchSchema, caseFieldsSchema } from './domain.js';
import { actionsForMutation, canMutate } from './permissions.js';
import { formatCaseNumber, parseCaseNumber } from './case-number.js';
import { CONSOLE_API_ARGS } from './console-api.js';

const validFields = {
  serial: 'BRX-2201-00001',
  projectorId: null,
  siteId: null,
  customerId: null,
  contactName: 'Dana',
  contactPhone: '',
  contactEmail: 'dana@example.com',
  channel: 'phone',
  title: 'No picture',
  description: '',
  priority: 'P2',
  severity: 'major',
} as const;

describe('patches with undefined values', () => {
  it('treats a patch of only undefined values as nothing to change', () => {
    const parsed = casePatchSchema.safeParse({ assigneeId: undefined, title: undefined });
    expect(parsed.success).toBe(false);
  });

  it('needs no right for a field that is absent', () => {
    const args = { id: 'x', patch: { assigneeId: undefined, status: 'resolved' } };
    expect(actionsForMutation('updateCase', args)).toEqual(['case.changeStatus']);
    expect(canMutate('fse', 'updateCase', args)).toBe(true);
  });
});

describe('blank contact email', () => {
  it('counts an email of only spaces as no email', () => {
    const parsed = caseFieldsSchema.safeParse({ ...validFields, contactPhone: '0161 496 0000', contactEmail: '   ' });
    expect(parsed.success && parsed.data.contactEmail).toBe('');
  });
});

describe('case number edges', () => {
  it('refuses years that would not parse back', () => {
    expect(() => formatCaseNumber(99, 1)).toThrow(RangeError);
    expect(() => formatCaseNumber(10_000, 1)).toThrow(RangeError);
  });

  it('does not parse sequence zero, which is never issued', () => {
    expect(parseCaseNumber('DTR-2026-000000')).toBeNull();
  });
});

describe('cases.create at the ConsoleApi boundary', () => {
  it('requires a phone or an email, on the phone field', () => {
    const parsed = CONSOLE_API_ARGS['cases.create'].safeParse({ ...validFields, contactEmail: '' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['contactPhone']);
  });

  it('rejects fields the contract does not know', () => {
    expect(CONSOLE_API_ARGS['cases.create'].safeParse({ ...validFields, number: 'DTR-2026-000001' }).success).toBe(false);
  });
});
