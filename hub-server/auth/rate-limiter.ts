// Counts failed sign-ins per key (an IP, an account) in a sliding one-minute window, in memory.
// One hub process holds the counts; a scaled-out hub would move them to the shared database.
import type { Clock } from '../clock.js';

export type RateLimiterOptions = Readonly<{ limit: number; windowMs: number; clock: Clock; maxKeys?: number }>;

export type RateLimiter = Readonly<{
  /** Seconds until another attempt is allowed, or 0 when the key is not blocked. */
  retryAfterSeconds(key: string): number;
  recordFailure(key: string): void;
  reset(key: string): void;
}>;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, windowMs, clock } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const now = clock();
    const list = (failures.get(key) ?? []).filter((at) => now - at < windowMs);
    if (list.length) failures.set(key, list);
    else failures.delete(key);
    return list;
  };

  // Keeps memory bounded under a spray of addresses: expired entries go first, then the oldest keys.
  const sweep = () => {
    for (const key of [...failures.keys()]) recent(key);
    const excess = failures.size - maxKeys;
    if (excess > 0) [...failures.keys()].slice(0, excess).forEach((key) => failures.delete(key));
  };

  return {
    retryAfterSeconds(key) {
      const list = recent(key);
      if (list.length < limit) return 0;
      const oldestThatCounts = list[list.length - limit] ?? clock();
      return Math.max(1, Math.ceil((oldestThatCounts + windowMs - clock()) / 1000));
    },
    recordFailure(key) {
      const list = recent(key);
      list.push(clock());
      failures.set(key, list);
      if (failures.size > maxKeys) sweep();
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
