// "Export to Excel" for any list: the core streams the list, with the filters and sort on screen,
// into an xlsx; the user gets a download link (browser shell) or the saved path (Electron).
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ListExportRequest } from '../../../../shared/console-api.js';
import { userMessage } from '../../api/error-message.js';
import { showExportedFile } from '../../ui/show-exported-file.js';
import { exportSummary } from '../audit/export-link.js';
import { useListExport } from './use-installed-base.js';

export function ExportListButton({ request, title, disabled = false }: { request: ListExportRequest; title: string; disabled?: boolean }) {
  const exporter = useListExport();
  const run = () =>
    exporter.mutate(request, {
      onSuccess: (file) => showExportedFile(title, file, `${exportSummary(file)}.`),
      onError: (error) => notifications.show({ color: 'red', title: 'Export failed', message: userMessage(error) }),
    });
  return (
    <Button variant="default" onClick={run} loading={exporter.isPending} disabled={disabled}>
      Export to Excel
    </Button>
  );
}
