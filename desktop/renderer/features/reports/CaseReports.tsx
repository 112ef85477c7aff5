// The service reports of one case (in the case drawer): status, number, revision and engineer,
// with Open, PDF, and for reviewers on a submitted report Approve / Return with a comment.
import { Badge, Stack, Table, Text } from '@mantine/core';
import { can } from '../../../../shared/permissions.js';
import { REPORT_STATUS_LABELS } from '../../../../shared/service.js';
import { userMessage } from '../../api/error-message.js';
import { useSession } from '../auth/use-session.js';
import { REPORT_STATUS_COLORS } from './report-format.js';
import { ReportRowActions } from './ReportRowActions.js';
import { useReportList } from './use-reports.js';

export function CaseReports({ caseId }: { caseId: string }) {
  const reports = useReportList({ caseId });
  const session = useSession();
  const role = session.data?.user.role ?? null;
  const canReview = role !== null && can(role, 'report.review');

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
                  <ReportRowActions report={r} canReview={canReview} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
