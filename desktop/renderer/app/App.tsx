// A window of the app: providers (Mantine, notifications, react-query, ApiClient) and the session
// gate that shows sign-in or the signed-in layout of the window's kind (console or intake).
import { Alert, Button, Center, Loader, MantineProvider, Stack, Text } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import type { ApiClient } from '../api/client.js';
import { ApiProvider } from '../api/ApiProvider.js';
import { userMessage } from '../api/error-message.js';
import { useCoreEvents } from '../api/use-core-events.js';
import { ForcedPasswordChange } from '../features/account/ForcedPasswordChange.js';
import { SignInScreen } from '../features/auth/SignInScreen.js';
import { useSession } from '../features/auth/use-session.js';
import { useRejectionNotifications } from '../features/sync-status/use-rejection-notifications.js';
import { AppLayout } from './AppLayout.js';
import { CoreUnreachableBanner } from './CoreUnreachableBanner.js';
import { createQueryClient, theme } from './theme.js';
import { IntakeWindow } from './IntakeWindow.js';
import { BoardWindow } from './BoardWindow.js';
import { missingCase } from '../../../shared/errors.js';
import type { WindowKind } from './window-kind.js';

export function App({ client, kind = 'console' }: { client: ApiClient; kind?: WindowKind }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme}>
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={client}>
          <CoreUnreachableBanner />
          <SessionGate kind={kind} />
        </ApiProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function SessionGate({ kind }: { kind: WindowKind }) {
  useCoreEvents();
  useRejectionNotifications();
  const session = useSession();

  if (session.isPending) {
    return (
      <Center h="100vh">
        <Stack align="center">
          <Loader aria-hidden />
          <Text>Connecting to the console core…</Text>
        </Stack>
      </Center>
    );
  }
  if (session.isError && session.data === undefined) {
    return (
      <Center h="100vh" p="md">
        <Alert color="red" title="Cannot reach the console core" maw={520}>
          <Stack>
            <Text>{userMessage(session.error)}</Text>
            <Button onClick={() => void session.refetch()} w="fit-content">
              Try again
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
  if (!session.data) return <SignInScreen />;
  // A temporary password: nothing but choosing one's own, until the core reports it done.
  if (session.data.mustChangePassword) return <ForcedPasswordChange session={session.data} />;
  switch (kind) {
    case 'intake':
      return <IntakeWindow session={session.data} />;
    case 'board':
      return <BoardWindow session={session.data} />;
    case 'console':
      return <AppLayout session={session.data} />;
    default:
      return missingCase(kind);
  }
}
