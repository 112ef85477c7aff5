// "Close case" (resolved → closed) and "Reopen case" (resolved or closed → in progress, with a
// reason kept on the timeline) in the case drawer, for roles with `case.close`.
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CaseStatus, Role } from '../../../../shared/domain.js';
import { userMessage } from '../../api/error-message.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { reopenArgs, resolutionActions } from './case-resolution.js';

function useResolutionMutations() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.cases }), queryClient.invalidateQueries({ queryKey: queryKeys.timeline })]);
  const close = useMutation({ mutationFn: (caseId: string) => api.call('cases.close', { caseId }), onSuccess: refresh });
  const reopen = useMutation({ mutationFn: (args: { caseId: string; reason: string }) => api.call('cases.reopen', args), onSuccess: refresh });
  return { close, reopen };
}

export function CaseResolutionActions({ caseId, caseLabel, status, role }: { caseId: string; caseLabel: string; status: CaseStatus; role: Role }) {
  const actions = resolutionActions(role, status);
  const { close, reopen } = useResolutionMutations();
  const [asking, setAsking] = useState<'close' | 'reopen' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  if (!actions.close && !actions.reopen) return null;

  const shut = () => {
    setAsking(null);
    setReason('');
    setReasonError(null);
    close.reset();
    reopen.reset();
  };

  const submitReopen = () => {
    const result = reopenArgs(caseId, reason);
    if (!result.ok) {
      setReasonError(result.error);
      return;
    }
    reopen.mutate(result.args, {
      onSuccess: () => {
        shut();
        notifications.show({ color: 'green', title: 'Case reopened', message: `${caseLabel} is in progress again.` });
      },
    });
  };

  return (
    <Group gap="xs">
      {actions.close && (
        <Button variant="light" onClick={() => setAsking('close')}>
          Close case
        </Button>
      )}
      {actions.reopen && (
        <Button variant="default" onClick={() => setAsking('reopen')}>
          Reopen case
        </Button>
      )}
      <ConfirmDialog
        opened={asking === 'close'}
        title="Close this case?"
        confirmLabel="Close case"
        color="blue"
        busy={close.isPending}
        error={close.error}
        onClose={shut}
        onConfirm={() =>
          close.mutate(caseId, {
            onSuccess: () => {
              shut();
              notifications.show({ color: 'green', title: 'Case closed', message: `${caseLabel} is closed.` });
            },
          })
        }
      >
        {caseLabel} was resolved. Closing it ends the work on it; it can still be reopened later with a reason.
      </ConfirmDialog>
      <Modal opened={asking === 'reopen'} onClose={() => !reopen.isPending && shut()} title="Reopen this case?" closeButtonProps={{ 'aria-label': 'Keep it as it is' }}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submitReopen();
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{caseLabel} goes back to in progress.</Text>
            <Textarea
              label="Reason"
              description="Kept on the case's timeline."
              required
              data-autofocus
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              error={reasonError}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setReasonError(null);
              }}
            />
            {reopen.error !== null && (
              <Alert color="red" title="The case was not reopened" role="alert">
                {userMessage(reopen.error)}
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={shut} disabled={reopen.isPending}>
                Keep it as it is
              </Button>
              <Button type="submit" loading={reopen.isPending}>
                Reopen case
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
