// The preload's one exposed object: carries call envelopes from the window to the core over the
// window's MessagePort and hands replies/events back. Like VS Code's validateIPC it refuses anything
// that is not a call to a known ConsoleApi method, so a compromised page cannot reach further. It also
// lets the page ask the main process for the workbook open dialog and the export folder dialog (the
// page never names a path), and for the OS print dialog on a PDF the core exported.
import { isConsoleApiMethod, type ImportFileRef } from '../../../shared/console-api.js';
import { PRELOAD_BRIDGE_KEY, type CallEnvelope, type CoreToWindowMessage, type ExportFolderChoice, type PreloadBridge } from '../../../shared/ipc.js';
import {
  COMMAND_CHANNEL,
  COMMAND_DOM_EVENT,
  PICK_EXPORT_FOLDER_CHANNEL,
  PICK_IMPORT_FILE_CHANNEL,
  PORT_CHANNEL,
  PRINT_FILE_CHANNEL,
  isExportFolderChoice,
  isImportFileRef,
  isShellCommand,
} from './channels.js';
import type { ElectronPreloadModule } from './electron-types.js';

/** Calls made before the port arrives are held, up to this many (a page that floods is refused). */
export const MAX_QUEUED_CALLS = 1000;

export type PreloadBridgeController = Readonly<{
  bridge: PreloadBridge;
  /** Gives the bridge the window's port to the core; a newer port replaces an older one. */
  attachPort(port: MessagePort): void;
}>;

function checkedCall(message: unknown): CallEnvelope {
  if (typeof message !== 'object' || message === null) throw new TypeError('lamphouse bridge: a call envelope must be an object.');
  const { kind, id, method, arg } = message as Record<string, unknown>;
  if (kind !== 'call') throw new TypeError('lamphouse bridge: only call envelopes may be sent.');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) throw new TypeError('lamphouse bridge: the call id must be a non-negative integer.');
  if (!isConsoleApiMethod(method)) throw new TypeError(`lamphouse bridge: unknown method ${JSON.stringify(String(method))}.`);
  // A fresh object, so nothing but these four fields crosses to the core.
  return { kind: 'call', id, method, arg };
}

