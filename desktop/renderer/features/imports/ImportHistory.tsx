// The import history: every import job the hub knows (kind, file, who, when, status, counts), with
// Resume for an interrupted one this console can continue and Undo (confirmed) for a finished one.
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import type { ImportJobSummary } from '../../../../shared/console-api.js';
import { IMPORT_KIND_LABELS, type ImportUndoResult } from '../../../../shared/import.js';
import { userMessage } from '../../api/error-message.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { EmptyState, QueryStatus } from '../../ui/QueryStatus.js';
import { formatDateTime } from '../cases/case-format.js';
import { JOB_STATUS_COLORS, canResume, canUndo, formatCount, jobCountsText, jobStatusLabel, undoSummary } from './import-model.js';
import { ProgressPanel } from './ProgressPanel.js';
import { useCancelOperation, useImportJobs, useImportProgress, useResume, useUndo } from './use-imports.js';

/** Rows kept by an undo listed in its result (the rest are counted). */
const KEPT_SHOWN = 200;

export type ImportHistoryProps = Readonly<{
  /** The wizard is committing: the job it writes shows as running, not interrupted. */
  committing: boolean;
  /** Resume and undo wait while the wizard runs a long step. */
  busy: boolean;
}>;

export function ImportHistory({ committing, busy }: ImportHistoryProps) {
  const jobs = useImportJobs();
  const resume = useResume();
  const undo = useUndo();
  const cancel = useCancelOperation();
  const [resumeOp, setResumeOp] = useState<Readonly<{ jobId: string; operationId: string; cancelled: boolean }> | null>(null);
  const progress = useImportProgress(resumeOp?.operationId ?? null);
  const [undoTarget, setUndoTarget] = useState<ImportJobSummary | null>(null);
  const [undone, setUndone] = useState<Readonly<{ job: ImportJobSummary; result: ImportUndoResult }> | null>(null);
  const [resumeMessage, setResumeMessage] = useState<Readonly<{ ok: boolean; text: string }> | null>(null);
  // Read when the resume call settles, after the state it was started with.
  const cancelledRef = useRef(false);
  const working = busy || resumeOp !== null || undo.isPending;

  const startResume = (job: ImportJobSummary) => {
    const operationId = crypto.randomUUID();
    setResumeMessage(null);
    cancelledRef.current = false;
    setResumeOp({ jobId: job.id, operationId, cancelled: false });
    resume.mutate(
      { jobId: job.id, operationId },
      {
        onSuccess: (result) =>
          setResumeMessage({
            ok: true,
            text: `${job.fileName}: ${result.job.status === 'cancelled' ? 'cancelled' : 'finished'}. ${jobCountsText(result.job)}.`,
          }),
        onError: (error) =>
          setResumeMessage({ ok: false, text: cancelledRef.current ? 'Resume cancelled. The rows sent so far stay imported.' : userMessage(error) }),
        onSettled: () => setResumeOp(null),
      },
    );
  };

  const cancelResume = () => {
    if (!resumeOp || resumeOp.cancelled) return;
    cancelledRef.current = true;
    setResumeOp({ ...resumeOp, cancelled: true });
    cancel.mutate(resumeOp.operationId);
  };

  const runUndo = () => {
    const job = undoTarget;
    if (!job) return;
    undo.mutate(job.id, {
      onSuccess: (result) => {
        setUndoTarget(null);
        setUndone({ job, result });
      },
    });
  };

  return (
    <section aria-labelledby="import-history-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="import-history-title">
            Import history
          </Title>
          <Button variant="default" size="xs" onClick={() => void jobs.refetch()} loading={jobs.isRefetching}>
            Refresh
          </Button>
        </Group>
        {resumeOp && (
          <ProgressPanel title="Resuming the import" progress={progress} startingText="Asking the hub where the import stopped…" cancelling={resumeOp.cancelled} onCancel={cancelResume} />
        )}
        {resumeMessage && (
          <Alert color={resumeMessage.ok ? 'green' : 'red'} title={resumeMessage.ok ? 'Import resumed' : 'The import could not be resumed'} withCloseButton onClose={() => setResumeMessage(null)}>
            {resumeMessage.text}
          </Alert>
        )}
        <QueryStatus query={jobs} loadingLabel="Loading the import history…" errorTitle="The import history could not be loaded">
          {(jobs.data ?? []).length === 0 ? (
            <EmptyState>No imports yet.</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={960}>
              <Table aria-label="Import history" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">What</Table.Th>
                    <Table.Th scope="col">File</Table.Th>
                    <Table.Th scope="col">By</Table.Th>
                    <Table.Th scope="col">Started</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Rows</Table.Th>
                    <Table.Th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(jobs.data ?? []).map((job) => (
                    <Table.Tr key={job.id}>
                      <Table.Td>{IMPORT_KIND_LABELS[job.kind]}</Table.Td>
                      <Table.Td>{job.fileName}</Table.Td>
                      <Table.Td>{job.createdByName ?? 'Unknown'}</Table.Td>
                      <Table.Td>{formatDateTime(job.createdAt)}</Table.Td>
                      <Table.Td>
                        <Badge tt="none" variant="light" color={JOB_STATUS_COLORS[job.status]}>
                          {jobStatusLabel(job, committing || job.id === resumeOp?.jobId)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{jobCountsText(job)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {canResume(job) && (
                            <Button size="xs" variant="light" onClick={() => startResume(job)} disabled={working} aria-label={`Resume the import of ${job.fileName}`}>
                              Resume
                            </Button>
                          )}
                          {canUndo(job) && (
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              onClick={() => {
                                undo.reset();
                                setUndoTarget(job);
                              }}
                              disabled={working}
                              aria-label={`Undo the import of ${job.fileName}`}
                            >
                              Undo import
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryStatus>
      </Stack>
      <ConfirmDialog
        opened={undoTarget !== null}
        title="Undo this import?"
        confirmLabel="Undo import"
        busy={undo.isPending}
        error={undo.error}
        onConfirm={runUndo}
        onClose={() => setUndoTarget(null)}
      >
        {undoTarget && (
          <Stack gap={4}>
            <Text size="sm">
              {undoTarget.fileName} ({IMPORT_KIND_LABELS[undoTarget.kind]}, {formatDateTime(undoTarget.createdAt)}): {formatCount(undoTarget.created)} created,{' '}
              {formatCount(undoTarget.updated)} updated.
            </Text>
            <Text size="sm">
              Rows it created are removed (engineers it created are deactivated) and rows it changed are put back, unless they changed again since or a case refers to them.
            </Text>
          </Stack>
        )}
      </ConfirmDialog>
      <Modal opened={undone !== null} onClose={() => setUndone(null)} title="Import undone" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
        {undone && (
          <Stack gap="sm">
            <Text size="sm">
              {undone.job.fileName}: {undoSummary(undone.result)}
            </Text>
            {undone.result.kept.length > 0 && (
              <Table aria-label="Rows kept as they are">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Row</Table.Th>
                    <Table.Th scope="col">Kept because</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {undone.result.kept.slice(0, KEPT_SHOWN).map((k) => (
                    <Table.Tr key={`${k.entity}:${k.id}`}>
                      <Table.Td>{k.label}</Table.Td>
                      <Table.Td>{k.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {undone.result.kept.length > KEPT_SHOWN && (
              <Text size="sm" c="dimmed">
                And {formatCount(undone.result.kept.length - KEPT_SHOWN)} more (the audit log has every one).
              </Text>
            )}
            <Group justify="flex-end">
              <Button onClick={() => setUndone(null)} data-autofocus>
                Close
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </section>
  );
}
