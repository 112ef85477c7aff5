// Change-password form logic: live feedback while typing (the shared password policy, a mismatch),
// the check before sending, and the core's field errors mapped back onto the inputs.
import { changePasswordRequestSchema, passwordProblem, type ChangePasswordRequest } from '../../../../shared/passwords.js';
import { validationError } from '../../../../shared/errors.js';
import { fieldErrors, userMessage } from '../../api/error-message.js';

export type PasswordFormValues = Readonly<{ currentPassword: string; newPassword: string; confirmPassword: string }>;
export type PasswordField = keyof PasswordFormValues;
export type PasswordFormErrors = Partial<Record<PasswordField, string>>;

export const EMPTY_PASSWORD_FORM: PasswordFormValues = { currentPassword: '', newPassword: '', confirmPassword: '' };
export const MISMATCH_MESSAGE = 'The two new passwords do not match.';

/** What to show under the new-password inputs as the user types (nothing before they start). */
export function livePasswordFeedback(values: PasswordFormValues, email: string): PasswordFormErrors {
  const out: PasswordFormErrors = {};
  if (values.newPassword) {
    const problem = passwordProblem(values.newPassword, email);
    if (problem) out.newPassword = problem;
  }
  if (values.confirmPassword && values.confirmPassword !== values.newPassword) out.confirmPassword = MISMATCH_MESSAGE;
  return out;
}

export type PasswordFormResult = Readonly<{ ok: true; request: ChangePasswordRequest }> | Readonly<{ ok: false; errors: PasswordFormErrors }>;

export function validatePasswordForm(values: PasswordFormValues, email: string): PasswordFormResult {
  const errors: PasswordFormErrors = {};
  const parsed = changePasswordRequestSchema.safeParse({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  if (!parsed.success) {
    const fields = validationError(parsed.error.issues).details?.fields ?? {};
    if (fields.currentPassword) errors.currentPassword = fields.currentPassword;
    if (fields.newPassword) errors.newPassword = fields.newPassword;
  }
  const problem = values.newPassword ? passwordProblem(values.newPassword, email) : null;
  if (problem && !errors.newPassword) errors.newPassword = problem;
  if (!values.confirmPassword) errors.confirmPassword = 'Type the new password again.';
  else if (values.confirmPassword !== values.newPassword) errors.confirmPassword = MISMATCH_MESSAGE;
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, request: parsed.data };
}

/** A failed call: field errors next to their inputs, anything else as one message. */
export function passwordErrorsFromCall(error: unknown): Readonly<{ fields: PasswordFormErrors; general: string | null }> {
  const raw = fieldErrors(error);
  const fields: PasswordFormErrors = {};
  if (raw.currentPassword) fields.currentPassword = raw.currentPassword;
  if (raw.newPassword) fields.newPassword = raw.newPassword;
  return { fields, general: Object.keys(fields).length ? null : userMessage(error) };
}
