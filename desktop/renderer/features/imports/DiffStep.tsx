// Step 3's answer: what the import would do, as tabs per category (new, changed, unchanged, with
// errors, duplicates) over a virtualised, paged table of the rows; the rows with errors as a
// workbook to fix; and "Import N rows", confirmed with the counts.
import { Alert, Badge, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import type { ImportDryRun, ImportPreviewRow, ImportRowCategory } from '../../../../shared/console-api.js';
import { IMPORT_KIND_LABELS } from '../../../../shared/import.js';
import { userMessage } from '../../api/error-message.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { EmptyState, LoadingRows } from '../../ui/QueryStatus.js';
import { showExportedFile } from '../../ui/show-exported-file.js';
import { exportSummary } from '../audit/export-link.js';
import { PagedTable, type PagedColumn } from '../installed-base/PagedTable.js';
import { CATEGORY_COLORS, CATEGORY_LABELS, alsoCreatesText, categoryTabs, commitSummary, firstTab, formatCount, parseCategory, previewColumns, rowDetail, rowsToImport } from './import-model.js';
import { useErrorWorkbook, useImportRows } from './use-imports.js';

const ROW_HEIGHT = 36;

export type DiffStepProps = Readonly<{
  dryRun: ImportDryRun;
  onCommit: () => void;
  onBack: () => void;
  committing: boolean;
  commitError: unknown;
}>;

export function DiffStep({ dryRun, onCommit, onBack, committing, commitError }: DiffStepProps) {
  const [tab, setTab] = useState<ImportRowCategory>(() => firstTab(dryRun.counts));
  const [confirming, setConfirming] = useState(false);
  const errorBook = useErrorWorkbook();
  const toImport = rowsToImport(dryRun.counts);
  const withErrors = dryRun.counts.invalid + dryRun.counts.duplicate;

  const downloadErrors = () =>
    errorBook.mutate(dryRun.dryRunId, {
      onSuccess: (file) => showExportedFile('Rows with errors ready', file, `${exportSummary(file)}. Fix them in Excel and import that file.`),
      onError: (error) => notifications.show({ color: 'red', title: 'The workbook could not be made', message: userMessage(error) }),
    });

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <Text fw={500}>
          {dryRun.fileName} · {IMPORT_KIND_LABELS[dryRun.kind]} · {formatCount(dryRun.totalRows)} rows checked in {(dryRun.elapsedMs / 1000).toFixed(1)} s
        </Text>
        {(dryRun.alsoCreates.sites > 0 || dryRun.alsoCreates.customers > 0) && (
          <Badge variant="light" tt="none">
            {alsoCreatesText(dryRun.alsoCreates)}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Nothing has been written yet. Only new and changed rows are imported.
      </Text>
      <Group gap="sm">
        <Button variant="default" onClick={onBack} disabled={committing}>
          Back to the columns
        </Button>
        {withErrors > 0 && (
          <Button variant="default" onClick={downloadErrors} loading={errorBook.isPending}>
            Download rows with errors
          </Button>
        )}
        <Button onClick={() => setConfirming(true)} disabled={toImport === 0 || committing}>
          {toImport === 0 ? 'Nothing to import' : `Import ${formatCount(toImport)} ${toImport === 1 ? 'row' : 'rows'}`}
        </Button>
      </Group>
      <Tabs value={tab} onChange={(v) => setTab(parseCategory(v) ?? tab)} keepMounted={false}>
        <Tabs.List aria-label="Rows by outcome">
          {categoryTabs(dryRun.counts).map((t) => (
            <Tabs.Tab key={t.category} value={t.category} color={CATEGORY_COLORS[t.category]}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {categoryTabs(dryRun.counts).map((t) => (
          <Tabs.Panel key={t.category} value={t.category} pt="sm">
            {t.count === 0 ? <EmptyState>No {CATEGORY_LABELS[t.category].toLowerCase()} rows.</EmptyState> : <CategoryRows dryRun={dryRun} category={t.category} />}
          </Tabs.Panel>
        ))}
      </Tabs>
      <ConfirmDialog
        opened={confirming}
        title={`Import ${formatCount(toImport)} ${toImport === 1 ? 'row' : 'rows'}?`}
        confirmLabel="Import"
        color="blue"
        busy={false}
        error={null}
        onConfirm={() => {
          setConfirming(false);
          onCommit();
        }}
        onClose={() => setConfirming(false)}
      >
        <Stack gap={4}>
          {commitSummary(dryRun).map((line) => (
            <Text key={line} size="sm">
              {line}
            </Text>
          ))}
        </Stack>
      </ConfirmDialog>
      {commitError !== null && commitError !== undefined && (
        <Alert color="red" title="The import stopped" role="alert">
          {userMessage(commitError)} Rows already sent stay imported; choose Resume in the history below to send the rest.
        </Alert>
      )}
    </Stack>
  );
}

function CategoryRows({ dryRun, category }: { dryRun: ImportDryRun; category: ImportRowCategory }) {
  const list = useImportRows(dryRun.dryRunId, category);
  const { total } = list;

  const columns = useMemo((): readonly PagedColumn<ImportPreviewRow>[] => {
    const detailLabel = category === 'update' ? 'Changes' : category === 'invalid' || category === 'duplicate' ? 'Errors' : 'Notes';
    const detail: PagedColumn<ImportPreviewRow> = {
      key: '__detail',
      label: detailLabel,
      width: 360,
      grow: true,
      cell: (r) => rowDetail(dryRun.kind, r) || '—',
      title: (r) => rowDetail(dryRun.kind, r) || undefined,
    };
    const fields = previewColumns(dryRun.kind).map(
      (c): PagedColumn<ImportPreviewRow> => ({ key: c.key, label: c.label, width: 140, cell: (r) => r.values[c.key] ?? '', title: (r) => r.values[c.key] }),
    );
    const rowNo: PagedColumn<ImportPreviewRow> = { key: '__row', label: 'Row', width: 70, cell: (r) => r.row };
    // Errors and changes first: they are what the admin reads this tab for.
    return category === 'create' || category === 'unchanged' ? [rowNo, ...fields, detail] : [rowNo, detail, ...fields];
  }, [category, dryRun.kind]);

  if (list.isPending) return <LoadingRows label="Loading rows…" />;
  if (list.error !== null && total === 0) {
    return (
      <Alert color="red" title="The rows could not be loaded">
        {userMessage(list.error)}
      </Alert>
    );
  }
  return (
    <PagedTable
      label={`${CATEGORY_LABELS[category]} rows`}
      columns={columns}
      list={list}
      resetKey={`${dryRun.dryRunId}:${category}`}
      // Short lists take their own height; long ones scroll inside 420 px.
      height={Math.min(420, (total + 1) * ROW_HEIGHT + 2)}
      rowHeight={ROW_HEIGHT}
    />
  );
}
