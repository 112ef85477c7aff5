// Header sync summary: connection state (a live status), changes waiting, last sync, and the
// progress of the first download of the cache.
import { Badge, Group, Progress, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../cases/case-format.js';
import { bootstrapPercent, connectionBadge, lastSyncLabel, pendingChangesLabel } from './sync-labels.js';
import { useSyncStatus } from './use-sync-status.js';

/** Re-renders every 30 s so "Synced 5 min ago" stays true. */
function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function SyncSummary() {
  const { data: status } = useSyncStatus();
  const now = useNow(30_000);
  const badge = connectionBadge(status?.connection ?? 'connecting');
  const pending = pendingChangesLabel(status?.pending ?? 0);
  const showError = status && status.connection !== 'online' && status.lastError;
  return (
    <Group gap="sm" wrap="nowrap">
      <Badge tt="none" role="status" aria-live="polite" color={badge.color} variant="dot" size="lg">
        {badge.label}
      </Badge>
      {pending && (
        <Text size="sm" c="orange.8" fw={500}>
          {pending}
        </Text>
      )}
      {status && (
        <Text size="sm" c="dimmed" title={status.lastSyncAt ? `Last sync ${formatDateTime(status.lastSyncAt)}` : undefined}>
          {lastSyncLabel(status.lastSyncAt, now)}
        </Text>
      )}
      {showError && (
        <Text size="sm" c="red.8" lineClamp={1} maw={320} title={status.lastError ?? undefined}>
          {status.lastError}
        </Text>
      )}
    </Group>
  );
}

export function BootstrapProgress() {
  const { data: status } = useSyncStatus();
  const percent = bootstrapPercent(status?.bootstrap ?? null);
  if (percent === null) return null;
  return (
    <Progress
      value={percent}
      size="sm"
      radius={0}
      animated
      aria-label="Downloading cases to this computer"
      style={{ position: 'absolute', left: 0, right: 0, bottom: 0 }}
    />
  );
}