export function createPreloadBridge(): PreloadBridgeController {
  const listeners = new Set<(message: CoreToWindowMessage) => void>();
  const queue: CallEnvelope[] = [];
  let port: MessagePort | null = null;

  function deliver(data: unknown): void {
    for (const listener of [...listeners]) {
      try {
        listener(data as CoreToWindowMessage);
      } catch (error) {
        // One failing listener must not starve the others of replies.
        console.error('lamphouse bridge: a message listener threw', error);
      }
    }
  }

  const bridge = {
    send(message: CallEnvelope): void {
      const call = checkedCall(message);
      if (port) {
        port.postMessage(call);
        return;
      }
      if (queue.length >= MAX_QUEUED_CALLS) throw new Error('lamphouse bridge: the console core is not connected yet.');
      queue.push(call);
    },
    onMessage(listener: (message: CoreToWindowMessage) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('lamphouse bridge: onMessage needs a function.');
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  } satisfies PreloadBridge;

  return {
    bridge,
    attachPort(next: MessagePort): void {
      if (port) port.close();
      port = next;
      next.onmessage = (event: MessageEvent) => deliver(event.data);
      next.start();
      for (const call of queue.splice(0)) next.postMessage(call);
    },
  };
}

/** Said when the main process gives no usable answer (no handler in an older main, a broken answer). */
export const PICK_IMPORT_FILE_FAILED = 'The workbook could not be opened. Try again, or restart Lamphouse.';

/**
 * `pickImportFile` of the bridge: asks the main process (no argument) and reads its answer. It
 * rejects only with an Error whose message a person can act on; nothing else from the main process
 * (stack, Electron's wording) reaches the page.
 */
export function createImportFilePicker(invoke: (channel: string) => Promise<unknown>): () => Promise<ImportFileRef | null> {
  return async () => {
    let answer: unknown;
    try {
      answer = await invoke(PICK_IMPORT_FILE_CHANNEL);
    } catch {
      throw new Error(PICK_IMPORT_FILE_FAILED);
    }
    if (typeof answer === 'object' && answer !== null) {
      const { ok, value, message } = answer as Record<string, unknown>;
      if (ok === true && value === null) return null;
      if (ok === true && isImportFileRef(value)) return { fileId: value.fileId, fileName: value.fileName, bytes: value.bytes };
      if (ok === false && typeof message === 'string' && message.trim() !== '') throw new Error(message);
    }
    throw new Error(PICK_IMPORT_FILE_FAILED);
  };
}

/** Said when the main process gives no usable answer to the folder dialog. */
export const PICK_EXPORT_FOLDER_FAILED = 'The folder could not be chosen. Try again, or restart Lamphouse.';
/** Said when the main process gives no usable answer to a print request. */
export const PRINT_FILE_FAILED = 'The print dialog could not be opened. Open the PDF and print it from there, or restart Lamphouse.';

/** Reads a `{ ok, value | message }` answer from the main process; `accept` maps a good value (undefined: not one). */
function readAnswer<T>(answer: unknown, accept: (value: unknown) => T | undefined, failed: string): T {
  if (typeof answer === 'object' && answer !== null) {
    const { ok, value, message } = answer as Record<string, unknown>;
    if (ok === true) {
      const accepted = accept(value);
      if (accepted !== undefined) return accepted;
    }
    if (ok === false && typeof message === 'string' && message.trim() !== '') throw new Error(message);
  }
  throw new Error(failed);
}

/** `pickExportFolder` of the bridge: no argument (the page never names a folder); the answer is the core's id for it. */
export function createExportFolderPicker(invoke: (channel: string) => Promise<unknown>): () => Promise<ExportFolderChoice | null> {
  return async () => {
    let answer: unknown;
    try {
      answer = await invoke(PICK_EXPORT_FOLDER_CHANNEL);
    } catch {
      throw new Error(PICK_EXPORT_FOLDER_FAILED);
    }
    return readAnswer<ExportFolderChoice | null>(
      answer,
      (value) => (value === null ? null : isExportFolderChoice(value) ? { folderId: value.folderId, folderName: value.folderName } : undefined),
      PICK_EXPORT_FOLDER_FAILED,
    );
  };
}

/**
 * `printFile` of the bridge: passes only a string (the exported PDF's path; the main process checks
 * it is a PDF in the exports folder). Resolves true when printed, false when cancelled.
 */
export function createFilePrinter(invoke: (channel: string, filePath: string) => Promise<unknown>): (filePath: string) => Promise<boolean> {
  return async (filePath: string) => {
    if (typeof filePath !== 'string' || filePath === '' || filePath.length > 4096) throw new TypeError('lamphouse bridge: printFile needs the exported PDF\'s path.');
    let answer: unknown;
    try {
      answer = await invoke(PRINT_FILE_CHANNEL, filePath);
    } catch {
      throw new Error(PRINT_FILE_FAILED);
    }
    return readAnswer<boolean>(
      answer,
      (value) => {
        const printed = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).printed : undefined;
        return typeof printed === 'boolean' ? printed : undefined;
      },
      PRINT_FILE_FAILED,
    );
  };
}

/** Wires the preload: the port from the main process, menu commands, and the one exposed object. */
export function installPreload(electron: ElectronPreloadModule, target: EventTarget): PreloadBridge {
  const { bridge, attachPort } = createPreloadBridge();
  electron.ipcRenderer.on(PORT_CHANNEL, (event) => {
    const port = event.ports[0];
    if (port) attachPort(port);
  });
  electron.ipcRenderer.on(COMMAND_CHANNEL, (_event, command) => {
    if (isShellCommand(command)) target.dispatchEvent(new CustomEvent(COMMAND_DOM_EVENT, { detail: command }));
  });
  const exposed: PreloadBridge = {
    send: bridge.send,
    onMessage: bridge.onMessage,
    pickImportFile: createImportFilePicker((channel) => electron.ipcRenderer.invoke(channel)),
    pickExportFolder: createExportFolderPicker((channel) => electron.ipcRenderer.invoke(channel)),
    printFile: createFilePrinter((channel, filePath) => electron.ipcRenderer.invoke(channel, filePath)),
  };
  electron.contextBridge.exposeInMainWorld(PRELOAD_BRIDGE_KEY, exposed);
  return exposed;
}
