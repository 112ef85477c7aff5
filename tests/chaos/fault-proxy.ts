// A fault-injecting TCP proxy on loopback between one console core and the hub: pass-through,
// random bounded latency, stalls, cutting every connection, and refusing new ones (a partition).
//
// It works on bytes, so it never duplicates data: a duplicated TCP chunk would corrupt WebSocket
// framing rather than model a real network. Duplicates are produced at the protocol level instead:
// a core re-sends its whole outbox after every reconnect and after a restart, so cuts and kills
// make the hub see the same mutation ids again, and the hub must answer those idempotently.
import net from 'node:net';

export type FaultProxyOptions = Readonly<{
  /** Where the hub listens. */
  targetPort: number;
  targetHost?: string;
  /** Port to listen on (0 picks a free one; fixed so a core's hub URL stays the same). */
  listenPort?: number;
  /** Uniform random in [0, 1); the harness passes its seeded PRNG. */
  random: () => number;
}>;

export type FaultProxyStats = { connections: number; refused: number; cuts: number; bytesUp: number; bytesDown: number };

export type FaultProxy = Readonly<{
  port: number;
  url: string;
  /** Adds a random delay in [0, maxMs] per chunk; order within a direction is kept. 0 turns it off. */
  setLatency(maxMs: number): void;
  /** Holds every chunk (both directions) until `stall(false)`, like a link that stops moving. */
  stall(on: boolean): void;
  /** Destroys every open connection at once (both sides see a reset). */
  cut(): void;
  /** Refuses new connections (and cuts the open ones) until `heal()` or `refuse(false)`. */
  partition(): void;
  refuse(on: boolean): void;
  /** Back to a clean pass-through: no latency, no stall, accepting connections. */
  heal(): void;
  /** Open connection pairs now. */
  open(): number;
  stats(): Readonly<FaultProxyStats>;
  close(): Promise<void>;
}>;

type Direction = {
  target: net.Socket;
  queue: Buffer[];
  /** Wall-clock time before which the head of the queue may not be delivered. */
  notBefore: number[];
  timer: NodeJS.Timeout | null;
};

type Pair = { client: net.Socket; upstream: net.Socket; up: Direction; down: Direction; closed: boolean };

export function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const host = options.targetHost ?? '127.0.0.1';
  const pairs = new Set<Pair>();
  const stats: FaultProxyStats = { connections: 0, refused: 0, cuts: 0, bytesUp: 0, bytesDown: 0 };
  let latencyMs = 0;
  let stalled = false;
  let refusing = false;

  function destroyPair(pair: Pair): void {
    if (pair.closed) return;
    pair.closed = true;
    for (const d of [pair.up, pair.down]) {
      if (d.timer) clearTimeout(d.timer);
      d.timer = null;
      d.queue.length = 0;
      d.notBefore.length = 0;
    }
    pair.client.destroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  }

  function pump(pair: Pair, d: Direction): void {
    if (pair.closed || stalled || d.timer) return;
    while (d.queue.length) {
      const wait = d.notBefore[0]! - Date.now();
      if (wait > 0) {
        d.timer = setTimeout(() => {
          d.timer = null;
          pump(pair, d);
        }, wait);
        return;
      }
      d.notBefore.shift();
      d.target.write(d.queue.shift()!);
    }
  }

  function enqueue(pair: Pair, d: Direction, chunk: Buffer): void {
    if (pair.closed) return;
    const delay = latencyMs > 0 ? Math.floor(options.random() * (latencyMs + 1)) : 0;
    // Delivery times never go backwards, so latency reorders nothing inside one direction.
    const previous = d.notBefore.length ? d.notBefore[d.notBefore.length - 1]! : 0;
    d.queue.push(chunk);
    d.notBefore.push(Math.max(previous, Date.now() + delay));
    pump(pair, d);
  }

  const server = net.createServer((client) => {
    if (refusing) {
      stats.refused += 1;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    stats.connections += 1;
    const upstream = net.connect({ host, port: options.targetPort });
    const pair: Pair = {
      client,
      upstream,
      up: { target: upstream, queue: [], notBefore: [], timer: null },
      down: { target: client, queue: [], notBefore: [], timer: null },
      closed: false,
    };
    pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => {
      stats.bytesUp += chunk.length;
      enqueue(pair, pair.up, chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      stats.bytesDown += chunk.length;
      enqueue(pair, pair.down, chunk);
    });
    // Any end, error or close on either side ends both: half-open links are not what we test here.
    for (const socket of [client, upstream]) {
      socket.on('error', () => destroyPair(pair));
      socket.on('close', () => destroyPair(pair));
      socket.on('end', () => destroyPair(pair));
    }
  });

  function cutAll(): void {
    if (pairs.size) stats.cuts += 1;
    for (const pair of [...pairs]) {
      pair.client.resetAndDestroy();
      pair.upstream.resetAndDestroy();
      destroyPair(pair);
    }
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        setLatency(maxMs) {
          latencyMs = Math.max(0, Math.floor(maxMs));
        },
        stall(on) {
          stalled = on;
          if (!on) for (const pair of pairs) for (const d of [pair.up, pair.down]) pump(pair, d);
        },
        cut: cutAll,
        partition() {
          refusing = true;
          cutAll();
        },
        refuse(on) {
          refusing = on;
        },
        heal() {
          latencyMs = 0;
          refusing = false;
          stalled = false;
          for (const pair of pairs) for (const d of [pair.up, pair.down]) pump(pair, d);
        },
        open: () => pairs.size,
        stats: () => ({ ...stats }),
        close: () =>
          new Promise<void>((done) => {
            refusing = true;
            for (const pair of [...pairs]) destroyPair(pair);
            server.close(() => done());
          }),
      });
    });
  });
}
