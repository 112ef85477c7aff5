import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

describe('rate limiter', () => {
  it('blocks a key after the limit within the window and frees it as failures age out', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, clock: () => now });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfterSeconds('ip:a')).toBe(0);
      limiter.recordFailure('ip:a');
      now += 10_000;
    }
    // Failures at t0, t0+10s, t0+20s; now is t0+30s: the oldest ages out at t0+60s.
    expect(limiter.retryAfterSeconds('ip:a')).toBe(30);
    expect(limiter.retryAfterSeconds('ip:b')).toBe(0);
    now += 30_000;
    expect(limiter.retryAfterSeconds('ip:a')).toBe(0);
  });

  it('reset clears a key', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, clock: () => 0 });
    limiter.recordFailure('k');
    expect(limiter.retryAfterSeconds('k')).toBeGreaterThan(0);
    limiter.reset('k');
    expect(limiter.retryAfterSeconds('k')).toBe(0);
  });

  it('keeps memory bounded by forgetting the oldest keys first', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, clock: () => now, maxKeys: 10 });
    for (let i = 0; i < 50; i += 1) {
      limiter.recordFailure(`k${i}`);
      now += 1;
    }
    expect(limiter.retryAfterSeconds('k49')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('k40')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('k0')).toBe(0);
  });
});
