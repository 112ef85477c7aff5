// Step 2: which sheet, which row holds the headers, and which field each column fills. The core
// suggests all three (and remembers the admin's corrections for the next file with these headers);
// the dry run waits until every required field has a column.
import { Alert, Badge, Button, Group, NativeSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ImportInspection } from '../../../../shared/console-api.js';
import { IMPORT_KIND_LABELS } from '../../../../shared/import.js';
import { userMessage } from '../../api/error-message.js';
import { IGNORE_COLUMN, columnLetter, fieldOptions, headerLabel, mappedCount, missingRequiredFields, parseHeaderRow, setColumnField } from './import-model.js';

export type MappingStepProps = Readonly<{
  inspection: ImportInspection;
  mapping: readonly (string | null)[];
  onMapping: (mapping: (string | null)[]) => void;
  /** Look again with another sheet or header row. */
  onReinspect: (arg: Readonly<{ sheet: string; headerRow?: number }>) => void;
  reinspecting: boolean;
  reinspectError: unknown;
  onDryRun: () => void;
  onBack: () => void;
}>;

export function MappingStep({ inspection, mapping, onMapping, onReinspect, reinspecting, reinspectError, onDryRun, onBack }: MappingStepProps) {
  const [headerRowText, setHeaderRowText] = useState(String(inspection.headerRow));
  const [shownFor, setShownFor] = useState(inspection);
  // A new inspection (another sheet, or the core found the header elsewhere) resets the box.
  if (shownFor !== inspection) {
    setShownFor(inspection);
    setHeaderRowText(String(inspection.headerRow));
  }
  const headerRow = parseHeaderRow(headerRowText);
  const missing = missingRequiredFields(inspection.kind, mapping);
  const options = fieldOptions(inspection.kind);

  return (
    <Stack gap="md">
      <Group gap="sm" align="center" wrap="wrap">
        <Text fw={500}>
          {inspection.fileName} · {IMPORT_KIND_LABELS[inspection.kind]}
        </Text>
        {inspection.mappingRemembered && (
          <Badge color="teal" variant="light" tt="none" title="The columns are mapped as you mapped a file with the same headers last time.">
            Mapping remembered
          </Badge>
        )}
        <Text size="sm" c="dimmed">
          {mappedCount(mapping)} of {inspection.headers.length} columns mapped
        </Text>
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap" component="form" aria-label="Where the headers are" onSubmit={(e) => {
        e.preventDefault();
        if (headerRow !== null) onReinspect({ sheet: inspection.sheet, headerRow });
      }}>
        {inspection.sheets.length > 1 && (
          <Select
            label="Sheet"
            data={[...inspection.sheets]}
            value={inspection.sheet}
            onChange={(sheet) => sheet && sheet !== inspection.sheet && onReinspect({ sheet })}
            allowDeselect={false}
            comboboxProps={{ keepMounted: false }}
            w={240}
            disabled={reinspecting}
          />
        )}
        <TextInput
          label="Header row"
          description="The row number of the column headers"
          value={headerRowText}
          onChange={(e) => setHeaderRowText(e.currentTarget.value)}
          error={headerRow === null ? 'Enter a row number from 1 to 1000.' : undefined}
          inputMode="numeric"
          w={200}
        />
        <Button type="submit" variant="default" loading={reinspecting} disabled={headerRow === null || headerRow === inspection.headerRow}>
          Use this header row
        </Button>
      </Group>
      {reinspectError !== null && reinspectError !== undefined && (
        <Alert color="red" title="The sheet could not be read" role="alert">
          {userMessage(reinspectError)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label="Column mapping" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Column</Table.Th>
              <Table.Th scope="col">Header in the file</Table.Th>
              <Table.Th scope="col">First values</Table.Th>
              <Table.Th scope="col">Imported as</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inspection.headers.map((header, i) => {
              const name = headerLabel(header, i);
              const samples = inspection.sample
                .map((row) => row[i] ?? '')
                .filter((v) => v.trim() !== '')
                .slice(0, 3);
              return (
                <Table.Tr key={i}>
                  <Table.Td>{columnLetter(i)}</Table.Td>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1} title={samples.join(' · ')}>
                      {samples.length ? samples.join(' · ') : '(empty)'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`Imported as, for column ${columnLetter(i)} (${name})`}
                      data={options.map((o) => ({ value: o.value, label: o.label }))}
                      value={mapping[i] ?? IGNORE_COLUMN}
                      onChange={(e) => onMapping(setColumnField(mapping, i, e.currentTarget.value))}
                      w={240}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {missing.length > 0 ? (
        <Alert color="orange" title="Required fields without a column" role="status">
          Map a column to {missing.join(', ')}. The rows cannot be checked without them.
        </Alert>
      ) : null}
      <Group gap="sm">
        <Button variant="default" onClick={onBack}>
          Choose another file
        </Button>
        <Button onClick={onDryRun} disabled={missing.length > 0 || reinspecting}>
          Check the rows
        </Button>
      </Group>
    </Stack>
  );
}
