// Tells the user where a file the core wrote can be opened: a download link in the browser shell,
// the saved path in Electron (shared by the audit export and email attachments).
import { Anchor, Code } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ExportedFile } from '../../../shared/console-api.js';
import { exportLocation } from '../features/audit/export-link.js';
import { findPreloadBridge } from '../transport/electron-transport.js';

export function showExportedFile(title: string, file: ExportedFile, summary: string): void {
  const where = exportLocation(file, findPreloadBridge(window) !== null, window.sessionStorage);
  notifications.show({
    color: 'green',
    title,
    autoClose: false,
    message:
      where.kind === 'download' ? (
        <>
          {summary}{' '}
          <Anchor href={where.url} download={file.fileName}>
            Download {file.fileName}
          </Anchor>
        </>
      ) : (
        <>
          {summary} Saved as <Code>{where.path}</Code>
        </>
      ),
  });
}
