// Business hours: a row per weekday, Open switch and opening and closing times.
import { Switch, Table, TextInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import { hoursToRows, rowsToHours, type DayRow } from './settings-model.js';

export function BusinessHoursForm({ value, errors, saving, onSave, label }: SettingFormProps<'businessHours'>) {
  const [rows, setRows] = useState<DayRow[]>(() => hoursToRows(value));
  const update = (index: number, patch: Partial<DayRow>) => setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(rowsToHours(rows));
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <Table aria-label="Opening hours" maw={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Day</Table.Th>
              <Table.Th scope="col">Open</Table.Th>
              <Table.Th scope="col">Opens</Table.Th>
              <Table.Th scope="col">Closes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={r.day}>
                <Table.Th scope="row">{r.day}</Table.Th>
                <Table.Td>
                  <Switch aria-label={`${r.day} open`} checked={r.open} onChange={(e) => update(i, { open: e.currentTarget.checked })} />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    type="time"
                    aria-label={`${r.day} opens`}
                    disabled={!r.open}
                    value={r.start}
                    error={r.open ? errors[`days.${i}.start`] : undefined}
                    onChange={(e) => update(i, { start: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    type="time"
                    aria-label={`${r.day} closes`}
                    disabled={!r.open}
                    value={r.end}
                    error={r.open ? errors[`days.${i}.end`] : undefined}
                    onChange={(e) => update(i, { end: e.currentTarget.value })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <SaveRow label={label} saving={saving} error={errors.days ?? errors._} />
      </Stack>
    </form>
  );
}
