// People (route #/admin/people): everyone an admin manages, or a manager's regions' people
// (read-only). Admins create people, edit them, deactivate or reactivate them and reset passwords.
import { Badge, Button, Group, Select, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import type { AdminUser } from '../../../../shared/admin.js';
import { LIMITS, ROLES, ROLE_LABELS, type Role } from '../../../../shared/domain.js';
import { can } from '../../../../shared/permissions.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { EmptyState, QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { relativeTime } from '../../ui/relative-time.js';
import { useNow } from '../../ui/use-now.js';
import { formatDateTime } from '../cases/case-format.js';
import { NO_PEOPLE_FILTER, filterPeople, personBadges, type PeopleFilter } from './people-list.js';
import { parseRole } from './person-form.js';
import { PersonFormModal } from './PersonFormModal.js';
import { TemporaryPasswordModal } from './TemporaryPasswordModal.js';
import { useAdminUsers, useResetPassword, useSetUserActive } from './use-people.js';
import { ExportListButton } from '../installed-base/ExportListButton.js';

const ROLE_FILTER_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

function engineerExportQuery(text: string): { search?: string } {
  const search = text.trim().slice(0, LIMITS.search);
  return search ? { search } : {};
}

type Confirm = Readonly<{ kind: 'deactivate' | 'reactivate' | 'reset'; user: AdminUser }>;
type Shown = Readonly<{ password: string; personName: string; email: string }>;

export function PeopleScreen({ role, myId }: { role: Role; myId: string }) {
  const canManage = can(role, 'user.manage');
  const users = useAdminUsers();
  const [filter, setFilter] = useState<PeopleFilter>(NO_PEOPLE_FILTER);
  const [justDeactivated, setJustDeactivated] = useState<ReadonlySet<string>>(new Set());
  const [formTarget, setFormTarget] = useState<'new' | AdminUser | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const setActive = useSetUserActive();
  const reset = useResetPassword();
  const now = useNow(60_000);
  const rows = useMemo(() => filterPeople(users.data ?? [], filter, justDeactivated), [users.data, filter, justDeactivated]);
  const confirmBusy = setActive.isPending || reset.isPending;
  const confirmError = confirm?.kind === 'reset' ? reset.error : setActive.error;

  const updateFilter = (next: Partial<PeopleFilter>) => {
    setFilter((f) => ({ ...f, ...next }));
    // A new filter is a new look at the list: what was just deactivated follows the switch again.
    setJustDeactivated(new Set());
  };

  const openConfirm = (next: Confirm) => {
    setActive.reset();
    reset.reset();
    setConfirm(next);
  };

  const runConfirm = () => {
    if (!confirm) return;
    const { kind, user } = confirm;
    if (kind === 'reset') {
      reset.mutate(user.id, {
        onSuccess: ({ temporaryPassword }) => {
          setConfirm(null);
          setShown({ password: temporaryPassword, personName: user.name, email: user.email });
        },
      });
      return;
    }
    const active = kind === 'reactivate';
    setActive.mutate(
      { id: user.id, active },
      {
        onSuccess: () => {
          setConfirm(null);
          if (!active) setJustDeactivated((s) => new Set([...s, user.id]));
          notifications.show({
            color: 'green',
            title: active ? 'Person reactivated' : 'Person deactivated',
            message: active ? `${user.name} can sign in again.` : `${user.name} is signed out everywhere and cannot sign in.`,
          });
        },
      },
    );
  };

  return (
    <section aria-labelledby="people-title">
      <Stack gap="md">
        <ScreenHeader
          id="people-title"
          title="People"
          description={canManage ? 'Everyone who can sign in to Lamphouse: their role, regions and status.' : 'The people of your regions. Only admins can change them.'}
        >
          {/* The export is of engineers (with their profiles), so it shows with the engineer filter. */}
          {filter.role === 'fse' && (
            <ExportListButton request={{ list: 'engineers', query: engineerExportQuery(filter.text) }} title="Engineers exported" disabled={rows.length === 0} />
          )}
          {canManage && <Button onClick={() => setFormTarget('new')}>New person</Button>}
        </ScreenHeader>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label="Filter people" type="search" placeholder="Name, email, phone or region" w={300} value={filter.text} onChange={(e) => updateFilter({ text: e.currentTarget.value })} />
          {/* A Mantine select whose options exist only while open: native <option>s named like the
              roles would be a second "Support agent" option next to the New person form's. */}
          <Select
            label="Role filter"
            placeholder="Any role"
            data={ROLE_FILTER_OPTIONS}
            value={filter.role}
            onChange={(value) => updateFilter({ role: parseRole(value) })}
            clearable
            comboboxProps={{ keepMounted: false }}
            w={220}
          />
          <Switch label="Show deactivated" checked={filter.showDeactivated} onChange={(e) => updateFilter({ showDeactivated: e.currentTarget.checked })} mb={8} />
        </Group>
        <QueryStatus query={users} loadingLabel="Loading people…" errorTitle="People could not be loaded">
          {rows.length === 0 ? (
            <EmptyState>{(users.data ?? []).length === 0 ? 'Nobody here yet.' : 'Nobody matches this filter.'}</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table aria-label="People" striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Email</Table.Th>
                    <Table.Th scope="col">Role</Table.Th>
                    <Table.Th scope="col">Regions</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Last sign-in</Table.Th>
                    {canManage && <Table.Th scope="col">Actions</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((u) => (
                    <Table.Tr key={u.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {u.name}
                        </Text>
                        {u.phone && (
                          <Text size="xs" c="dimmed">
                            {u.phone}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{u.email}</Table.Td>
                      <Table.Td>{ROLE_LABELS[u.role]}</Table.Td>
                      <Table.Td>{u.regions.length ? u.regions.join(', ') : '—'}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {personBadges(u).map((b) => (
                            <Badge key={b.label} tt="none" variant="light" color={b.color}>
                              {b.label}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        {u.lastSignInAt ? (
                          <Tooltip label={formatDateTime(u.lastSignInAt)}>
                            <span>{relativeTime(u.lastSignInAt, now)}</span>
                          </Tooltip>
                        ) : (
                          'Never'
                        )}
                      </Table.Td>
                      {canManage && (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button size="compact-sm" variant="subtle" aria-label={`Edit ${u.name}`} onClick={() => setFormTarget(u)}>
                              Edit
                            </Button>
                            {u.active ? (
                              <Button
                                size="compact-sm"
                                variant="subtle"
                                color="red"
                                disabled={u.id === myId}
                                title={u.id === myId ? 'You cannot deactivate yourself.' : undefined}
                                onClick={() => openConfirm({ kind: 'deactivate', user: u })}
                              >
                                Deactivate
                              </Button>
                            ) : (
                              <Button size="compact-sm" variant="subtle" color="green" onClick={() => openConfirm({ kind: 'reactivate', user: u })}>
                                Reactivate
                              </Button>
                            )}
                            <Button size="compact-sm" variant="subtle" onClick={() => openConfirm({ kind: 'reset', user: u })}>
                              Reset password
                            </Button>
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryStatus>
      </Stack>

      {canManage && (
        <>
          <PersonFormModal
            target={formTarget}
            onClose={() => setFormTarget(null)}
            onCreated={({ user, temporaryPassword }) => {
              setFormTarget(null);
              setShown({ password: temporaryPassword, personName: user.name, email: user.email });
            }}
            onUpdated={(user) => {
              setFormTarget(null);
              notifications.show({ color: 'green', title: 'Changes saved', message: `${user.name} has the new rights at once.` });
            }}
          />
          <ConfirmDialog
            opened={confirm !== null}
            title={confirmTitle(confirm)}
            confirmLabel={confirmLabel(confirm)}
            color={confirm?.kind === 'reactivate' ? 'green' : 'red'}
            busy={confirmBusy}
            error={confirmError}
            onConfirm={runConfirm}
            onClose={() => setConfirm(null)}
          >
            {confirm && confirmText(confirm)}
          </ConfirmDialog>
          <TemporaryPasswordModal shown={shown} onClose={() => setShown(null)} />
        </>
      )}
    </section>
  );
}

function confirmTitle(confirm: Confirm | null): string {
  if (!confirm) return '';
  const name = confirm.user.name;
  return confirm.kind === 'deactivate' ? `Deactivate ${name}?` : confirm.kind === 'reactivate' ? `Reactivate ${name}?` : `Reset the password of ${name}?`;
}

function confirmLabel(confirm: Confirm | null): string {
  return confirm?.kind === 'reactivate' ? 'Reactivate' : confirm?.kind === 'reset' ? 'Reset password' : 'Deactivate';
}

function confirmText({ kind, user }: Confirm): string {
  switch (kind) {
    case 'deactivate':
      return `${user.name} (${user.email}) will not be able to sign in, and all their sessions end at once: every console they are signed in on is signed out. Their history stays.`;
    case 'reactivate':
      return `${user.name} (${user.email}) will be able to sign in again with their password.`;
    case 'reset':
      return `${user.name} (${user.email}) gets a new temporary password and must choose their own at next sign-in. All their sessions end at once.`;
  }
}
