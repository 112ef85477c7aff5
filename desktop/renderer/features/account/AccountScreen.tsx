// Account (everyone): change one's own password and see one's own sessions, revoking the others.
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { PublicUser } from '../../../../shared/domain.js';
import { ROLE_LABELS } from '../../../../shared/domain.js';
import { EmptyState, QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { SessionsTable } from '../sessions/SessionsTable.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { useMySessions, useRevokeMySession } from './use-account.js';

export function AccountScreen({ user }: { user: PublicUser }) {
  const sessions = useMySessions();
  const revoke = useRevokeMySession();
  return (
    <section aria-labelledby="account-title">
      <Stack gap="lg" maw={1000}>
        <ScreenHeader id="account-title" title="Account" description="Your password and the consoles you are signed in on.">
          <Group gap="xs">
            <Text size="sm">{user.email}</Text>
            <Badge tt="none" variant="light" color="gray">
              {ROLE_LABELS[user.role]}
            </Badge>
          </Group>
        </ScreenHeader>
        <Paper withBorder p="lg" maw={480} component="section" aria-labelledby="account-password-title">
          <Stack gap="sm">
            <Title order={3} size="h4" id="account-password-title">
              Change password
            </Title>
            <ChangePasswordForm email={user.email} />
          </Stack>
        </Paper>
        <Stack gap="sm" component="section" aria-labelledby="account-sessions-title">
          <Title order={3} size="h4" id="account-sessions-title">
            My sessions
          </Title>
          <QueryStatus query={sessions} loadingLabel="Loading your sessions…" errorTitle="Your sessions could not be loaded">
            {(sessions.data ?? []).length === 0 ? (
              <EmptyState>No sessions.</EmptyState>
            ) : (
              <SessionsTable
                sessions={sessions.data ?? []}
                showUser={false}
                label="My sessions"
                revoke={{ run: (id, callbacks) => revoke.mutate(id, callbacks), pending: revoke.isPending }}
              />
            )}
          </QueryStatus>
        </Stack>
      </Stack>
    </section>
  );
}
