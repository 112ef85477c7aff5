// Create or edit a support mailbox: name, address, IMAP and SMTP servers, folder, enabled.
// Password fields are always empty; with a stored password they say "unchanged" and only a typed
// one is sent. Field problems show beside their inputs.
import { Alert, Button, Group, Modal, NativeSelect, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { MailboxView, MailSecurity } from '../../../../shared/mail.js';
import { fieldErrors, userMessage } from '../../api/error-message.js';
import { NEW_MAILBOX, SECURITY_OPTIONS, checkCreate, checkPatch, mailboxToForm, passwordPlaceholder, type MailboxFormValues, type ServerValues } from './mailbox-form.js';
import { useCreateMailbox, useUpdateMailbox } from './use-mailboxes.js';

export type MailboxTarget = 'new' | MailboxView | null;

export function MailboxFormModal({ target, onClose }: { target: MailboxTarget; onClose: () => void }) {
  return (
    <Modal opened={target !== null} onClose={onClose} title={target === 'new' ? 'New mailbox' : target ? `Edit ${target.name}` : ''} size="lg" closeButtonProps={{ 'aria-label': 'Close form' }}>
      {target && <MailboxForm key={target === 'new' ? 'new' : target.id} target={target} onDone={onClose} />}
    </Modal>
  );
}

function MailboxForm({ target, onDone }: { target: 'new' | MailboxView; onDone: () => void }) {
  const existing = target === 'new' ? null : target;
  const [values, setValues] = useState<MailboxFormValues>(() => (existing ? mailboxToForm(existing) : NEW_MAILBOX));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const create = useCreateMailbox();
  const update = useUpdateMailbox();
  const saving = create.isPending || update.isPending;

  const onError = (error: unknown) => {
    const fields = fieldErrors(error);
    setErrors(fields);
    setGeneral(Object.keys(fields).length ? null : userMessage(error));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    if (!existing) {
      const check = checkCreate(values);
      if (!check.ok) return setErrors(check.errors);
      setErrors({});
      create.mutate(check.value, {
        onSuccess: (box) => {
          notifications.show({ color: 'green', title: 'Mailbox added', message: `${box.name} is checked for new mail from now on.` });
          onDone();
        },
        onError,
      });
      return;
    }
    const check = checkPatch(existing, values);
    if (!check) return onDone();
    if (!check.ok) return setErrors(check.errors);
    setErrors({});
    update.mutate(
      { id: existing.id, patch: check.value },
      {
        onSuccess: (box) => {
          notifications.show({ color: 'green', title: 'Mailbox saved', message: `${box.name} reconnects with the new settings.` });
          onDone();
        },
        onError,
      },
    );
  };

  const setServer = (key: 'imap' | 'smtp', patch: Partial<ServerValues>) => setValues((v) => ({ ...v, [key]: { ...v[key], ...patch } }));

  const server = (key: 'imap' | 'smtp', title: string) => {
    const s = values[key];
    const hasPassword = existing ? existing[key].hasPassword : false;
    const err = (f: string) => errors[`${key}.${f}`];
    return (
      <Stack gap="xs" component="fieldset" className="plain-fieldset">
        <Text component="legend" fw={600} size="sm">
          {title}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <TextInput label={`${title} host`} value={s.host} error={err('host')} onChange={(e) => setServer(key, { host: e.currentTarget.value })} />
          <TextInput label={`${title} port`} inputMode="numeric" value={s.port} error={err('port')} onChange={(e) => setServer(key, { port: e.currentTarget.value })} />
          <NativeSelect
            label={`${title} security`}
            data={SECURITY_OPTIONS}
            value={s.security}
            error={err('security')}
            onChange={(e) => {
              const security = SECURITY_OPTIONS.find((o) => o.value === e.currentTarget.value)?.value;
              if (security) setServer(key, { security: security as MailSecurity });
            }}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput label={`${title} user`} autoComplete="off" value={s.user} error={err('user')} onChange={(e) => setServer(key, { user: e.currentTarget.value })} />
          <PasswordInput
            label={`${title} password`}
            autoComplete="new-password"
            placeholder={passwordPlaceholder(hasPassword)}
            description={hasPassword ? 'Stored. Leave empty to keep it.' : undefined}
            value={s.password}
            error={err('password')}
            onChange={(e) => setServer(key, { password: e.currentTarget.value })}
          />
        </SimpleGrid>
      </Stack>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={existing ? 'Edit mailbox' : 'New mailbox'}>
      <Stack gap="sm">
        {general && (
          <Alert color="red" title="Not saved">
            {general}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput label="Name" data-autofocus value={values.name} error={errors.name} onChange={(e) => setValues({ ...values, name: e.currentTarget.value })} />
          <TextInput label="Address" type="email" value={values.address} error={errors.address} onChange={(e) => setValues({ ...values, address: e.currentTarget.value })} />
        </SimpleGrid>
        {server('imap', 'IMAP')}
        {server('smtp', 'SMTP')}
        <Group align="flex-end">
          <TextInput label="Folder" value={values.folder} error={errors.folder} onChange={(e) => setValues({ ...values, folder: e.currentTarget.value })} w={220} />
          <Switch label="Enabled" checked={values.enabled} onChange={(e) => setValues({ ...values, enabled: e.currentTarget.checked })} mb={8} />
        </Group>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {existing ? 'Save mailbox' : 'Add mailbox'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
