import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { hostCore } from './core-host.js';
import { createExportFolders } from '../core/service-export-folder.js';
import { createConsoleCore } from '../core/console-core.js';
import { silentLogger } from '../core/logger.js';
import { MockPort } from './testing/mock-electron.js';
import { createInTestCore, IN_TEST_SYNC_STATUS } from '../shell/testing/in-test-core.js';
import type { MessagePortMainLike, ParentPortLike } from './electron-types.js';
import type { BridgeLogger } from '../shell/core-bridge.js';

const silent: BridgeLogger = { warn: () => undefined, error: () => undefined };

type ParentListener = (event: { data: unknown; ports: MessagePortMainLike[] }) => void;

function mockParentPort(): ParentPortLike & { posted: unknown[]; send(data: unknown, ports?: MessagePortMainLike[]): void } {
  let listener: ParentListener | null = null;
  const posted: unknown[] = [];
  return {
    posted,
    on: (_event: 'message', l: ParentListener) => (listener = l),
    postMessage: (message) => posted.push(message),
    send: (data, ports = []) => listener?.({ data, ports }),
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Temp folders of the file and folder tests, removed after each test. */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
  dirs.push(dir);
  return dir;
}

describe('hostCore', () => {
  it('wires a window port to the core, even one that arrives before the core is ready', async () => {
    const parent = mockParentPort();
    const core = createInTestCore();
    let resolveCore: (value: typeof core) => void = () => undefined;
    const exits: number[] = [];
    void hostCore({ parentPort: parent, core: new Promise((resolve) => (resolveCore = resolve)), exit: (code) => exits.push(code), logger: silent });

    const port = new MockPort();
    parent.send({ type: 'window-port', windowId: 'console-1' }, [port]);
    await settle();
    expect(port.started).toBe(false);

    resolveCore(core);
    await settle();
    expect(parent.posted).toEqual([{ type: 'core-ready' }]);
    expect(port.started).toBe(true);

    port.emit('message', { data: { kind: 'call', id: 1, method: 'sync.status', arg: {} }, ports: [] });
    await settle();
    expect(port.posted).toEqual([{ kind: 'reply', id: 1, ok: true, value: IN_TEST_SYNC_STATUS }]);

    core.emit({ kind: 'event', name: 'session.changed', payload: null });
    expect(port.posted.at(-1)).toEqual({ kind: 'event', name: 'session.changed', payload: null });
    expect(exits).toEqual([]);
  });

  it('replaces a reloaded window port and closes it when the window closes', async () => {
    const parent = mockParentPort();
    const core = createInTestCore();
    void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: () => undefined, logger: silent });
    const first = new MockPort();
    const second = new MockPort();
    parent.send({ type: 'window-port', windowId: 'console-1' }, [first]);
    parent.send({ type: 'window-port', windowId: 'console-1' }, [second]);
    await settle();
    expect(first.closed).toBe(true);
    core.emit({ kind: 'event', name: 'session.changed', payload: null });
    expect(first.posted).toEqual([]);
    expect(second.posted).toHaveLength(1);

    parent.send({ type: 'window-closed', windowId: 'console-1' });
    await settle();
    expect(second.closed).toBe(true);
    core.emit({ kind: 'event', name: 'session.changed', payload: null });
    expect(second.posted).toHaveLength(1);
  });

  it('ignores unknown messages from the main process', async () => {
    const parent = mockParentPort();
    const core = createInTestCore();
    const exits: number[] = [];
    void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: (code) => exits.push(code), logger: silent });
    parent.send({ type: 'format-disk' });
    parent.send('shutdown');
    await settle();
    expect(core.isClosed()).toBe(false);
    expect(exits).toEqual([]);
  });

  it('closes the core and exits 0 on shutdown', async () => {
    const parent = mockParentPort();
    const core = createInTestCore();
    const exits: number[] = [];
    const stopped = hostCore({ parentPort: parent, core: Promise.resolve(core), exit: (code) => exits.push(code), logger: silent });
    const port = new MockPort();
    parent.send({ type: 'window-port', windowId: 'console-1' }, [port]);
    parent.send({ type: 'shutdown' });
    await stopped;
    expect(core.isClosed()).toBe(true);
    expect(core.listenerCount()).toBe(0);
    expect(port.closed).toBe(true);
    expect(exits).toEqual([0]);
  });

  it('reports a core that fails to start and exits 1', async () => {
    const parent = mockParentPort();
    const exits: number[] = [];
    void hostCore({ parentPort: parent, core: Promise.reject(new Error('cache is locked')), exit: (code) => exits.push(code), logger: silent });
    await settle();
    expect(parent.posted).toEqual([{ type: 'core-failed', message: 'cache is locked' }]);
    expect(exits).toEqual([1]);
  });
  describe('register-import-file', () => {

    it("has the core check and copy the chosen file, and answers the file's ref", async () => {
      const dataDir = tempDir();
      const chosen = path.join(tempDir(), 'Projectors 2024.xlsx');
      fs.writeFileSync(chosen, 'PK workbook bytes');
      const checked: string[] = [];
      const core = createInTestCore({ dataDir, checkWorkbook: async (file) => void checked.push(file) });
      const parent = mockParentPort();
      void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: () => undefined, logger: silent });
      parent.send({ type: 'register-import-file', requestId: 7, path: chosen });
      await settle();
      const reply = parent.posted.find((m) => (m as { type?: string }).type === 'import-file-registered') as { value?: { fileId: string } } | undefined;
      expect(reply).toEqual({ type: 'import-file-registered', requestId: 7, ok: true, value: { fileId: expect.any(String), fileName: 'Projectors 2024.xlsx', bytes: 17 } });
      expect(checked).toHaveLength(1);
      // The core keeps its own copy: the chosen file may change or go away afterwards.
      const copy = path.join(dataDir, 'imports', 'files', `${reply?.value?.fileId}.xlsx`);
      expect(fs.readFileSync(copy, 'utf8')).toBe('PK workbook bytes');
      expect(fs.existsSync(chosen)).toBe(true);
    });

    it("answers ok:false with the check's message for a file that is no workbook, keeping nothing", async () => {
      const dataDir = tempDir();
      const chosen = path.join(tempDir(), 'notes.xlsx');
      fs.writeFileSync(chosen, 'plain text');
      const core = createInTestCore({
        dataDir,
        checkWorkbook: async () => {
          throw new AppError('VALIDATION', 'This file is not an Excel workbook (.xlsx).');
        },
      });
      const parent = mockParentPort();
      void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: () => undefined, logger: silent });
      parent.send({ type: 'register-import-file', requestId: 3, path: chosen });
      await settle();
      expect(parent.posted).toContainEqual({ type: 'import-file-registered', requestId: 3, ok: false, message: 'This file is not an Excel workbook (.xlsx).' });
      expect(fs.readdirSync(path.join(dataDir, 'imports', 'files'))).toEqual([]);
    });

    it('says a file that cannot be read could not be read, and hides unexpected errors', async () => {
      const dataDir = tempDir();
      const core = createInTestCore({ dataDir });
      const errors: string[] = [];
      const parent = mockParentPort();
      const broken = {
        ...core,
        importFiles: { ...core.importFiles, register: () => Promise.reject(new Error('secret internal detail at /srv/x')) },
      };
      void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: () => undefined, logger: silent });
      parent.send({ type: 'register-import-file', requestId: 1, path: path.join(dataDir, 'gone.xlsx') });
      await settle();
      expect(parent.posted).toContainEqual({ type: 'import-file-registered', requestId: 1, ok: false, message: expect.stringContaining('could not be read') });

      const parent2 = mockParentPort();
      void hostCore({ parentPort: parent2, core: Promise.resolve(broken), exit: () => undefined, logger: { warn: () => undefined, error: (m) => errors.push(m) } });
      parent2.send({ type: 'register-import-file', requestId: 2, path: '/somewhere.xlsx' });
      await settle();
      const reply = parent2.posted.find((m) => (m as { type?: string }).type === 'import-file-registered') as { ok: boolean; message: string };
      expect(reply).toMatchObject({ requestId: 2, ok: false });
      expect(reply.message).not.toContain('secret');
      expect(errors).toEqual(['registering a workbook for import failed']);
    });

    it('does not hold up a window port while a large file is being copied', async () => {
      const core = createInTestCore();
      let finish: () => void = () => undefined;
      const slow = {
        ...core,
        importFiles: {
          ...core.importFiles,
          register: () => new Promise<never>((_resolve, reject) => (finish = () => reject(new AppError('VALIDATION', 'late')))),
        },
      };
      const parent = mockParentPort();
      void hostCore({ parentPort: parent, core: Promise.resolve(slow), exit: () => undefined, logger: silent });
      const port = new MockPort();
      parent.send({ type: 'register-import-file', requestId: 1, path: '/big.xlsx' });
      parent.send({ type: 'window-port', windowId: 'console-1' }, [port]);
      await settle();
      expect(port.started).toBe(true);
      finish();
      await settle();
      expect(parent.posted).toContainEqual({ type: 'import-file-registered', requestId: 1, ok: false, message: 'late' });
    });

    it('ignores a register message without a path or request id', async () => {
      const core = createInTestCore();
      let calls = 0;
      const counting = { ...core, importFiles: { ...core.importFiles, register: () => (calls++, Promise.reject(new Error('no'))) } };
      const parent = mockParentPort();
      void hostCore({ parentPort: parent, core: Promise.resolve(counting), exit: () => undefined, logger: silent });
      parent.send({ type: 'register-import-file', requestId: 1 });
      parent.send({ type: 'register-import-file', requestId: -1, path: '/a.xlsx' });
      parent.send({ type: 'register-import-file', path: '/a.xlsx' });
      await settle();
      expect(calls).toBe(0);
      expect(parent.posted).toEqual([{ type: 'core-ready' }]);
    });
  });
  describe('register-export-folder', () => {

    it("registers the chosen folder with the core's export folders and answers only its id and name", async () => {
      const chosen = path.join(tempDir(), 'Reports March');
      fs.mkdirSync(chosen);
      const folders = createExportFolders();
      const core = { ...createInTestCore(), exportFolders: folders };
      const parent = mockParentPort();
      void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: () => undefined, logger: silent });
      parent.send({ type: 'register-export-folder', requestId: 4, path: chosen });
      await settle();
      const reply = parent.posted.find((m) => (m as { type?: string }).type === 'export-folder-registered') as { value?: { folderId: string } } | undefined;
      expect(reply).toEqual({ type: 'export-folder-registered', requestId: 4, ok: true, value: { folderId: expect.any(String), folderName: 'Reports March' } });
      // The id is what reports.exportPdfsToFolder resolves; no path goes back to the main process.
      expect(folders.resolve(reply?.value?.folderId ?? '')).toBe(fs.realpathSync(chosen));
      expect(JSON.stringify(reply)).not.toContain(chosen);
    });

    it("answers the core's message for an unusable folder (a file, missing, relative)", async () => {
      const dir = tempDir();
      const file = path.join(dir, 'notes.txt');
      fs.writeFileSync(file, 'x');
      const core = { ...createInTestCore(), exportFolders: createExportFolders() };
      const parent = mockParentPort();
      void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: () => undefined, logger: silent });
      parent.send({ type: 'register-export-folder', requestId: 1, path: file });
      parent.send({ type: 'register-export-folder', requestId: 2, path: path.join(dir, 'gone') });
      parent.send({ type: 'register-export-folder', requestId: 3, path: 'relative/folder' });
      await settle();
      expect(parent.posted).toContainEqual({ type: 'export-folder-registered', requestId: 1, ok: false, message: 'That is a file, not a folder. Choose a folder.' });
      expect(parent.posted).toContainEqual({ type: 'export-folder-registered', requestId: 2, ok: false, message: expect.stringContaining('cannot be written to') });
      expect(parent.posted).toContainEqual({ type: 'export-folder-registered', requestId: 3, ok: false, message: 'Choose a folder on this computer.' });
    });

    it('says so when the core has no folder export, and hides unexpected errors', async () => {
      const parent = mockParentPort();
      void hostCore({ parentPort: parent, core: Promise.resolve(createInTestCore()), exit: () => undefined, logger: silent });
      parent.send({ type: 'register-export-folder', requestId: 1, path: '/tmp' });
      await settle();
      expect(parent.posted).toContainEqual({ type: 'export-folder-registered', requestId: 1, ok: false, message: expect.stringContaining('cannot export to a folder') });

      const errors: string[] = [];
      const broken = {
        ...createInTestCore(),
        exportFolders: {
          register: () => {
            throw new Error('secret detail /srv/x');
          },
        },
      };
      const parent2 = mockParentPort();
      void hostCore({ parentPort: parent2, core: Promise.resolve(broken), exit: () => undefined, logger: { warn: () => undefined, error: (m) => errors.push(m) } });
      parent2.send({ type: 'register-export-folder', requestId: 2, path: '/tmp' });
      await settle();
      const reply = parent2.posted.find((m) => (m as { type?: string }).type === 'export-folder-registered') as { ok: boolean; message: string };
      expect(reply).toMatchObject({ requestId: 2, ok: false });
      expect(reply.message).not.toContain('secret');
      expect(errors).toEqual(['registering a folder for PDF export failed']);
    });

    it('with the real console core: the registered id is what reports.exportPdfsToFolder takes, and no window method registers a path', async () => {
      const dataDir = tempDir();
      const chosen = tempDir();
      // Nothing listens on port 9: the core starts signed out and offline, which is all this needs.
      const core = await createConsoleCore({ dataDir, hubUrl: 'http://127.0.0.1:9' }, { logger: silentLogger });
      try {
        const parent = mockParentPort();
        void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: () => undefined, logger: silent });
        parent.send({ type: 'register-export-folder', requestId: 1, path: chosen });
        await settle();
        const reply = parent.posted.find((m) => (m as { type?: string }).type === 'export-folder-registered') as { ok: boolean; value: { folderId: string } };
        expect(reply).toMatchObject({ ok: true, value: { folderId: expect.any(String), folderName: path.basename(chosen) } });

        const operationId = '0b6f1f2e-7c1a-4d0e-9f57-1c2b3d4e5f60';
        const unknown = await core.handle(1, 'reports.exportPdfsToFolder', { operationId, folderId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b' });
        expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'That folder is no longer chosen. Choose the folder again.' } });
        // The registered folder is found; the call then stops only because nobody is signed in.
        const known = await core.handle(2, 'reports.exportPdfsToFolder', { operationId, folderId: reply.value.folderId });
        expect(known).toMatchObject({ ok: false });
        expect((known as { error: { message: string } }).error.message).not.toBe('That folder is no longer chosen. Choose the folder again.');
        // A window can only name ConsoleApi methods, and none of them takes a folder path.
        for (const method of ['exportFolders.register', 'exportFolders', 'reports.registerFolder']) {
          await expect(core.handle(3, method, { path: chosen })).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        }
      } finally {
        await core.close();
      }
    });

    it('ignores a malformed register-export-folder message', async () => {
      let calls = 0;
      const core = { ...createInTestCore(), exportFolders: { register: () => (calls++, { folderId: 'x', folderName: 'x' }) } };
      const parent = mockParentPort();
      void hostCore({ parentPort: parent, core: Promise.resolve(core), exit: () => undefined, logger: silent });
      parent.send({ type: 'register-export-folder', requestId: 1 });
      parent.send({ type: 'register-export-folder', requestId: 1, path: '' });
      parent.send({ type: 'register-export-folder', path: '/a' });
      await settle();
      expect(calls).toBe(0);
      expect(parent.posted).toEqual([{ type: 'core-ready' }]);
    });
  });
});
