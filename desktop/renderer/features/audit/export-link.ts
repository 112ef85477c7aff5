// Where a file the core exported can be opened: a download link in the browser shell (served with
// the per-launch token), or the saved path in Electron (the file is on this computer already).
import type { ExportedFile } from '../../../../shared/console-api.js';
import { shellExportUrl, storedShellToken } from '../../transport/browser-transport.js';

export type ExportLocation = Readonly<{ kind: 'download'; url: string }> | Readonly<{ kind: 'path'; path: string }>;

export function exportLocation(file: ExportedFile, isElectron: boolean, storage: Pick<Storage, 'getItem'>): ExportLocation {
  const token = isElectron ? null : storedShellToken(storage);
  return token ? { kind: 'download', url: shellExportUrl(file.fileName, token) } : { kind: 'path', path: file.path };
}

export function exportSummary(file: ExportedFile): string {
  const size = file.bytes < 1024 * 1024 ? `${Math.max(1, Math.round(file.bytes / 1024))} KB` : `${(file.bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${file.rows === 1 ? '1 entry' : `${file.rows} entries`}, ${size}`;
}
