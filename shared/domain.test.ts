import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  CASE_PATCH_FIELDS,
  LIMITS,
  caseFieldsSchema,
  casePatchSchema,
  createCaseArgsSchema,
  loginRequestSchema,
  newCaseFieldsSchema,
  updateCaseArgsSchema,
} from './domain.js';
import { validationError, type FieldErrors } from './errors.js';

const CASE_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const SITE_ID = '0190a1b2-c3d4-7e5f-9a9b-0c1d2e3f4a5c';

const validCase = {
  serial: 'EB-L1500U-123',
  projectorId: null,
  siteId: SITE_ID,
  customerId: null,
  contactName: 'Ann Ops',
  contactPhone: '+44 (20) 7946-0000 ext. 12',
  contactEmail: 'ann@example.com',
  channel: 'phone',
  title: 'Lamp flickers',
  description: 'Since Monday, screen 3.',
  priority: 'P2',
  severity: 'major',
} as const;

/** The per-field messages a form would show, or null when the value is valid. */
function fieldErrors(schema: z.ZodType, value: unknown): FieldErrors | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (validationError(parsed.error.issues).details?.fields ?? {});
}

describe('caseFieldsSchema / newCaseFieldsSchema / createCaseArgsSchema', () => {
  it('accepts a valid case unchanged', () => {
    expect(newCaseFieldsSchema.parse(validCase)).toEqual(validCase);
    expect(caseFieldsSchema.parse(validCase)).toEqual(validCase);
    expect(createCaseArgsSchema.parse({ ...validCase, id: CASE_ID })).toEqual({ ...validCase, id: CASE_ID });
  });

  it('trims whitespace from text fields', () => {
    const parsed = newCaseFieldsSchema.parse({
      ...validCase,
      serial: '  SN-1 ',
      title: '\t Lamp flickers  ',
      contactName: ' Ann ',
      contactEmail: '  ann@example.com ',
      contactPhone: ' 0123 ',
      description: '\n text \n',
    });
    expect(parsed).toMatchObject({ serial: 'SN-1', title: 'Lamp flickers', contactName: 'Ann', contactEmail: 'ann@example.com', contactPhone: '0123', description: 'text' });
  });

  it('reports a missing or blank title on the title field', () => {
    const { title: _title, ...withoutTitle } = validCase;
    expect(fieldErrors(newCaseFieldsSchema, withoutTitle)).toEqual({ title: 'Title must be text.' });
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, title: '' })).toEqual({ title: 'Enter a title.' });
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, title: '    ' })).toEqual({ title: 'Enter a title.' });
  });

  it('limits the title to 200 characters after trimming', () => {
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, title: 'x'.repeat(LIMITS.title) })).toBeNull();
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, title: `  ${'x'.repeat(LIMITS.title)}  ` })).toBeNull();
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, title: 'x'.repeat(LIMITS.title + 1) })).toEqual({ title: 'Title must be at most 200 characters.' });
  });

  it('reports a bad email on contactEmail, and allows an empty one when a phone is given', () => {
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, contactEmail: 'ann-at-example' })).toEqual({
      contactEmail: 'Enter a valid email address, like name@example.com.',
    });
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, contactEmail: 'ann@' })).toHaveProperty('contactEmail');
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, contactEmail: '' })).toBeNull();
  });

  it('rejects a phone with letters on contactPhone', () => {
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, contactPhone: 'call reception' })).toEqual({
      contactPhone: 'Phone may contain digits, spaces, +, -, (, ) and an extension.',
    });
  });

  it('limits the description to 20000 characters and rejects a 10 MB description on that field only', () => {
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, description: 'd'.repeat(LIMITS.description) })).toBeNull();
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, description: 'd'.repeat(LIMITS.description + 1) })).toEqual({
      description: 'Description must be at most 20000 characters.',
    });
    const huge = 'x'.repeat(10 * 1024 * 1024);
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, description: huge })).toEqual({ description: 'Description must be at most 20000 characters.' });
    expect(fieldErrors(createCaseArgsSchema, { ...validCase, id: CASE_ID, description: huge })).toEqual({ description: 'Description must be at most 20000 characters.' });
  });

  it('reports bad priority, severity and channel each on its own field', () => {
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, priority: 'P5', severity: 'catastrophic', channel: 'fax' })).toEqual({
      priority: 'Choose a priority from P1 to P4.',
      severity: 'Choose critical, major, minor or low.',
      channel: 'Choose phone, email or other.',
    });
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, priority: 'p1' })).toEqual({ priority: 'Choose a priority from P1 to P4.' });
  });

  it('reports a malformed id only on the id field', () => {
    expect(fieldErrors(createCaseArgsSchema, { ...validCase, id: 'case-1' })).toEqual({ id: 'Must be a valid id.' });
    expect(fieldErrors(createCaseArgsSchema, validCase)).toHaveProperty('id');
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, siteId: 'site-1' })).toEqual({ siteId: 'Must be a valid id.' });
  });

  it('requires a phone or an email to reach the contact, reported on contactPhone', () => {
    const message = 'Give a phone number or an email so we can reach the contact.';
    const unreachable = { ...validCase, contactPhone: '', contactEmail: '' };
    expect(fieldErrors(newCaseFieldsSchema, unreachable)).toEqual({ contactPhone: message });
    expect(fieldErrors(newCaseFieldsSchema, { ...unreachable, contactPhone: '   ' })).toEqual({ contactPhone: message });
    expect(fieldErrors(createCaseArgsSchema, { ...unreachable, id: CASE_ID })).toEqual({ contactPhone: message });
    expect(fieldErrors(newCaseFieldsSchema, { ...unreachable, contactPhone: '0123 456' })).toBeNull();
    expect(fieldErrors(newCaseFieldsSchema, { ...unreachable, contactEmail: 'ann@example.com' })).toBeNull();
  });

  it('reports every field problem at once, so a form can show them together', () => {
    expect(fieldErrors(newCaseFieldsSchema, { ...validCase, title: '', contactName: '', contactPhone: '', contactEmail: '' })).toEqual({
      title: 'Enter a title.',
      contactName: 'Enter the contact name.',
      contactPhone: 'Give a phone number or an email so we can reach the contact.',
    });
  });
});

