// Detail of one case in a side panel (route #/cases/<id>; Escape closes). Shows every field and
// lets the user change what their role permits: status (allowed transitions only), priority,
// severity immediately; title and description with "Save changes"; managers and admins may delete
// the case after a confirmation. Below: its visits, its service reports, and Close / Reopen once
// resolved. A case that disappears while open (deleted elsewhere, reassigned away) leaves a clear
// message instead of the form.
import { Alert, Badge, Button, Divider, Drawer, Group, Loader, NativeSelect, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CaseDetail } from '../../../../shared/console-api.js';
import { PRIORITIES, SEVERITIES, type CasePatch, type Role } from '../../../../shared/domain.js';
import { isAppError } from '../../../../shared/errors.js';
import { can } from '../../../../shared/permissions.js';
import { userMessage } from '../../api/error-message.js';
import { useSyncStatus } from '../sync-status/use-sync-status.js';
import { CASE_GONE_TEXT, DELETE_REASON_MAX, caseDeletedMessage, deleteArgs, deleteConfirmText, detailPanelState } from './case-delete.js';
import { editRights, statusOptions, textPatch } from './case-edit.js';
import { CHANNEL_LABELS, PENDING_NUMBER_LABEL, SEVERITY_LABELS, caseLabel, formatDateTime, statusLabel, warrantyState } from './case-format.js';
import { useCase, useDeleteCase, useUpdateCase } from './use-cases.js';
import { CaseTimeline } from '../timeline/CaseTimeline.js';
import { CaseReports } from '../reports/CaseReports.js';
import { CaseVisits } from '../visits/CaseVisits.js';
import { CaseResolutionActions } from './CaseResolutionActions.js';
import { CLOCK_NAMES, WAITING_LABELS, clockDisplay, type ClockName } from '../sla/sla-format.js';
import { SlaBadge } from '../sla/SlaBadge.js';
import { useSlaView } from '../sla/use-sla-view.js';
import { useSession } from '../auth/use-session.js';
import { useEditingPresence, usePresenceOthers } from '../presence/use-presence.js';
import { editingThisCaseText, othersEditing } from '../presence/presence-format.js';
import type { SlaStatus } from '../../../../shared/sla/types.js';
import { WAITING_REASONS } from '../../../../shared/sla/types.js';

type Shown = Readonly<{ id: string; label: string }>;

