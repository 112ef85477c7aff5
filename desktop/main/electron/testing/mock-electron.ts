// Test-only double of the Electron main-process API: plain objects that record every call, so the
// main process can be tested without the electron package. Never imported by production code.
import type {
  BrowserWindowLike,
  BrowserWindowOptionsLike,
  ElectronEvent,
  ElectronMainModule,
  HeadersReceivedDetails,
  IpcMainInvokeEventLike,
  MenuItemTemplate,
  OpenDialogOptionsLike,
  MessagePortMainLike,
  PrintOptionsLike,
  SessionLike,
  UtilityProcessLike,
  WindowOpenHandlerResponse,
} from '../electron-types.js';

type AnyListener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, AnyListener[]>();
  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: AnyListener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

export class MockEvent implements ElectronEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class MockPort extends Emitter implements MessagePortMainLike {
  static created = 0;
  readonly serial = ++MockPort.created;
  readonly posted: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
}

export class MockWebContents extends Emitter {
  openHandler: ((details: { url: string }) => WindowOpenHandlerResponse) | null = null;
  readonly postedMessages: Array<{ channel: string; message: unknown; transfer: MessagePortMainLike[] | undefined }> = [];
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void {
    this.openHandler = handler;
  }
  postMessage(channel: string, message: unknown, transfer?: MessagePortMainLike[]): void {
    this.postedMessages.push({ channel, message, transfer });
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  /** Every print() call; a test answers one by calling its callback (what the OS dialog does). */
  readonly printCalls: Array<{ options: PrintOptionsLike; callback: (success: boolean, failureReason: string) => void }> = [];
  print(options: PrintOptionsLike, callback: (success: boolean, failureReason: string) => void): void {
    this.printCalls.push({ options, callback });
  }
}

export class MockWindow extends Emitter implements BrowserWindowLike {
  readonly webContents = new MockWebContents();
  readonly loadedUrls: string[] = [];
  shown = 0;
  focused = 0;
  restored = 0;
  minimized = false;
  destroyed = false;
  maximized = false;
  bounds: { x: number; y: number; width: number; height: number };
  constructor(readonly options: BrowserWindowOptionsLike) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
  }
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  /** What Electron does when the user drags or resizes the window. */
  userMoves(bounds: { x: number; y: number; width: number; height: number }): void {
    this.bounds = { ...bounds };
    this.emit('move');
    this.emit('resize');
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
  }
  show(): void {
    this.shown++;
  }
  focus(): void {
    this.focused++;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.restored++;
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroyCalls = 0;
  /** Like Electron's destroy(): no 'close', straight to 'closed'. */
  destroy(): void {
    this.destroyCalls++;
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
  /** What Electron does when the user closes the window. */
  userCloses(): void {
    this.emit('close');
    this.destroyed = true;
    this.emit('closed');
  }
}

export class MockUtilityProcess extends Emitter implements UtilityProcessLike {
  readonly posted: Array<{ message: unknown; transfer: MessagePortMainLike[] | undefined }> = [];
  killed = 0;
  constructor(
    readonly modulePath: string,
    readonly args: string[] | undefined,
  ) {
    super();
  }
  postMessage(message: unknown, transfer?: MessagePortMainLike[]): void {
    this.posted.push({ message, transfer });
  }
  kill(): boolean {
    this.killed++;
    return true;
  }
}

export type MockElectron = Readonly<{
  module: ElectronMainModule;
  app: Emitter & { quitCalls: number; lockRequests: number; focusCalls: Array<{ steal: boolean } | undefined> };
  /** Registered global shortcuts (accelerator → callback); `taken` ones refuse registration. */
  shortcuts: Map<string, () => void> & { taken: Set<string>; unregisterAllCalls: number };
  windows: MockWindow[];
  channels: Array<{ port1: MockPort; port2: MockPort }>;
  forks: MockUtilityProcess[];
  menuTemplates: MenuItemTemplate[][];
  errorBoxes: Array<{ title: string; content: string }>;
  /** ipcMain.handle listeners by channel. */
  ipcHandlers: Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>>;
  /** Every showOpenDialog call, in order. */
  openDialogs: Array<{ window: BrowserWindowLike; options: OpenDialogOptionsLike }>;
  /** What the next showOpenDialog calls answer, first first (an Error rejects); empty → cancelled. */
  dialogAnswers: Array<{ canceled: boolean; filePaths: string[] } | Error>;
  focusedWindow: { current: MockWindow | null };
  headersListener: { current: ((details: HeadersReceivedDetails, callback: (response: { responseHeaders: Record<string, string | string[]> }) => void) => void) | null };
  permissionHandler: { current: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null };
  /** Sessions made by session.fromPartition, by partition name, with the permission handler each got. */
  partitions: Map<string, { permissionHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null }>;
  /** The connected displays screen.getAllDisplays() reports (change it to unplug a monitor). */
  displays: Array<{ id: number; workArea: { x: number; y: number; width: number; height: number } }>;
}>;

export function mockElectron(options: { gotLock: boolean; takenShortcuts?: readonly string[] }): MockElectron {
  const displays: MockElectron['displays'] = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  const windows: MockWindow[] = [];
  const channels: Array<{ port1: MockPort; port2: MockPort }> = [];
  const forks: MockUtilityProcess[] = [];
  const menuTemplates: MenuItemTemplate[][] = [];
  const errorBoxes: Array<{ title: string; content: string }> = [];
  const ipcHandlers: MockElectron['ipcHandlers'] = new Map();
  const openDialogs: MockElectron['openDialogs'] = [];
  const dialogAnswers: MockElectron['dialogAnswers'] = [];
  const focusedWindow: { current: MockWindow | null } = { current: null };
  const headersListener: MockElectron['headersListener'] = { current: null };
  const permissionHandler: MockElectron['permissionHandler'] = { current: null };
  const partitions: MockElectron['partitions'] = new Map();

  const shortcuts = Object.assign(new Map<string, () => void>(), { taken: new Set<string>(options.takenShortcuts ?? []), unregisterAllCalls: 0 });
  const app = Object.assign(new Emitter(), {
    quitCalls: 0,
    lockRequests: 0,
    focusCalls: [] as Array<{ steal: boolean } | undefined>,
    focus(options?: { steal: boolean }): void {
      app.focusCalls.push(options);
    },
    isPackaged: false,
    requestSingleInstanceLock(): boolean {
      app.lockRequests++;
      return options.gotLock;
    },
    async whenReady(): Promise<void> {},
    quit(): void {
      app.quitCalls++;
    },
    getPath(): string {
      return '/tmp/lamphouse-user-data';
    },
  });

  class BrowserWindow extends MockWindow {
    constructor(windowOptions: BrowserWindowOptionsLike) {
      super(windowOptions);
      windows.push(this);
    }
    static getFocusedWindow(): MockWindow | null {
      return focusedWindow.current;
    }
  }

  class MessageChannelMain {
    readonly port1 = new MockPort();
    readonly port2 = new MockPort();
    constructor() {
      channels.push({ port1: this.port1, port2: this.port2 });
    }
  }

  const module: ElectronMainModule = {
    app,
    screen: { getAllDisplays: () => displays.map((d) => ({ id: d.id, workArea: { ...d.workArea } })) },
    globalShortcut: {
      register(accelerator: string, callback: () => void): boolean {
        if (shortcuts.taken.has(accelerator) || shortcuts.has(accelerator)) return false;
        shortcuts.set(accelerator, callback);
        return true;
      },
      unregister(accelerator: string): void {
        shortcuts.delete(accelerator);
      },
      unregisterAll(): void {
        shortcuts.unregisterAllCalls++;
        shortcuts.clear();
      },
    },
    BrowserWindow,
    MessageChannelMain,
    utilityProcess: {
      fork(modulePath: string, args?: string[]) {
        const child = new MockUtilityProcess(modulePath, args);
        forks.push(child);
        return child;
      },
    },
    Menu: {
      buildFromTemplate(template: MenuItemTemplate[]) {
        menuTemplates.push(template);
        return { template };
      },
      setApplicationMenu: () => undefined,
    },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived(listener) {
            headersListener.current = listener;
          },
        },
        setPermissionRequestHandler(handler) {
          permissionHandler.current = handler;
        },
      },
      fromPartition(partition: string): SessionLike {
        const entry = partitions.get(partition) ?? { permissionHandler: null };
        partitions.set(partition, entry);
        return {
          webRequest: { onHeadersReceived: () => undefined },
          setPermissionRequestHandler(handler) {
            entry.permissionHandler = handler;
          },
        };
      },
    },
    dialog: {
      showErrorBox(title: string, content: string) {
        errorBoxes.push({ title, content });
      },
      async showOpenDialog(window: BrowserWindowLike, options: OpenDialogOptionsLike) {
        openDialogs.push({ window, options });
        const answer = dialogAnswers.shift() ?? { canceled: true, filePaths: [] };
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
    ipcMain: {
      handle(channel, listener) {
        // Like Electron: one handler per channel.
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, listener);
      },
    },
  };

  return { module, app, shortcuts, windows, channels, forks, menuTemplates, errorBoxes, ipcHandlers, openDialogs, dialogAnswers, focusedWindow, headersListener, permissionHandler, partitions, displays };
}
