// Admin: everyone's sessions (user, console, address, started, last seen, status), revocable.
import { Stack, Switch } from '@mantine/core';
import { useState } from 'react';
import { EmptyState, QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { SessionsTable } from './SessionsTable.js';
import { useAdminSessions, useRevokeSession } from './use-sessions.js';

export function SessionsScreen() {
  const [showEnded, setShowEnded] = useState(false);
  const list = useAdminSessions(showEnded);
  const revoke = useRevokeSession();
  const sessions = list.data ?? [];
  return (
    <section aria-labelledby="sessions-title">
      <Stack gap="md">
        <ScreenHeader id="sessions-title" title="Sessions" description="Consoles signed in to the hub. Revoking one ends its sign-in at once; that console is signed out within a minute.">
          <Switch label="Show ended" checked={showEnded} onChange={(e) => setShowEnded(e.currentTarget.checked)} />
        </ScreenHeader>
        <QueryStatus query={list} loadingLabel="Loading sessions…" errorTitle="Sessions could not be loaded">
          {sessions.length === 0 ? (
            <EmptyState>{showEnded ? 'No sessions yet.' : 'No active sessions.'}</EmptyState>
          ) : (
            <SessionsTable
              sessions={sessions}
              showUser
              label="Sessions"
              revoke={{ run: (id, callbacks) => revoke.mutate(id, callbacks), pending: revoke.isPending }}
            />
          )}
        </QueryStatus>
      </Stack>
    </section>
  );
}
