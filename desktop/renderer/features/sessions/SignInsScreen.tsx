// Admin: the sign-in history (successes, failures, lock-outs, deactivated accounts), newest first,
// with an outcome filter and "Load more".
import { Badge, Button, Group, NativeSelect, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { SIGN_IN_OUTCOMES, type SignInOutcome } from '../../../../shared/admin.js';
import { userMessage } from '../../api/error-message.js';
import { EmptyState, QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { relativeTime } from '../../ui/relative-time.js';
import { useNow } from '../../ui/use-now.js';
import { formatDateTime } from '../cases/case-format.js';
import { OUTCOME_LABELS, outcomeBadge, signInWho } from './session-format.js';
import { useSignIns } from './use-sessions.js';

const OUTCOME_OPTIONS = [{ value: '', label: 'Any outcome' }, ...SIGN_IN_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))];

function parseOutcome(value: string): SignInOutcome | null {
  return (SIGN_IN_OUTCOMES as readonly string[]).includes(value) ? (value as SignInOutcome) : null;
}

export function SignInsScreen() {
  const [outcome, setOutcome] = useState<SignInOutcome | null>(null);
  const history = useSignIns(outcome);
  const now = useNow(30_000);
  const events = history.data?.pages.flat() ?? [];

  return (
    <section aria-labelledby="sign-ins-title">
      <Stack gap="md">
        <ScreenHeader id="sign-ins-title" title="Sign-ins" description="Every attempt to sign in, with its address and console: successes, wrong passwords, lock-outs and deactivated accounts.">
          <NativeSelect label="Outcome" data={OUTCOME_OPTIONS} value={outcome ?? ''} onChange={(e) => setOutcome(parseOutcome(e.currentTarget.value))} w={200} />
        </ScreenHeader>
        <QueryStatus query={history} loadingLabel="Loading sign-ins…" errorTitle="Sign-ins could not be loaded">
          {events.length === 0 ? (
            <EmptyState>{outcome ? 'No sign-ins with this outcome.' : 'No sign-ins yet.'}</EmptyState>
          ) : (
            <Stack gap="sm">
              <Table.ScrollContainer minWidth={720}>
                <Table aria-label="Sign-ins" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">When</Table.Th>
                      <Table.Th scope="col">Who</Table.Th>
                      <Table.Th scope="col">Outcome</Table.Th>
                      <Table.Th scope="col">Address</Table.Th>
                      <Table.Th scope="col">Console</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {events.map((e) => {
                      const badge = outcomeBadge(e.outcome);
                      return (
                        <Table.Tr key={e.id}>
                          <Table.Td>
                            <Tooltip label={relativeTime(e.at, now)}>
                              <span>{formatDateTime(e.at)}</span>
                            </Tooltip>
                          </Table.Td>
                          <Table.Td>{signInWho(e)}</Table.Td>
                          <Table.Td>
                            <Badge tt="none" variant="light" color={badge.color}>
                              {badge.label}
                            </Badge>
                          </Table.Td>
                          <Table.Td>{e.ip ?? '—'}</Table.Td>
                          <Table.Td>{e.clientName ?? '—'}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {history.isFetchNextPageError && (
                <Text c="red.8" size="sm" role="alert">
                  {userMessage(history.error)}
                </Text>
              )}
              <Group>
                {history.hasNextPage ? (
                  <Button variant="default" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
                    Load more
                  </Button>
                ) : (
                  <Text size="sm" c="dimmed">
                    That is the whole history.
                  </Text>
                )}
              </Group>
            </Stack>
          )}
        </QueryStatus>
      </Stack>
    </section>
  );
}
