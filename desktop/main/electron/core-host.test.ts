import { describe, it, expect } from 'vitest';
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
});
