import { describe, it, expect } from 'vitest';
import { bootstrapPercent, canRetryNow, connectionBadge, downloadLabel, lastSyncLabel, pendingChangesLabel } from './sync-labels.js';

describe('connectionBadge', () => {
  it('uses the words the header shows for each state', () => {
    expect(connectionBadge('online').label).toBe('Online');
    expect(connectionBadge('offline').label).toBe('Offline');
    expect(connectionBadge('reconnecting').label).toBe('Reconnecting…');
    expect(connectionBadge('connecting').label).toBe('Connecting…');
  });

  it('gives online and offline different colours', () => {
    expect(connectionBadge('online').color).not.toBe(connectionBadge('offline').color);
  });
});

describe('pendingChangesLabel', () => {
  it('is hidden when nothing waits', () => {
    expect(pendingChangesLabel(0)).toBeNull();
  });
  it('counts changes in singular and plural', () => {
    expect(pendingChangesLabel(1)).toBe('1 change waiting to sync');
    expect(pendingChangesLabel(3)).toBe('3 changes waiting to sync');
  });
});

describe('lastSyncLabel', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('says when it has never synced', () => {
    expect(lastSyncLabel(null, now)).toBe('Not synced yet');
  });
  it('describes the age of the last sync', () => {
    expect(lastSyncLabel('2026-03-01T11:59:50Z', now)).toBe('Synced just now');
    expect(lastSyncLabel('2026-03-01T11:55:00Z', now)).toBe('Synced 5 min ago');
    expect(lastSyncLabel('2026-03-01T09:00:00Z', now)).toBe('Synced 3 h ago');
    expect(lastSyncLabel('2026-02-27T12:00:00Z', now)).toBe('Synced 2 days ago');
  });
});

describe('bootstrapPercent', () => {
  it('is null when no bootstrap runs and clamps to 0..100', () => {
    expect(bootstrapPercent(null)).toBeNull();
    expect(bootstrapPercent({ received: 50, total: 200 })).toBe(25);
    expect(bootstrapPercent({ received: 10, total: 0 })).toBe(0);
    expect(bootstrapPercent({ received: 300, total: 200 })).toBe(100);
  });
});

describe('downloadLabel', () => {
  it('counts what has arrived of the total, with thousands separators', () => {
    expect(downloadLabel(null)).toBeNull();
    expect(downloadLabel({ received: 12_000, total: 1_200_000 })).toBe('Downloading 12,000 of 1,200,000 records');
    expect(downloadLabel({ received: 0, total: 0 })).toBe('Downloading 0 of 0 records');
    expect(downloadLabel({ received: 300, total: 200 })).toBe('Downloading 200 of 200 records');
  });
});

describe('canRetryNow', () => {
  it('offers a retry only while offline or reconnecting', () => {
    expect(canRetryNow('offline')).toBe(true);
    expect(canRetryNow('reconnecting')).toBe(true);
    expect(canRetryNow('online')).toBe(false);
    expect(canRetryNow('connecting')).toBe(false);
    expect(canRetryNow('signed-out')).toBe(false);
    expect(canRetryNow(undefined)).toBe(false);
  });
});
