// The engineer's own visits: the next 14 days and the past 7, by day, each with its case, site,
// address, time, site preparation checklist and report state, and the button to write or open the
// visit's service report. Read from this console's cache, so it works offline on site.
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { VisitView } from '../../../../shared/console-api.js';
import { can } from '../../../../shared/permissions.js';
import { EmptyState, QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { useSession } from '../auth/use-session.js';
import { CaseDetailDrawer } from '../cases/CaseDetailDrawer.js';
import { useVisitList } from './use-visits.js';
import { addDays, localToday, timeSpan } from './visit-dates.js';
import { VISIT_STATUS_LABELS, checklistLines, groupByDay, reportAction, reportStatusText, splitUpcoming } from './visit-format.js';

export type MyVisitsScreenProps = Readonly<{ onOpenReport: (reportId: string | null, caseId: string, visitId: string) => void }>;

export function MyVisitsScreen({ onOpenReport }: MyVisitsScreenProps) {
  const session = useSession();
  const role = session.data?.user.role ?? null;
  const mayWrite = role !== null && can(role, 'report.write');
  const today = localToday();
  const range = useMemo(() => ({ mine: true, from: addDays(today, -7), to: addDays(today, 14) }), [today]);
  const visits = useVisitList(range);
  const [openCaseId, setOpenCaseId] = useState<string | null>(null);
  const { upcoming, past } = useMemo(() => splitUpcoming(visits.data ?? [], today), [visits.data, today]);
  const upcomingGroups = groupByDay(upcoming, today, addDays(today, 1));
  const pastGroups = groupByDay(past, today, addDays(today, 1)).reverse();

  return (
    <Stack gap="md">
      <ScreenHeader id="my-visits-title" title="My visits" description="Your site visits for the next 14 days and the past week. This list is on your computer: it works without a network, and reports you write sync when you are back online." />
      <QueryStatus query={visits} loadingLabel="Loading your visits…" errorTitle="Your visits could not be loaded">
        {visits.data && visits.data.length === 0 ? (
          <EmptyState>No visits planned for you between {range.from} and {range.to}.</EmptyState>
        ) : (
          <Stack gap="lg">
            <VisitGroups title="Coming up" empty="Nothing planned from today on." groups={upcomingGroups} mayWrite={mayWrite} onOpenReport={onOpenReport} onOpenCase={setOpenCaseId} />
            {pastGroups.length > 0 && <VisitGroups title="Past week" empty="" groups={pastGroups} mayWrite={mayWrite} onOpenReport={onOpenReport} onOpenCase={setOpenCaseId} />}
          </Stack>
        )}
      </QueryStatus>
      {openCaseId !== null && role !== null && <CaseDetailDrawer caseId={openCaseId} role={role} onClose={() => setOpenCaseId(null)} />}
    </Stack>
  );
}

type GroupsProps = Readonly<{
  title: string;
  empty: string;
  groups: readonly { date: string; label: string; visits: VisitView[] }[];
  mayWrite: boolean;
  onOpenReport: MyVisitsScreenProps['onOpenReport'];
  onOpenCase: (caseId: string) => void;
}>;

function VisitGroups({ title, empty, groups, mayWrite, onOpenReport, onOpenCase }: GroupsProps) {
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={3} size="h4">
        {title}
      </Title>
      {groups.length === 0 && <Text c="dimmed">{empty}</Text>}
      {groups.map((group) => (
        <Stack key={group.date} gap="xs">
          <Text fw={600} size="sm" c="dimmed">
            {group.label}
          </Text>
          {group.visits.map((visit) => (
            <MyVisitCard key={visit.id} visit={visit} mayWrite={mayWrite} onOpenReport={onOpenReport} onOpenCase={onOpenCase} />
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

function MyVisitCard({ visit, mayWrite, onOpenReport, onOpenCase }: { visit: VisitView; mayWrite: boolean; onOpenReport: MyVisitsScreenProps['onOpenReport']; onOpenCase: (caseId: string) => void }) {
  const action = reportAction(visit);
  const cancelled = visit.status === 'cancelled';
  return (
    <Paper withBorder p="sm" component="article" aria-label={`${timeSpan(visit.start, visit.durationMinutes)} ${visit.caseLabel}`} opacity={cancelled ? 0.7 : 1}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: 1, minWidth: 260 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} td={cancelled ? 'line-through' : undefined}>
              {timeSpan(visit.start, visit.durationMinutes)}
            </Text>
            <Text fw={600}>{visit.caseLabel}</Text>
            <Badge tt="none" variant="light" color={cancelled ? 'gray' : visit.status === 'done' ? 'green' : 'blue'}>
              {VISIT_STATUS_LABELS[visit.status]}
            </Badge>
            <Badge tt="none" variant="outline" color={visit.reportStatus === 'returned' ? 'red' : 'gray'}>
              Report: {reportStatusText(visit)}
            </Badge>
            {visit.pending && (
              <Badge tt="none" color="yellow" variant="dot">
                Waiting to sync
              </Badge>
            )}
          </Group>
          <Text size="sm">{visit.caseTitle}</Text>
          <Text size="sm">
            {visit.siteName ?? 'No site'}
            {visit.siteAddress ? ` · ${visit.siteAddress}` : ''}
          </Text>
          {visit.travelMinutes > 0 && <Text size="xs" c="dimmed">Allow {visit.travelMinutes} min travel before.</Text>}
          {cancelled ? (
            <Text size="sm">Cancelled{visit.cancelReason ? `: ${visit.cancelReason}` : ''}</Text>
          ) : (
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {checklistLines(visit.checklist).join('\n')}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => onOpenCase(visit.caseId)} aria-label={`Open case ${visit.caseLabel}`}>
            Open case
          </Button>
          {mayWrite && action && (
            <Button size="xs" onClick={() => onOpenReport(action.reportId, visit.caseId, visit.id)} aria-label={`${action.label} for ${visit.caseLabel} on ${visit.date}`}>
              {action.label}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