describe('casePatchSchema', () => {
  it('accepts a patch of any non-empty subset of the patchable fields', () => {
    const values: Record<(typeof CASE_PATCH_FIELDS)[number], unknown> = {
      title: 'New title',
      description: '',
      contactName: 'Bob',
      contactPhone: '0123',
      contactEmail: 'bob@example.com',
      priority: 'P1',
      severity: 'critical',
      status: 'in_progress',
      assigneeId: CASE_ID,
      waitingFor: 'parts',
    };
    fc.assert(
      fc.property(fc.subarray([...CASE_PATCH_FIELDS], { minLength: 1 }), (fields) => {
        const patch = Object.fromEntries(fields.map((f) => [f, values[f]]));
        expect(casePatchSchema.parse(patch)).toEqual(patch);
      }),
    );
  });

  it('lists exactly the fields the schema accepts in CASE_PATCH_FIELDS', () => {
    expect(Object.keys(casePatchSchema.shape).sort()).toEqual([...CASE_PATCH_FIELDS].sort());
  });

  it('rejects fields that a patch may not change', () => {
    for (const field of ['serial', 'number', 'version', 'createdBy', 'fieldVersions', 'id', 'titel']) {
      expect(casePatchSchema.safeParse({ title: 'x', [field]: 'y' }).success).toBe(false);
    }
  });

  it('rejects an empty patch with "Nothing to change."', () => {
    expect(fieldErrors(casePatchSchema, {})).toEqual({ _: 'Nothing to change.' });
  });

  it('applies the same field rules as a new case', () => {
    expect(fieldErrors(casePatchSchema, { title: '  ' })).toEqual({ title: 'Enter a title.' });
    expect(fieldErrors(casePatchSchema, { status: 'reopened' })).toEqual({ status: 'Unknown status.' });
    expect(fieldErrors(casePatchSchema, { assigneeId: 'bob' })).toEqual({ assigneeId: 'Must be a valid id.' });
    expect(fieldErrors(casePatchSchema, { description: 'x'.repeat(LIMITS.description + 1) })).toHaveProperty('description');
    expect(casePatchSchema.parse({ assigneeId: null })).toEqual({ assigneeId: null });
    expect(casePatchSchema.parse({ title: ' Trimmed ' })).toEqual({ title: 'Trimmed' });
  });

  it('takes waiting for the customer or parts, or null to stop waiting, and nothing else', () => {
    expect(casePatchSchema.parse({ waitingFor: 'customer' })).toEqual({ waitingFor: 'customer' });
    expect(casePatchSchema.parse({ waitingFor: null })).toEqual({ waitingFor: null });
    expect(fieldErrors(casePatchSchema, { waitingFor: 'supplier' })).toEqual({ waitingFor: 'Waiting for the customer or for parts.' });
  });

  it('is embedded in updateCaseArgsSchema with a case id', () => {
    expect(updateCaseArgsSchema.parse({ id: CASE_ID, patch: { priority: 'P3' } })).toEqual({ id: CASE_ID, patch: { priority: 'P3' } });
    expect(fieldErrors(updateCaseArgsSchema, { id: CASE_ID, patch: {} })).toEqual({ patch: 'Nothing to change.' });
  });
});

describe('loginRequestSchema', () => {
  it('trims the email but keeps the password exactly as typed', () => {
    expect(loginRequestSchema.parse({ email: '  ann@example.com ', password: ' secret ' })).toEqual({ email: 'ann@example.com', password: ' secret ' });
  });

  it('asks for a missing email or password on the right field', () => {
    expect(fieldErrors(loginRequestSchema, { email: '   ', password: '' })).toEqual({ email: 'Enter your email.', password: 'Enter your password.' });
  });

  it('bounds the email and password lengths', () => {
    expect(loginRequestSchema.safeParse({ email: 'a'.repeat(LIMITS.email + 1), password: 'x' }).success).toBe(false);
    expect(loginRequestSchema.safeParse({ email: 'a@b.c', password: 'x'.repeat(1025) }).success).toBe(false);
    expect(loginRequestSchema.safeParse({ email: 'a@b.c', password: 'x'.repeat(1024) }).success).toBe(true);
  });
});
