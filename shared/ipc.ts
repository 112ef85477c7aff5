// Envelopes carrying the ConsoleApi over any transport (Electron MessagePort, loopback WebSocket).
// The renderer cannot tell the shells apart: both implement ConsoleTransport.
import { z } from 'zod';
import type { ErrorBody } from './errors.js';
import type { ConsoleApiMethod, ConsoleEventName, ConsoleEvents, ImportFileRef } from './console-api.js';

export const callEnvelopeSchema = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  arg: z.unknown(),
});
export type CallEnvelope = Readonly<{ kind: 'call'; id: number; method: ConsoleApiMethod; arg: unknown }>;

export type ReplyEnvelope =
  | Readonly<{ kind: 'reply'; id: number; ok: true; value: unknown }>
  | Readonly<{ kind: 'reply'; id: number; ok: false; error: ErrorBody }>;

export type EventEnvelope<E extends ConsoleEventName = ConsoleEventName> = Readonly<{
  kind: 'event';
  name: E;
  payload: ConsoleEvents[E];
}>;

export type CoreToWindowMessage = ReplyEnvelope | EventEnvelope;

/** What a renderer needs from a shell: send a call, receive replies and events. */
export type ConsoleTransport = {
  send(message: CallEnvelope): void;
  onMessage(listener: (message: CoreToWindowMessage) => void): () => void;
  /** Resolves once the channel is open; rejects with a message a person can act on. */
  ready(): Promise<void>;
};

/** Query parameter carrying the browser shell's per-launch token. */
export const SHELL_TOKEN_PARAM = 'token';
/** Path of the browser shell's ConsoleApi WebSocket. */
export const SHELL_API_PATH = '/api';
/**
 * Browser shell: files the core exported (xlsx) are downloaded from here, as
 * `${SHELL_EXPORTS_PATH}${encodeURIComponent(fileName)}?token=…` (same per-launch token as the API).
 */
export const SHELL_EXPORTS_PATH = '/exports/';
/**
 * Browser shell: a workbook to import is sent as the raw body of
 * `POST ${SHELL_IMPORTS_UPLOAD_PATH}?token=…&name=<file name>`; the answer is `{ ok: true, value: { fileId } }`
 * (the core keeps the file in its imports folder; the renderer only ever holds the id).
 * Electron: the main process's open dialog registers the chosen file the same way.
 */
export const SHELL_IMPORTS_UPLOAD_PATH = '/imports/upload';
/** Largest workbook the shells accept for import (a 1,000,000-row sheet is far below this zipped). */
export const IMPORT_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

/**
 * What the Electron preload exposes as `window.lamphouse` (contextBridge): one small object that
 * carries envelopes over the window's MessagePort to the core. The browser shell has no bridge.
 */
export type PreloadBridge = Readonly<{
  send(message: CallEnvelope): void;
  onMessage(listener: (message: CoreToWindowMessage) => void): () => void;
  /**
   * Shows the main process's open dialog for a workbook; the core copies the chosen file into its
   * imports folder and the window gets only its ref (null when the person cancels). Rejects with a
   * message a person can act on (not a workbook…). Optional: a preload from an older build lacks it.
   */
  pickImportFile?(): Promise<ImportFileRef | null>;
  /**
   * Shows the main process's folder dialog for `reports.exportPdfsToFolder`; the core registers the
   * chosen folder and the window gets only its id (null when the person cancels), never a path it
   * could pass itself. Rejects with a message a person can act on. Optional: older preloads lack it.
   */
  pickExportFolder?(): Promise<ExportFolderChoice | null>;
  /**
   * Opens the OS print dialog on a PDF the core exported (`ExportedFile.path` as the core reported
   * it). The main process refuses anything that is not a PDF inside the console's exports folder.
   * Resolves true when sent to the printer, false when the person cancelled; rejects with a message
   * a person can act on. Optional: older preloads lack it (the window then prints as a browser does).
   */
  printFile?(filePath: string): Promise<boolean>;
}>;
/** A folder the core registered for `reports.exportPdfsToFolder`: its id and, to show, its name. */
export type ExportFolderChoice = Readonly<{ folderId: string; folderName: string }>;
export const PRELOAD_BRIDGE_KEY = 'lamphouse';

/** DOM event the Electron preload dispatches on `window` for menu and shortcut commands. */
export const SHELL_COMMAND_EVENT = 'lamphouse:command';
export const SHELL_COMMANDS = ['new-case'] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];
