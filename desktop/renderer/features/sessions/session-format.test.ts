import { describe, it, expect } from 'vitest';
import type { SessionView, SignInEvent } from '../../../../shared/admin.js';
import { nextSignInCursor, outcomeBadge, sessionStatus, signInWho, sortSessions } from './session-format.js';

const session = (over: Partial<SessionView>): SessionView => ({
  id: 's',
  userId: 'u',
  userName: 'Dana',
  userEmail: 'dana@example.com',
  clientName: 'Desk 1',
  ip: '10.0.0.1',
  createdAt: '2026-03-01T08:00:00Z',
  lastSeenAt: '2026-03-01T09:00:00Z',
  revokedAt: null,
  current: false,
  ...over,
});

const event = (id: string, at: string, over: Partial<SignInEvent> = {}): SignInEvent => ({
  id,
  at,
  email: 'dana@example.com',
  userId: 'u',
  userName: 'Dana',
  outcome: 'success',
  ip: null,
  clientName: null,
  ...over,
});

describe('sessions', () => {
  it('marks the current, active and ended sessions', () => {
    expect(sessionStatus(session({ current: true })).label).toBe('This console');
    expect(sessionStatus(session({})).label).toBe('Active');
    expect(sessionStatus(session({ revokedAt: '2026-03-01T10:00:00Z', current: true })).label).toBe('Ended');
  });
  it('puts this console first, ended sessions last, the rest by last activity', () => {
    const sorted = sortSessions([
      session({ id: 'old', lastSeenAt: '2026-03-01T07:00:00Z' }),
      session({ id: 'ended', revokedAt: '2026-03-01T10:00:00Z', lastSeenAt: '2026-03-01T11:00:00Z' }),
      session({ id: 'me', current: true, lastSeenAt: '2026-03-01T06:00:00Z' }),
      session({ id: 'new', lastSeenAt: '2026-03-01T09:30:00Z' }),
    ]);
    expect(sorted.map((s) => s.id)).toEqual(['me', 'new', 'old', 'ended']);
  });
});

describe('sign-ins', () => {
  it('colours outcomes: success green, failure orange, locked red, deactivated grey', () => {
    expect(outcomeBadge('success').color).toBe('green');
    expect(outcomeBadge('failure').color).toBe('orange');
    expect(outcomeBadge('locked').color).toBe('red');
    expect(outcomeBadge('deactivated').color).toBe('gray');
  });
  it('pages from the last event of a full page, and stops after a short one', () => {
    const page = [event('b', '2026-03-01T10:00:00Z'), event('a', '2026-03-01T09:00:00Z')];
    expect(nextSignInCursor(page, 2)).toEqual({ at: '2026-03-01T09:00:00Z', id: 'a' });
    expect(nextSignInCursor(page, 3)).toBeNull();
    expect(nextSignInCursor([], 3)).toBeNull();
  });
  it('names who tried, or the email alone for an unknown address', () => {
    expect(signInWho(event('a', 'x'))).toBe('Dana (dana@example.com)');
    expect(signInWho(event('a', 'x', { userName: null, email: 'who@x.test' }))).toBe('who@x.test');
  });
});
