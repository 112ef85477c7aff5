import { describe, it, expect, afterEach } from 'vitest';
import {
  createExportFolderPicker,
  createFilePrinter,
  createImportFilePicker,
  createPreloadBridge,
  installPreload,
  PICK_EXPORT_FOLDER_FAILED,
  PICK_IMPORT_FILE_FAILED,
  PRINT_FILE_FAILED,
} from './preload-bridge.js';
import type { ElectronPreloadModule, IpcRendererEventLike } from './electron-types.js';
import type { CallEnvelope, CoreToWindowMessage } from '../../../shared/ipc.js';

type IpcListener = (event: IpcRendererEventLike, ...args: unknown[]) => void;

function mockPreloadElectron(answer: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: null })): {
  module: ElectronPreloadModule;
  exposed: Array<{ key: string; api: unknown }>;
  ipc: Map<string, IpcListener>;
  invoked: Array<{ channel: string; args: unknown[] }>;
} {
  const exposed: Array<{ key: string; api: unknown }> = [];
  const ipc = new Map<string, IpcListener>();
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  return {
    exposed,
    ipc,
    invoked,
    module: {
      contextBridge: { exposeInMainWorld: (key, api) => exposed.push({ key, api }) },
      ipcRenderer: {
        on: (channel, listener) => ipc.set(channel, listener),
        invoke: (channel, ...args) => {
          invoked.push({ channel, args });
          return answer(channel, args);
        },
      },
    },
  };
}

const openChannels: MessageChannel[] = [];
function channel(): MessageChannel {
  const c = new MessageChannel();
  openChannels.push(c);
  return c;
}

function nextMessage(port: MessagePort): Promise<unknown> {
  return new Promise((resolve) => {
    port.onmessage = (event: MessageEvent) => resolve(event.data);
  });
}

