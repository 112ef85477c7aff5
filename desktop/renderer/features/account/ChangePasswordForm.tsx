// Change password: current password, new password with live feedback from the shared policy, and
// the new password again. Used by the forced screen after a temporary password and by Account.
import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../../shared/passwords.js';
import { EMPTY_PASSWORD_FORM, livePasswordFeedback, passwordErrorsFromCall, validatePasswordForm, type PasswordField, type PasswordFormErrors, type PasswordFormValues } from './change-password-form.js';
import { useChangePassword } from './use-account.js';

export type ChangePasswordFormProps = Readonly<{
  email: string;
  onChanged?: () => void;
  autoFocus?: boolean;
}>;

const toggle = { 'aria-label': 'Show what I typed' };
// Every field is required, and says so by its error; no asterisk, so each label reads exactly as
// written ("New password", not "New password *") for people and for tests finding it by label.
const requiredField = { required: true, withAsterisk: false } as const;

export function ChangePasswordForm({ email, onChanged, autoFocus }: ChangePasswordFormProps) {
  const [values, setValues] = useState<PasswordFormValues>(EMPTY_PASSWORD_FORM);
  const [submitted, setSubmitted] = useState<PasswordFormErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [errorVersion, setErrorVersion] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const change = useChangePassword();
  const live = livePasswordFeedback(values, email);

  const set = (field: PasswordField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setDone(false);
    if (submitted[field]) setSubmitted((e) => ({ ...e, [field]: undefined }));
  };

  useEffect(() => {
    if (errorVersion === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errorVersion]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (change.isPending) return;
    setGeneral(null);
    const result = validatePasswordForm(values, email);
    if (!result.ok) {
      setSubmitted(result.errors);
      setErrorVersion((n) => n + 1);
      return;
    }
    change.mutate(result.request, {
      onSuccess: () => {
        setValues(EMPTY_PASSWORD_FORM);
        setSubmitted({});
        setDone(true);
        onChanged?.();
      },
      onError: (error) => {
        const mapped = passwordErrorsFromCall(error);
        setSubmitted(mapped.fields);
        setGeneral(mapped.general);
        setErrorVersion((n) => n + 1);
      },
    });
  };

  // A submitted (or server) error wins over the live hint for the same field.
  const errorOf = (field: PasswordField) => submitted[field] ?? (field === 'currentPassword' ? undefined : live[field]);

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="Change password">
      <Stack gap="sm">
        {general && (
          <Alert color="red" title="Password not changed">
            {general}
          </Alert>
        )}
        {done && (
          <Alert color="green" title="Password changed" role="status">
            Your other sessions have been signed out.
          </Alert>
        )}
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          {...requiredField}
          autoFocus={autoFocus}
          value={values.currentPassword}
          onChange={(e) => set('currentPassword', e.currentTarget.value)}
          error={errorOf('currentPassword')}
          visibilityToggleButtonProps={toggle}
        />
        <PasswordInput
          label="New password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters; not your email or a common password.`}
          autoComplete="new-password"
          {...requiredField}
          value={values.newPassword}
          onChange={(e) => set('newPassword', e.currentTarget.value)}
          error={errorOf('newPassword')}
          visibilityToggleButtonProps={toggle}
        />
        <PasswordInput
          label="Confirm new password"
          autoComplete="new-password"
          {...requiredField}
          value={values.confirmPassword}
          onChange={(e) => set('confirmPassword', e.currentTarget.value)}
          error={errorOf('confirmPassword')}
          visibilityToggleButtonProps={toggle}
        />
        {values.newPassword && !live.newPassword && (
          <Text size="sm" c="green.8" aria-live="polite">
            This password meets the policy.
          </Text>
        )}
        <Button type="submit" loading={change.isPending} w="fit-content">
          Change password
        </Button>
      </Stack>
    </form>
  );
}
