// Email intake: acknowledge new cases by email, the attachment size limit, and the signature added
// to replies sent from the console. (The mailboxes themselves are under Mailboxes.)
import { Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import { draftToMailIntake, mailIntakeToDraft, type MailIntakeDraft } from './settings-model.js';

export function MailIntakeForm({ value, errors, saving, onSave, label }: SettingFormProps<'mailIntake'>) {
  const [draft, setDraft] = useState<MailIntakeDraft>(() => mailIntakeToDraft(value));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(draftToMailIntake(draft));
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <Switch
          label="Acknowledge each new case by email, with its case number"
          checked={draft.acknowledge}
          onChange={(e) => {
            const acknowledge = e.currentTarget.checked;
            setDraft((d) => ({ ...d, acknowledge }));
          }}
        />
        <TextInput
          label="Largest attachment kept (MB)"
          description="Larger attachments are not stored; the case gets a note instead."
          inputMode="numeric"
          w={260}
          value={draft.maxAttachmentMb}
          error={errors.maxAttachmentMb}
          onChange={(e) => {
            const maxAttachmentMb = e.currentTarget.value;
            setDraft((d) => ({ ...d, maxAttachmentMb }));
          }}
        />
        <Textarea
          label="Signature"
          description="Added to every reply sent from the console."
          autosize
          minRows={3}
          maxRows={8}
          maw={560}
          maxLength={2000}
          value={draft.signature}
          error={errors.signature}
          onChange={(e) => {
            const signature = e.currentTarget.value;
            setDraft((d) => ({ ...d, signature }));
          }}
        />
        <SaveRow label={label} saving={saving} error={errors._} />
      </Stack>
    </form>
  );
}
