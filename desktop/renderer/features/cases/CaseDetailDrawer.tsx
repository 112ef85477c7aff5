// Detail of one case in a side panel (route #/cases/<id>; Escape closes). Shows every field and
// lets the user change what their role permits: status (allowed transitions only), priority,
// severity immediately; title and description with "Save changes".
import { Alert, Badge, Button, Drawer, Group, Loader, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { CaseDetail } from '../../../../shared/console-api.js';
import { PRIORITIES, SEVERITIES, type CasePatch, type Role } from '../../../../shared/domain.js';
import { isAppError } from '../../../../shared/errors.js';
import { userMessage } from '../../api/error-message.js';
import { editRights, statusOptions, textPatch } from './case-edit.js';
import { CHANNEL_LABELS, PENDING_NUMBER_LABEL, SEVERITY_LABELS, caseLabel, formatDateTime, statusLabel, warrantyState } from './case-format.js';
import { useCase, useUpdateCase } from './use-cases.js';

export function CaseDetailDrawer({ caseId, role, onClose }: { caseId: string | null; role: Role; onClose: () => void }) {
  const detail = useCase(caseId);
  const title = detail.data ? caseLabel(detail.data.number, detail.data.title) : 'Case';
  return (
    <Drawer
      opened={caseId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={title}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
      closeButtonProps={{ 'aria-label': 'Close case' }}
    >
      {detail.isPending && caseId !== null ? (
        <Group>
          <Loader size="sm" aria-hidden />
          <Text>Loading case…</Text>
        </Group>
      ) : detail.isError ? (
        <Alert color="red" title="This case could not be loaded">
          {userMessage(detail.error)}
        </Alert>
      ) : detail.data ? (
        // Keyed by id so drafts of one case never leak into another.
        <CaseDetailBody key={detail.data.id} detail={detail.data} role={role} />
      ) : caseId !== null ? (
        <Alert color="yellow" title="Case not found">
          This case is not on this computer. It may have been removed, or it has not synced yet.
        </Alert>
      ) : null}
    </Drawer>
  );
}

function CaseDetailBody({ detail, role }: { detail: CaseDetail; role: Role }) {
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
        <Entry term="Assignee" value={detail.assigneeName ?? 'Unassigned'} />
        <Entry term="Created by" value={detail.createdByName} />
        <Entry term="Created" value={formatDateTime(detail.createdAt)} />
        <Entry term="Updated" value={formatDateTime(detail.updatedAt)} />
      </dl>
    </Stack>
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
