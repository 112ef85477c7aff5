// The assignment board window: opened from the File menu or Ctrl+Shift+B while Lamphouse is
// focused, locked down like every window, and back where the manager left it (on the same display
// when it is still connected) from a window-state file in the data folder.
import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BOARD_SHORTCUT, INTAKE_SHORTCUT, startElectronMain, type ElectronMainConfig } from './main-process.js';
import { mockElectron, MockEvent } from './testing/mock-electron.js';
import type { MenuItemTemplate } from './electron-types.js';
import { WINDOW_STATE_FILE } from './window-state.js';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
  dirs.push(dataDir);
  const config: ElectronMainConfig = {
    rendererIndex: '/opt/lamphouse/dist/renderer/index.html',
    preload: '/opt/lamphouse/dist/electron/preload.cjs',
    coreProcess: '/opt/lamphouse/dist/electron/core-process.cjs',
    hubUrl: 'http://127.0.0.1:4010',
    dataDir,
    platform: 'linux',
    shutdownTimeoutMs: 50,
    log: { info: () => undefined, error: () => undefined },
  };
  const electron = mockElectron({ gotLock: true });
  // A laptop screen and a second monitor to its right.
  electron.displays.push({ id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } });
  return { config, electron, stateFile: path.join(dataDir, WINDOW_STATE_FILE) };
}

function findItem(template: MenuItemTemplate[], label: string): MenuItemTemplate | undefined {
  for (const item of template) {
    if (item.label === label) return item;
    const found = item.submenu ? findItem(item.submenu, label) : undefined;
    if (found) return found;
  }
  return undefined;
}

const indexUrl = pathToFileURL('/opt/lamphouse/dist/renderer/index.html').href;

describe('assignment board window', () => {
  it('opens from the File menu item on Ctrl+Shift+B (only while focused), once, as ?window=board', async () => {
    const { config, electron } = setup();
    await startElectronMain(electron.module, config);
    const item = findItem(electron.menuTemplates[0] ?? [], 'Assignment board');
    expect(BOARD_SHORTCUT).toBe('CmdOrCtrl+Shift+B');
    // A menu accelerator works while the app has the focus; it is not a global shortcut.
    expect(item).toMatchObject({ accelerator: BOARD_SHORTCUT });
    expect(item?.registerAccelerator).toBeUndefined();
    expect([...electron.shortcuts.keys()]).toEqual([INTAKE_SHORTCUT]);
    item?.click?.();
    expect(electron.windows).toHaveLength(2);
    const board = electron.windows[1]!;
    expect(board.loadedUrls).toEqual([`${indexUrl}?window=board`]);
    expect(board.options.title).toBe('Lamphouse: assignment board');
    board.minimized = true;
    item?.click?.();
    expect(electron.windows).toHaveLength(2);
    expect(board.restored).toBe(1);
    expect(board.focused).toBe(1);
    // Its own port to the core.
    board.webContents.emit('did-finish-load');
    expect(electron.forks[0]?.posted.at(-1)).toMatchObject({ message: { type: 'window-port', windowId: 'board-2' } });
  });

  it('has the same security settings and navigation lock as the console window', async () => {
    const { config, electron } = setup();
    const handle = await startElectronMain(electron.module, config);
    handle?.openWindow('board');
    const [consoleWindow, board] = electron.windows;
    expect(board!.options.webPreferences).toEqual(consoleWindow!.options.webPreferences);
    expect(board!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(board!.webContents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const away = new MockEvent();
    board!.webContents.emit('will-navigate', away, 'https://evil.example/?window=board');
    expect(away.defaultPrevented).toBe(true);
    const own = new MockEvent();
    board!.webContents.emit('will-navigate', own, `${indexUrl}?window=board#/queue`);
    expect(own.defaultPrevented).toBe(false);
  });

  it('remembers size, position and display when closed, and comes back there on the next run', async () => {
    const { config, electron, stateFile } = setup();
    const handle = await startElectronMain(electron.module, config);
    const board = handle!.openWindow('board') as (typeof electron.windows)[number];
    board.userMoves({ x: 2000, y: 40, width: 2400, height: 1300 });
    board.userCloses();
    const stored = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    expect(stored.board).toEqual({ x: 2000, y: 40, width: 2400, height: 1300, displayId: 2, maximized: false });
    expect(fs.readdirSync(path.dirname(stateFile)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const next = mockElectron({ gotLock: true });
    next.displays.push({ id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } });
    const again = await startElectronMain(next.module, config);
    again!.openWindow('board');
    expect(next.windows[1]!.options).toMatchObject({ x: 2000, y: 40, width: 2400, height: 1300 });
    // The console window is not moved by it.
    expect(next.windows[0]!.options.x).toBeUndefined();
  });

  it('writes moves once they settle and restores a maximised board maximised', async () => {
    vi.useFakeTimers();
    const { config, electron, stateFile } = setup();
    const handle = await startElectronMain(electron.module, config);
    const board = handle!.openWindow('board') as (typeof electron.windows)[number];
    board.userMoves({ x: 1950, y: 10, width: 1800, height: 1000 });
    board.userMoves({ x: 1960, y: 20, width: 1800, height: 1000 });
    expect(fs.existsSync(stateFile)).toBe(false);
    vi.advanceTimersByTime(600);
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).toEqual({ board: { x: 1960, y: 20, width: 1800, height: 1000, displayId: 2, maximized: false } });
    board.maximized = true;
    board.userCloses();
    vi.useRealTimers();

    const next = mockElectron({ gotLock: true });
    next.displays.push({ id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } });
    const again = await startElectronMain(next.module, config);
    again!.openWindow('board');
    const restored = next.windows[1]!;
    restored.emit('ready-to-show');
    expect(restored.maximized).toBe(true);
    expect(restored.shown).toBe(1);
  });

  it('opens at its default size on the primary display when the remembered monitor is unplugged', async () => {
    const { config, electron, stateFile } = setup();
    const handle = await startElectronMain(electron.module, config);
    const board = handle!.openWindow('board') as (typeof electron.windows)[number];
    board.userMoves({ x: 2200, y: 100, width: 1600, height: 900 });
    board.userCloses();
    expect(fs.existsSync(stateFile)).toBe(true);

    const laptopOnly = mockElectron({ gotLock: true });
    const again = await startElectronMain(laptopOnly.module, config);
    again!.openWindow('board');
    const options = laptopOnly.windows[1]!.options;
    expect(options.x).toBeUndefined();
    expect(options.y).toBeUndefined();
    expect(options).toMatchObject({ width: 1600, height: 900 });
  });

  it('ignores a damaged window-state file', async () => {
    const { config, electron, stateFile } = setup();
    fs.writeFileSync(stateFile, '{"board": {"x": "left", "y": 0, "width": 10, "height": 1e9}');
    const handle = await startElectronMain(electron.module, config);
    handle!.openWindow('board');
    expect(electron.windows[1]!.options.x).toBeUndefined();
    electron.windows[1]!.userCloses();
    // Too small to be a window someone left there: not restored.
    fs.writeFileSync(stateFile, JSON.stringify({ board: { x: 10, y: 10, width: 5, height: 5, displayId: 1, maximized: false } }));
    handle!.openWindow('board');
    expect(electron.windows.at(-1)!.options.x).toBeUndefined();
  });
});
