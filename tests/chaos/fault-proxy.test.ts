// The fault proxy on real loopback sockets: bytes pass unchanged and in order (also with latency),
// a stall holds them, a cut resets open links, and a partition refuses new ones until healed.
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { createPrng } from '../../hub-server/seed/prng.js';
import { createFaultProxy, type FaultProxy } from './fault-proxy.js';

type Echo = { port: number; close: () => Promise<void> };

function echoServer(): Promise<Echo> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.pipe(s);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

function connect(port: number): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

async function until(probe: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('fault proxy', () => {
  let echo: Echo | null = null;
  let proxy: FaultProxy | null = null;

  afterEach(async () => {
    await proxy?.close();
    await echo?.close();
    proxy = null;
    echo = null;
  });

  async function setUp() {
    echo = await echoServer();
    proxy = await createFaultProxy({ targetPort: echo.port, random: createPrng(7).next });
    return proxy;
  }

  it('passes bytes through unchanged and in order, also under random latency', async () => {
    const p = await setUp();
    p.setLatency(30);
    const client = await connect(p.port);
    const expected = Array.from({ length: 50 }, (_, i) => `<${i}>`).join('');
    for (let i = 0; i < 50; i++) client.socket.write(`<${i}>`);
    await until(() => client.received().length === expected.length);
    expect(client.received()).toBe(expected);
    client.socket.destroy();
  });

  it('holds bytes during a stall and delivers them after', async () => {
    const p = await setUp();
    const client = await connect(p.port);
    p.stall(true);
    client.socket.write('held');
    await new Promise((r) => setTimeout(r, 150));
    expect(client.received()).toBe('');
    p.stall(false);
    await until(() => client.received() === 'held');
    client.socket.destroy();
  });

  it('cuts open connections and refuses new ones during a partition, until healed', async () => {
    const p = await setUp();
    const client = await connect(p.port);
    client.socket.write('x');
    await until(() => client.received() === 'x');
    p.partition();
    await client.closed;
    // A refused link is reset at once: the connect fails, or the socket closes before any data.
    const refused = await connect(p.port).then(
      (c) => c.closed.then(() => c.received()),
      () => 'reset',
    );
    expect(['reset', '']).toContain(refused);
    await until(() => p.stats().refused === 1);
    p.heal();
    const again = await connect(p.port);
    again.socket.write('back');
    await until(() => again.received() === 'back');
    expect(p.stats().cuts).toBe(1);
    again.socket.destroy();
  });
});
