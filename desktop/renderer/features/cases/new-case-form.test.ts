import { describe, it, expect } from 'vitest';
import type { ProjectorMatch } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import { NEW_CASE_DEFAULTS, errorsFromCall, isDirty, mapFieldErrors, toCaseFields, validateNewCase, type NewCaseValues } from './new-case-form.js';

const projector: ProjectorMatch = {
  projectorId: '0190a000-0000-7000-8000-000000000001',
  serial: 'EPX-1234',
  model: 'PX-9',
  manufacturer: 'Epson',
  siteId: '0190a000-0000-7000-8000-000000000002',
  siteName: 'Odeon Leicester Square',
  siteAddress: '24-26 Leicester Square',
  region: 'London',
  customerId: '0190a000-0000-7000-8000-000000000003',
  customerName: 'Odeon',
  warrantyEnd: '2027-01-01',
};

const filled: NewCaseValues = { ...NEW_CASE_DEFAULTS, serial: 'EPX-1234', contactName: 'Sam', contactPhone: '+44 20 7946 0000', title: 'Lamp flickers' };

describe('isDirty', () => {
  it('is false for an untouched form and true once any text is typed', () => {
    expect(isDirty({ ...NEW_CASE_DEFAULTS })).toBe(false);
    expect(isDirty({ ...NEW_CASE_DEFAULTS, description: 'x' })).toBe(true);
    expect(isDirty({ ...NEW_CASE_DEFAULTS, title: '   ' })).toBe(false);
  });
});

describe('toCaseFields', () => {
  it('links the chosen projector, site and customer', () => {
    expect(toCaseFields(filled, projector)).toMatchObject({ projectorId: projector.projectorId, siteId: projector.siteId, customerId: projector.customerId });
  });
  it('drops a chosen projector whose serial no longer matches what is typed', () => {
    expect(toCaseFields({ ...filled, serial: 'EPX-9999' }, projector)).toMatchObject({ projectorId: null, siteId: null, customerId: null });
  });
  it('stores the installed-base spelling of a linked serial', () => {
    expect(toCaseFields({ ...filled, serial: 'epx 1234' }, projector)).toMatchObject({ serial: 'EPX-1234', projectorId: projector.projectorId });
  });
  it('allows an unknown serial with no links', () => {
    expect(toCaseFields(filled, null)).toMatchObject({ serial: 'EPX-1234', projectorId: null });
  });
});

describe('validateNewCase', () => {
  it('accepts a complete form and trims text', () => {
    const result = validateNewCase({ ...filled, title: '  Lamp flickers  ' }, projector);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.fields.title).toBe('Lamp flickers');
  });

  it('puts each problem next to its input', () => {
    const result = validateNewCase({ ...NEW_CASE_DEFAULTS, contactEmail: 'not-an-email' }, null);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.fields.contactName).toBe('Enter the contact name.');
      expect(result.errors.fields.title).toBe('Enter a title.');
      expect(result.errors.fields.contactEmail).toMatch(/valid email/);
      expect(result.errors.general).toBeNull();
    }
  });

  it('asks for a phone or an email, as the core does', () => {
    const result = validateNewCase({ ...filled, contactPhone: '', contactEmail: '' }, null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.fields.contactPhone).toMatch(/phone number or an email/);
  });
});

describe('mapping errors from the core', () => {
  it('shows the core field errors next to the inputs, projector links under Serial', () => {
    const error = new AppError('VALIDATION', 'Some fields need attention.', { fields: { title: 'Title is too long.', projectorId: 'Unknown projector.' } });
    expect(errorsFromCall(error)).toEqual({ fields: { title: 'Title is too long.', serial: 'Unknown projector.' }, general: null });
  });

  it('keeps errors without an input as the form message', () => {
    expect(mapFieldErrors({ _: 'Nothing to save.' }, 'Fix it.')).toEqual({ fields: {}, general: 'Nothing to save.' });
  });

  it('shows the message of a failure without field details', () => {
    expect(errorsFromCall(new AppError('FORBIDDEN', 'You may not create cases.'))).toEqual({ fields: {}, general: 'You may not create cases.' });
    expect(errorsFromCall(new Error('secret stack'))).toEqual({ fields: {}, general: 'Something went wrong. Please try again.' });
  });
});
