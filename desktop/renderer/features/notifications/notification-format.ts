// How the notification centre reads: the bell's accessible name with the unread count, the line
// per notification ("Sam Desk mentioned you on DTR-… · title"), and which ids "Mark all read" sends.
import type { NotificationView } from '../../../../shared/console-api.js';
import { missingCase } from '../../../../shared/errors.js';

export function bellLabel(unread: number): string {
  return `Notifications, ${unread} unread`;
}

/** The badge text: the count, capped so it fits. */
export function badgeText(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}

export function notificationLine(n: Pick<NotificationView, 'kind' | 'actorName' | 'caseLabel'>): string {
  const actor = n.actorName?.trim() || 'Someone';
  switch (n.kind) {
    case 'mention':
      return `${actor} mentioned you on ${n.caseLabel}`;
    case 'escalation':
      return `${n.caseLabel} was escalated`;
    case 'visit_booked':
      return `${actor} booked you a visit for ${n.caseLabel}`;
    case 'visit_moved':
      return `${actor} moved your visit for ${n.caseLabel}`;
    case 'visit_cancelled':
      return `${actor} cancelled your visit for ${n.caseLabel}`;
    case 'visit_reminder':
      return `Reminder: you visit the site of ${n.caseLabel} tomorrow`;
    case 'report_submitted':
      return `${actor} submitted a service report for ${n.caseLabel}: please review`;
    case 'report_returned':
      return `${actor} returned your service report for ${n.caseLabel}`;
    case 'report_approved':
      return `${actor} approved your service report for ${n.caseLabel}`;
    default:
      return missingCase(n.kind);
  }
}

/** The hub accepts at most 500 ids per call. */
export const MARK_READ_BATCH = 500;

export function unreadIds(items: readonly Pick<NotificationView, 'id' | 'read'>[]): string[] {
  return items.filter((n) => !n.read).map((n) => n.id).slice(0, MARK_READ_BATCH);
}
