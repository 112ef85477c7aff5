import { describe, it, expect } from 'vitest';
import { createCoreBridge, type BridgeLogger, type CallTiming, type WindowPort } from './core-bridge.js';
import { createInTestCore, IN_TEST_SYNC_STATUS } from './testing/in-test-core.js';
import type { CoreToWindowMessage } from '../../../shared/ipc.js';

type MemoryPort = WindowPort & { sent: CoreToWindowMessage[]; deliver(message: unknown): void; close(): void };

function memoryPort(): MemoryPort {
  let onMessage: ((message: unknown) => void) | null = null;
  let onClose: (() => void) | null = null;
  const sent: CoreToWindowMessage[] = [];
  return {
    sent,
    postMessage: (message) => sent.push(message),
    onMessage: (listener) => (onMessage = listener),
    onClose: (listener) => (onClose = listener),
    deliver: (message) => onMessage?.(message),
    close: () => onClose?.(),
  };
}

const silent: BridgeLogger = { warn: () => undefined, error: () => undefined };

/** Lets every queued call take its turn (each gets a setImmediate of its own) and reply. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('createCoreBridge', () => {
  it('replies to a quick call before starting a slow one that arrived in the same delivery', async () => {
    const core = createInTestCore();
    const order: string[] = [];
    const bridge = createCoreBridge(
      {
        ...core,
        handle: async (id: number, method: string) => {
          if (method === 'board.get') {
            order.push('slow started');
            const until = Date.now() + 30;
            while (Date.now() < until) {
              // a synchronous read, like board.get over 2,000 cases
            }
          }
          await Promise.resolve();
          return { kind: 'reply' as const, id, ok: true as const, value: method };
        },
      },
      silent,
    );
    const port = memoryPort();
    bridge.connect({
      ...port,
      postMessage: (message: CoreToWindowMessage) => {
        if (message.kind === 'reply') order.push(`reply ${String(message.id)}`);
        port.postMessage(message);
      },
    });
    // Two frames in one chunk reach the bridge in one tick.
    port.deliver({ kind: 'call', id: 1, method: 'cases.update', arg: {} });
    port.deliver({ kind: 'call', id: 2, method: 'board.get', arg: {} });
    await settle();
    await settle();
    expect(order).toEqual(['reply 1', 'slow started', 'reply 2']);
  });

  it('answers a call with the reply from core.handle', async () => {
    const core = createInTestCore();
    const bridge = createCoreBridge(core, silent);
    const port = memoryPort();
    bridge.connect(port);
    port.deliver({ kind: 'call', id: 7, method: 'sync.status', arg: {} });
    await settle();
    expect(core.calls).toEqual([{ id: 7, method: 'sync.status', arg: {} }]);
    expect(port.sent).toEqual([{ kind: 'reply', id: 7, ok: true, value: IN_TEST_SYNC_STATUS }]);
  });

  it('tells a timing sink when each call arrived and when its reply left, on the wall clock', async () => {
    const core = createInTestCore();
    const timings: CallTiming[] = [];
    const bridge = createCoreBridge(
      {
        ...core,
        handle: async (id: number, method: string) => {
          await new Promise((resolve) => setTimeout(resolve, 15));
          return { kind: 'reply' as const, id, ok: true as const, value: method };
        },
      },
      silent,
      (timing) => timings.push(timing),
    );
    const port = memoryPort();
    bridge.connect(port);
    const before = performance.timeOrigin + performance.now();
    port.deliver({ kind: 'call', id: 3, method: 'sync.status', arg: {} });
    port.deliver({ kind: 'nonsense' });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(port.sent).toHaveLength(1);
    expect(timings).toEqual([{ method: 'sync.status', id: 3, receivedAt: expect.any(Number), answeredAt: expect.any(Number) }]);
    const [timing] = timings;
    expect(timing!.receivedAt).toBeGreaterThanOrEqual(before);
    expect(timing!.answeredAt - timing!.receivedAt).toBeGreaterThanOrEqual(14);
    // Wall-clock milliseconds, like Date.now() (not the process's own performance.now()).
    expect(Math.abs(timing!.answeredAt - Date.now())).toBeLessThan(1000);
  });

  it('replies BAD_REQUEST to an invalid envelope that has an id, and drops one without', async () => {
    const core = createInTestCore();
    const bridge = createCoreBridge(core, silent);
    const port = memoryPort();
    bridge.connect(port);
    port.deliver({ kind: 'reply', id: 3, method: 'sync.status', arg: {} });
    port.deliver({ kind: 'call', method: 'sync.status' });
    port.deliver('not json at all');
    port.deliver(null);
    await settle();
    expect(core.calls).toEqual([]);
    expect(port.sent).toHaveLength(1);
    expect(port.sent[0]).toMatchObject({ kind: 'reply', id: 3, ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('turns a throwing core.handle into an INTERNAL reply without leaking the message', async () => {
    const core = createInTestCore();
    const bridge = createCoreBridge({ ...core, handle: () => Promise.reject(new Error('db path /secret')) }, silent);
    const port = memoryPort();
    bridge.connect(port);
    port.deliver({ kind: 'call', id: 1, method: 'sync.status', arg: {} });
    await settle();
    expect(port.sent).toHaveLength(1);
    const reply = port.sent[0];
    expect(reply).toMatchObject({ kind: 'reply', id: 1, ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('/secret');
  });

  it('fans every core event out to all connected ports and stops after close', async () => {
    const core = createInTestCore();
    const bridge = createCoreBridge(core, silent);
    const a = memoryPort();
    const b = memoryPort();
    bridge.connect(a);
    bridge.connect(b);
    const event = { kind: 'event', name: 'data.changed', payload: { entities: ['cases'] } } as const;
    core.emit(event);
    expect(a.sent).toEqual([event]);
    expect(b.sent).toEqual([event]);

    a.close();
    expect(bridge.connectionCount()).toBe(1);
    core.emit(event);
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(2);

    bridge.close();
    expect(core.listenerCount()).toBe(0);
    expect(bridge.connectionCount()).toBe(0);
    expect(core.isClosed()).toBe(false);
  });

  it('does not post a reply to a port that closed while the call was running', async () => {
    const core = createInTestCore();
    let release: () => void = () => undefined;
    const slowCore = {
      ...core,
      handle: async (id: number) => {
        await new Promise<void>((resolve) => (release = resolve));
        return { kind: 'reply', id, ok: true, value: null } as const;
      },
    };
    const bridge = createCoreBridge(slowCore, silent);
    const port = memoryPort();
    bridge.connect(port);
    port.deliver({ kind: 'call', id: 9, method: 'cases.get', arg: { id: 'x' } });
    await settle();
    port.close();
    release();
    await settle();
    expect(port.sent).toEqual([]);
  });

  it('keeps delivering to the other windows when one port throws on postMessage', () => {
    const core = createInTestCore();
    const bridge = createCoreBridge(core, silent);
    const broken: WindowPort = {
      ...memoryPort(),
      postMessage: () => {
        throw new Error('port is gone');
      },
    };
    const ok = memoryPort();
    bridge.connect(broken);
    bridge.connect(ok);
    core.emit({ kind: 'event', name: 'session.changed', payload: null });
    expect(ok.sent).toHaveLength(1);
  });
});
