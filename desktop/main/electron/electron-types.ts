// The slice of Electron's API the shell uses, typed structurally so the shell typechecks and is
// tested without the electron package (an optional dependency that may not be installed).
// Methods are declared in method syntax on purpose: test doubles implement `on` once for all events.

export type ElectronEvent = { preventDefault(): void };

/** Electron's MessagePortMain (main process and utility process side of a MessageChannelMain). */
export type MessagePortMainLike = {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
};

export type MessageChannelMainLike = { port1: MessagePortMainLike; port2: MessagePortMainLike };

export type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow' };

export type WebContentsLike = {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: ElectronEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  on(event: 'did-fail-load', listener: (event: ElectronEvent, errorCode: number, errorDescription: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void;
  /** Sends a message with transferable MessagePorts to the renderer (ipcRenderer event.ports). */
  postMessage(channel: string, message: unknown, transfer?: MessagePortMainLike[]): void;
  send(channel: string, ...args: unknown[]): void;
  /**
   * Prints the page; with `silent: false` the OS print dialog asks first. The callback gets
   * success false and a reason ('cancelled' when the person closed the dialog) otherwise.
   */
  print(options: PrintOptionsLike, callback: (success: boolean, failureReason: string) => void): void;
};

export type PrintOptionsLike = { silent: boolean; printBackground: boolean };

export type WebPreferencesLike = {
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  /** Absent only for the print window, which loads a PDF and runs no page script of ours. */
  preload?: string;
  /** Electron's built-in PDF viewer runs only with plugins on (print window only). */
  plugins?: boolean;
  /** A session other than the default one (the print window's, without the console's CSP). */
  partition?: string;
  webSecurity?: boolean;
  webviewTag?: boolean;
  spellcheck?: boolean;
};

export type BrowserWindowOptionsLike = {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  webPreferences: WebPreferencesLike;
};

export type BrowserWindowLike = {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  isDestroyed(): boolean;
  /** Closes the window now, without 'close' handlers being able to keep it (Electron's destroy()). */
  destroy(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed' | 'close' | 'resize' | 'move', listener: () => void): unknown;
  getBounds(): { x: number; y: number; width: number; height: number };
  /** The bounds it returns to when unmaximised (what to remember of a maximised window). */
  getNormalBounds(): { x: number; y: number; width: number; height: number };
  isMaximized(): boolean;
  maximize(): void;
};

export type BrowserWindowConstructorLike = {
  new (options: BrowserWindowOptionsLike): BrowserWindowLike;
  getFocusedWindow(): BrowserWindowLike | null;
};

export type AppLike = {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  /** Brings the app to the front; `steal` lets a background app take focus (macOS). */
  focus(options?: { steal: boolean }): void;
  getPath(name: 'userData'): string;
  on(event: 'second-instance' | 'window-all-closed' | 'activate' | 'will-quit', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: ElectronEvent) => void): unknown;
};

export type UtilityProcessLike = {
  postMessage(message: unknown, transfer?: MessagePortMainLike[]): void;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  kill(): boolean;
};

export type UtilityProcessModuleLike = {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore' }): UtilityProcessLike;
};

export type MenuItemTemplate = {
  label?: string;
  role?: 'appMenu' | 'editMenu' | 'windowMenu' | 'quit' | 'close';
  /** Shown in the menu but not bound by it (the shortcut is a global one, registered separately). */
  registerAccelerator?: boolean;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
};

export type MenuModuleLike = {
  buildFromTemplate(template: MenuItemTemplate[]): unknown;
  setApplicationMenu(menu: unknown): void;
};

export type HeadersReceivedDetails = { url: string; responseHeaders?: Record<string, string | string[]> };

export type SessionLike = {
  webRequest: {
    onHeadersReceived(
      listener: (details: HeadersReceivedDetails, callback: (response: { responseHeaders: Record<string, string | string[]> }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
};

/** Electron's globalShortcut: accelerators that fire even when the app is in the background. */
export type GlobalShortcutLike = {
  /** False when another application holds the accelerator. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
  unregisterAll(): void;
};

/** Electron's screen (after app ready): where the connected displays are. */
export type ScreenLike = {
  getAllDisplays(): Array<{ id: number; workArea: { x: number; y: number; width: number; height: number } }>;
};

/** The event of an ipcMain.handle listener: which page (and frame) invoked it. */
export type IpcMainInvokeEventLike = {
  readonly sender: WebContentsLike;
  /** Null when the frame has navigated away or been destroyed since it invoked. */
  readonly senderFrame: { readonly url: string } | null;
};

export type IpcMainLike = {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
};

export type OpenDialogOptionsLike = {
  title?: string;
  buttonLabel?: string;
  properties: Array<'openFile' | 'openDirectory' | 'createDirectory'>;
  filters?: Array<{ name: string; extensions: string[] }>;
};

export type DialogLike = {
  showErrorBox(title: string, content: string): void;
  /** Modal to `window`; `filePaths` is empty when cancelled. */
  showOpenDialog(window: BrowserWindowLike, options: OpenDialogOptionsLike): Promise<{ canceled: boolean; filePaths: string[] }>;
};

/** What the main process takes from `require('electron')`. */
export type ElectronMainModule = {
  screen: ScreenLike;
  globalShortcut: GlobalShortcutLike;
  app: AppLike;
  BrowserWindow: BrowserWindowConstructorLike;
  MessageChannelMain: new () => MessageChannelMainLike;
  utilityProcess: UtilityProcessModuleLike;
  Menu: MenuModuleLike;
  session: { defaultSession: SessionLike; fromPartition(partition: string): SessionLike };
  dialog: DialogLike;
  ipcMain: IpcMainLike;
};

/** The renderer-side ipcRenderer event: ports transferred with webContents.postMessage arrive here. */
export type IpcRendererEventLike = { ports: readonly MessagePort[] };

/** What the sandboxed preload takes from `require('electron')`. */
export type ElectronPreloadModule = {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    on(channel: string, listener: (event: IpcRendererEventLike, ...args: unknown[]) => void): unknown;
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  };
};

/** `process.parentPort` inside an Electron utility process. */
export type ParentPortLike = {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): unknown;
  postMessage(message: unknown): void;
};
