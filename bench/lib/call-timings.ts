// Reads the console core's call timings (LAMPHOUSE_CALL_TIMINGS: one JSON line per call, wall-clock
// milliseconds) and puts them on a page's clock. Both clocks are the machine's wall clock read at
// sub-millisecond precision, so they should agree; the offset between them is still measured, the
// way NTP does: the page sends pings, and for the ping with the shortest round trip the core's
// midpoint is compared with the page's (the error is at most half that round trip).
import fs from 'node:fs';

export type CoreCallTiming = Readonly<{ method: string; id: number; receivedAt: number; answeredAt: number }>;

/** A ping as the page saw it: sent and answered, on the page's wall clock (timeOrigin + now). */
export type PagePing = Readonly<{ id: number; sentAt: number; answeredAt: number }>;

/** core wall clock = page wall clock + offsetMs, give or take boundMs. */
export type ClockOffset = Readonly<{ offsetMs: number; boundMs: number }>;

export function readCallTimings(file: string): Map<number, CoreCallTiming> {
  const byId = new Map<number, CoreCallTiming>();
  if (!fs.existsSync(file)) return byId;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const timing = JSON.parse(line) as CoreCallTiming;
      if (typeof timing.id === 'number') byId.set(timing.id, timing);
    } catch {
      // A line still being written: read again later.
    }
  }
  return byId;
}

const PAGE_CLOCK_RESOLUTION_MS = 0.1;

export function clockOffset(pings: readonly PagePing[], core: ReadonlyMap<number, CoreCallTiming>): ClockOffset {
  let best: ClockOffset | null = null;
  for (const ping of pings) {
    const seen = core.get(ping.id);
    if (!seen) continue;
    const roundTrip = ping.answeredAt - ping.sentAt - (seen.answeredAt - seen.receivedAt);
    const offsetMs = (seen.receivedAt + seen.answeredAt) / 2 - (ping.sentAt + ping.answeredAt) / 2;
    // Chromium's clock has 0.1 ms resolution: no comparison is better than that.
    const boundMs = Math.max(PAGE_CLOCK_RESOLUTION_MS, roundTrip / 2);
    if (best === null || boundMs < best.boundMs) best = { offsetMs, boundMs };
  }
  if (best === null) throw new Error('no ping reached the core: cannot compare the clocks');
  return best;
}

async function waitFor(file: string, pick: (timings: Map<number, CoreCallTiming>) => CoreCallTiming | undefined, what: string, timeoutMs: number): Promise<CoreCallTiming> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const timing = pick(readCallTimings(file));
    if (timing) return timing;
    if (Date.now() > until) throw new Error(`the core wrote no timing for ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the core has written the timing of call `id` (its file is written asynchronously). */
export function waitForCallTiming(file: string, id: number, timeoutMs = 3000): Promise<CoreCallTiming> {
  return waitFor(file, (timings) => timings.get(id), `call ${id}`, timeoutMs);
}

/** Waits until the core has answered a first call to `method`. */
export function waitForCall(file: string, method: string, timeoutMs = 60_000): Promise<CoreCallTiming> {
  return waitFor(file, (timings) => [...timings.values()].find((t) => t.method === method), `a ${method} call`, timeoutMs);
}
