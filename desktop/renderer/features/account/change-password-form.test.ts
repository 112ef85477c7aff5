import { describe, it, expect } from 'vitest';
import { AppError } from '../../../../shared/errors.js';
import { EMPTY_PASSWORD_FORM, MISMATCH_MESSAGE, livePasswordFeedback, passwordErrorsFromCall, validatePasswordForm } from './change-password-form.js';

const email = 'dana.wells@example.com';

describe('livePasswordFeedback', () => {
  it('says nothing before the user types', () => {
    expect(livePasswordFeedback(EMPTY_PASSWORD_FORM, email)).toEqual({});
  });
  it('shows the policy problem of a short, common or email-like password', () => {
    expect(livePasswordFeedback({ ...EMPTY_PASSWORD_FORM, newPassword: 'short' }, email).newPassword).toBe('Use at least 12 characters.');
    expect(livePasswordFeedback({ ...EMPTY_PASSWORD_FORM, newPassword: 'Password 1234' }, email).newPassword).toMatch(/too common/);
    expect(livePasswordFeedback({ ...EMPTY_PASSWORD_FORM, newPassword: email }, email).newPassword).toMatch(/email/);
  });
  it('flags a confirmation that differs, only once something is typed there', () => {
    const values = { ...EMPTY_PASSWORD_FORM, newPassword: 'correct horse battery', confirmPassword: 'correct horse' };
    expect(livePasswordFeedback(values, email)).toEqual({ confirmPassword: MISMATCH_MESSAGE });
    expect(livePasswordFeedback({ ...values, confirmPassword: values.newPassword }, email)).toEqual({});
  });
});

describe('validatePasswordForm', () => {
  it('accepts a good change and sends only the two passwords', () => {
    const result = validatePasswordForm({ currentPassword: 'Temp-123456789abc', newPassword: 'correct horse battery', confirmPassword: 'correct horse battery' }, email);
    expect(result).toEqual({ ok: true, request: { currentPassword: 'Temp-123456789abc', newPassword: 'correct horse battery' } });
  });
  it('asks for every field of an empty form', () => {
    const result = validatePasswordForm(EMPTY_PASSWORD_FORM, email);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['confirmPassword', 'currentPassword', 'newPassword']);
  });
  it('refuses a new password equal to the current one, or one the policy refuses', () => {
    const same = validatePasswordForm({ currentPassword: 'correct horse battery', newPassword: 'correct horse battery', confirmPassword: 'correct horse battery' }, email);
    expect(same.ok ? null : same.errors.newPassword).toMatch(/differ/);
    const weak = validatePasswordForm({ currentPassword: 'x', newPassword: 'short', confirmPassword: 'short' }, email);
    expect(weak.ok ? null : weak.errors.newPassword).toBe('Use at least 12 characters.');
  });
});

describe('passwordErrorsFromCall', () => {
  it('puts the hub\'s wrong-current-password message on that field', () => {
    const error = new AppError('VALIDATION', 'Some fields need attention.', { fields: { currentPassword: 'Your current password is incorrect.' } });
    expect(passwordErrorsFromCall(error)).toEqual({ fields: { currentPassword: 'Your current password is incorrect.' }, general: null });
  });
  it('shows anything else as one message', () => {
    const error = new AppError('UNAVAILABLE', 'Changing your password needs a connection to the hub.');
    expect(passwordErrorsFromCall(error)).toEqual({ fields: {}, general: 'Changing your password needs a connection to the hub.' });
  });
});
