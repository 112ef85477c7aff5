// A table of sessions (admin: everyone's; Account: the user's own), with Revoke and a confirm.
import { Badge, Button, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { SessionView } from '../../../../shared/admin.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { relativeTime } from '../../ui/relative-time.js';
import { useNow } from '../../ui/use-now.js';
import { formatDateTime } from '../cases/case-format.js';
import { sessionStatus, sortSessions } from './session-format.js';

export type SessionsTableProps = Readonly<{
  sessions: readonly SessionView[];
  /** Show whose session it is (the admin view); the Account view lists only the user's own. */
  showUser: boolean;
  label: string;
  revoke: Readonly<{ run: (id: string, callbacks: { onSuccess: () => void; onError: (error: unknown) => void }) => void; pending: boolean }>;
}>;

export function SessionsTable({ sessions, showUser, label, revoke }: SessionsTableProps) {
  const now = useNow(30_000);
  const [confirming, setConfirming] = useState<SessionView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rows = sortSessions(sessions);

  const confirm = () => {
    if (!confirming) return;
    const target = confirming;
    revoke.run(target.id, {
      onSuccess: () => {
        setConfirming(null);
        notifications.show({ color: 'green', title: 'Session revoked', message: `${target.clientName ?? 'The console'} of ${target.userName} is signed out within a minute.` });
      },
      onError: (e) => setError(e),
    });
  };

  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label={label} striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              {showUser && <Table.Th scope="col">User</Table.Th>}
              <Table.Th scope="col">Console</Table.Th>
              <Table.Th scope="col">Address</Table.Th>
              <Table.Th scope="col">Started</Table.Th>
              <Table.Th scope="col">Last seen</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => {
              const status = sessionStatus(s);
              return (
                <Table.Tr key={s.id}>
                  {showUser && (
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {s.userName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {s.userEmail}
                      </Text>
                    </Table.Td>
                  )}
                  <Table.Td>{s.clientName ?? '—'}</Table.Td>
                  <Table.Td>{s.ip ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                  <Table.Td>
                    <Tooltip label={formatDateTime(s.lastSeenAt)}>
                      <span>{relativeTime(s.lastSeenAt, now)}</span>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Badge tt="none" variant="light" color={status.color}>
                      {status.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {!s.revokedAt && !s.current && (
                      <Button
                        size="compact-sm"
                        variant="light"
                        color="red"
                        aria-label={`Revoke ${s.clientName ?? 'session'} of ${s.userName}`}
                        onClick={() => {
                          setError(null);
                          setConfirming(s);
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={confirming !== null}
        title="Revoke session?"
        confirmLabel="Revoke"
        busy={revoke.pending}
        error={error}
        onConfirm={confirm}
        onClose={() => setConfirming(null)}
      >
        {confirming && (
          <>
            {confirming.userName}’s session on {confirming.clientName ?? 'an unnamed console'}
            {confirming.ip ? ` (${confirming.ip})` : ''} ends: it cannot refresh its sign-in, and that console is signed out within a minute.
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
