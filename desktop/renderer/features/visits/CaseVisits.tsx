// The Visits section of a case: its visits (newest first) with engineer, time, checklist and report
// state; "Schedule visit", "Move" and "Cancel" (with a reason) for those who may plan visits.
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { VisitView } from '../../../../shared/console-api.js';
import { cancelVisitArgsSchema } from '../../../../shared/service.js';
import { userMessage } from '../../api/error-message.js';
import { QueryStatus } from '../../ui/QueryStatus.js';
import { useSession } from '../auth/use-session.js';
import { ScheduleVisitDialog } from './ScheduleVisitDialog.js';
import { useCancelVisit, useUpdateVisit, useVisitList } from './use-visits.js';
import { useCase } from '../cases/use-cases.js';
import { caseLabel as formatCaseLabel } from '../cases/case-format.js';
import { VISIT_STATUS_LABELS, checklistLines, mayPlanVisits, reportStatusText, visitWhen } from './visit-format.js';

export function CaseVisits({ caseId }: { caseId: string }) {
  const session = useSession();
  const role = session.data?.user.role ?? null;
  const visits = useVisitList({ caseId });
  // null: closed; 'new': schedule; a visit: move it.
  const [editing, setEditing] = useState<VisitView | 'new' | null>(null);
  const [cancelling, setCancelling] = useState<VisitView | null>(null);
  const detail = useCase(caseId);
  const mayPlan = mayPlanVisits(role, detail.data?.status ?? null);
  const caseLabel = detail.data ? formatCaseLabel(detail.data.number, detail.data.title) : (visits.data?.[0]?.caseLabel ?? 'this case');
  const update = useUpdateVisit();
  const markDone = (visit: VisitView) =>
    update.mutate(
      { id: visit.id, patch: { status: 'done' } },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Visit marked done', message: visitWhen(visit) }),
        onError: (error) => notifications.show({ color: 'red', title: 'The visit was not changed', message: userMessage(error) }),
      },
    );

  return (
    <Stack gap="sm" component="section" aria-labelledby={`visits-${caseId}`}>
      <Group justify="space-between">
        <Title order={3} size="h4" id={`visits-${caseId}`}>
          Visits
        </Title>
        {mayPlan && (
          <Button size="xs" onClick={() => setEditing('new')}>
            Schedule visit
          </Button>
        )}
      </Group>
      <QueryStatus query={visits} loadingLabel="Loading visits…" errorTitle="Visits could not be loaded">
        {visits.data && visits.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No visits planned for this case{mayPlan ? ' yet. Use "Schedule visit" to plan one.' : '.'}
          </Text>
        ) : (
          <Stack gap="xs">
            {(visits.data ?? []).map((visit) => (
              <VisitCard key={visit.id} visit={visit} mayPlan={mayPlan} busy={update.isPending} onMove={() => setEditing(visit)} onDone={() => markDone(visit)} onCancel={() => setCancelling(visit)} />
            ))}
          </Stack>
        )}
      </QueryStatus>
      {mayPlan && (
        <ScheduleVisitDialog
          opened={editing !== null}
          caseId={caseId}
          caseLabel={caseLabel}
          caseNumber={detail.data?.number ?? null}
          assignee={{ id: detail.data?.assigneeId ?? null, name: detail.data?.assigneeName ?? null }}
          visit={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            notifications.show({ color: 'green', title: message, message: 'The engineer will be told.' });
          }}
        />
      )}
      {mayPlan && <CancelVisitDialog key={cancelling?.id ?? 'none'} visit={cancelling} onClose={() => setCancelling(null)} />}
    </Stack>
  );
}

type VisitCardProps = Readonly<{ visit: VisitView; mayPlan: boolean; busy: boolean; onMove: () => void; onDone: () => void; onCancel: () => void }>;

function VisitCard({ visit, mayPlan, busy, onMove, onDone, onCancel }: VisitCardProps) {
  const cancelled = visit.status === 'cancelled';
  return (
    <Paper withBorder p="sm" aria-label={`Visit ${visitWhen(visit)}`} opacity={cancelled ? 0.7 : 1}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} td={cancelled ? 'line-through' : undefined}>
            {visitWhen(visit)}
          </Text>
          <Group gap={4}>
            <Badge tt="none" variant="light" color={cancelled ? 'gray' : visit.status === 'done' ? 'green' : 'blue'}>
              {VISIT_STATUS_LABELS[visit.status]}
            </Badge>
            <Badge tt="none" variant="outline" color="gray">
              Report: {reportStatusText(visit)}
            </Badge>
            {visit.pending && (
              <Badge tt="none" color="yellow" variant="dot">
                Waiting to sync
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="sm">Engineer: {visit.engineerName ?? 'Unknown engineer'}</Text>
        {cancelled && visit.cancelReason && <Text size="sm">Cancelled: {visit.cancelReason}</Text>}
        {!cancelled && (
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {checklistLines(visit.checklist).join('\n')}
          </Text>
        )}
        {mayPlan && visit.status === 'scheduled' && (
          <Group gap="xs" mt={4}>
            <Button size="xs" variant="light" onClick={onMove} aria-label={`Move visit of ${visitWhen(visit)}`}>
              Move
            </Button>
            <Button size="xs" variant="default" onClick={onDone} disabled={busy} aria-label={`Mark visit of ${visitWhen(visit)} done`}>
              Mark done
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={onCancel} aria-label={`Cancel visit of ${visitWhen(visit)}`}>
              Cancel visit
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function CancelVisitDialog({ visit, onClose }: { visit: VisitView | null; onClose: () => void }) {
  const cancel = useCancelVisit();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = () => {
    if (!visit) return;
    const parsed = cancelVisitArgsSchema.safeParse({ id: visit.id, reason });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'Say why the visit is cancelled.');
      return;
    }
    cancel.mutate(parsed.data, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Visit cancelled', message: 'The engineer will be told.' });
        onClose();
      },
    });
  };
  // "Keep visit" rather than "Cancel", so the two buttons never both say cancel.
  return (
    <Modal opened={visit !== null} onClose={() => !cancel.isPending && onClose()} title="Cancel this visit?" closeButtonProps={{ 'aria-label': 'Keep visit' }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
        noValidate
      >
        <Stack gap="sm">
          {visit && <Text size="sm">{`${visitWhen(visit)} with ${visit.engineerName ?? 'the engineer'}.`}</Text>}
          <Textarea
            label="Reason"
            description="The engineer and the site contact see it."
            required
            data-autofocus
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            error={problem}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setProblem(null);
            }}
          />
          {cancel.error !== null && (
            <Alert color="red" title="The visit was not cancelled" role="alert">
              {userMessage(cancel.error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={cancel.isPending}>
              Keep visit
            </Button>
            <Button type="submit" color="red" loading={cancel.isPending}>
              Cancel visit
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
