// Excel import: how day and month are ordered in dates typed as text (real Excel dates need no format).
import { Select, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { IMPORT_DATE_FORMATS, IMPORT_DATE_FORMAT_LABELS, type ImportDateFormat } from '../../../../shared/settings.js';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';

const OPTIONS = IMPORT_DATE_FORMATS.map((format) => ({ value: format, label: IMPORT_DATE_FORMAT_LABELS[format] }));

export function DataImportForm({ value, errors, saving, onSave, label }: SettingFormProps<'dataImport'>) {
  const [dateFormat, setDateFormat] = useState<ImportDateFormat>(value.dateFormat);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ dateFormat });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <Select
          label="Dates written as text"
          description="Cells Excel stores as dates are always read correctly; this is for dates typed as text."
          data={OPTIONS}
          value={dateFormat}
          onChange={(next) => next && setDateFormat(next as ImportDateFormat)}
          allowDeselect={false}
          error={errors.dateFormat ?? errors._}
          maw={360}
        />
        <SaveRow label={label} saving={saving} />
      </Stack>
    </form>
  );
}
