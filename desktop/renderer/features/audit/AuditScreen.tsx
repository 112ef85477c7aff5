// Audit log (route #/admin/audit): the hub's change log, newest first, filtered by person, entity,
// record id, action and dates; each entry opens to the fields before and after. Export to Excel
// takes the same filters; Verify chain checks the hash chain for tampering.
import { Alert, Anchor, Badge, Button, Code, Collapse, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import type { AuditEntry, AuditVerifyResult } from '../../../../shared/admin.js';
import { userMessage } from '../../api/error-message.js';
import { findPreloadBridge } from '../../transport/electron-transport.js';
import { EmptyState, QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { formatDateTime } from '../cases/case-format.js';
import {
  ACTION_LABELS,
  ACTION_OPTIONS,
  ENTITY_LABELS,
  ENTITY_OPTIONS,
  NO_AUDIT_FILTERS,
  diffRows,
  parseAction,
  parseEntity,
  recordLabel,
  toAuditQuery,
  type AuditFilters,
} from './audit-format.js';
import { exportLocation, exportSummary } from './export-link.js';
import { useAuditExport, useAuditPages, useAuditPeople, useAuditVerify } from './use-audit.js';

const ACTION_COLORS = { create: 'green', update: 'blue', delete: 'red' } as const;

export function AuditScreen() {
  const [filters, setFilters] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const built = useMemo(() => toAuditQuery(filters), [filters]);
  // Invalid filters (an end before the start) keep the last good list on screen.
  const [lastGood, setLastGood] = useState(built.ok ? built.query : { limit: 50 });
  if (built.ok && JSON.stringify(built.query) !== JSON.stringify(lastGood)) setLastGood(built.query);
  const query = built.ok ? built.query : lastGood;
  const pages = useAuditPages(query);
  const people = useAuditPeople();
  const exporter = useAuditExport();
  const verify = useAuditVerify();
  const entries = pages.data?.pages.flatMap((p) => p.entries) ?? [];
  const filterErrors = built.ok ? {} : built.errors;
  const personOptions = useMemo(
    () => (people.data ?? []).map((u) => ({ value: u.id, label: u.active ? `${u.name} (${u.email})` : `${u.name} (${u.email}, deactivated)` })),
    [people.data],
  );

  const set = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  const runExport = () =>
    exporter.mutate(query, {
      onSuccess: (file) => {
        const where = exportLocation(file, findPreloadBridge(window) !== null, window.sessionStorage);
        notifications.show({
          color: 'green',
          title: 'Audit log exported',
          autoClose: false,
          message:
            where.kind === 'download' ? (
              <>
                {exportSummary(file)}.{' '}
                <Anchor href={where.url} download={file.fileName}>
                  Download {file.fileName}
                </Anchor>
              </>
            ) : (
              <>
                {exportSummary(file)}, saved as <Code>{where.path}</Code>
              </>
            ),
        });
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Export failed', message: userMessage(error) }),
    });

  return (
    <section aria-labelledby="audit-title">
      <Stack gap="md">
        <ScreenHeader id="audit-title" title="Audit log" description="Every change the hub accepted: who made it, when, from which console, and the fields before and after.">
          <Button variant="default" onClick={() => void pages.refetch()} loading={pages.isRefetching && !pages.isFetchingNextPage}>
            Refresh
          </Button>
          <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
            Verify chain
          </Button>
          <Button onClick={runExport} loading={exporter.isPending} disabled={!built.ok}>
            Export to Excel
          </Button>
        </ScreenHeader>

        {verify.isError && (
          <Alert color="red" title="The chain could not be checked" withCloseButton onClose={() => verify.reset()}>
            {userMessage(verify.error)}
          </Alert>
        )}
        {verify.data && <VerifyResult result={verify.data} onClose={() => verify.reset()} />}

        <Paper withBorder p="sm" component="form" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <Select
              label="User"
              placeholder="Anyone"
              data={personOptions}
              value={filters.userId}
              onChange={(v) => set('userId', v)}
              searchable
              clearable
              nothingFoundMessage="Nobody by that name"
              comboboxProps={{ keepMounted: false }}
              w={260}
            />
            <Select
              label="Entity"
              placeholder="Any"
              data={ENTITY_OPTIONS}
              value={filters.entity}
              onChange={(v) => set('entity', parseEntity(v))}
              clearable
              comboboxProps={{ keepMounted: false }}
              w={150}
            />
            <TextInput label="Record id" value={filters.entityId} onChange={(e) => set('entityId', e.currentTarget.value)} error={filterErrors.entityId} w={240} />
            <Select
              label="Action"
              placeholder="Any"
              data={ACTION_OPTIONS}
              value={filters.action}
              onChange={(v) => set('action', parseAction(v))}
              clearable
              comboboxProps={{ keepMounted: false }}
              w={140}
            />
            <TextInput label="From" type="date" value={filters.from} onChange={(e) => set('from', e.currentTarget.value)} error={filterErrors.from} w={160} />
            <TextInput label="To" type="date" value={filters.to} onChange={(e) => set('to', e.currentTarget.value)} error={filterErrors.to} w={160} />
            <Button variant="subtle" mt={25} onClick={() => setFilters(NO_AUDIT_FILTERS)} disabled={JSON.stringify(filters) === JSON.stringify(NO_AUDIT_FILTERS)}>
              Clear filters
            </Button>
          </Group>
        </Paper>

        <QueryStatus query={pages} loadingLabel="Loading the audit log…" errorTitle="The audit log could not be loaded">
          {entries.length === 0 ? (
            <EmptyState>No changes match these filters.</EmptyState>
          ) : (
            <Stack gap="sm">
              <ul role="list" aria-label="Audit entries" className="plain-list">
                {entries.map((entry) => (
                  <AuditItem key={entry.version} entry={entry} />
                ))}
              </ul>
              {pages.isFetchNextPageError && (
                <Text c="red.8" size="sm" role="alert">
                  {userMessage(pages.error)}
                </Text>
              )}
              <Group>
                {pages.hasNextPage ? (
                  <Button variant="default" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
                    Load more
                  </Button>
                ) : (
                  <Text size="sm" c="dimmed">
                    That is every matching change.
                  </Text>
                )}
              </Group>
            </Stack>
          )}
        </QueryStatus>
      </Stack>
    </section>
  );
}

function VerifyResult({ result, onClose }: { result: AuditVerifyResult; onClose: () => void }) {
  if (result.ok) {
    return (
      <Alert color="green" title={`Audit log intact: ${result.checked} entries checked`} withCloseButton onClose={onClose} role="status">
        Every entry up to version {result.headVersion} follows from the one before it. Checked {formatDateTime(result.checkedAt)}.
      </Alert>
    );
  }
  return (
    <Alert color="red" title="Audit log broken" withCloseButton onClose={onClose}>
      {result.firstBroken
        ? `The chain breaks at version ${result.firstBroken.version}: ${result.firstBroken.reason}. The database was changed outside the hub from there on.`
        : 'The chain does not verify.'}{' '}
      {result.checked} entries checked.
    </Alert>
  );
}

function AuditItem({ entry }: { entry: AuditEntry }) {
  const [open, setOpen] = useState(false);
  const detailsId = `audit-${entry.version}-details`;
  const label = recordLabel(entry);
  return (
    <li>
      <Paper withBorder p="sm">
        <Stack gap={6}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={2}>
              <Group gap="xs">
                <Badge tt="none" variant="light" color={ACTION_COLORS[entry.action]}>
                  {ACTION_LABELS[entry.action]}
                </Badge>
                <Text fw={600} size="sm">
                  {ENTITY_LABELS[entry.entity]}: {label}
                </Text>
                {entry.offline && (
                  <Badge tt="none" variant="outline" color="orange" title="Made while the console was offline and replayed when it reconnected">
                    offline
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {formatDateTime(entry.at)} · {entry.userName ?? 'The hub'}
                {entry.consoleName || entry.address ? ` · ${[entry.consoleName, entry.address].filter(Boolean).join(', ')}` : ''} · id {entry.entityId} · version{' '}
                {entry.version}
              </Text>
            </Stack>
            <Button size="compact-sm" variant="subtle" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((o) => !o)}>
              {open ? 'Hide changes' : 'Show changes'}
            </Button>
          </Group>
          <Collapse expanded={open} id={detailsId}>
            {open && <DiffTable entry={entry} />}
          </Collapse>
        </Stack>
      </Paper>
    </li>
  );
}

function DiffTable({ entry }: { entry: AuditEntry }) {
  const rows = diffRows(entry);
  if (rows.length === 0) return <Text size="sm">No fields recorded.</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label={`Changes in version ${entry.version}`} withTableBorder withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Field</Table.Th>
            <Table.Th scope="col">Before</Table.Th>
            <Table.Th scope="col">After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.field} className={r.changed ? 'audit-changed' : undefined}>
              <Table.Th scope="row">
                {r.field}
                {r.changed && (
                  <Text span size="xs" c="orange.9">
                    {' '}
                    (changed)
                  </Text>
                )}
              </Table.Th>
              <Table.Td>
                <pre className="audit-value">{r.before}</pre>
              </Table.Td>
              <Table.Td>
                <pre className="audit-value">{r.after}</pre>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
