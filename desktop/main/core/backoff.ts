// Reconnect delays: exponential backoff with full jitter (AWS architecture blog), capped, so a
// hub restart is not met by every console reconnecting in the same instant.
export type BackoffOptions = Readonly<{ baseMs: number; maxMs: number; random: () => number }>;

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, random: Math.random };

/** Delay before retry number `attempt` (1-based): uniform in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.floor(options.random() * ceiling);
}
