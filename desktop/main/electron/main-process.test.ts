import { describe, it, expect, afterEach } from 'vitest';
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startElectronMain, ELECTRON_CSP, EXPORT_FOLDER_DIALOG_OPTIONS, IMPORT_DIALOG_OPTIONS, INTAKE_SHORTCUT, type ElectronMainConfig } from './main-process.js';
import { PRINT_PARTITION } from './print-file.js';
import { mockElectron, MockEvent, type MockElectron, type MockWindow } from './testing/mock-electron.js';
import type { IpcMainInvokeEventLike, MenuItemTemplate, WebContentsLike } from './electron-types.js';

const config: ElectronMainConfig = {
  rendererIndex: '/opt/lamphouse/dist/renderer/index.html',
  preload: '/opt/lamphouse/dist/electron/preload.cjs',
  coreProcess: '/opt/lamphouse/dist/electron/core-process.cjs',
  hubUrl: 'http://127.0.0.1:4010',
  dataDir: '/var/lamphouse/console',
  platform: 'linux',
  shutdownTimeoutMs: 50,
  log: { info: () => undefined, error: () => undefined },
};
const indexUrl = pathToFileURL(config.rendererIndex).href;

async function started(platform: NodeJS.Platform = 'linux'): Promise<MockElectron & { window: MockWindow }> {
  const electron = mockElectron({ gotLock: true });
  const handle = await startElectronMain(electron.module, { ...config, platform });
  expect(handle).not.toBeNull();
  const window = electron.windows[0];
  if (!window) throw new Error('no window was created');
  return { ...electron, window };
}

function findItem(template: MenuItemTemplate[], label: string): MenuItemTemplate | undefined {
  for (const item of template) {
    if (item.label === label) return item;
    const found = item.submenu ? findItem(item.submenu, label) : undefined;
    if (found) return found;
  }
  return undefined;
}