afterEach(() => {
  for (const c of openChannels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('installPreload', () => {
  it('exposes exactly one object, under the lamphouse key, with only send, onMessage and the dialog/print calls', () => {
    const electron = mockPreloadElectron();
    installPreload(electron.module, new EventTarget());
    expect(electron.exposed).toHaveLength(1);
    expect(electron.exposed[0]?.key).toBe('lamphouse');
    expect(Object.keys(electron.exposed[0]?.api as object).sort()).toEqual(['onMessage', 'pickExportFolder', 'pickImportFile', 'printFile', 'send']);
  });

  it('pickExportFolder invokes its channel with no argument, whatever the page passes', async () => {
    const folder = { folderId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b', folderName: 'Reports' };
    const electron = mockPreloadElectron(async () => ({ ok: true, value: folder }));
    const bridge = installPreload(electron.module, new EventTarget());
    await expect((bridge.pickExportFolder as unknown as (p: string) => Promise<unknown>)?.('/etc')).resolves.toEqual(folder);
    expect(electron.invoked).toEqual([{ channel: 'lamphouse:pick-export-folder', args: [] }]);
  });

  it('printFile invokes its channel with just the path string', async () => {
    const electron = mockPreloadElectron(async () => ({ ok: true, value: { printed: true } }));
    const bridge = installPreload(electron.module, new EventTarget());
    await expect(bridge.printFile?.('/data/exports/SR-1.pdf')).resolves.toBe(true);
    expect(electron.invoked).toEqual([{ channel: 'lamphouse:print-file', args: ['/data/exports/SR-1.pdf'] }]);
  });

  it('pickImportFile invokes the pick channel with no argument and resolves to the ref the main process answers', async () => {
    const ref = { fileId: '0b6f1f2e-7c1a-4d0e-9f57-1c2b3d4e5f60', fileName: 'projectors.xlsx', bytes: 5120 };
    const electron = mockPreloadElectron(async () => ({ ok: true, value: { ...ref, path: '/home/ana/projectors.xlsx' } }));
    const bridge = installPreload(electron.module, new EventTarget());
    // The page may pass anything; nothing of it goes to the main process.
    await expect((bridge.pickImportFile as unknown as (p: string) => Promise<unknown>)?.('/etc/passwd')).resolves.toEqual(ref);
    expect(electron.invoked).toEqual([{ channel: 'lamphouse:pick-import-file', args: [] }]);
  });

  it('carries calls to the core over the port that arrives on lamphouse:port', async () => {
    const electron = mockPreloadElectron();
    const bridge = installPreload(electron.module, new EventTarget());
    const { port1: corePort, port2: windowPort } = channel();
    electron.ipc.get('lamphouse:port')?.({ ports: [windowPort] });
    const received = nextMessage(corePort);
    bridge.send({ kind: 'call', id: 1, method: 'sync.status', arg: {} });
    expect(await received).toEqual({ kind: 'call', id: 1, method: 'sync.status', arg: {} });
  });

  it('turns a known menu command into a DOM event and ignores unknown ones', () => {
    const electron = mockPreloadElectron();
    const target = new EventTarget();
    const seen: unknown[] = [];
    target.addEventListener('lamphouse:command', (event) => seen.push((event as CustomEvent).detail));
    installPreload(electron.module, target);
    const onCommand = electron.ipc.get('lamphouse:command');
    onCommand?.({ ports: [] }, 'new-case');
    onCommand?.({ ports: [] }, 'rm -rf');
    expect(seen).toEqual(['new-case']);
  });
});

describe('createPreloadBridge', () => {
  it.each([
    ['a reply envelope', { kind: 'reply', id: 1, ok: true, value: null }],
    ['an event envelope', { kind: 'event', name: 'data.changed', payload: { entities: [] } }],
    ['an unknown method', { kind: 'call', id: 1, method: 'fs.readFile', arg: {} }],
    ['an inherited property as method', { kind: 'call', id: 1, method: 'constructor', arg: {} }],
    ['a negative id', { kind: 'call', id: -1, method: 'sync.status', arg: {} }],
    ['a fractional id', { kind: 'call', id: 1.5, method: 'sync.status', arg: {} }],
    ['a string', 'sync.status'],
    ['null', null],
  ])('refuses %s and sends nothing', async (_label, message) => {
    const { bridge, attachPort } = createPreloadBridge();
    const { port1: corePort, port2: windowPort } = channel();
    const received: unknown[] = [];
    corePort.onmessage = (event: MessageEvent) => received.push(event.data);
    attachPort(windowPort);
    expect(() => bridge.send(message as CallEnvelope)).toThrow(TypeError);
    // A valid call after the refused one proves the port works and that nothing else went through.
    bridge.send({ kind: 'call', id: 2, method: 'sync.status', arg: {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([{ kind: 'call', id: 2, method: 'sync.status', arg: {} }]);
  });

  it('strips extra fields from a call', async () => {
    const { bridge, attachPort } = createPreloadBridge();
    const { port1: corePort, port2: windowPort } = channel();
    attachPort(windowPort);
    const received = nextMessage(corePort);
    bridge.send({ kind: 'call', id: 3, method: 'cases.get', arg: { id: 'a' }, extra: 'x' } as CallEnvelope);
    expect(await received).toEqual({ kind: 'call', id: 3, method: 'cases.get', arg: { id: 'a' } });
  });

  it('holds calls made before the port arrives and sends them in order once it does', async () => {
    const { bridge, attachPort } = createPreloadBridge();
    bridge.send({ kind: 'call', id: 1, method: 'session.get', arg: {} });
    bridge.send({ kind: 'call', id: 2, method: 'sync.status', arg: {} });
    const { port1: corePort, port2: windowPort } = channel();
    const received: unknown[] = [];
    const both = new Promise<void>((resolve) => {
      corePort.onmessage = (event: MessageEvent) => {
        received.push(event.data);
        if (received.length === 2) resolve();
      };
    });
    attachPort(windowPort);
    await both;
    expect(received.map((m) => (m as CallEnvelope).id)).toEqual([1, 2]);
  });

  it('delivers core messages to listeners until they unsubscribe', async () => {
    const { bridge, attachPort } = createPreloadBridge();
    const { port1: corePort, port2: windowPort } = channel();
    attachPort(windowPort);
    const seen: CoreToWindowMessage[] = [];
    const unsubscribe = bridge.onMessage((message) => seen.push(message));
    const event: CoreToWindowMessage = { kind: 'event', name: 'session.changed', payload: null };
    corePort.postMessage(event);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([event]);
    unsubscribe();
    corePort.postMessage({ kind: 'reply', id: 1, ok: true, value: null });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(1);
  });
});

describe('createImportFilePicker', () => {
  const ref = { fileId: '0b6f1f2e-7c1a-4d0e-9f57-1c2b3d4e5f60', fileName: 'sites.xlsx', bytes: 9 };

  it('resolves to null when the person cancels the dialog', async () => {
    await expect(createImportFilePicker(async () => ({ ok: true, value: null }))()).resolves.toBeNull();
  });

  it('resolves to exactly the three fields of the ref', async () => {
    await expect(createImportFilePicker(async () => ({ ok: true, value: ref }))()).resolves.toEqual(ref);
  });

  it("rejects with the main process's message for a bad file", async () => {
    const pick = createImportFilePicker(async () => ({ ok: false, message: 'This file is not an Excel workbook (.xlsx).' }));
    await expect(pick()).rejects.toThrow(new Error('This file is not an Excel workbook (.xlsx).'));
  });

  it.each([
    ['an invoke that fails (no handler in an older main process)', () => Promise.reject(new Error("Error invoking remote method 'x': No handler registered"))],
    ['a broken answer', async () => ({ ok: true, value: { fileId: 1 } })],
    ['an empty message', async () => ({ ok: false, message: ' ' })],
    ['no answer', async () => undefined],
  ])('rejects with a plain message, never the main process wording, on %s', async (_label, invoke) => {
    await expect(createImportFilePicker(invoke)()).rejects.toThrow(new Error(PICK_IMPORT_FILE_FAILED));
  });
});

describe('createExportFolderPicker', () => {
  const folder = { folderId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b', folderName: 'Reports' };
  it('resolves to null on cancel and to exactly the id and name otherwise', async () => {
    await expect(createExportFolderPicker(async () => ({ ok: true, value: null }))()).resolves.toBeNull();
    await expect(createExportFolderPicker(async () => ({ ok: true, value: { ...folder, path: '/home/ana/Reports' } }))()).resolves.toEqual(folder);
  });
  it("rejects with the main process's message, or a plain one for anything broken", async () => {
    await expect(createExportFolderPicker(async () => ({ ok: false, message: 'That folder cannot be written to.' }))()).rejects.toThrow(new Error('That folder cannot be written to.'));
    await expect(createExportFolderPicker(() => Promise.reject(new Error('Error invoking remote method')))()).rejects.toThrow(new Error(PICK_EXPORT_FOLDER_FAILED));
    await expect(createExportFolderPicker(async () => ({ ok: true, value: { folderId: 3 } }))()).rejects.toThrow(new Error(PICK_EXPORT_FOLDER_FAILED));
  });
});

describe('createFilePrinter', () => {
  it('resolves printed true/false and rejects with the main process message', async () => {
    await expect(createFilePrinter(async () => ({ ok: true, value: { printed: true } }))('a.pdf')).resolves.toBe(true);
    await expect(createFilePrinter(async () => ({ ok: true, value: { printed: false } }))('a.pdf')).resolves.toBe(false);
    await expect(createFilePrinter(async () => ({ ok: false, message: 'Only PDFs Lamphouse exported can be printed from here.' }))('a.pdf')).rejects.toThrow(
      new Error('Only PDFs Lamphouse exported can be printed from here.'),
    );
  });
  it('sends nothing but a non-empty string, and hides broken answers', async () => {
    const calls: unknown[] = [];
    const print = createFilePrinter(async (_channel, filePath) => (calls.push(filePath), { ok: true, value: { printed: 'yes' } }));
    await expect((print as unknown as (p: unknown) => Promise<boolean>)({ path: '/etc/passwd' })).rejects.toThrow(TypeError);
    await expect(print('')).rejects.toThrow(TypeError);
    expect(calls).toEqual([]);
    await expect(print('a.pdf')).rejects.toThrow(new Error(PRINT_FILE_FAILED));
  });
});
