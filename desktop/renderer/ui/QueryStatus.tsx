// Loading, error and offline states of a screen's query, so no admin screen is ever a blank table:
// skeleton rows while loading, "needs a connection to the hub" when offline, the error with Retry
// otherwise.
import { Alert, Button, Paper, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { isUnavailable, userMessage } from '../api/error-message.js';

export function LoadingRows({ rows = 5, label }: { rows?: number; label: string }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-label={label} role="status">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={28} radius="sm" />
      ))}
    </Stack>
  );
}

export function LoadError({ error, title, onRetry, retrying }: { error: unknown; title: string; onRetry: () => void; retrying?: boolean }) {
  const offline = isUnavailable(error);
  return (
    <Alert color={offline ? 'orange' : 'red'} title={offline ? 'Needs a connection to the hub' : title} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{userMessage(error)}</Text>
        {offline && (
          <Text size="sm">This screen is answered by the hub, not this computer's copy. It will work again once the console is back online.</Text>
        )}
        <Button size="xs" variant="light" onClick={onRetry} loading={retrying}>
          Retry
        </Button>
      </Stack>
    </Alert>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Paper withBorder p="lg">
      <Text>{children}</Text>
    </Paper>
  );
}

type QueryLike = Readonly<{ isPending: boolean; isError: boolean; error: unknown; data: unknown; isFetching: boolean; refetch: () => Promise<unknown> }>;

/** Renders the query's loading or error state, or `children` once there is data. */
export function QueryStatus({ query, loadingLabel, errorTitle, children }: { query: QueryLike; loadingLabel: string; errorTitle: string; children: ReactNode }) {
  if (query.isPending) return <LoadingRows label={loadingLabel} />;
  if (query.isError && query.data === undefined) {
    return <LoadError error={query.error} title={errorTitle} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  }
  return <>{children}</>;
}
