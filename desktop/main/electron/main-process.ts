// The Electron main process, kept thin: lifecycle, single-instance lock, one locked-down window per
// kind (the console, the phone-intake window opened by a global shortcut even when Lamphouse is in
// the background, and the assignment board that pops out onto a second monitor and remembers where
// it was), menus, a MessagePort per window to the console core in a utility process, the open
// dialogs for a workbook to import and a folder to export PDFs to (the core gets the path from here,
// never from a page), and the OS print dialog for a PDF in the exports folder.
import { consoleCsp } from '../shell/csp.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  COMMAND_CHANNEL,
  PICK_EXPORT_FOLDER_CHANNEL,
  PICK_IMPORT_FILE_CHANNEL,
  PORT_CHANNEL,
  PRINT_FILE_CHANNEL,
  parseExportFolderRegistered,
  parseImportFileRegistered,
  type MainToCoreMessage,
  type PickExportFolderAnswer,
  type PickImportFileAnswer,
  type PrintFileAnswer,
  type ShellCommand,
} from './channels.js';
import { PRINT_PARTITION, PrintFileError, printPdfInHiddenWindow, printablePdfPath } from './print-file.js';
import type { BrowserWindowLike, ElectronMainModule, IpcMainInvokeEventLike, MenuItemTemplate, OpenDialogOptionsLike, UtilityProcessLike } from './electron-types.js';
import { WINDOW_STATE_FILE, readWindowStates, restorableBounds, saveWindowState } from './window-state.js';