export function CaseDetailDrawer({ caseId, role, onClose }: { caseId: string | null; role: Role; onClose: () => void }) {
  const detail = useCase(caseId);
  const { data: status } = useSyncStatus();
  const remove = useDeleteCase();
  // The last case this panel showed, so one that vanishes is told apart from one never found.
  const [shown, setShown] = useState<Shown | null>(null);
  const [confirmingFor, setConfirmingFor] = useState<string | null>(null);
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const session = useSession();
  const presence = usePresenceOthers();
  // A soft lock: while this panel shows a case, others see that this user is editing it.
  useEditingPresence(caseId !== null && detail.data ? caseId : null);
  const editingNotice = caseId ? editingThisCaseText(othersEditing(presence.data, caseId, session.data?.user.id ?? null)) : null;

  const currentLabel = detail.data ? caseLabel(detail.data.number, detail.data.title) : null;
  if (detail.data && currentLabel && (shown?.id !== detail.data.id || shown.label !== currentLabel)) {
    setShown({ id: detail.data.id, label: currentLabel });
  }
  const wasShown = caseId !== null && shown?.id === caseId;
  const state = detailPanelState({
    open: caseId !== null,
    isPending: detail.isPending,
    error: detail.error,
    hasData: Boolean(detail.data),
    wasShown,
    deleting: caseId !== null && deletingId === caseId,
  });
  const confirming = caseId !== null && confirmingFor === caseId && state === 'shown';
  const label = currentLabel ?? (wasShown ? shown.label : null);

  const deleteCase = (reason: string) => {
    if (caseId === null || remove.isPending) return;
    const id = caseId;
    const deletedLabel = label ?? 'The case';
    setDeleteError(null);
    setDeletingId(id);
    remove.mutate(deleteArgs(id, reason), {
      onSuccess: () => {
        setConfirmingFor(null);
        notifications.show({ color: 'green', title: 'Case deleted', message: caseDeletedMessage(deletedLabel, status?.connection) });
        onClose();
      },
      onError: (error) => {
        setDeletingId(null);
        setDeleteError(userMessage(error));
      },
    });
  };

  return (
    <Drawer
      opened={caseId !== null}
      onClose={onClose}
      // While the delete question is open, Escape answers it ("Cancel") instead of closing the panel.
      closeOnEscape={!confirming}
      position="right"
      size="xl"
      title={state === 'shown' || state === 'deleting' ? (label ?? 'Case') : 'Case'}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
      // Not "Close case": that is the action that closes a resolved case.
      closeButtonProps={{ 'aria-label': 'Close panel' }}
    >
      {state === 'loading' ? (
        <Group>
          <Loader size="sm" aria-hidden />
          <Text>Loading case…</Text>
        </Group>
      ) : state === 'error' ? (
        <Alert color="red" title="This case could not be loaded">
          {userMessage(detail.error)}
        </Alert>
      ) : state === 'deleting' ? (
        <Group>
          <Loader size="sm" aria-hidden />
          <Text>Deleting case…</Text>
        </Group>
      ) : state === 'gone' ? (
        <Alert color="yellow" title="Case no longer available">
          {CASE_GONE_TEXT}
        </Alert>
      ) : state === 'shown' && detail.data ? (
        <Stack gap="md">
          {editingNotice && (
            <Alert color="grape" variant="light" p="xs" role="status">
              {editingNotice}. Your changes may cross theirs.
            </Alert>
          )}
          {/* Keyed by id so drafts of one case never leak into another. */}
          <CaseDetailBody key={detail.data.id} detail={detail.data} computedAt={detail.dataUpdatedAt} role={role} />
          <CaseResolutionActions key={`resolution-${detail.data.id}`} caseId={detail.data.id} caseLabel={label ?? 'This case'} status={detail.data.status} role={role} />
          <Divider />
          <CaseVisits key={`visits-${detail.data.id}`} caseId={detail.data.id} />
          <Divider />
          <Stack gap="sm" component="section" aria-labelledby={`reports-${detail.data.id}`}>
            <Title order={3} size="h4" id={`reports-${detail.data.id}`}>
              Service reports
            </Title>
            <CaseReports key={`reports-${detail.data.id}`} caseId={detail.data.id} />
          </Stack>
          <Divider />
          <CaseTimeline key={`timeline-${detail.data.id}`} caseId={detail.data.id} role={role} contactEmail={detail.data.contactEmail} />
          {can(role, 'case.delete') && (
            <DeleteCaseSection
              key={`delete-${detail.data.id}`}
              caseLabel={label ?? 'This case'}
              confirming={confirming}
              pending={remove.isPending}
              error={deleteError}
              onAsk={() => {
                setDeleteError(null);
                setConfirmingFor(detail.data?.id ?? null);
              }}
              onCancel={() => {
                setDeleteError(null);
                setConfirmingFor(null);
              }}
              onConfirm={deleteCase}
            />
          )}
        </Stack>
      ) : state === 'not-found' ? (
        <Alert color="yellow" title="Case not found">
          This case is not on this computer. It may have been removed, or it has not synced yet.
        </Alert>
      ) : null}
    </Drawer>
  );
}

type DeleteCaseSectionProps = Readonly<{
  caseLabel: string;
  confirming: boolean;
  pending: boolean;
  error: string | null;
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}>;

