// The preload's one exposed object: carries call envelopes from the window to the core over the
// window's MessagePort and hands replies/events back. Like VS Code's validateIPC it refuses anything
// that is not a call to a known ConsoleApi method, so a compromised page cannot reach further. It also
// lets the page ask the main process for the workbook open dialog (the page never names a path).
import { isConsoleApiMethod, type ImportFileRef } from '../../../shared/console-api.js';
import { PRELOAD_BRIDGE_KEY, type CallEnvelope, type CoreToWindowMessage, type PreloadBridge } from '../../../shared/ipc.js';
import { COMMAND_CHANNEL, COMMAND_DOM_EVENT, PICK_IMPORT_FILE_CHANNEL, PORT_CHANNEL, isImportFileRef, isShellCommand } from './channels.js';
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
  };
  electron.contextBridge.exposeInMainWorld(PRELOAD_BRIDGE_KEY, exposed);
  return exposed;
}
