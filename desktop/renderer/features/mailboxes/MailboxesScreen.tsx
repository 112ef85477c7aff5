// Mailboxes (route #/admin/mailboxes, admins): the support mailboxes the hub reads, with their
// state, last error, last check, next retry and how many mails they handled; "Retry now" for one
// in error; create, edit and remove (after a confirmation).
import { Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { MailboxView } from '../../../../shared/mail.js';
import { userMessage } from '../../api/error-message.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { EmptyState, QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { relativeTime } from '../../ui/relative-time.js';
import { useNow } from '../../ui/use-now.js';
import { formatDateTime } from '../cases/case-format.js';
import { mailboxStateDisplay } from './mailbox-form.js';
import { MailboxFormModal, type MailboxTarget } from './MailboxFormModal.js';
import { useMailboxes, useRemoveMailbox, useRetryMailbox } from './use-mailboxes.js';

export function MailboxesScreen() {
  const list = useMailboxes();
  const remove = useRemoveMailbox();
  const retry = useRetryMailbox();
  const [formTarget, setFormTarget] = useState<MailboxTarget>(null);
  const [removing, setRemoving] = useState<MailboxView | null>(null);
  const now = useNow(15_000);

  const runRetry = (box: MailboxView) =>
    retry.mutate(box.id, {
      onSuccess: (b) => notifications.show({ color: 'blue', title: 'Retrying', message: `${b.name}: ${mailboxStateDisplay(b.state).label}.` }),
      onError: (error) => notifications.show({ color: 'red', title: 'Retry failed', message: userMessage(error) }),
    });

  const at = (iso: string | null) =>
    iso ? (
      <Tooltip label={formatDateTime(iso)}>
        <span>{relativeTime(iso, now)}</span>
      </Tooltip>
    ) : (
      '—'
    );

  return (
    <section aria-labelledby="mailboxes-title">
      <Stack gap="md">
        <ScreenHeader id="mailboxes-title" title="Mailboxes" description="Support mailboxes the hub reads for new cases and replies from. Passwords are stored on the hub and never shown.">
          <Button onClick={() => setFormTarget('new')}>New mailbox</Button>
        </ScreenHeader>
        <QueryStatus query={list} loadingLabel="Loading mailboxes…" errorTitle="Mailboxes could not be loaded">
          {(list.data ?? []).length === 0 ? (
            <EmptyState>No mailboxes yet. Add the support address customers write to.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={1000}>
              <Table aria-label="Mailboxes" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Mailbox</Table.Th>
                    <Table.Th scope="col">State</Table.Th>
                    <Table.Th scope="col">Last error</Table.Th>
                    <Table.Th scope="col">Last checked</Table.Th>
                    <Table.Th scope="col">Next retry</Table.Th>
                    <Table.Th scope="col">Handled</Table.Th>
                    <Table.Th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(list.data ?? []).map((box) => {
                    const state = mailboxStateDisplay(box.state);
                    return (
                      <Table.Tr key={box.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {box.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {box.address} · {box.imap.host}:{box.imap.port} · {box.folder}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge tt="none" variant="light" color={state.color}>
                            {state.label}
                          </Badge>
                        </Table.Td>
                        <Table.Td maw={280}>
                          <Text size="sm" c={box.lastError ? 'red.8' : 'dimmed'} className="plain-text">
                            {box.lastError ?? '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>{at(box.lastCheckedAt)}</Table.Td>
                        <Table.Td>{box.retryAt ? formatDateTime(box.retryAt) : '—'}</Table.Td>
                        <Table.Td>{box.handled}</Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button size="compact-sm" variant="subtle" aria-label={`Retry ${box.name} now`} loading={retry.isPending && retry.variables === box.id} disabled={!box.enabled} onClick={() => runRetry(box)}>
                              Retry now
                            </Button>
                            <Button size="compact-sm" variant="subtle" aria-label={`Edit ${box.name}`} onClick={() => setFormTarget(box)}>
                              Edit
                            </Button>
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              color="red"
                              aria-label={`Remove ${box.name}`}
                              onClick={() => {
                                remove.reset();
                                setRemoving(box);
                              }}
                            >
                              Remove
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryStatus>
      </Stack>
      <MailboxFormModal target={formTarget} onClose={() => setFormTarget(null)} />
      <ConfirmDialog
        opened={removing !== null}
        title={removing ? `Remove ${removing.name}?` : ''}
        confirmLabel="Remove mailbox"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (!removing) return;
          const name = removing.name;
          remove.mutate(removing.id, {
            onSuccess: () => {
              setRemoving(null);
              notifications.show({ color: 'green', title: 'Mailbox removed', message: `${name} is no longer read. Its cases stay.` });
            },
          });
        }}
        onClose={() => setRemoving(null)}
      >
        {removing && `The hub stops reading ${removing.address} and forgets its passwords. Cases and mail already received stay.`}
      </ConfirmDialog>
    </section>
  );
}
