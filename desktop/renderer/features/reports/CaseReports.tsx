// The service reports of one case (in the case drawer): status, number, revision and engineer,
// with Open, PDF, and for reviewers on a submitted report Approve / Return with a comment.
import { Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ReportSummary } from '../../../../shared/console-api.js';
import { can } from '../../../../shared/permissions.js';
import { REPORT_STATUS_LABELS } from '../../../../shared/service.js';
import { userMessage } from '../../api/error-message.js';
import { goTo } from '../../app/hash-route.js';
import { useSession } from '../auth/use-session.js';
import { REPORT_STATUS_COLORS, reportTitle } from './report-format.js';
import { useReportPdfActions } from './use-report-pdf-actions.js';
import { useReportList, useReviewReport } from './use-reports.js';

export function CaseReports({ caseId }: { caseId: string }) {
  const reports = useReportList({ caseId });
  const session = useSession();
  const role = session.data?.user.role ?? null;
  const canReview = role !== null && can(role, 'report.review');
  const pdf = useReportPdfActions();
  const [returning, setReturning] = useState<ReportSummary | null>(null);
  const review = useReviewReport();

  const exportPdf = (report: ReportSummary) => pdf.exportPdf(report.id, reportTitle(report));

  const approve = (report: ReportSummary) =>
    review.mutate(
      { id: report.id, decision: 'approve', comment: '' },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Report approved', message: `${reportTitle(report)} approved; the case is resolved.` }),
        onError: (error) => notifications.show({ color: 'red', title: 'The report could not be approved', message: userMessage(error) }),
      },
    );

  if (reports.isPending) return <Text size="sm" c="dimmed">Loading service reports…</Text>;
  if (reports.isError) return <Text size="sm" c="red" role="alert">Service reports could not be read: {userMessage(reports.error)}</Text>;
  const rows = reports.data;
  return (
    <Stack gap="xs">
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No service reports yet. An engineer writes one from My visits.
        </Text>
      ) : (
        <Table striped withTableBorder aria-label="Service reports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Report</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Engineer</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  {r.number ?? 'Draft (no number yet)'}
                  {r.revision > 1 && <Text span size="xs" c="dimmed"> rev. {r.revision}</Text>}
                  {r.pending && <Text span size="xs" c="orange"> · not synced yet</Text>}
                </Table.Td>
                <Table.Td>
                  <Badge color={REPORT_STATUS_COLORS[r.status]} variant="light">
                    {REPORT_STATUS_LABELS[r.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.engineerName ?? 'Unknown engineer'}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="light" onClick={() => goTo({ name: 'report', id: r.id })}>
                      Open
                    </Button>
                    <Button size="compact-xs" variant="default" onClick={() => exportPdf(r)} loading={pdf.busyId === r.id}>
                      PDF
                    </Button>
                    {canReview && r.status === 'submitted' && (
                      <>
                        <Button size="compact-xs" color="green" onClick={() => approve(r)} loading={review.isPending && review.variables.id === r.id && review.variables.decision === 'approve'}>
                          Approve
                        </Button>
                        <Button size="compact-xs" color="orange" variant="light" onClick={() => setReturning(r)}>
                          Return
                        </Button>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ReturnReportDialog report={returning} onClose={() => setReturning(null)} />
    </Stack>
  );
}

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
