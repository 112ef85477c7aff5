// The signed-in window: header (app name, user, sync summary, sign out) over the case screen, plus
// the new case form and keyboard help, reachable from anywhere by shortcut.
import { ActionIcon, AppShell, Badge, Button, Group, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useRef, useState } from 'react';
import type { SessionInfo } from '../../../shared/console-api.js';
import { ROLE_LABELS } from '../../../shared/domain.js';
import { can } from '../../../shared/permissions.js';
import { userMessage } from '../api/error-message.js';
import { useLogout } from '../features/auth/use-session.js';
import { CasesScreen } from '../features/cases/CasesScreen.js';
import { NewCaseModal } from '../features/cases/NewCaseModal.js';
import { BootstrapProgress, SyncSummary } from '../features/sync-status/SyncSummary.js';
import { KeyboardHelp } from './KeyboardHelp.js';
import type { GlobalShortcut } from './shortcuts.js';
import { useGlobalShortcuts } from './use-global-shortcuts.js';
import { useHashRoute } from './use-hash-route.js';

export function AppLayout({ session }: { session: SessionInfo }) {
  const { user } = session;
  const canCreate = can(user.role, 'case.create');
  const [newCaseOpen, setNewCaseOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [createdId, setCreatedId] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [route, navigate] = useHashRoute();
  const logout = useLogout();

  const onShortcut = useCallback(
    (shortcut: GlobalShortcut): boolean => {
      const dialogOpen = newCaseOpen || helpOpen || route.name === 'case';
      switch (shortcut) {
        case 'new-case':
          if (!canCreate || newCaseOpen) return false;
          setHelpOpen(false);
          setNewCaseOpen(true);
          return true;
        case 'focus-search':
          if (dialogOpen || !searchRef.current) return false;
          searchRef.current.focus();
          searchRef.current.select();
          return true;
        case 'help':
          if (dialogOpen) return false;
          setHelpOpen(true);
          return true;
      }
    },
    [canCreate, newCaseOpen, helpOpen, route.name],
  );
  useGlobalShortcuts(onShortcut);

  const signOut = () =>
    logout.mutate(undefined, {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not sign out', message: userMessage(error) }),
    });

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
          <Group gap="sm" wrap="nowrap">
            <Title order={1} size="h3">
              Lamphouse
            </Title>
            <SyncSummary />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="subtle" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
                ?
              </ActionIcon>
            </Tooltip>
            <Text size="sm" fw={500}>
              {user.name}
            </Text>
            <Badge tt="none" variant="light" color="gray">
              {ROLE_LABELS[user.role]}
            </Badge>
            <Button variant="default" size="xs" onClick={signOut} loading={logout.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
        <BootstrapProgress />
      </AppShell.Header>
      <AppShell.Main>
        <CasesScreen
          role={user.role}
          searchRef={searchRef}
          openCaseId={route.name === 'case' ? route.id : null}
          onOpenCase={(id) => navigate({ name: 'case', id })}
          onCloseCase={() => navigate({ name: 'cases' })}
          onNewCase={canCreate ? () => setNewCaseOpen(true) : null}
          focusCaseId={createdId}
        />
      </AppShell.Main>
      {canCreate && (
        <NewCaseModal
          opened={newCaseOpen}
          onClose={() => setNewCaseOpen(false)}
          onCreated={(id) => {
            setNewCaseOpen(false);
            setCreatedId(id);
          }}
        />
      )}
      <KeyboardHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </AppShell>
  );
}
