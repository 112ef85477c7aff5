// Wording and colours of the header's sync summary: connection state, changes waiting, last sync,
// bootstrap progress. Pure so the exact text the e2e tests look for is unit-tested too.
import type { ConnectionState, SyncStatus } from '../../../../shared/console-api.js';
import { missingCase } from '../../../../shared/errors.js';

export type ConnectionBadge = Readonly<{ label: string; color: string }>;

export function connectionBadge(state: ConnectionState): ConnectionBadge {
  switch (state) {
    case 'online':
      return { label: 'Online', color: 'green' };
    case 'offline':
      return { label: 'Offline', color: 'red' };
    case 'reconnecting':
      return { label: 'Reconnecting…', color: 'orange' };
    case 'connecting':
      return { label: 'Connecting…', color: 'yellow' };
    case 'signed-out':
      return { label: 'Offline', color: 'gray' };
    default:
      return missingCase(state);
  }
}

/** "3 changes waiting to sync"; null when nothing waits, so the header hides it. */
export function pendingChangesLabel(pending: number): string | null {
  if (!Number.isFinite(pending) || pending <= 0) return null;
  return pending === 1 ? '1 change waiting to sync' : `${pending} changes waiting to sync`;
}

export function lastSyncLabel(lastSyncAt: string | null, now: Date): string {
  if (!lastSyncAt) return 'Not synced yet';
  const at = new Date(lastSyncAt);
  if (Number.isNaN(at.getTime())) return 'Not synced yet';
  const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
  if (seconds < 45) return 'Synced just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `Synced ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `Synced ${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'Synced 1 day ago' : `Synced ${days} days ago`;
}

/** Percent of the first download done, or null when no bootstrap runs. */
export function bootstrapPercent(bootstrap: SyncStatus['bootstrap']): number | null {
  if (!bootstrap) return null;
  if (bootstrap.total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((bootstrap.received / bootstrap.total) * 100)));
}

const count = new Intl.NumberFormat('en-US');

/** "Downloading 12,000 of 200,000 records" while a bootstrap or a long catch-up runs. */
export function downloadLabel(bootstrap: SyncStatus['bootstrap']): string | null {
  if (!bootstrap) return null;
  const total = Math.max(0, bootstrap.total);
  const received = Math.min(Math.max(0, bootstrap.received), total || Math.max(0, bootstrap.received));
  return `Downloading ${count.format(received)} of ${count.format(total)} records`;
}

/** "Retry now" makes sense while the core waits for its next reconnect attempt. */
export function canRetryNow(state: ConnectionState | undefined): boolean {
  return state === 'offline' || state === 'reconnecting';
}
