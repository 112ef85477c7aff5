// The intake window (Electron opens it with `?window=intake`, by a global shortcut even when the
// console is in the background): only the phone intake, with the sync state and who is signed in.
// Ctrl+N / Alt+N clear it for the next call; cases open in the console window, not here.
import { Alert, AppShell, Badge, Group, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { SessionInfo } from '../../../shared/console-api.js';
import { ROLE_LABELS } from '../../../shared/domain.js';
import { can } from '../../../shared/permissions.js';
import { IntakeScreen } from '../features/intake/IntakeScreen.js';
import { BootstrapProgress, SyncSummary } from '../features/sync-status/SyncSummary.js';
import { useReconnectWhenOnline } from '../features/sync-status/use-sync-status.js';
import type { GlobalShortcut } from './shortcuts.js';
import { useGlobalShortcuts } from './use-global-shortcuts.js';

export function IntakeWindow({ session }: { session: SessionInfo }) {
  const { user } = session;
  const [reset, setReset] = useState(0);
  useReconnectWhenOnline();
  const onShortcut = useCallback((shortcut: GlobalShortcut): boolean => {
    if (shortcut !== 'new-case') return false;
    setReset((n) => n + 1);
    return true;
  }, []);
  useGlobalShortcuts(onShortcut);

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
        {can(user.role, 'case.create') ? (
          <IntakeScreen resetSignal={reset} onOpenCase={null} />
        ) : (
          <Alert color="orange" title="Not available to you" maw={640}>
            Your role ({ROLE_LABELS[user.role]}) cannot log cases. Ask an admin if you need it.
          </Alert>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