describe('startElectronMain', () => {
  it('quits a second instance without opening a window or starting a core', async () => {
    const electron = mockElectron({ gotLock: false });
    const handle = await startElectronMain(electron.module, config);
    expect(handle).toBeNull();
    expect(electron.app.lockRequests).toBe(1);
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.forks).toHaveLength(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { app, windows, window } = await started();
    window.minimized = true;
    app.emit('second-instance');
    expect(windows).toHaveLength(1);
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);
  });

  it('creates the console window locked down and loads the built renderer from a file URL', async () => {
    const { window } = await started();
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: config.preload,
    });
    expect(window.loadedUrls).toEqual([indexUrl]);
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
  });

  it('blocks navigation away from the renderer file and any redirect', async () => {
    const { window } = await started();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:4010/']) {
      const event = new MockEvent();
      window.webContents.emit('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(true);
      const redirect = new MockEvent();
      window.webContents.emit('will-redirect', redirect, url);
      expect(redirect.defaultPrevented, url).toBe(true);
    }
    const sameFile = new MockEvent();
    window.webContents.emit('will-navigate', sameFile, `${indexUrl}#/cases`);
    expect(sameFile.defaultPrevented).toBe(false);
    const webview = new MockEvent();
    window.webContents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies window.open', async () => {
    const { window } = await started();
    expect(window.webContents.openHandler).not.toBeNull();
    expect(window.webContents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(window.webContents.openHandler?.({ url: indexUrl })).toEqual({ action: 'deny' });
  });

  it('starts the core in a utility process with the hub URL and data dir', async () => {
    const { forks } = await started();
    expect(forks).toHaveLength(1);
    expect(forks[0]?.modulePath).toBe(config.coreProcess);
    expect(forks[0]?.args).toEqual(['--hub', config.hubUrl, '--data-dir', config.dataDir]);
  });

  it('gives each window load its own MessageChannel: port1 to the core, port2 to the window', async () => {
    const { window, channels, forks, app, windows } = await started();
    const core = forks[0];
    if (!core) throw new Error('no core');
    expect(channels).toHaveLength(0);

    window.webContents.emit('did-finish-load');
    expect(channels).toHaveLength(1);
    const first = channels[0];
    expect(core.posted).toEqual([{ message: { type: 'window-port', windowId: 'console-1' }, transfer: [first?.port1] }]);
    expect(window.webContents.postedMessages).toEqual([{ channel: 'lamphouse:port', message: null, transfer: [first?.port2] }]);

    // A reload loses the renderer's port, so the window gets a new channel.
    window.webContents.emit('did-finish-load');
    expect(channels).toHaveLength(2);
    expect(channels[1]?.port1).not.toBe(first?.port1);
    expect(core.posted[1]?.transfer).toEqual([channels[1]?.port1]);

    // A closed window is reported to the core; the next window has another id and channel.
    window.userCloses();
    expect(core.posted[2]?.message).toEqual({ type: 'window-closed', windowId: 'console-1' });
    app.emit('activate');
    expect(windows).toHaveLength(2);
    windows[1]?.webContents.emit('did-finish-load');
    expect(core.posted[3]).toEqual({ message: { type: 'window-port', windowId: 'console-2' }, transfer: [channels[2]?.port1] });
    expect(windows[1]?.webContents.postedMessages[0]?.transfer).toEqual([channels[2]?.port2]);
  });

  it('sets a strict CSP on every response and refuses web permissions', async () => {
    const { headersListener, permissionHandler } = await started();
    let headers: Record<string, string | string[]> | null = null;
    headersListener.current?.({ url: indexUrl, responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => (headers = response.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [ELECTRON_CSP] });
    expect(ELECTRON_CSP).toContain("default-src 'self'");
    expect(ELECTRON_CSP).toContain("frame-ancestors 'none'");
    let granted: boolean | null = null;
    permissionHandler.current?.({}, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
  });

  it('has a "New case" menu item on CmdOrCtrl+N that goes to the focused window', async () => {
    const { menuTemplates, window, focusedWindow } = await started();
    const item = findItem(menuTemplates[0] ?? [], 'New case');
    expect(item?.accelerator).toBe('CmdOrCtrl+N');
    focusedWindow.current = window;
    item?.click?.();
    expect(window.webContents.sent).toEqual([{ channel: 'lamphouse:command', args: ['new-case'] }]);
  });

  it('holds the quit until the core has closed, then quits', async () => {
    const { app, forks } = await started();
    const core = forks[0];
    if (!core) throw new Error('no core');
    const beforeQuit = new MockEvent();
    app.emit('before-quit', beforeQuit);
    expect(beforeQuit.defaultPrevented).toBe(true);
    expect(core.posted.at(-1)?.message).toEqual({ type: 'shutdown' });
    expect(app.quitCalls).toBe(0);

    core.emit('exit', 0);
    expect(app.quitCalls).toBe(1);
    const again = new MockEvent();
    app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
    expect(core.killed).toBe(0);
  });

  it('kills a core that does not stop within the timeout', async () => {
    const { app, forks } = await started();
    const core = forks[0];
    if (!core) throw new Error('no core');
    app.emit('before-quit', new MockEvent());
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(core.killed).toBe(1);
  });

  it('tells the user and quits when the core dies unexpectedly', async () => {
    const { app, forks, errorBoxes } = await started();
    forks[0]?.emit('message', { type: 'core-failed', message: 'cannot open the cache database' });
    forks[0]?.emit('exit', 1);
    expect(errorBoxes).toHaveLength(1);
    expect(errorBoxes[0]?.content).toContain('cannot open the cache database');
    expect(app.quitCalls).toBe(1);
  });

  it('quits when the last window closes except on macOS', async () => {
    const linux = await started('linux');
    linux.window.userCloses();
    linux.app.emit('window-all-closed');
    expect(linux.app.quitCalls).toBe(1);

    const mac = await started('darwin');
    mac.window.userCloses();
    mac.app.emit('window-all-closed');
    expect(mac.app.quitCalls).toBe(0);
  });

  describe('intake window', () => {
    it('registers a global shortcut that opens the intake window, brought to the front from the background', async () => {
      const { shortcuts, windows, app, channels, forks } = await started();
      expect(INTAKE_SHORTCUT).toBe('CommandOrControl+Shift+Space');
      const open = shortcuts.get(INTAKE_SHORTCUT);
      expect(open).toBeDefined();
      open?.();
      expect(windows).toHaveLength(2);
      const intake = windows[1]!;
      expect(intake.loadedUrls).toEqual([`${indexUrl}?window=intake`]);
      expect(intake.options.title).toBe('Lamphouse: phone intake');
      expect(app.focusCalls).toEqual([{ steal: true }]);
      // Its own port to the core, under its own window id.
      intake.webContents.emit('did-finish-load');
      expect(forks[0]?.posted.at(-1)).toEqual({ message: { type: 'window-port', windowId: 'intake-2' }, transfer: [channels.at(-1)?.port1] });
    });

    it('is one window: the shortcut again restores and focuses it instead of opening another', async () => {
      const { shortcuts, windows } = await started();
      shortcuts.get(INTAKE_SHORTCUT)?.();
      const intake = windows[1]!;
      intake.minimized = true;
      shortcuts.get(INTAKE_SHORTCUT)?.();
      expect(windows).toHaveLength(2);
      expect(intake.restored).toBe(1);
      expect(intake.focused).toBe(1);
      // Closed, the next shortcut opens a fresh one.
      intake.userCloses();
      shortcuts.get(INTAKE_SHORTCUT)?.();
      expect(windows).toHaveLength(3);
    });

    it('runs with the same security settings and navigation lock as the console window', async () => {
      const { shortcuts, windows, window } = await started();
      shortcuts.get(INTAKE_SHORTCUT)?.();
      const intake = windows[1]!;
      expect(intake.options.webPreferences).toEqual(window.options.webPreferences);
      expect(intake.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(intake.webContents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
      const away = new MockEvent();
      intake.webContents.emit('will-navigate', away, indexUrl);
      expect(away.defaultPrevented).toBe(true);
      const elsewhere = new MockEvent();
      intake.webContents.emit('will-navigate', elsewhere, 'https://evil.example/?window=intake');
      expect(elsewhere.defaultPrevented).toBe(true);
      const own = new MockEvent();
      intake.webContents.emit('will-navigate', own, `${indexUrl}?window=intake#/new`);
      expect(own.defaultPrevented).toBe(false);
    });

    it('has a File menu item for it, and unregisters the shortcut when the app quits', async () => {
      const { menuTemplates, windows, shortcuts, app } = await started();
      const item = findItem(menuTemplates[0] ?? [], 'Phone intake');
      expect(item).toMatchObject({ accelerator: INTAKE_SHORTCUT, registerAccelerator: false });
      item?.click?.();
      expect(windows[1]?.loadedUrls).toEqual([`${indexUrl}?window=intake`]);
      app.emit('will-quit');
      expect(shortcuts.unregisterAllCalls).toBe(1);
      expect(shortcuts.size).toBe(0);
    });

    it('starts anyway when another application holds the shortcut, and says so', async () => {
      const electron = mockElectron({ gotLock: true, takenShortcuts: [INTAKE_SHORTCUT] });
      const errors: string[] = [];
      const handle = await startElectronMain(electron.module, { ...config, log: { info: () => undefined, error: (m) => errors.push(m) } });
      expect(handle).not.toBeNull();
      expect(electron.shortcuts.size).toBe(0);
      expect(errors).toEqual([expect.stringContaining('taken by another application')]);
      handle?.openWindow('intake');
      expect(electron.windows).toHaveLength(2);
    });
  });
  describe('choosing a workbook to import', () => {
    const ref = { fileId: '0b6f1f2e-7c1a-4d0e-9f57-1c2b3d4e5f60', fileName: 'projectors.xlsx', bytes: 5120 };

    function invokePick(electron: MockElectron, sender: WebContentsLike, frameUrl: string | null = indexUrl): Promise<unknown> {
      const handler = electron.ipcHandlers.get('lamphouse:pick-import-file');
      if (!handler) throw new Error('no handler for lamphouse:pick-import-file');
      const event: IpcMainInvokeEventLike = { sender, senderFrame: frameUrl === null ? null : { url: frameUrl } };
      return handler(event);
    }

    /** The messages the main process sent the core, without the window ports. */
    function coreMessages(electron: MockElectron): unknown[] {
      return (electron.forks[0]?.posted ?? []).map((p) => p.message);
    }

    async function settle(): Promise<void> {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    }

    it('registers one handler per channel: the workbook and folder dialogs and printing', async () => {
      const electron = await started();
      expect([...electron.ipcHandlers.keys()].sort()).toEqual(['lamphouse:pick-export-folder', 'lamphouse:pick-import-file', 'lamphouse:print-file']);
    });

    it('answers null and asks the core nothing when the person cancels the dialog', async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: true, filePaths: [] });
      await expect(invokePick(electron, electron.window.webContents)).resolves.toEqual({ ok: true, value: null });
      expect(electron.openDialogs).toEqual([{ window: electron.window, options: IMPORT_DIALOG_OPTIONS }]);
      expect(IMPORT_DIALOG_OPTIONS).toMatchObject({ properties: ['openFile'], filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] });
      expect(coreMessages(electron)).toEqual([]);
    });

    it("shows the dialog on the sender's window, has the core register the chosen path and answers the core's ref", async () => {
      const electron = await started();
      electron.shortcuts.get(INTAKE_SHORTCUT)?.();
      const intake = electron.windows[1]!;
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/home/ana/Projectors 2024.xlsx'] });
      const answer = invokePick(electron, intake.webContents, `${indexUrl}?window=intake#/new`);
      await settle();
      expect(electron.openDialogs[0]?.window).toBe(intake);
      const [register] = coreMessages(electron);
      expect(register).toEqual({ type: 'register-import-file', requestId: expect.any(Number), path: '/home/ana/Projectors 2024.xlsx' });
      const { requestId } = register as { requestId: number };
      // Another request's answer and unrelated messages do not settle this one.
      electron.forks[0]?.emit('message', { type: 'import-file-registered', requestId: requestId + 1, ok: true, value: { ...ref, fileId: 'other' } });
      electron.forks[0]?.emit('message', { type: 'core-ready' });
      electron.forks[0]?.emit('message', { type: 'import-file-registered', requestId, ok: true, value: ref });
      await expect(answer).resolves.toEqual({ ok: true, value: ref });
    });

    it("passes the core's message for a bad file on to the window", async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/home/ana/notes.xlsx'] });
      const answer = invokePick(electron, electron.window.webContents);
      await settle();
      const { requestId } = coreMessages(electron)[0] as { requestId: number };
      electron.forks[0]?.emit('message', { type: 'import-file-registered', requestId, ok: false, message: 'This file is not an Excel workbook (.xlsx).' });
      await expect(answer).resolves.toEqual({ ok: false, message: 'This file is not an Excel workbook (.xlsx).' });
    });

    it('gives two picks their own request ids and answers', async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/a.xlsx'] }, { canceled: false, filePaths: ['/b.xlsx'] });
      const first = invokePick(electron, electron.window.webContents);
      const second = invokePick(electron, electron.window.webContents);
      await settle();
      const [a, b] = coreMessages(electron) as Array<{ requestId: number; path: string }>;
      expect(a?.path).toBe('/a.xlsx');
      expect(b?.path).toBe('/b.xlsx');
      expect(a?.requestId).not.toBe(b?.requestId);
      electron.forks[0]?.emit('message', { type: 'import-file-registered', requestId: b?.requestId, ok: true, value: { ...ref, fileName: 'b.xlsx' } });
      electron.forks[0]?.emit('message', { type: 'import-file-registered', requestId: a?.requestId, ok: true, value: { ...ref, fileName: 'a.xlsx' } });
      await expect(first).resolves.toEqual({ ok: true, value: { ...ref, fileName: 'a.xlsx' } });
      await expect(second).resolves.toEqual({ ok: true, value: { ...ref, fileName: 'b.xlsx' } });
    });

    it('fails a waiting pick when the core exits, and refuses new ones after', async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/a.xlsx'] }, { canceled: false, filePaths: ['/b.xlsx'] });
      const waiting = invokePick(electron, electron.window.webContents);
      await settle();
      electron.forks[0]?.emit('exit', 1);
      await expect(waiting).resolves.toEqual({ ok: false, message: expect.stringContaining('console core is not running') });
      await expect(invokePick(electron, electron.window.webContents)).resolves.toEqual({ ok: false, message: expect.stringContaining('console core is not running') });
      expect(coreMessages(electron)).toHaveLength(1);
    });

    it('refuses a sender that is not one of its windows, or a frame that is not its page, without a dialog', async () => {
      const electron = await started();
      const stranger = new electron.module.BrowserWindow({ webPreferences: electron.window.options.webPreferences });
      for (const [sender, frame] of [
        [stranger.webContents, indexUrl],
        [electron.window.webContents, 'https://evil.example/'],
        [electron.window.webContents, `${indexUrl}?window=intake`],
        [electron.window.webContents, null],
      ] as const) {
        await expect(invokePick(electron, sender, frame), String(frame)).resolves.toEqual({ ok: false, message: 'Only a Lamphouse window can open a workbook.' });
      }
      // A closed window is no longer one of ours.
      electron.window.userCloses();
      await expect(invokePick(electron, electron.window.webContents)).resolves.toMatchObject({ ok: false });
      expect(electron.openDialogs).toEqual([]);
      expect(coreMessages(electron).filter((m) => (m as { type: string }).type === 'register-import-file')).toEqual([]);
    });

    it('sends nothing to a core that is shutting down', async () => {
      const electron = await started();
      electron.app.emit('before-quit', new MockEvent());
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/a.xlsx'] });
      await expect(invokePick(electron, electron.window.webContents)).resolves.toEqual({ ok: false, message: 'Lamphouse is closing, so the workbook was not opened.' });
      expect(coreMessages(electron)).toEqual([{ type: 'shutdown' }]);
    });

    it('answers a plain message when the dialog itself fails', async () => {
      const electron = await started();
      electron.dialogAnswers.push(new Error('GTK is not available'));
      await expect(invokePick(electron, electron.window.webContents)).resolves.toEqual({ ok: false, message: 'The file dialog could not be opened. Try again.' });
    });
  });
  describe('choosing a folder to export PDFs to', () => {
    const folder = { folderId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b', folderName: 'Reports March' };

    function invokeFolder(electron: MockElectron, sender: WebContentsLike, frameUrl: string | null = indexUrl, ...args: unknown[]): Promise<unknown> {
      const handler = electron.ipcHandlers.get('lamphouse:pick-export-folder');
      if (!handler) throw new Error('no handler for lamphouse:pick-export-folder');
      return handler({ sender, senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
    }
    function coreMessages(electron: MockElectron): unknown[] {
      return (electron.forks[0]?.posted ?? []).map((p) => p.message).filter((m) => (m as { type: string }).type === 'register-export-folder');
    }
    async function settle(): Promise<void> {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    }

    it('answers null and asks the core nothing when the person cancels the folder dialog', async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: true, filePaths: [] });
      await expect(invokeFolder(electron, electron.window.webContents)).resolves.toEqual({ ok: true, value: null });
      expect(electron.openDialogs).toEqual([{ window: electron.window, options: EXPORT_FOLDER_DIALOG_OPTIONS }]);
      expect(EXPORT_FOLDER_DIALOG_OPTIONS.properties).toEqual(['openDirectory', 'createDirectory']);
      expect(coreMessages(electron)).toEqual([]);
    });

    it('has the core register the chosen folder and answers only its id and name', async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/home/ana/Reports March'] });
      const answer = invokeFolder(electron, electron.window.webContents);
      await settle();
      expect(coreMessages(electron)).toEqual([{ type: 'register-export-folder', requestId: 1, path: '/home/ana/Reports March' }]);
      electron.forks[0]?.emit('message', { type: 'export-folder-registered', requestId: 1, ok: true, value: { ...folder, path: '/home/ana/Reports March' } });
      await expect(answer).resolves.toEqual({ ok: true, value: folder });
    });

    it("passes on the core's refusal of a folder", async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/read-only'] });
      const answer = invokeFolder(electron, electron.window.webContents);
      await settle();
      electron.forks[0]?.emit('message', { type: 'export-folder-registered', requestId: 1, ok: false, message: 'That folder cannot be written to.' });
      await expect(answer).resolves.toEqual({ ok: false, message: 'That folder cannot be written to.' });
    });

    it('never takes a path from the window: arguments are ignored, the dialog decides', async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: true, filePaths: [] });
      await expect(invokeFolder(electron, electron.window.webContents, indexUrl, '/etc', { path: '/etc' })).resolves.toEqual({ ok: true, value: null });
      expect(coreMessages(electron)).toEqual([]);
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/home/ana/chosen'] });
      const answer = invokeFolder(electron, electron.window.webContents, indexUrl, '/etc');
      await settle();
      expect(coreMessages(electron)).toEqual([{ type: 'register-export-folder', requestId: 1, path: '/home/ana/chosen' }]);
      electron.forks[0]?.emit('message', { type: 'export-folder-registered', requestId: 1, ok: true, value: folder });
      await expect(answer).resolves.toEqual({ ok: true, value: folder });
    });

    it('refuses a page that is not one of its windows without a dialog', async () => {
      const electron = await started();
      const stranger = new electron.module.BrowserWindow({ webPreferences: electron.window.options.webPreferences });
      await expect(invokeFolder(electron, stranger.webContents)).resolves.toEqual({ ok: false, message: 'Only a Lamphouse window can choose a folder.' });
      await expect(invokeFolder(electron, electron.window.webContents, 'https://evil.example/')).resolves.toMatchObject({ ok: false });
      expect(electron.openDialogs).toEqual([]);
    });

    it('fails a waiting pick when the core exits, and answers plainly when the dialog fails', async () => {
      const electron = await started();
      electron.dialogAnswers.push({ canceled: false, filePaths: ['/a'] }, new Error('no portal'));
      const waiting = invokeFolder(electron, electron.window.webContents);
      await settle();
      electron.forks[0]?.emit('exit', 1);
      await expect(waiting).resolves.toEqual({ ok: false, message: expect.stringContaining('console core is not running') });
      await expect(invokeFolder(electron, electron.window.webContents)).resolves.toEqual({ ok: false, message: 'The folder dialog could not be opened. Try again.' });
    });
  });

  describe('printing an exported PDF', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });
    function dataDirWithPdf(): { dataDir: string; pdf: string } {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
      dirs.push(dataDir);
      fs.mkdirSync(path.join(dataDir, 'exports'));
      const pdf = path.join(dataDir, 'exports', 'SR-2026-000001.pdf');
      fs.writeFileSync(pdf, '%PDF-1.7\n%test\n');
      return { dataDir, pdf };
    }
    async function startedWith(dataDir: string) {
      const electron = mockElectron({ gotLock: true });
      await startElectronMain(electron.module, { ...config, dataDir, printLoadTimeoutMs: 1000 });
      const window = electron.windows[0];
      if (!window) throw new Error('no window');
      return { ...electron, window };
    }
    function invokePrint(electron: MockElectron, sender: WebContentsLike, ...args: unknown[]): Promise<unknown> {
      const handler = electron.ipcHandlers.get('lamphouse:print-file');
      if (!handler) throw new Error('no handler for lamphouse:print-file');
      return handler({ sender, senderFrame: { url: indexUrl } }, ...args);
    }
    async function settle(): Promise<void> {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    }

    it('loads the PDF in a hidden, locked-down window, opens the OS dialog once loaded and closes the window after', async () => {
      const { dataDir, pdf } = dataDirWithPdf();
      const electron = await startedWith(dataDir);
      const answer = invokePrint(electron, electron.window.webContents, pdf);
      await settle();
      const printWin = electron.windows[1];
      if (!printWin) throw new Error('no print window');
      expect(printWin.options.show).toBe(false);
      expect(printWin.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, plugins: true, partition: PRINT_PARTITION });
      expect(printWin.options.webPreferences.preload).toBeUndefined();
      expect(printWin.loadedUrls).toEqual([pathToFileURL(fs.realpathSync(pdf)).href]);
      expect(printWin.webContents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
      // The print session refuses web permissions like the default one.
      let granted: boolean | undefined;
      electron.partitions.get(PRINT_PARTITION)?.permissionHandler?.(null, 'media', (g) => (granted = g));
      expect(granted).toBe(false);

      expect(printWin.webContents.printCalls).toEqual([]);
      printWin.webContents.emit('did-finish-load');
      expect(printWin.webContents.printCalls.map((c) => c.options)).toEqual([{ silent: false, printBackground: true }]);
      expect(printWin.destroyed).toBe(false);
      printWin.webContents.printCalls[0]?.callback(true, '');
      await expect(answer).resolves.toEqual({ ok: true, value: { printed: true } });
      expect(printWin.destroyed).toBe(true);
      // The console window is untouched.
      expect(electron.window.destroyed).toBe(false);
    });

    it('answers printed:false when the person cancels the dialog, and allows the next print', async () => {
      const { dataDir, pdf } = dataDirWithPdf();
      const electron = await startedWith(dataDir);
      const first = invokePrint(electron, electron.window.webContents, pdf);
      await settle();
      // While the dialog is open a second request is refused rather than stacking windows.
      await expect(invokePrint(electron, electron.window.webContents, pdf)).resolves.toEqual({ ok: false, message: expect.stringContaining('already open') });
      electron.windows[1]?.webContents.emit('did-finish-load');
      electron.windows[1]?.webContents.printCalls[0]?.callback(false, 'cancelled');
      await expect(first).resolves.toEqual({ ok: true, value: { printed: false } });
      expect(electron.windows[1]?.destroyed).toBe(true);
      const second = invokePrint(electron, electron.window.webContents, 'SR-2026-000001.pdf');
      await settle();
      expect(electron.windows).toHaveLength(3);
      electron.windows[2]?.webContents.emit('did-finish-load');
      electron.windows[2]?.webContents.printCalls[0]?.callback(true, '');
      await expect(second).resolves.toEqual({ ok: true, value: { printed: true } });
    });

    it('refuses paths outside the exports folder and non-PDFs without opening a window', async () => {
      const { dataDir } = dataDirWithPdf();
      fs.writeFileSync(path.join(dataDir, 'secret.pdf'), '%PDF-1.7 outside');
      fs.writeFileSync(path.join(dataDir, 'exports', 'list.xlsx'), 'PK');
      const electron = await startedWith(dataDir);
      for (const requested of ['../secret.pdf', path.join(dataDir, 'secret.pdf'), 'list.xlsx', '/etc/passwd', 42, undefined]) {
        await expect(invokePrint(electron, electron.window.webContents, requested), String(requested)).resolves.toMatchObject({ ok: false, message: expect.any(String) });
      }
      expect(electron.windows).toHaveLength(1);
    });

    it('refuses a page that is not one of its windows', async () => {
      const { dataDir, pdf } = dataDirWithPdf();
      const electron = await startedWith(dataDir);
      const stranger = new electron.module.BrowserWindow({ webPreferences: electron.window.options.webPreferences });
      await expect(invokePrint(electron, stranger.webContents, pdf)).resolves.toEqual({ ok: false, message: 'Only a Lamphouse window can print.' });
      expect(electron.windows).toHaveLength(2);
    });

    it('answers a clear message and closes the window when the PDF does not load', async () => {
      const { dataDir, pdf } = dataDirWithPdf();
      const electron = await startedWith(dataDir);
      const answer = invokePrint(electron, electron.window.webContents, pdf);
      await settle();
      electron.windows[1]?.webContents.emit('did-fail-load', new MockEvent(), -6, 'ERR_FILE_NOT_FOUND');
      await expect(answer).resolves.toEqual({ ok: false, message: expect.stringContaining('could not be opened for printing') });
      expect(electron.windows[1]?.destroyed).toBe(true);
      expect(electron.windows[1]?.webContents.printCalls).toEqual([]);
    });
  });
});
