import { describe, it, expect } from 'vitest';
import { badgeText, bellLabel, notificationLine, unreadIds } from './notification-format.js';

describe('notification centre', () => {
  it('names the bell with the unread count', () => {
    expect(bellLabel(0)).toBe('Notifications, 0 unread');
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
    expect(badgeText(120)).toBe('99+');
  });
  it('says who mentioned you on which case', () => {
    expect(notificationLine({ kind: 'mention', actorName: 'Sam Desk', caseLabel: 'DTR-2026-000001 · No image' })).toBe('Sam Desk mentioned you on DTR-2026-000001 · No image');
    expect(notificationLine({ kind: 'mention', actorName: null, caseLabel: 'X' })).toBe('Someone mentioned you on X');
    expect(notificationLine({ kind: 'escalation', actorName: null, caseLabel: 'DTR-2026-000002 · Dark' })).toBe('DTR-2026-000002 · Dark was escalated');
  });
  it('marks only the unread ones read, in batches the hub accepts', () => {
    expect(unreadIds([{ id: 'a', read: true }, { id: 'b', read: false }])).toEqual(['b']);
    expect(unreadIds(Array.from({ length: 600 }, (_, i) => ({ id: String(i), read: false })))).toHaveLength(500);
  });
});
