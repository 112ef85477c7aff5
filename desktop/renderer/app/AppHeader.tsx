// The signed-in window's header (app name, sync summary, Conflicts with its count, notifications,
// keyboard help, user, sign out) and one side-navigation link. Both are memoised: moving between
// screens redraws only the two links whose active state changed, not the header's buttons,
// tooltips and menus.
import { ActionIcon, Badge, Burger, Button, Group, NavLink, Text, Title, Tooltip } from '@mantine/core';
import { memo } from 'react';
import { ROLE_LABELS, type PublicUser } from '../../../shared/domain.js';
import { conflictsButtonLabel } from '../features/conflicts/conflict-format.js';
import { NotificationBell } from '../features/notifications/NotificationBell.js';
import { SyncSummary } from '../features/sync-status/SyncSummary.js';
import { routeHash } from './hash-route.js';
import type { NavItem as NavItemData } from './nav.js';

export type AppHeaderProps = Readonly<{
  user: PublicUser;
  navOpened: boolean;
  onToggleNav: () => void;
  conflictCount: number;
  conflictsActive: boolean;
  onOpenConflicts: () => void;
  bellOpen: boolean;
  setBellOpen: (open: boolean) => void;
  onOpenCase: (id: string) => void;
  onHelp: () => void;
  onSignOut: () => void;
  signingOut: boolean;
}>;

export const AppHeader = memo(function AppHeader(props: AppHeaderProps) {
  const { user, navOpened, conflictCount, conflictsActive } = props;
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
      <Group gap="sm" wrap="nowrap" className="header-start">
        <Burger opened={navOpened} onClick={props.onToggleNav} hiddenFrom="sm" size="sm" aria-label={navOpened ? 'Hide navigation' : 'Show navigation'} />
        <Title order={1} size="h3">
          Lamphouse
        </Title>
        <SyncSummary />
      </Group>
      <Group gap="sm" wrap="nowrap" className="header-end">
        <Tooltip label="Changes held back for you to review (Alt+C)">
          <Button
            variant={conflictsActive ? 'filled' : conflictCount > 0 ? 'light' : 'subtle'}
            color={conflictCount > 0 ? 'orange' : 'gray'}
            size="xs"
            aria-label={conflictsButtonLabel(conflictCount)}
            aria-current={conflictsActive ? 'page' : undefined}
            aria-keyshortcuts="Alt+C"
            onClick={props.onOpenConflicts}
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
        <NotificationBell opened={props.bellOpen} setOpened={props.setBellOpen} onOpenCase={props.onOpenCase} />
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon variant="subtle" aria-label="Keyboard shortcuts" onClick={props.onHelp}>
            ?
          </ActionIcon>
        </Tooltip>
        <Text size="sm" fw={500} className="nowrap">
          {user.name}
        </Text>
        <Badge tt="none" variant="light" color="gray">
          {ROLE_LABELS[user.role]}
        </Badge>
        <Button variant="default" size="xs" onClick={props.onSignOut} loading={props.signingOut}>
          Sign out
        </Button>
      </Group>
    </Group>
  );
});

export const NavItem = memo(function NavItem({ item, active }: { item: NavItemData; active: boolean }) {
  return (
    <NavLink
      component="a"
      href={routeHash({ name: item.screen })}
      label={item.label}
      active={active}
      aria-current={active ? 'page' : undefined}
      aria-keyshortcuts={`G ${item.goKey.toUpperCase()}`}
    />
  );
});
