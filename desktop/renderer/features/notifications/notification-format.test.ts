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

  it('reads visit and service report notifications with who did it and the case', () => {
    expect(notificationLine({ kind: 'visit_booked', actorName: 'Mia Manager', caseLabel: 'DTR-1' })).toBe('Mia Manager booked you a visit for DTR-1');
    expect(notificationLine({ kind: 'visit_moved', actorName: null, caseLabel: 'DTR-1' })).toBe('Someone moved your visit for DTR-1');
    expect(notificationLine({ kind: 'visit_cancelled', actorName: 'Mia', caseLabel: 'DTR-1' })).toBe('Mia cancelled your visit for DTR-1');
    expect(notificationLine({ kind: 'visit_reminder', actorName: null, caseLabel: 'DTR-1' })).toBe('Reminder: you visit the site of DTR-1 tomorrow');
    expect(notificationLine({ kind: 'report_submitted', actorName: 'Finn', caseLabel: 'DTR-1' })).toBe('Finn submitted a service report for DTR-1: please review');
    expect(notificationLine({ kind: 'report_returned', actorName: 'Mia', caseLabel: 'DTR-1' })).toBe('Mia returned your service report for DTR-1');
    expect(notificationLine({ kind: 'report_approved', actorName: 'Mia', caseLabel: 'DTR-1' })).toBe('Mia approved your service report for DTR-1');
  });
  it('marks only the unread ones read, in batches the hub accepts', () => {
    expect(unreadIds([{ id: 'a', read: true }, { id: 'b', read: false }])).toEqual(['b']);
    expect(unreadIds(Array.from({ length: 600 }, (_, i) => ({ id: String(i), read: false })))).toHaveLength(500);
  });
});
