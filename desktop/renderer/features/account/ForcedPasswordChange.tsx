// The only screen of a console signed in with a temporary password: the user chooses their own
// password before anything else. The app continues when the core reports the cleared flag
// (session.changed with mustChangePassword false).
import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SessionInfo } from '../../../../shared/console-api.js';
import { userMessage } from '../../api/error-message.js';
import { useLogout } from '../auth/use-session.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';

export function ForcedPasswordChange({ session }: { session: SessionInfo }) {
  const logout = useLogout();
  const signOut = () =>
    logout.mutate(undefined, {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not sign out', message: userMessage(error) }),
    });
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w={460} maw="100%">
        <section aria-labelledby="forced-password-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="forced-password-title">
                Change your password
              </Title>
              <Text c="dimmed" size="sm">
                {session.user.name}, you signed in with a temporary password. Choose your own password to continue.
              </Text>
            </div>
            <ChangePasswordForm email={session.user.email} autoFocus />
            <Button variant="subtle" size="xs" w="fit-content" onClick={signOut} loading={logout.isPending}>
              Sign out
            </Button>
          </Stack>
        </section>
      </Paper>
    </Center>
  );
}
