// The actions on a report in a list (a case's reports, the review list): open, PDF, and for a
// reviewer on a submitted report, approve (the case resolves) or return with a comment.
import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ReportSummary } from '../../../../shared/console-api.js';
import { userMessage } from '../../api/error-message.js';
import { goTo } from '../../app/hash-route.js';
import { ReturnReportDialog } from './ReturnReportDialog.js';
import { reportTitle } from './report-format.js';
import { useReportPdfActions } from './use-report-pdf-actions.js';
import { useReviewReport } from './use-reports.js';

export function ReportRowActions({ report, canReview }: { report: ReportSummary; canReview: boolean }) {
  const pdf = useReportPdfActions();
  const review = useReviewReport();
  const [returning, setReturning] = useState(false);
  const approve = () =>
    review.mutate(
      { id: report.id, decision: 'approve', comment: '' },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Report approved', message: `${reportTitle(report)} approved; the case is resolved.` }),
        onError: (error) => notifications.show({ color: 'red', title: 'The report could not be approved', message: userMessage(error) }),
      },
    );
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" variant="light" onClick={() => goTo({ name: 'report', id: report.id })}>
        Open
      </Button>
      <Button size="compact-xs" variant="default" onClick={() => pdf.exportPdf(report.id, reportTitle(report))} loading={pdf.busyId === report.id}>
        PDF
      </Button>
      {canReview && report.status === 'submitted' && (
        <>
          <Button size="compact-xs" color="green" onClick={approve} loading={review.isPending}>
            Approve
          </Button>
          <Button size="compact-xs" color="orange" variant="light" onClick={() => setReturning(true)}>
            Return
          </Button>
        </>
      )}
      <ReturnReportDialog report={returning ? report : null} onClose={() => setReturning(false)} />
    </Group>
  );
}