function DeleteCaseSection({ caseLabel: label, confirming, pending, error, onAsk, onCancel, onConfirm }: DeleteCaseSectionProps) {
  const askRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const [reason, setReason] = useState('');

  // The question takes focus; "Cancel" gives it back to the button that asked.
  useEffect(() => {
    if (confirming) {
      asked.current = true;
      cancelRef.current?.focus();
    } else if (asked.current) {
      asked.current = false;
      setReason('');
      askRef.current?.focus();
    }
  }, [confirming]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !pending) {
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <Stack gap="sm">
      <Divider />
      {!confirming ? (
        <Group>
          <Button ref={askRef} color="red" variant="light" onClick={onAsk}>
            Delete case
          </Button>
        </Group>
      ) : (
        <Paper withBorder p="md" bg="red.0" role="alertdialog" aria-labelledby="delete-case-title" aria-describedby="delete-case-text" onKeyDown={onKeyDown}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              onConfirm(reason);
            }}
          >
            <Stack gap="sm">
              <Text fw={700} id="delete-case-title">
                Delete this case?
              </Text>
              <Text size="sm" id="delete-case-text">
                {deleteConfirmText(label)}
              </Text>
              <Textarea
                label="Reason"
                description="Optional. Kept with the case's history on the hub."
                autosize
                minRows={2}
                maxRows={6}
                maxLength={DELETE_REASON_MAX}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              {error && (
                <Alert color="red" title="The case was not deleted">
                  {error}
                </Alert>
              )}
              <Group gap="xs">
                <Button ref={cancelRef} variant="default" onClick={onCancel} disabled={pending}>
                  Cancel
                </Button>
                <Button type="submit" color="red" loading={pending}>
                  Delete case
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}

const WAITING_OPTIONS = [{ value: '', label: 'Nothing (clocks run)' }, ...WAITING_REASONS.map((r) => ({ value: r, label: r === 'customer' ? 'The customer' : 'Parts' }))];

function CaseDetailBody({ detail, computedAt, role }: { detail: CaseDetail; computedAt: number; role: Role }) {
  const rights = editRights(role);
  const update = useUpdateCase();
  const [titleDraft, setTitleDraft] = useState<string | null>(null);
  const [descriptionDraft, setDescriptionDraft] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Readonly<Record<string, string>>>({});
  const warranty = warrantyState(detail.warrantyEnd, new Date());

  const save = (patch: CasePatch, onSaved?: () => void) => {
    update.mutate(
      { id: detail.id, patch },
      {
        onSuccess: () => {
          setFieldErrors({});
          onSaved?.();
        },
        onError: (error) => {
          const fields = isAppError(error) ? error.details?.fields : undefined;
          if (fields) setFieldErrors(fields);
          notifications.show({ color: 'red', title: 'Change not saved', message: userMessage(error) });
        },
      },
    );
  };

  const edited = { title: titleDraft ?? detail.title, description: descriptionDraft ?? detail.description };
  const pendingText = textPatch({ title: detail.title, description: detail.description }, edited);

  return (
    <Stack gap="md">
      {(!detail.number || detail.pending) && (
        <Group gap="xs">
          {!detail.number && (
            <Badge tt="none" color="yellow" variant="light">
              {PENDING_NUMBER_LABEL}
            </Badge>
          )}
          {detail.pending && (
            <Badge tt="none" color="yellow" variant="dot">
              Changes waiting to sync
            </Badge>
          )}
        </Group>
      )}

      <Group grow align="flex-start">
        {rights.canChangeStatus ? (
          <NativeSelect
            label="Status"
            data={statusOptions(detail.status)}
            value={detail.status}
            error={fieldErrors.status}
            disabled={update.isPending}
            onChange={(e) => {
              const status = statusOptions(detail.status).find((o) => o.value === e.currentTarget.value)?.value;
              if (status && status !== detail.status) save({ status });
            }}
          />
        ) : (
          <ReadOnlyField label="Status" value={statusLabel(detail.status)} />
        )}
        {rights.canEdit ? (
          <NativeSelect
            label="Priority"
            data={[...PRIORITIES]}
            value={detail.priority}
            error={fieldErrors.priority}
            disabled={update.isPending}
            onChange={(e) => {
              const priority = PRIORITIES.find((p) => p === e.currentTarget.value);
              if (priority && priority !== detail.priority) save({ priority });
            }}
          />
        ) : (
          <ReadOnlyField label="Priority" value={detail.priority} />
        )}
        {rights.canEdit ? (
          <NativeSelect
            label="Severity"
            data={SEVERITIES.map((value) => ({ value, label: SEVERITY_LABELS[value] }))}
            value={detail.severity}
            error={fieldErrors.severity}
            disabled={update.isPending}
            onChange={(e) => {
              const severity = SEVERITIES.find((s) => s === e.currentTarget.value);
              if (severity && severity !== detail.severity) save({ severity });
            }}
          />
        ) : (
          <ReadOnlyField label="Severity" value={SEVERITY_LABELS[detail.severity]} />
        )}
      </Group>

      <Group grow align="flex-start">
        {rights.canChangeStatus ? (
          <NativeSelect
            label="Waiting for"
            description="Pauses the SLA clocks."
            data={WAITING_OPTIONS}
            value={detail.waitingFor ?? ''}
            error={fieldErrors.waitingFor}
            disabled={update.isPending}
            onChange={(e) => {
              const value = e.currentTarget.value;
              const waitingFor = WAITING_REASONS.find((r) => r === value) ?? null;
              if (waitingFor !== detail.waitingFor) save({ waitingFor });
            }}
          />
        ) : (
          <ReadOnlyField label="Waiting for" value={detail.waitingFor ? `Waiting for ${WAITING_LABELS[detail.waitingFor]}` : 'Nothing'} />
        )}
        <SlaClocks sla={detail.sla} computedAt={computedAt} />
      </Group>

      {rights.canEdit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (pendingText)
              save(pendingText, () => {
                setTitleDraft(null);
                setDescriptionDraft(null);
              });
          }}
        >
          <Stack gap="sm">
            <TextInput label="Title" value={edited.title} error={fieldErrors.title} onChange={(e) => setTitleDraft(e.currentTarget.value)} />
            <Textarea
              label="Description"
              autosize
              minRows={3}
              maxRows={12}
              value={edited.description}
              error={fieldErrors.description}
              onChange={(e) => setDescriptionDraft(e.currentTarget.value)}
            />
            <Group>
              <Button type="submit" disabled={!pendingText} loading={update.isPending}>
                Save changes
              </Button>
              {pendingText && (
                <Button
                  variant="subtle"
                  onClick={() => {
                    setTitleDraft(null);
                    setDescriptionDraft(null);
                  }}
                >
                  Discard edits
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap={4}>
          <Text fw={600}>{detail.title}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {detail.description || 'No description.'}
          </Text>
        </Stack>
      )}

      <dl className="detail-list" aria-label="Case details">
        <Entry term="Contact" value={detail.contactName} />
        <Entry term="Phone" value={detail.contactPhone} />
        <Entry term="Email" value={detail.contactEmail} />
        <Entry term="Channel" value={CHANNEL_LABELS[detail.channel]} />
        <Entry term="Serial" value={detail.serial} />
        <Entry
          term="Projector"
          value={detail.projectorId ? [detail.projectorManufacturer, detail.projectorModel].filter(Boolean).join(' ') : 'Serial not found in the installed base'}
        />
        <Entry term="Site" value={[detail.siteName, detail.siteAddress].filter(Boolean).join(', ')} />
        <Entry term="Region" value={detail.region} />
        <Entry term="Customer" value={detail.customerName} />
        <Entry term="Warranty" value={warranty?.label ?? null} />
        <Entry term="Service contract" value={detail.contractEnd ? `Until ${detail.contractEnd}` : 'None'} />
        <Entry term="Assignee" value={detail.assigneeName ?? 'Unassigned'} />
        <Entry term="Created by" value={detail.createdByName} />
        <Entry term="Created" value={formatDateTime(detail.createdAt)} />
        <Entry term="Updated" value={formatDateTime(detail.updatedAt)} />
        {detail.resolvedAt && <Entry term="Resolved" value={formatDateTime(detail.resolvedAt)} />}
      </dl>
    </Stack>
  );
}

