// The frame of a window with one job (the intake window, the board window): the app name, the sync
// state and who is signed in, then the screen, or a clear message when the role may not use it.
import { Alert, AppShell, Badge, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PublicUser } from '../../../shared/domain.js';
import { ROLE_LABELS } from '../../../shared/domain.js';
import { BootstrapProgress, SyncSummary } from '../features/sync-status/SyncSummary.js';
import { useReconnectWhenOnline } from '../features/sync-status/use-sync-status.js';

export function SingleScreenWindow({
  user,
  allowed,
  refusal,
  actions,
  children,
}: Readonly<{
  user: PublicUser;
  /** Whether the user's role may use this window's screen. */
  allowed: boolean;
  /** What the role cannot do, as in "Your role (…) cannot <refusal>." */
  refusal: string;
  /** Buttons before the user's name in the header. */
  actions?: ReactNode;
  children: ReactNode;
}>) {
  useReconnectWhenOnline();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={1} size="h4">
              Lamphouse
            </Title>
            <SyncSummary />
          </Group>
          <Group gap="xs" wrap="nowrap">
            {actions}
            <Text size="sm" fw={500}>
              {user.name}
            </Text>
            <Badge tt="none" variant="light" color="gray">
              {ROLE_LABELS[user.role]}
            </Badge>
          </Group>
        </Group>
        <BootstrapProgress />
      </AppShell.Header>
      <AppShell.Main>
        {allowed ? (
          children
        ) : (
          <Alert color="orange" title="Not available to you" maw={640}>
            Your role ({ROLE_LABELS[user.role]}) cannot {refusal}. Ask an admin if you need it.
          </Alert>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