export const WINDOW_KINDS = ['console', 'intake', 'board'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

/** Opens (or brings back) the intake window from anywhere: an agent answering the phone. */
export const INTAKE_SHORTCUT = 'CommandOrControl+Shift+Space';
/** Opens the assignment board while Lamphouse has the focus (a menu accelerator, not a global one). */
export const BOARD_SHORTCUT = 'CmdOrCtrl+Shift+B';
/** Window kinds whose size and position (and display) are remembered between runs. */
const REMEMBERED: ReadonlySet<WindowKind> = new Set(['board']);
/** Moves and resizes come in bursts while dragging: write once it settles. */
const SAVE_BOUNDS_AFTER_MS = 500;

const WINDOW_SIZES: Readonly<Record<WindowKind, { width: number; height: number; minWidth: number; minHeight: number; title: string }>> = {
  console: { width: 1280, height: 820, minWidth: 900, minHeight: 600, title: 'Lamphouse' },
  intake: { width: 760, height: 820, minWidth: 560, minHeight: 600, title: 'Lamphouse: phone intake' },
  board: { width: 1600, height: 900, minWidth: 960, minHeight: 600, title: 'Lamphouse: assignment board' },
};

export type ElectronMainConfig = Readonly<{
  /** Built renderer entry (dist/renderer/index.html). */
  rendererIndex: string;
  /** Built preload (dist/electron/preload.cjs). */
  preload: string;
  /** Built core entry (dist/electron/core-process.cjs). */
  coreProcess: string;
  hubUrl: string;
  dataDir: string;
  /** Where the core writes exports (only PDFs in here are printed); defaults to `exports` in the data folder, as the core's. */
  exportsDir?: string;
  /** How long a PDF may take to load for printing. */
  printLoadTimeoutMs?: number;
  platform: NodeJS.Platform;
  /** How long the core gets to close its databases on quit before it is killed. */
  shutdownTimeoutMs?: number;
  /** Where remembered window bounds are kept; defaults to window-state.json in the data folder. */
  windowStateFile?: string;
  log?: Readonly<{ info(message: string): void; error(message: string): void }>;
}>;

export type ElectronMainHandle = Readonly<{
  /** Focuses the window of that kind, creating it if needed (one per kind). */
  openWindow(kind: WindowKind): BrowserWindowLike;
  /** Sends a menu command to the focused window (or the console window). */
  sendCommand(command: ShellCommand): void;
  core: UtilityProcessLike;
}>;

/** CSP for every response the windows load; the renderer also needs nothing beyond its own files. */
export const ELECTRON_CSP = consoleCsp();

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5000;

/** The open dialog for a workbook to import: one .xlsx file (what the core's import reads). */
export const IMPORT_DIALOG_OPTIONS: OpenDialogOptionsLike = {
  title: 'Choose a workbook to import',
  properties: ['openFile'],
  filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
};
/** The folder dialog for `reports.exportPdfsToFolder`: one folder, which the person may create there. */
export const EXPORT_FOLDER_DIALOG_OPTIONS: OpenDialogOptionsLike = {
  title: 'Choose a folder for the service report PDFs',
  buttonLabel: 'Export here',
  properties: ['openDirectory', 'createDirectory'],
};
/** The core's exports folder inside the data folder (console-core.ts writes there). */
export const EXPORTS_FOLDER_NAME = 'exports';
const CORE_GONE_MESSAGE = 'The console core is not running, so the workbook cannot be opened. Restart Lamphouse and try again.';
const CORE_GONE_FOLDER_MESSAGE = 'The console core is not running, so the folder cannot be used. Restart Lamphouse and try again.';

function withoutHash(url: string): string {
  const index = url.indexOf('#');
  return index === -1 ? url : url.slice(0, index);
}

/**
 * Runs the main process. Resolves to null when another instance holds the lock (this one quits and
 * the other focuses its window), else once the core is started and the console window is open.
 */
export async function startElectronMain(electron: ElectronMainModule, config: ElectronMainConfig): Promise<ElectronMainHandle | null> {
  const { app, BrowserWindow, MessageChannelMain, utilityProcess, Menu, session, dialog, globalShortcut, screen, ipcMain } = electron;
  const windowStateFile = config.windowStateFile ?? path.join(config.dataDir, WINDOW_STATE_FILE);
  const log = config.log ?? { info: (m: string) => console.log(`[main] ${m}`), error: (m: string) => console.error(`[main] ${m}`) };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  const indexUrl = pathToFileURL(config.rendererIndex).href;
  const windows = new Map<WindowKind, { win: BrowserWindowLike; windowId: string }>();
  let nextWindowNumber = 1;
  let shuttingDown = false;
  let coreExited = false;
  let coreFailure: string | null = null;
  let shutdownTimer: NodeJS.Timeout | undefined;

  app.on('second-instance', () => {
    openWindow('console');
  });

  await app.whenReady();

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } });
  });
  // The console needs no camera, microphone, geolocation or notifications permission from the web layer.
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));

  const core = utilityProcess.fork(config.coreProcess, ['--hub', config.hubUrl, '--data-dir', config.dataDir], {
    serviceName: 'Lamphouse console core',
    stdio: 'inherit',
  });
  const toCore = (message: MainToCoreMessage, ports?: Parameters<UtilityProcessLike['postMessage']>[1]): void => {
    if (!coreExited) core.postMessage(message, ports);
  };
  /** Workbooks the core is registering, by request id: each waits for its 'import-file-registered'. */
  const registrations = new Map<number, (answer: PickImportFileAnswer) => void>();
  /** Export folders the core is registering, by request id: each waits for its 'export-folder-registered'. */
  const folderRegistrations = new Map<number, (answer: PickExportFolderAnswer) => void>();
  let nextRequestId = 1;
  core.on('message', (message) => {
    const registered = parseImportFileRegistered(message);
    if (registered) {
      const settle = registrations.get(registered.requestId);
      registrations.delete(registered.requestId);
      settle?.(registered.ok ? { ok: true, value: registered.value } : { ok: false, message: registered.message });
      return;
    }
    const folder = parseExportFolderRegistered(message);
    if (folder) {
      const settle = folderRegistrations.get(folder.requestId);
      folderRegistrations.delete(folder.requestId);
      settle?.(folder.ok ? { ok: true, value: folder.value } : { ok: false, message: folder.message });
      return;
    }
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'core-failed') {
      const text = (message as { message?: unknown }).message;
      coreFailure = typeof text === 'string' ? text : 'unknown error';
    }
  });
  core.on('exit', (code) => {
    coreExited = true;
    clearTimeout(shutdownTimer);
    for (const settle of registrations.values()) settle({ ok: false, message: CORE_GONE_MESSAGE });
    registrations.clear();
    for (const settle of folderRegistrations.values()) settle({ ok: false, message: CORE_GONE_FOLDER_MESSAGE });
    folderRegistrations.clear();
    if (shuttingDown) {
      app.quit();
      return;
    }
    // Without the core no window can read or write anything, so say why and close.
    log.error(`console core exited unexpectedly with code ${code}${coreFailure ? `: ${coreFailure}` : ''}`);
    dialog.showErrorBox(
      'Lamphouse console stopped',
      `The console core stopped unexpectedly (exit code ${code})${coreFailure ? `: ${coreFailure}` : ''}. Changes not yet synced are kept on disk and are sent the next time Lamphouse starts.`,
    );
    app.quit();
  });

  function attachPort(win: BrowserWindowLike, windowId: string): void {
    // A fresh channel per page load: a reload drops the renderer's old port, so the core gets a new one.
    const { port1, port2 } = new MessageChannelMain();
    toCore({ type: 'window-port', windowId }, [port1]);
    win.webContents.postMessage(PORT_CHANNEL, null, [port2]);
  }

  /** The page of each window kind: the same renderer; the intake window is a route of it. */
  const pageUrl = (kind: WindowKind): string => (kind === 'console' ? indexUrl : `${indexUrl}?window=${kind}`);

  function createWindow(kind: WindowKind): BrowserWindowLike {
    const windowId = `${kind}-${nextWindowNumber++}`;
    const page = pageUrl(kind);
    const size = WINDOW_SIZES[kind];
    const remembered = REMEMBERED.has(kind) ? rememberedBounds(kind) : null;
    const win = new BrowserWindow({
      ...size,
      ...(remembered ? { x: remembered.x, y: remembered.y, width: remembered.width, height: remembered.height } : {}),
      show: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        preload: config.preload,
      },
    });
    const contents = win.webContents;
    const blockNavigation = (event: { preventDefault(): void }, url: string): void => {
      if (withoutHash(url) !== page) {
        event.preventDefault();
        log.info(`blocked navigation to ${url}`);
      }
    };
    contents.on('will-navigate', blockNavigation);
    contents.on('will-redirect', blockNavigation);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('did-finish-load', () => attachPort(win, windowId));
    win.once('ready-to-show', () => {
      if (remembered?.maximized) win.maximize();
      win.show();
    });
    if (REMEMBERED.has(kind)) rememberBounds(kind, win);
    win.on('closed', () => {
      windows.delete(kind);
      toCore({ type: 'window-closed', windowId });
    });
    windows.set(kind, { win, windowId });
    win.loadURL(page).catch((error: unknown) => log.error(`could not load ${page}: ${error instanceof Error ? error.message : String(error)}`));
    return win;
  }

  function rememberedBounds(kind: WindowKind) {
    try {
      return restorableBounds(readWindowStates(windowStateFile)[kind], screen.getAllDisplays());
    } catch (error) {
      log.error(`could not read the remembered window position: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /** Writes the window's bounds (its normal ones when maximised) after moves settle and on close. */
  function rememberBounds(kind: WindowKind, win: BrowserWindowLike): void {
    let timer: NodeJS.Timeout | undefined;
    const save = (): void => {
      clearTimeout(timer);
      timer = undefined;
      if (win.isDestroyed()) return;
      try {
        const maximized = win.isMaximized();
        saveWindowState(windowStateFile, kind, maximized ? win.getNormalBounds() : win.getBounds(), maximized, screen.getAllDisplays());
      } catch (error) {
        // Forgetting where a window was is not worth interrupting the user for.
        log.error(`could not remember the window position: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const later = (): void => {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_BOUNDS_AFTER_MS);
      timer.unref?.();
    };
    win.on('resize', later);
    win.on('move', later);
    win.on('close', save);
  }

  function openWindow(kind: WindowKind): BrowserWindowLike {
    const existing = windows.get(kind);
    if (existing && !existing.win.isDestroyed()) {
      if (existing.win.isMinimized()) existing.win.restore();
      existing.win.show();
      existing.win.focus();
      return existing.win;
    }
    return createWindow(kind);
  }

  /**
   * The window that invoked, if it is one of ours showing its own page; anything else (a webContents
   * we did not create, a frame that is not our page) gets nothing.
   */
  function invokingWindow(event: IpcMainInvokeEventLike): BrowserWindowLike | null {
    for (const [kind, { win }] of windows) {
      if (win.isDestroyed() || win.webContents !== event.sender) continue;
      return event.senderFrame && withoutHash(event.senderFrame.url) === pageUrl(kind) ? win : null;
    }
    return null;
  }

  function registerImportFile(filePath: string): Promise<PickImportFileAnswer> {
    if (coreExited) return Promise.resolve({ ok: false, message: CORE_GONE_MESSAGE });
    if (shuttingDown) return Promise.resolve({ ok: false, message: 'Lamphouse is closing, so the workbook was not opened.' });
    const requestId = nextRequestId++;
    return new Promise((resolve) => {
      registrations.set(requestId, resolve);
      toCore({ type: 'register-import-file', requestId, path: filePath });
    });
  }

  async function pickImportFile(event: IpcMainInvokeEventLike): Promise<PickImportFileAnswer> {
    const win = invokingWindow(event);
    if (!win) {
      log.error(`refused to open a workbook for a page that is not a Lamphouse window (${event.senderFrame?.url ?? 'no frame'})`);
      return { ok: false, message: 'Only a Lamphouse window can open a workbook.' };
    }
    let choice: { canceled: boolean; filePaths: string[] };
    try {
      choice = await dialog.showOpenDialog(win, IMPORT_DIALOG_OPTIONS);
    } catch (error) {
      log.error(`the open dialog failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, message: 'The file dialog could not be opened. Try again.' };
    }
    const filePath = choice.canceled ? undefined : choice.filePaths[0];
    if (!filePath) return { ok: true, value: null };
    return registerImportFile(filePath);
  }

  ipcMain.handle(PICK_IMPORT_FILE_CHANNEL, (event) => pickImportFile(event));

  function registerExportFolder(folderPath: string): Promise<PickExportFolderAnswer> {
    if (coreExited) return Promise.resolve({ ok: false, message: CORE_GONE_FOLDER_MESSAGE });
    if (shuttingDown) return Promise.resolve({ ok: false, message: 'Lamphouse is closing, so nothing was exported.' });
    const requestId = nextRequestId++;
    return new Promise((resolve) => {
      folderRegistrations.set(requestId, resolve);
      toCore({ type: 'register-export-folder', requestId, path: folderPath });
    });
  }

  /** The folder dialog; extra arguments from the page are ignored (a window can never name a path). */
  async function pickExportFolder(event: IpcMainInvokeEventLike): Promise<PickExportFolderAnswer> {
    const win = invokingWindow(event);
    if (!win) {
      log.error(`refused to choose an export folder for a page that is not a Lamphouse window (${event.senderFrame?.url ?? 'no frame'})`);
      return { ok: false, message: 'Only a Lamphouse window can choose a folder.' };
    }
    let choice: { canceled: boolean; filePaths: string[] };
    try {
      choice = await dialog.showOpenDialog(win, EXPORT_FOLDER_DIALOG_OPTIONS);
    } catch (error) {
      log.error(`the folder dialog failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, message: 'The folder dialog could not be opened. Try again.' };
    }
    const folderPath = choice.canceled ? undefined : choice.filePaths[0];
    if (!folderPath) return { ok: true, value: null };
    return registerExportFolder(folderPath);
  }

  ipcMain.handle(PICK_EXPORT_FOLDER_CHANNEL, (event) => pickExportFolder(event));

  const exportsDir = config.exportsDir ?? path.join(config.dataDir, EXPORTS_FOLDER_NAME);
  let printInProgress = false;
  let printSessionReady = false;

  /** The print window's own session refuses web permissions too (the default one's handler does not reach it). */
  function preparePrintSession(): void {
    if (printSessionReady) return;
    session.fromPartition(PRINT_PARTITION).setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
    printSessionReady = true;
  }

  async function printFile(event: IpcMainInvokeEventLike, requested: unknown): Promise<PrintFileAnswer> {
    if (!invokingWindow(event)) {
      log.error(`refused to print for a page that is not a Lamphouse window (${event.senderFrame?.url ?? 'no frame'})`);
      return { ok: false, message: 'Only a Lamphouse window can print.' };
    }
    // One OS dialog at a time: a second click while it is open would stack hidden windows.
    if (printInProgress) return { ok: false, message: 'The print dialog is already open. Finish or cancel it first.' };
    let pdfPath: string;
    try {
      pdfPath = printablePdfPath(exportsDir, requested);
    } catch (error) {
      const message = error instanceof PrintFileError ? error.message : 'The PDF could not be printed. Try again.';
      log.error(`refused to print ${JSON.stringify(typeof requested === 'string' ? requested.slice(0, 300) : typeof requested)}: ${message}`);
      return { ok: false, message };
    }
    printInProgress = true;
    try {
      preparePrintSession();
      const value = await printPdfInHiddenWindow(BrowserWindow, pdfPath, { loadTimeoutMs: config.printLoadTimeoutMs, log });
      return { ok: true, value };
    } catch (error) {
      if (error instanceof PrintFileError) return { ok: false, message: error.message };
      log.error(`printing failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, message: 'The PDF could not be printed. Try again, or open the PDF and print it from there.' };
    } finally {
      printInProgress = false;
    }
  }

  ipcMain.handle(PRINT_FILE_CHANNEL, (event, requested) => printFile(event, requested));

  function sendCommand(command: ShellCommand): void {
    const target = BrowserWindow.getFocusedWindow() ?? openWindow('console');
    target.webContents.send(COMMAND_CHANNEL, command);
  }

  /** The shortcut fires while another application has the focus: bring Lamphouse forward too. */
  function openIntake(): void {
    openWindow('intake');
    app.focus({ steal: true });
  }

  const isMac = config.platform === 'darwin';
  const template: MenuItemTemplate[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New case', accelerator: 'CmdOrCtrl+N', click: () => sendCommand('new-case') },
        { label: 'Phone intake', accelerator: INTAKE_SHORTCUT, registerAccelerator: false, click: openIntake },
        { label: 'Assignment board', accelerator: BOARD_SHORTCUT, click: () => openWindow('board') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  // Global: works while the agent is in another application (a softphone, a mail client).
  if (!globalShortcut.register(INTAKE_SHORTCUT, openIntake)) {
    log.error(`the intake shortcut ${INTAKE_SHORTCUT} is taken by another application; use File > Phone intake`);
  }
  app.on('will-quit', () => globalShortcut.unregisterAll());

  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });
  app.on('activate', () => {
    if (windows.size === 0) openWindow('console');
  });
  app.on('before-quit', (event) => {
    if (coreExited) return;
    // Hold the quit until the core has closed its databases (the outbox must not be cut mid-write).
    event.preventDefault();
    if (shuttingDown) return;
    shuttingDown = true;
    toCore({ type: 'shutdown' });
    shutdownTimer = setTimeout(() => {
      log.error('console core did not stop in time; killing it');
      core.kill();
    }, config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
  });

  openWindow('console');
  return { openWindow, sendCommand, core };
}
