// Regions: rows of code (what sites and people store) and display name.
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import { regionsToRows, rowKey, rowsToRegions, type RegionRow } from './settings-model.js';

export function RegionsForm({ value, errors, saving, onSave, label }: SettingFormProps<'regions'>) {
  const [rows, setRows] = useState<RegionRow[]>(() => regionsToRows(value));
  const update = (key: string, patch: Partial<RegionRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const candidate = rowsToRegions(rows);
    onSave(candidate.value, candidate.rowKeys);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        {rows.map((r, i) => (
          <Group key={r.key} align="flex-start" gap="sm" role="group" aria-label={`Region ${i + 1}`}>
            <TextInput label="Region code" value={r.code} error={errors[`${r.key}.code`] ?? errors[r.key]} onChange={(e) => update(r.key, { code: e.currentTarget.value })} w={180} />
            <TextInput label="Region name" value={r.name} error={errors[`${r.key}.name`]} onChange={(e) => update(r.key, { name: e.currentTarget.value })} w={300} />
            <Button variant="subtle" color="red" mt={25} aria-label={`Remove region ${r.code || i + 1}`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" onClick={() => setRows((rs) => [...rs, { key: rowKey(), code: '', name: '' }])}>
            Add region
          </Button>
        </Group>
        <SaveRow label={label} saving={saving} error={errors._} />
      </Stack>
    </form>
  );
}
