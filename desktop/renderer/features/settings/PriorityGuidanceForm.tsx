// Priority guidance: the priority the intake suggests for each severity and business impact, as a
// table of selects, and the notes shown beside it.
import { NativeSelect, Stack, Table, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { PRIORITIES, SEVERITIES, type Priority, type Severity } from '../../../../shared/domain.js';
import { BUSINESS_IMPACTS, BUSINESS_IMPACT_LABELS, type BusinessImpact, type SettingValue } from '../../../../shared/settings.js';
import { SEVERITY_LABELS } from '../cases/case-format.js';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';

type Guidance = SettingValue<'priorityGuidance'>;

export function PriorityGuidanceForm({ value, errors, saving, onSave, label }: SettingFormProps<'priorityGuidance'>) {
  const [draft, setDraft] = useState<Guidance>(value);
  const setCell = (severity: Severity, impact: BusinessImpact, priority: Priority) =>
    setDraft((d) => ({ ...d, matrix: { ...d.matrix, [severity]: { ...d.matrix[severity], [impact]: priority } } }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(draft);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <Table aria-label="Suggested priority by severity and business impact" maw={680}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Severity</Table.Th>
              {BUSINESS_IMPACTS.map((i) => (
                <Table.Th key={i} scope="col">
                  {BUSINESS_IMPACT_LABELS[i]}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {SEVERITIES.map((s) => (
              <Table.Tr key={s}>
                <Table.Th scope="row">{SEVERITY_LABELS[s]}</Table.Th>
                {BUSINESS_IMPACTS.map((i) => (
                  <Table.Td key={i}>
                    <NativeSelect
                      aria-label={`${SEVERITY_LABELS[s]}, ${BUSINESS_IMPACT_LABELS[i]}`}
                      data={[...PRIORITIES]}
                      value={draft.matrix[s][i]}
                      error={errors[`matrix.${s}.${i}`]}
                      onChange={(e) => {
                        const p = PRIORITIES.find((x) => x === e.currentTarget.value);
                        if (p) setCell(s, i, p);
                      }}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Textarea
          label="Notes for agents"
          description="Shown beside the matrix on the intake form."
          autosize
          minRows={2}
          maxRows={8}
          maxLength={2000}
          value={draft.notes}
          error={errors.notes}
          onChange={(e) => {
            const notes = e.currentTarget.value;
            setDraft((d) => ({ ...d, notes }));
          }}
        />
        <SaveRow label={label} saving={saving} error={errors.matrix ?? errors._} />
      </Stack>
    </form>
  );
}
