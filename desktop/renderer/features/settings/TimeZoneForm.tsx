// Time zone: every IANA zone the runtime knows, searchable.
import { Select, Stack } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import { timeZoneOptions } from './settings-model.js';

function supportedZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    // An older runtime: the current zone and UTC are still offered.
    return [];
  }
}

export function TimeZoneForm({ value, errors, saving, onSave, label }: SettingFormProps<'timeZone'>) {
  const [draft, setDraft] = useState<string | null>(value);
  const options = useMemo(() => timeZoneOptions(value, supportedZones()), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(draft ?? '');
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <Select
          label="Time zone"
          data={options}
          value={draft}
          onChange={setDraft}
          searchable
          limit={100}
          nothingFoundMessage="No such time zone"
          error={errors._}
          comboboxProps={{ keepMounted: false }}
          maw={360}
        />
        <SaveRow label={label} saving={saving} />
      </Stack>
    </form>
  );
}
