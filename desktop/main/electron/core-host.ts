// Hosts the console core inside Electron's utility process: each 'window-port' message from the main
// process brings a MessagePort for one window, which is wired to the core through the core bridge;
// a 'register-import-file' message brings a workbook the person chose in the main process's dialog,
// a 'register-export-folder' message a folder to export PDFs to (windows get only its id).
import { createCoreBridge, type BridgeLogger, type WindowPort } from '../shell/core-bridge.js';
import type { ConsoleCore } from '../core/console-core-types.js';
import { z } from 'zod';
import { AppError, toErrorBody } from '../../../shared/errors.js';
import type { CoreToMainMessage, MainToCoreMessage } from './channels.js';
import type { MessagePortMainLike, ParentPortLike } from './electron-types.js';

export type CoreHostOptions = Readonly<{
  parentPort: ParentPortLike;
  /** The core being created; messages that arrive before it is ready wait for it, in order. */
  core: Promise<ConsoleCore>;
  exit(code: number): void;
  logger?: BridgeLogger;
}>;

// Kept out of channels.ts so the main-process bundle does not carry zod.
const mainToCoreMessageSchema: z.ZodType<MainToCoreMessage> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('window-port'), windowId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('window-closed'), windowId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('register-import-file'), requestId: z.number().int().nonnegative(), path: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('register-export-folder'), requestId: z.number().int().nonnegative(), path: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('shutdown') }),
]);

function messagePortWindow(port: MessagePortMainLike): WindowPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data));
    },
    onClose: (listener) => {
      port.on('close', listener);
    },
  };
}

function isUnreadableFile(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR';
}

/** Starts handling the main process's messages; resolves once the core has been shut down. */
export function hostCore(options: CoreHostOptions): Promise<void> {
  const { parentPort, exit } = options;
  const logger = options.logger ?? {
    warn: (message: string) => console.warn(`[core-process] ${message}`),
    error: (message: string, error: unknown) => console.error(`[core-process] ${message}`, error),
  };
  const windows = new Map<string, { port: MessagePortMainLike; disconnect: () => void }>();
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping = false;

  const ready = options.core.then(
    (core) => {
      const message: CoreToMainMessage = { type: 'core-ready' };
      parentPort.postMessage(message);
      return { core, bridge: createCoreBridge(core, logger) };
    },
    (error: unknown) => {
      logger.error('the console core failed to start', error);
      const message: CoreToMainMessage = { type: 'core-failed', message: error instanceof Error ? error.message : String(error) };
      parentPort.postMessage(message);
      exit(1);
      return null;
    },
  );

  function closeWindow(windowId: string): void {
    const entry = windows.get(windowId);
    if (!entry) return;
    windows.delete(windowId);
    entry.disconnect();
    entry.port.close();
  }

  /** Checks and copies the chosen workbook (checkWorkbookFile); the answer carries only a message a person can act on. */
  async function registerImportFile(core: ConsoleCore, requestId: number, filePath: string): Promise<void> {
    let reply: CoreToMainMessage;
    try {
      const value = await core.importFiles.register(filePath);
      reply = { type: 'import-file-registered', requestId, ok: true, value: { fileId: value.fileId, fileName: value.fileName, bytes: value.bytes } };
    } catch (error) {
      // An unreadable path is the person's to fix; anything else unexpected is logged, never leaked.
      const body = isUnreadableFile(error)
        ? new AppError('NOT_FOUND', 'That file could not be read. Check that it still exists and that you may open it, then choose it again.').toBody()
        : toErrorBody(error);
      if (!(error instanceof AppError) && !isUnreadableFile(error)) logger.error('registering a workbook for import failed', error);
      reply = { type: 'import-file-registered', requestId, ok: false, message: body.message };
    }
    parentPort.postMessage(reply);
  }

  /** Checks the chosen folder (absolute, a folder, writable) and answers its id; failures carry only a message a person can act on. */
  function registerExportFolder(core: ConsoleCore, requestId: number, folderPath: string): void {
    let reply: CoreToMainMessage;
    try {
      if (!core.exportFolders) throw new AppError('UNAVAILABLE', 'This console cannot export to a folder. Use Export PDFs (one zip) instead.');
      const value = core.exportFolders.register(folderPath);
      reply = { type: 'export-folder-registered', requestId, ok: true, value: { folderId: value.folderId, folderName: value.folderName } };
    } catch (error) {
      if (!(error instanceof AppError)) logger.error('registering a folder for PDF export failed', error);
      reply = { type: 'export-folder-registered', requestId, ok: false, message: toErrorBody(error).message };
    }
    parentPort.postMessage(reply);
  }

  // Handled one after another so a window's port is never wired after its 'window-closed'.
  let chain: Promise<void> = Promise.resolve();
  parentPort.on('message', (event) => {
    chain = chain
      .then(async () => {
        const parsed = mainToCoreMessageSchema.safeParse(event.data);
        if (!parsed.success) {
          logger.warn('ignored an unknown message from the main process');
          return;
        }
        const state = await ready;
        if (!state || stopping) return;
        const message = parsed.data;
        switch (message.type) {
          case 'window-port': {
            const port = event.ports[0];
            if (!port) {
              logger.warn(`window-port for ${message.windowId} came without a port`);
              return;
            }
            // A reload brings a new port for the same window; the old one is dead.
            closeWindow(message.windowId);
            const disconnect = state.bridge.connect(messagePortWindow(port));
            windows.set(message.windowId, { port, disconnect });
            port.start();
            return;
          }
          case 'window-closed':
            closeWindow(message.windowId);
            return;
          case 'register-import-file':
            // Not awaited: copying a large workbook must not hold up other windows' ports.
            registerImportFile(state.core, message.requestId, message.path).catch((error: unknown) =>
              logger.error('could not answer the main process about a workbook', error),
            );
            return;
          case 'register-export-folder':
            registerExportFolder(state.core, message.requestId, message.path);
            return;
          case 'shutdown': {
            stopping = true;
            for (const windowId of [...windows.keys()]) closeWindow(windowId);
            state.bridge.close();
            let code = 0;
            try {
              await state.core.close();
            } catch (error) {
              logger.error('the console core failed to close cleanly', error);
              code = 1;
            }
            resolveStopped();
            exit(code);
            return;
          }
        }
      })
      .catch((error: unknown) => logger.error('failed to handle a message from the main process', error));
  });

  return stopped;
}
