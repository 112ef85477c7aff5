// Header sync summary: connection state (a live status), "Retry now" while disconnected, changes
// waiting, last sync, and the progress of a download of the cache (bootstrap or long catch-up).
import { Badge, Button, Group, Progress, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { userMessage } from '../../api/error-message.js';
import { formatDateTime } from '../cases/case-format.js';
import { bootstrapPercent, canRetryNow, connectionBadge, downloadLabel, lastSyncLabel, pendingChangesLabel } from './sync-labels.js';
import { useReconnect, useSyncStatus } from './use-sync-status.js';

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
  const reconnect = useReconnect();
  const download = downloadLabel(status?.bootstrap ?? null);
  const retry = () =>
    reconnect.mutate(undefined, {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not retry', message: userMessage(error) }),
    });
  return (
    // Everything but the error keeps its size; the error truncates (its full text is the tooltip).
    <Group gap="sm" wrap="nowrap" className="sync-summary">
      <Badge tt="none" role="status" aria-live="polite" color={badge.color} variant="dot" size="lg">
        {badge.label}
      </Badge>
      {canRetryNow(status?.connection) && (
        <Button size="compact-xs" variant="light" onClick={retry} loading={reconnect.isPending}>
          Retry now
        </Button>
      )}
      {download && (
        <Text size="sm" c="indigo.8" fw={500} className="nowrap">
          {download}
        </Text>
      )}
      {pending && (
        <Text size="sm" c="orange.8" fw={500} className="nowrap">
          {pending}
        </Text>
      )}
      {status && (
        <Text size="sm" c="dimmed" className="nowrap" title={status.lastSyncAt ? `Last sync ${formatDateTime(status.lastSyncAt)}` : undefined}>
          {lastSyncLabel(status.lastSyncAt, now)}
        </Text>
      )}
      {showError && (
        <Text size="sm" c="red.8" truncate="end" maw={280} className="sync-error" title={status.lastError ?? undefined}>
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
    <Progress.Root size="sm" radius={0} style={{ position: 'absolute', left: 0, right: 0, bottom: 0 }}>
      <Progress.Section
        value={percent}
        animated
        aria-label="Downloading cases to this computer"
        aria-valuetext={downloadLabel(status?.bootstrap ?? null) ?? undefined}
      />
    </Progress.Root>
  );
}
