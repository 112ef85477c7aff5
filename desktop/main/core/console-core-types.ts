// The seam between the console core and the shells that carry it (Electron utilityProcess with
// MessagePorts, or the browser shell's loopback WebSocket). Shells only ever see this type.
import type { ImportFileRef } from '../../../shared/console-api.js';
import type { EventEnvelope, ExportFolderChoice, ReplyEnvelope } from '../../../shared/ipc.js';

export type ConsoleCoreOptions = Readonly<{
  /** Folder for the local cache databases and the saved session. */
  dataDir: string;
  /** Base URL of the hub, e.g. http://127.0.0.1:4010 */
  hubUrl: string;
}>;

export type ConsoleCore = Readonly<{
  /** Where the core writes exported files (xlsx); the browser shell serves this folder for download. */
  exportsDir: string;
  /**
   * Workbooks handed in for import: the browser shell streams an upload (over `maxBytes` →
   * PAYLOAD_TOO_LARGE; not a workbook → VALIDATION, nothing kept), Electron registers a chosen file.
   */
  importFiles: Readonly<{
    receive(source: AsyncIterable<Uint8Array>, fileName: string, maxBytes?: number): Promise<ImportFileRef>;
    register(filePath: string): Promise<ImportFileRef>;
  }>;
  /**
   * Folders for `reports.exportPdfsToFolder`: the Electron core process registers the folder the
   * person chose in the main process's dialog and windows get only its id. Never reachable from a
   * window (no ConsoleApi method registers a path). Throws AppError VALIDATION for an unusable folder.
   * Optional so shells and test cores without folder export need not provide it.
   */
  exportFolders?: Readonly<{ register(folderPath: string): ExportFolderChoice }>;
  /**
   * Runs one ConsoleApi call from a window. Validates the method name and argument (a renderer is
   * not trusted) and never throws: failures come back as `{ ok: false, error }` replies.
   */
  handle(callId: number, method: unknown, arg: unknown): Promise<ReplyEnvelope>;
  /** Events for every window (data changed, sync status, session changed, mutation rejected). */
  onEvent(listener: (event: EventEnvelope) => void): () => void;
  /** Stops syncing and closes the cache; pending changes stay in the outbox on disk. */
  close(): Promise<void>;
}>;
