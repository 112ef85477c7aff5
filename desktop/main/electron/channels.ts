// Names and messages shared by the Electron main process, the preload and the core utility process.
import type { ImportFileRef } from '../../../shared/console-api.js';
import type { ExportFolderChoice } from '../../../shared/ipc.js';
/** webContents.postMessage channel carrying a window's MessagePort to its preload. */
export const PORT_CHANNEL = 'lamphouse:port';
/** webContents.send channel carrying menu commands (e.g. "New case") to the focused window. */
export const COMMAND_CHANNEL = 'lamphouse:command';
/** DOM event the preload dispatches on `window` for a menu command; `event.detail` is the command. */
export const COMMAND_DOM_EVENT = 'lamphouse:command';
/**
 * ipcRenderer.invoke channel: the window asks the main process to show the open dialog for a
 * workbook to import. It sends no argument (a renderer never names a path); the answer is a
 * PickImportFileAnswer.
 */
export const PICK_IMPORT_FILE_CHANNEL = 'lamphouse:pick-import-file';
/**
 * ipcRenderer.invoke channel: the window asks for the folder dialog (PDF export to a folder). No
 * argument; the core registers the chosen folder and the answer (PickExportFolderAnswer) carries only its id.
 */
export const PICK_EXPORT_FOLDER_CHANNEL = 'lamphouse:pick-export-folder';
/**
 * ipcRenderer.invoke channel: the window asks for the OS print dialog on a PDF the core exported.
 * One argument, the ExportedFile's path as the core reported it; the main process prints only PDFs
 * inside the console's exports folder. The answer is a PrintFileAnswer.
 */
export const PRINT_FILE_CHANNEL = 'lamphouse:print-file';

export const SHELL_COMMANDS = ['new-case'] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];

export function isShellCommand(value: unknown): value is ShellCommand {
  return typeof value === 'string' && (SHELL_COMMANDS as readonly string[]).includes(value);
}

/** Messages from the main process to the core utility process (process.parentPort); core-host.ts validates them. */
export type MainToCoreMessage =
  | Readonly<{ type: 'window-port'; windowId: string }>
  | Readonly<{ type: 'window-closed'; windowId: string }>
  /** A file the person chose in the open dialog: the core checks it and copies it into its imports folder. */
  | Readonly<{ type: 'register-import-file'; requestId: number; path: string }>
  /** A folder the person chose in the folder dialog: the core checks it is writable and hands out an id. */
  | Readonly<{ type: 'register-export-folder'; requestId: number; path: string }>
  | Readonly<{ type: 'shutdown' }>;

/** The core's answer to 'register-import-file'; `message` says what is wrong with the file. */
export type ImportFileRegisteredMessage =
  | Readonly<{ type: 'import-file-registered'; requestId: number; ok: true; value: ImportFileRef }>
  | Readonly<{ type: 'import-file-registered'; requestId: number; ok: false; message: string }>;

/** The core's answer to 'register-export-folder'; `message` says what is wrong with the folder. */
export type ExportFolderRegisteredMessage =
  | Readonly<{ type: 'export-folder-registered'; requestId: number; ok: true; value: ExportFolderChoice }>
  | Readonly<{ type: 'export-folder-registered'; requestId: number; ok: false; message: string }>;

/** Messages from the core utility process to the main process. */
export type CoreToMainMessage =
  | Readonly<{ type: 'core-ready' }>
  | Readonly<{ type: 'core-failed'; message: string }>
  | ImportFileRegisteredMessage
  | ExportFolderRegisteredMessage;

/**
 * What the main process answers on PICK_IMPORT_FILE_CHANNEL. A failure is an answer, not a thrown
 * error, because Electron rewrites thrown messages ("Error invoking remote method …").
 */
export type PickImportFileAnswer = Readonly<{ ok: true; value: ImportFileRef | null }> | Readonly<{ ok: false; message: string }>;
/** What the main process answers on PICK_EXPORT_FOLDER_CHANNEL (null: the person cancelled). */
export type PickExportFolderAnswer = Readonly<{ ok: true; value: ExportFolderChoice | null }> | Readonly<{ ok: false; message: string }>;
/** What the main process answers on PRINT_FILE_CHANNEL: `printed` is false when the person cancelled the dialog. */
export type PrintFileAnswer = Readonly<{ ok: true; value: Readonly<{ printed: boolean }> }> | Readonly<{ ok: false; message: string }>;

/** Shape check of a file ref that crossed a process boundary (no zod: the main and preload bundles stay small). */
export function isImportFileRef(value: unknown): value is ImportFileRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.fileId === 'string' && typeof v.fileName === 'string' && typeof v.bytes === 'number' && Number.isFinite(v.bytes) && v.bytes >= 0;
}

/** Reads an 'import-file-registered' message from the core; null for anything else. */
export function parseImportFileRegistered(message: unknown): ImportFileRegisteredMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (m.type !== 'import-file-registered' || typeof m.requestId !== 'number' || !Number.isSafeInteger(m.requestId)) return null;
  if (m.ok === true && isImportFileRef(m.value)) {
    return { type: 'import-file-registered', requestId: m.requestId, ok: true, value: { fileId: m.value.fileId, fileName: m.value.fileName, bytes: m.value.bytes } };
  }
  if (m.ok === false && typeof m.message === 'string') return { type: 'import-file-registered', requestId: m.requestId, ok: false, message: m.message };
  return null;
}

/** Shape check of a registered export folder that crossed a process boundary. */
export function isExportFolderChoice(value: unknown): value is ExportFolderChoice {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.folderId === 'string' && v.folderId !== '' && typeof v.folderName === 'string';
}

/** Reads an 'export-folder-registered' message from the core; null for anything else. */
export function parseExportFolderRegistered(message: unknown): ExportFolderRegisteredMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (m.type !== 'export-folder-registered' || typeof m.requestId !== 'number' || !Number.isSafeInteger(m.requestId)) return null;
  if (m.ok === true && isExportFolderChoice(m.value)) {
    return { type: 'export-folder-registered', requestId: m.requestId, ok: true, value: { folderId: m.value.folderId, folderName: m.value.folderName } };
  }
  if (m.ok === false && typeof m.message === 'string') return { type: 'export-folder-registered', requestId: m.requestId, ok: false, message: m.message };
  return null;
}
