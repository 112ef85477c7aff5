// Asks the reviewer what the engineer should change, then returns the report (the engineer is
// notified and sees the comment).
import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ReportSummary } from '../../../../shared/console-api.js';
import { userMessage } from '../../api/error-message.js';
import { useReviewReport } from './use-reports.js';

/** Asks the reviewer what the engineer should change, then returns the report. */
export function ReturnReportDialog({ report, onClose, onReturned }: { report: Pick<ReportSummary, 'id' | 'number'> | null; onClose: () => void; onReturned?: () => void }) {
  const review = useReviewReport();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setComment('');
    setError(null);
    review.reset();
    onClose();
  };
  const submit = () => {
    if (!report) return;
    if (comment.trim() === '') {
      setError('Say what the engineer should change.');
      return;
    }
    review.mutate(
      { id: report.id, decision: 'return', comment: comment.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'orange', title: 'Report returned', message: 'The engineer is notified and sees your comment.' });
          onReturned?.();
          close();
        },
        onError: (e) => setError(userMessage(e)),
      },
    );
  };
  return (
    <Modal opened={report !== null} onClose={close} title={`Return ${report?.number ?? 'report'} to the engineer`}>
      <Stack>
        <Textarea
          label="What should the engineer change?"
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={error}
          autosize
          minRows={3}
          maxLength={2000}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="orange" onClick={submit} loading={review.isPending}>
            Return report
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