/** Both SLA clocks with their due times, moving on every 30 s. */
function SlaClocks({ sla, computedAt }: { sla: SlaStatus; computedAt: number }) {
  const view = useSlaView();
  const status = view.project(sla, computedAt);
  const clocks: ClockName[] = ['firstResponse', 'resolution'];
  return (
    <div role="group" aria-label="SLA">
      <Text size="sm" fw={500} mb={4}>
        SLA ({status.priority})
      </Text>
      <dl className="detail-list">
        {clocks.map((name) => {
          const clock = status[name];
          return (
            <div key={name} style={{ display: 'contents' }}>
              <dt>{CLOCK_NAMES[name]}</dt>
              <dd>
                <Group gap={6} wrap="wrap">
                  <SlaBadge display={clockDisplay(name, clock, view.now, status.pausedFor)} />
                  <Text size="xs" c="dimmed" className="nowrap">
                    {clock.stoppedAt ? `done ${formatDateTime(clock.stoppedAt)}` : clock.dueAt ? `due ${formatDateTime(clock.dueAt)}` : 'no due time while paused'}
                  </Text>
                </Group>
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

function Entry({ term, value }: { term: string; value: string | null }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value || '—'}</dd>
    </>
  );
}

function ReadOnlyField({ label, value }: { label: string; value: string }) {
  return <TextInput label={label} value={value} readOnly variant="filled" />;
}
