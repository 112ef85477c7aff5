// The board window (Electron opens it with `?window=board`, for a second monitor; it remembers its
// own size and place): only the assignment board, with the sync state and who is signed in.
// Conflicts open inside this window, so the manager never has to look for the console.
import { Alert, AppShell, Badge, Button, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { SessionInfo } from '../../../shared/console-api.js';
import { ROLE_LABELS } from '../../../shared/domain.js';
import { can } from '../../../shared/permissions.js';
import { BoardScreen } from '../features/board/BoardScreen.js';
import { ConflictsScreen } from '../features/conflicts/ConflictsScreen.js';
import { BootstrapProgress, SyncSummary } from '../features/sync-status/SyncSummary.js';
import { useReconnectWhenOnline } from '../features/sync-status/use-sync-status.js';

export function BoardWindow({ session }: { session: SessionInfo }) {
  const { user } = session;
  const [showConflicts, setShowConflicts] = useState(false);
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
            <Button size="xs" variant={showConflicts ? 'filled' : 'subtle'} color="gray" onClick={() => setShowConflicts((s) => !s)}>
              {showConflicts ? 'Back to the board' : 'Conflicts'}
            </Button>
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
        {!can(user.role, 'case.assign') ? (
          <Alert color="orange" title="Not available to you" maw={640}>
            Your role ({ROLE_LABELS[user.role]}) cannot assign cases. Ask an admin if you need it.
          </Alert>
        ) : showConflicts ? (
          <ConflictsScreen user={user} onOpenCase={() => setShowConflicts(false)} onBack={() => setShowConflicts(false)} />
        ) : (
          <BoardScreen user={user} onOpenConflicts={() => setShowConflicts(true)} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
