// Organisation: name, address, phone, email and logo (PNG or JPEG, checked before upload, previewed
// from checked base64 only), printed on service reports.
import { Button, FileButton, Group, Image, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { LOGO_MAX_BYTES } from '../../../../shared/settings.js';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import { logoDataUrl, logoFileProblem, logoFromBytes } from './settings-model.js';

export function OrganisationForm({ value, errors, saving, onSave, label }: SettingFormProps<'organisation'>) {
  const [draft, setDraft] = useState(value);
  const [logoError, setLogoError] = useState<string | null>(null);
  const preview = logoDataUrl(draft.logo);

  const pick = async (file: File | null) => {
    setLogoError(null);
    if (!file) return;
    const problem = logoFileProblem(file);
    if (problem) return setLogoError(problem);
    const result = logoFromBytes(file.type, new Uint8Array(await file.arrayBuffer()));
    if (!result.ok) return setLogoError(result.message);
    setDraft((d) => ({ ...d, logo: result.logo }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(draft);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <TextInput label="Organisation name" required value={draft.name} error={errors.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
        <Textarea label="Address" autosize minRows={2} value={draft.address} error={errors.address} onChange={(e) => setDraft({ ...draft, address: e.currentTarget.value })} />
        <Group grow align="flex-start">
          <TextInput label="Organisation phone" type="tel" value={draft.phone} error={errors.phone} onChange={(e) => setDraft({ ...draft, phone: e.currentTarget.value })} />
          <TextInput label="Organisation email" type="email" value={draft.email} error={errors.email} onChange={(e) => setDraft({ ...draft, email: e.currentTarget.value })} />
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="org-logo-label">
            Logo
          </Text>
          <Group gap="sm" align="center">
            {preview ? (
              <Image src={preview} alt="Current logo" h={64} w="auto" fit="contain" radius="sm" />
            ) : (
              <Text size="sm" c="dimmed">
                No logo.
              </Text>
            )}
            <FileButton onChange={(file) => void pick(file)} accept="image/png,image/jpeg">
              {(props) => (
                <Button {...props} variant="default" size="xs" aria-describedby="org-logo-label org-logo-hint">
                  {draft.logo ? 'Replace logo' : 'Upload logo'}
                </Button>
              )}
            </FileButton>
            {draft.logo && (
              <Button variant="subtle" color="red" size="xs" onClick={() => setDraft({ ...draft, logo: null })}>
                Remove logo
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed" id="org-logo-hint">
            PNG or JPEG, at most {LOGO_MAX_BYTES / 1024} KiB.
          </Text>
          {(logoError ?? errors.logo ?? errors['logo.base64'] ?? errors['logo.mime']) && (
            <Text size="sm" c="red.8" role="alert">
              {logoError ?? errors.logo ?? errors['logo.base64'] ?? errors['logo.mime']}
            </Text>
          )}
        </Stack>
        <SaveRow label={label} saving={saving} error={errors._} />
      </Stack>
    </form>
  );
}
