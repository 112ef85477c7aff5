// Retry delays for mailboxes and outgoing mail: exponential, capped, with jitter so that many
// mailboxes failing together (a server restart) do not retry in lockstep.
export type BackoffPolicy = Readonly<{ baseMs: number; maxMs: number }>;

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60_000 };

/** The delay before attempt `failures + 1`: base·2^(failures-1), capped, then 50–100% of it. */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
