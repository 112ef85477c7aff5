// Managers' review list (route #/reviews): service reports awaiting review (or returned, approved,
// all), each opened read-only with its photos, approved (the case resolves) or returned with a
// comment; "Export PDFs" writes the listed reports' PDFs into one zip with progress and Cancel, and in
// Electron "Export to folder…" writes one PDF each into a folder chosen in the OS dialog (same progress).
import { Alert, Badge, Button, Group, Paper, Progress, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConsoleApiArg } from '../../../../shared/console-api.js';
import type { ReportStatus } from '../../../../shared/service.js';
import { REPORT_STATUS_LABELS } from '../../../../shared/service.js';
import { userMessage } from '../../api/error-message.js';
import { useApi } from '../../api/use-api.js';
import { findPreloadBridge } from '../../transport/electron-transport.js';
import { EmptyState, LoadError, LoadingRows } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { showExportedFile } from '../../ui/show-exported-file.js';
import { formatDateTime } from '../cases/case-format.js';
import { useImportProgress } from '../imports/use-imports.js';
import { ReportRowActions } from './ReportRowActions.js';
import { REPORT_STATUS_COLORS, reportTitle } from './report-format.js';
import { exportProgressText, percent } from './report-form.js';
import { chooseExportFolder, folderExportSummary, shellFolderPicker } from './report-shell.js';
import { useCancelOperation, useExportPdfs, useReportList } from './use-reports.js';

type Filter = 'submitted' | 'returned' | 'approved' | 'all';
const FILTER_STATUSES: Readonly<Record<Filter, readonly ReportStatus[] | undefined>> = {
  submitted: ['submitted'],
  returned: ['returned'],
  approved: ['approved'],
  all: undefined,
};

function useExportPdfsToFolder() {
  const api = useApi();
  return useMutation({ mutationFn: (args: ConsoleApiArg<'reports.exportPdfsToFolder'>) => api.call('reports.exportPdfsToFolder', args) });
}

function exportStopped(e: unknown): void {
  notifications.show({ color: e instanceof Error && /cancel/i.test(e.message) ? 'gray' : 'red', title: 'Export stopped', message: userMessage(e) });
}

export function ReviewsScreen() {
  const [filter, setFilter] = useState<Filter>('submitted');
  const statuses = FILTER_STATUSES[filter];
  const list = useReportList(statuses ? { statuses: [...statuses], limit: 1000 } : { limit: 1000 });
  const exporter = useExportPdfs();
  const folderExporter = useExportPdfsToFolder();
  // Only the Electron shell has the folder dialog; the browser shell keeps the zip export.
  const pickFolder = shellFolderPicker(findPreloadBridge(window));
  const [choosingFolder, setChoosingFolder] = useState(false);
  const cancel = useCancelOperation();
  const [operationId, setOperationId] = useState<string | null>(null);
  const progress = useImportProgress(operationId);
  const rows = list.data ?? [];

  const exportAll = () => {
    const id = crypto.randomUUID();
    setOperationId(id);
    exporter.mutate(
      { operationId: id, ids: rows.map((r) => r.id) },
      {
        onSuccess: (file) => showExportedFile('Service report PDFs exported', file, `${file.rows} ${file.rows === 1 ? 'report' : 'reports'} in one zip.`),
        onError: exportStopped,
        onSettled: () => setOperationId(null),
      },
    );
  };

  const exportToFolder = () => {
    if (!pickFolder) return;
    // The reports listed when the person clicked, even if the list refreshes while the dialog is open.
    const ids = rows.map((r) => r.id);
    setChoosingFolder(true);
    void chooseExportFolder(pickFolder).then((choice) => {
      setChoosingFolder(false);
      if (choice.kind === 'cancelled') return;
      if (choice.kind === 'failed') {
        notifications.show({ color: 'red', title: 'That folder cannot be used', message: choice.message });
        return;
      }
      const id = crypto.randomUUID();
      setOperationId(id);
      folderExporter.mutate(
        { operationId: id, folderId: choice.folder.folderId, ids },
        {
          onSuccess: (file) => showExportedFile('Service report PDFs exported', file, folderExportSummary(file, choice.folder.folderName)),
          onError: exportStopped,
          onSettled: () => setOperationId(null),
        },
      );
    });
  };
  const busy = operationId !== null || choosingFolder;

  return (
    <section aria-labelledby="reviews-title">
      <Stack gap="md">
        <ScreenHeader id="reviews-title" title="Reviews" description="Service reports engineers submitted. Approving one resolves its case; returning one sends it back to the engineer with your comment.">
          <Group gap="xs">
            <Button variant="default" onClick={exportAll} loading={exporter.isPending} disabled={rows.length === 0 || busy}>
              Export PDFs ({rows.length})
            </Button>
            {pickFolder && (
              <Button variant="default" onClick={exportToFolder} loading={folderExporter.isPending || choosingFolder} disabled={rows.length === 0 || busy}>
                Export to folder…
              </Button>
            )}
          </Group>
        </ScreenHeader>
        {operationId && (
          <Paper withBorder p="sm" role="status" aria-live="polite">
            <Stack gap={4}>
              <Group justify="space-between">
                <Text size="sm">{exportProgressText(progress)}</Text>
                <Button size="xs" variant="default" color="red" onClick={() => cancel.mutate(operationId)} loading={cancel.isPending}>
                  Cancel
                </Button>
              </Group>
              <Progress value={progress?.total ? percent(progress.done, progress.total) : 0} animated={!progress?.total} aria-label="PDF export progress" />
            </Stack>
          </Paper>
        )}
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: 'submitted', label: 'Awaiting review' },
            { value: 'returned', label: 'Returned' },
            { value: 'approved', label: 'Approved' },
            { value: 'all', label: 'All' },
          ]}
          aria-label="Which reports"
          maw={520}
        />
        {list.isPending ? (
          <LoadingRows label="Loading service reports…" />
        ) : list.isError ? (
          <LoadError error={list.error} title="Service reports could not be read" onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : rows.length === 0 ? (
          <EmptyState>{filter === 'submitted' ? 'Nothing to review. Submitted service reports appear here.' : 'No service reports.'}</EmptyState>
        ) : (
          <Table striped highlightOnHover withTableBorder aria-label="Service reports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Report</Table.Th>
                <Table.Th>Case</Table.Th>
                <Table.Th>Engineer</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Submitted</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {reportTitle(r)}
                    {r.pending && (
                      <Text span size="xs" c="orange">
                        {' '}
                        · not synced yet
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.caseLabel}</Text>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {r.caseTitle}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.engineerName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={REPORT_STATUS_COLORS[r.status]} variant="light">
                      {REPORT_STATUS_LABELS[r.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(r.submittedAt)}</Table.Td>
                  <Table.Td>
                    <ReportRowActions report={r} canReview />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {list.data?.length === 1000 && <Alert color="gray">Showing the first 1,000 reports.</Alert>}
      </Stack>
    </section>
  );
}
