// SLA targets: per priority, first response and resolution as hours and minutes of business time,
// and the share of a target after which a running clock warns.
import { Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import { draftToSlaPolicies, slaPoliciesToDraft, type HoursMinutes, type SlaPoliciesDraft } from './settings-model.js';

type Clock = 'firstResponse' | 'resolution';
const CLOCK_LABELS: Readonly<Record<Clock, string>> = { firstResponse: 'First response', resolution: 'Resolution' };
const ERROR_KEYS: Readonly<Record<Clock, string>> = { firstResponse: 'firstResponseMinutes', resolution: 'resolutionMinutes' };

export function SlaPoliciesForm({ value, errors, saving, onSave, label }: SettingFormProps<'slaPolicies'>) {
  const [draft, setDraft] = useState<SlaPoliciesDraft>(() => slaPoliciesToDraft(value));
  const update = (index: number, clock: Clock, patch: Partial<HoursMinutes>) =>
    setDraft((d) => ({ ...d, rows: d.rows.map((r, i) => (i === index ? { ...r, [clock]: { ...r[clock], ...patch } } : r)) }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(draftToSlaPolicies(draft));
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <Table aria-label="SLA targets per priority" maw={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">First response (business time)</Table.Th>
              <Table.Th scope="col">Resolution (business time)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {draft.rows.map((row, i) => (
              <Table.Tr key={row.priority}>
                <Table.Th scope="row">{row.priority}</Table.Th>
                {(['firstResponse', 'resolution'] as const).map((clock) => {
                  const error = errors[`targets.${row.priority}.${ERROR_KEYS[clock]}`];
                  return (
                    <Table.Td key={clock}>
                      <Group gap={4} wrap="nowrap" align="flex-start">
                        <TextInput
                          aria-label={`${row.priority} ${CLOCK_LABELS[clock]} hours`}
                          inputMode="numeric"
                          w={70}
                          value={row[clock].hours}
                          error={error ? true : undefined}
                          onChange={(e) => update(i, clock, { hours: e.currentTarget.value })}
                        />
                        <Text size="sm" mt={6}>
                          h
                        </Text>
                        <TextInput
                          aria-label={`${row.priority} ${CLOCK_LABELS[clock]} minutes`}
                          inputMode="numeric"
                          w={60}
                          value={row[clock].minutes}
                          error={error ? true : undefined}
                          onChange={(e) => update(i, clock, { minutes: e.currentTarget.value })}
                        />
                        <Text size="sm" mt={6}>
                          min
                        </Text>
                      </Group>
                      {error && (
                        <Text size="xs" c="red.8" role="alert">
                          {error}
                        </Text>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <TextInput
          label="Warn at (% of the target used)"
          inputMode="numeric"
          w={220}
          value={draft.warnAtPercent}
          error={errors.warnAtPercent}
          onChange={(e) => {
            const warnAtPercent = e.currentTarget.value;
            setDraft((d) => ({ ...d, warnAtPercent }));
          }}
        />
        <SaveRow label={label} saving={saving} error={errors.targets ?? errors._} />
      </Stack>
    </form>
  );
}
