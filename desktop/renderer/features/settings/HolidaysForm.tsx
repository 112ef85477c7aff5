// Holidays: rows of date and name, added and removed freely; saved sorted by date.
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import { holidaysToRows, rowKey, rowsToHolidays, type HolidayRow } from './settings-model.js';

export function HolidaysForm({ value, errors, saving, onSave, label }: SettingFormProps<'holidays'>) {
  const [rows, setRows] = useState<HolidayRow[]>(() => holidaysToRows(value));
  const update = (key: string, patch: Partial<HolidayRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const candidate = rowsToHolidays(rows);
    onSave(candidate.value, candidate.rowKeys);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            No holidays. SLA clocks run on every business day.
          </Text>
        )}
        {rows.map((r, i) => (
          <Group key={r.key} align="flex-start" gap="sm" role="group" aria-label={`Holiday ${i + 1}`}>
            <TextInput label="Date" type="date" value={r.date} error={errors[`${r.key}.date`] ?? errors[r.key]} onChange={(e) => update(r.key, { date: e.currentTarget.value })} w={180} />
            <TextInput label="Holiday name" value={r.name} error={errors[`${r.key}.name`]} onChange={(e) => update(r.key, { name: e.currentTarget.value })} w={300} />
            <Button variant="subtle" color="red" mt={25} aria-label={`Remove holiday ${r.name || i + 1}`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" onClick={() => setRows((rs) => [...rs, { key: rowKey(), date: '', name: '' }])}>
            Add holiday
          </Button>
        </Group>
        <SaveRow label={label} saving={saving} error={errors._} />
      </Stack>
    </form>
  );
}
