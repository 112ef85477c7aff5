import { describe, it, expect } from 'vitest';
import { relativeTime } from './relative-time.js';

describe('relativeTime', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('reads recent times in words', () => {
    expect(relativeTime('2026-03-01T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-03-01T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime('2026-03-01T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-02-28T12:00:00Z', now)).toBe('1 day ago');
    expect(relativeTime('2026-02-20T12:00:00Z', now)).toBe('9 days ago');
  });
  it('shows a dash for a missing or broken time', () => {
    expect(relativeTime(null, now)).toBe('—');
    expect(relativeTime('yesterday', now)).toBe('—');
  });
});
