// The signed-in window: header (app name, sync summary, Conflicts with its count, user, sign out)
// over the case screen or the Conflicts view, plus the new case form and keyboard help, reachable
// from anywhere by shortcut.
import { startTypeAhead } from './type-ahead.js';
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
import { ConflictsScreen } from '../features/conflicts/ConflictsScreen.js';
import { conflictsButtonLabel, unresolvedCount } from '../features/conflicts/conflict-format.js';
import { useConflictNotifications } from '../features/conflicts/use-conflict-notifications.js';
import { useConflicts } from '../features/conflicts/use-conflicts.js';
import { BootstrapProgress, SyncSummary } from '../features/sync-status/SyncSummary.js';
import { useReconnectWhenOnline } from '../features/sync-status/use-sync-status.js';
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
  const openConflicts = useCallback(() => navigate({ name: 'conflicts' }), [navigate]);
  const conflicts = useConflicts(false);
  const conflictCount = unresolvedCount(conflicts.data);
  useConflictNotifications(openConflicts);
  useReconnectWhenOnline();

  const onShortcut = useCallback(
    (shortcut: GlobalShortcut): boolean => {
      const dialogOpen = newCaseOpen || helpOpen || route.name === 'case';
      switch (shortcut) {
        case 'new-case':
          if (!canCreate || newCaseOpen) return false;
          setHelpOpen(false);
          startTypeAhead();
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
        case 'conflicts':
          if (newCaseOpen) return false;
          setHelpOpen(false);
          openConflicts();
          return true;
      }
    },
    [canCreate, newCaseOpen, helpOpen, route.name, openConflicts],
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
          <Group gap="sm" wrap="nowrap" className="header-start">
            <Title order={1} size="h3">
              Lamphouse
            </Title>
            <SyncSummary />
          </Group>
          <Group gap="sm" wrap="nowrap" className="header-end">
            <Tooltip label="Changes held back for you to review (Alt+C)">
              <Button
                variant={route.name === 'conflicts' ? 'filled' : conflictCount > 0 ? 'light' : 'subtle'}
                color={conflictCount > 0 ? 'orange' : 'gray'}
                size="xs"
                aria-label={conflictsButtonLabel(conflictCount)}
                aria-current={route.name === 'conflicts' ? 'page' : undefined}
                aria-keyshortcuts="Alt+C"
                onClick={openConflicts}
                rightSection={
                  conflictCount > 0 ? (
                    <Badge size="sm" circle color="orange" variant="filled" aria-hidden>
                      {conflictCount}
                    </Badge>
                  ) : null
                }
              >
                Conflicts
              </Button>
            </Tooltip>
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="subtle" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
                ?
              </ActionIcon>
            </Tooltip>
            <Text size="sm" fw={500} className="nowrap">
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
        {route.name === 'conflicts' ? (
          <ConflictsScreen user={user} onOpenCase={(id) => navigate({ name: 'case', id })} onBack={() => navigate({ name: 'cases' })} />
        ) : (
          <CasesScreen
            role={user.role}
            searchRef={searchRef}
            openCaseId={route.name === 'case' ? route.id : null}
            onOpenCase={(id) => navigate({ name: 'case', id })}
            onCloseCase={() => navigate({ name: 'cases' })}
            onNewCase={canCreate ? () => setNewCaseOpen(true) : null}
            focusCaseId={createdId}
          />
        )}
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
