import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { hostCore } from './core-host.js';
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
    const dirs: string[] = [];
    afterEach(() => {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });
    function tempDir(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
      dirs.push(dir);
      return dir;
    }

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
});
