// Schedule or move a visit: engineer (the case's assignee first), day, start, length, travel and
// the site preparation checklist. Clashes (double bookings, time off, days off, outside hours) are
// checked live as the form changes and shown before saving; saving a clashing visit asks first. A
// visit with someone other than the case's assignee asks to reassign the case to them (one write).
import { Alert, Button, Checkbox, Group, List, Loader, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { VisitClash, VisitView } from '../../../../shared/console-api.js';
import { isAppError } from '../../../../shared/errors.js';
import type { VisitChecklist } from '../../../../shared/service.js';
import { userMessage } from '../../api/error-message.js';
import { can } from '../../../../shared/permissions.js';
import { useSession } from '../auth/use-session.js';
import { CLASH_LABELS, checkArgs, clashConfirmText, movePatch, newScheduleForm, moveForm, reassignStep, scheduleArgs, validateScheduleForm, type ScheduleErrors, type ScheduleForm } from './schedule-form.js';
import { layoutCalendar } from './calendar-model.js';
import { CalendarGrid } from './CalendarGrid.js';
import { useCalendar, useEngineers, useFetchVisitCheck, useScheduleVisit, useUpdateVisit, useVisitCheck, useVisitDefaults } from './use-visits.js';
import { localToday } from './visit-dates.js';

export type ScheduleVisitDialogProps = Readonly<{
  opened: boolean;
  caseId: string;
  caseLabel: string;
  /** The case's number and assignee: a visit with someone else reassigns the case (asked first). */
  caseNumber: string | null;
  assignee: Readonly<{ id: string | null; name: string | null }>;
  /** The visit to move; null schedules a new one. */
  visit: VisitView | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}>;

export function ScheduleVisitDialog({ opened, caseId, caseLabel, caseNumber, assignee, visit, onClose, onSaved }: ScheduleVisitDialogProps) {
  const defaults = useVisitDefaults(caseId, opened && visit === null);
  const ready = visit !== null || defaults.isSuccess || defaults.isError;
  return (
    <Modal opened={opened} onClose={onClose} title={visit ? `Move visit for ${caseLabel}` : `Schedule visit for ${caseLabel}`} size="lg">
      {!opened ? null : !ready ? (
        <Group>
          <Loader size="sm" aria-hidden />
          <Text>Preparing the visit…</Text>
        </Group>
      ) : (
        <Stack gap="sm">
          {defaults.isError && (
            <Alert color="yellow" title="No suggestions for this case">
              {userMessage(defaults.error)} Fill in the visit by hand.
            </Alert>
          )}
          <ScheduleVisitForm
            key={visit?.id ?? 'new'}
            caseId={caseId}
            caseNumber={caseNumber}
            assignee={assignee}
            visit={visit}
            initial={visit ? moveForm(visit) : newScheduleForm(defaults.data, localToday())}
            onCancel={onClose}
            onSaved={onSaved}
          />
        </Stack>
      )}
    </Modal>
  );
}

type ScheduleVisitFormProps = Readonly<{
  caseId: string;
  caseNumber: string | null;
  assignee: Readonly<{ id: string | null; name: string | null }>;
  visit: VisitView | null;
  initial: ScheduleForm;
  onCancel: () => void;
  onSaved: (message: string) => void;
}>;

function ScheduleVisitForm({ caseId, caseNumber, assignee, visit, initial, onCancel, onSaved }: ScheduleVisitFormProps) {
  const [form, setForm] = useState<ScheduleForm>(initial);
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<ScheduleErrors>({});
  // The clashes the user is asked to accept (null: not asking).
  const [confirming, setConfirmingClashes] = useState<readonly VisitClash[] | null>(null);
  const [verifying, setVerifying] = useState(false);
  // Asking whether the chosen engineer takes the case over; `reassignOk` once the planner said yes.
  const [askingReassign, setAskingReassign] = useState(false);
  const [reassignOk, setReassignOk] = useState(false);
  const session = useSession();
  const role = session.data?.user.role ?? null;
  const fetchCheck = useFetchVisitCheck();
  const engineers = useEngineers();
  const check = useVisitCheck(checkArgs(form, visit?.id));
  const schedule = useScheduleVisit();
  const update = useUpdateVisit();
  const saving = schedule.isPending || update.isPending;
  const error = schedule.error ?? update.error;

  const validation = validateScheduleForm(form);
  const errors: ScheduleErrors = { ...(touched && !validation.ok ? validation.errors : {}), ...serverErrors };
  const clashes = check.data ?? [];
  const checking = check.isFetching;
  const confirmText = confirming === null ? null : (clashConfirmText(confirming) ?? 'Clashes could not be checked just now. Save anyway?');

  const set = (patch: Partial<ScheduleForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setServerErrors({});
    setConfirmingClashes(null);
    setAskingReassign(false);
    setReassignOk(false);
  };
  const setChecklist = (patch: Partial<VisitChecklist>) => set({ checklist: { ...form.checklist, ...patch } });

  const engineerOptions = [
    { value: '', label: 'Choose an engineer' },
    ...(engineers.data ?? []).filter((u) => u.active || u.id === form.engineerId).map((u) => ({ value: u.id, label: u.regions.length > 0 ? `${u.name} (${u.regions.join(', ')})` : u.name })),
  ];
  if (form.engineerId !== '' && !engineerOptions.some((o) => o.value === form.engineerId)) engineerOptions.push({ value: form.engineerId, label: visit?.engineerName ?? 'Assigned engineer' });
  // Moving a visit without changing its engineer never touches the assignment.
  const engineerChanges = visit === null || form.engineerId !== visit.engineerId;
  const step = engineerChanges
    ? reassignStep({
        engineerId: form.engineerId,
        engineerName: (engineers.data ?? []).find((u) => u.id === form.engineerId)?.name ?? null,
        caseNumber,
        assigneeId: assignee.id,
        assigneeName: assignee.name,
        mayAssign: role !== null && can(role, 'case.assign'),
      })
    : ({ kind: 'none' } as const);
  const reassign = step.kind === 'confirm' && reassignOk;
  // Said as soon as the engineer is picked: this planner cannot hand the case over.
  const shownErrors: ScheduleErrors = step.kind === 'refuse' ? { ...errors, engineerId: step.message } : errors;

  const save = async (confirmed: boolean, reassignConfirmed = reassignOk) => {
    setTouched(true);
    const args = checkArgs(form, visit?.id);
    if (!validation.ok || !args) return;
    if (step.kind === 'refuse') return;
    if (step.kind === 'confirm' && !reassignConfirmed) {
      setAskingReassign(true);
      return;
    }
    if (!confirmed) {
      // The live answer may be for what was typed a moment ago: ask again for exactly this form.
      let latest: readonly VisitClash[];
      try {
        setVerifying(true);
        latest = await fetchCheck(args);
      } catch {
        // The check is advice; when it cannot be had, the user decides (an empty list asks that way).
        setConfirmingClashes([]);
        return;
      } finally {
        setVerifying(false);
      }
      if (latest.length > 0) {
        setConfirmingClashes(latest);
        return;
      }
    }
    const onError = (e: unknown) => {
      setConfirmingClashes(null);
      const fields = isAppError(e) ? e.details?.fields : undefined;
      if (fields) setServerErrors(fields as ScheduleErrors);
    };
    const withReassign = step.kind === 'confirm' && reassignConfirmed ? { reassignCase: true } : {};
    if (visit) {
      const patch = movePatch(visit, validation.value);
      if (!patch) {
        onCancel();
        return;
      }
      const moved = step.kind === 'confirm' ? `Visit moved; the case is now ${step.engineerName}'s.` : 'Visit moved.';
      update.mutate({ id: visit.id, patch, ...withReassign }, { onSuccess: () => onSaved(moved), onError });
    } else {
      const scheduled = step.kind === 'confirm' ? `Visit scheduled; the case is now ${step.engineerName}'s.` : 'Visit scheduled.';
      schedule.mutate({ ...scheduleArgs(caseId, validation.value), ...withReassign }, { onSuccess: () => onSaved(scheduled), onError });
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save(confirming !== null);
      }}
      noValidate
    >
      <Stack gap="sm">
        <NativeSelect label="Engineer" data={engineerOptions} value={form.engineerId} error={shownErrors.engineerId} onChange={(e) => set({ engineerId: e.currentTarget.value })} data-autofocus />
        {engineers.isError && <Text size="xs" c="red">People could not be loaded: {userMessage(engineers.error)}</Text>}
        <Group grow align="flex-start">
          <TextInput type="date" label="Day" value={form.date} error={errors.date} onChange={(e) => set({ date: e.currentTarget.value })} />
          <TextInput type="time" label="Start" value={form.start} error={errors.start} onChange={(e) => set({ start: e.currentTarget.value })} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Length (minutes)" inputMode="numeric" value={form.durationMinutes} error={errors.durationMinutes} onChange={(e) => set({ durationMinutes: e.currentTarget.value })} />
          <TextInput label="Travel (minutes)" inputMode="numeric" value={form.travelMinutes} error={errors.travelMinutes} onChange={(e) => set({ travelMinutes: e.currentTarget.value })} />
        </Group>

        <ClashPanel clashes={clashes} checking={checking} complete={validation.ok} error={check.error} />
        <EngineerDayPreview engineerId={form.engineerId} date={form.date} />

        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>
            <Text fw={600} size="sm" mb={4}>
              Site preparation
            </Text>
          </legend>
          <Stack gap="xs">
            <Checkbox label="Site access arranged" checked={form.checklist.siteAccessArranged} onChange={(e) => setChecklist({ siteAccessArranged: e.currentTarget.checked })} />
            <Textarea label="Access notes" autosize minRows={1} maxRows={5} maxLength={2000} value={form.checklist.accessNotes} onChange={(e) => setChecklist({ accessNotes: e.currentTarget.value })} />
            <Textarea label="Parts needed" autosize minRows={1} maxRows={5} maxLength={2000} value={form.checklist.partsNeeded} onChange={(e) => setChecklist({ partsNeeded: e.currentTarget.value })} />
            <Textarea label="Equipment needed" autosize minRows={1} maxRows={5} maxLength={2000} value={form.checklist.equipmentNeeded} onChange={(e) => setChecklist({ equipmentNeeded: e.currentTarget.value })} />
            <Textarea label="Safety requirements" autosize minRows={1} maxRows={5} maxLength={2000} value={form.checklist.safetyRequirements} onChange={(e) => setChecklist({ safetyRequirements: e.currentTarget.value })} />
          </Stack>
        </fieldset>

        {error !== null && (
          <Alert color="red" title={visit ? 'The visit was not moved' : 'The visit was not scheduled'} role="alert">
            {userMessage(error)}
          </Alert>
        )}
        {askingReassign && step.kind === 'confirm' && !reassign && (
          <Alert color="blue" title="Reassign the case?" role="alertdialog">
            {step.question}
          </Alert>
        )}
        {confirmText && (
          <Alert color="orange" title="Save despite the clash?" role="alertdialog">
            {confirmText}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          {askingReassign && step.kind === 'confirm' && !reassign ? (
            <Button
              color="blue"
              loading={verifying}
              onClick={() => {
                setAskingReassign(false);
                setReassignOk(true);
                void save(false, true);
              }}
            >
              {`Reassign to ${step.engineerName}`}
            </Button>
          ) : confirmText ? (
            <Button type="submit" color="orange" loading={saving}>
              {visit ? 'Move anyway' : 'Schedule anyway'}
            </Button>
          ) : (
            <Button type="submit" loading={saving || verifying}>
              {visit ? 'Move visit' : 'Schedule visit'}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function ClashPanel({ clashes, checking, complete, error }: { clashes: readonly { kind: keyof typeof CLASH_LABELS; message: string }[]; checking: boolean; complete: boolean; error: unknown }) {
  if (!complete) return <Text size="sm" c="dimmed">Clashes are checked once engineer, day, start and length are filled in.</Text>;
  if (error) return <Text size="sm" c="red" role="status">Clashes could not be checked: {userMessage(error)}</Text>;
  if (clashes.length === 0)
    return (
      <Text size="sm" c={checking ? 'dimmed' : 'green'} role="status">
        {checking ? 'Checking for clashes…' : 'No clashes: the engineer is free and working then.'}
      </Text>
    );
  return (
    <Alert color="orange" title={`${clashes.length === 1 ? '1 clash' : `${clashes.length} clashes`}${checking ? ' (checking again…)' : ''}`} role="status">
      <List size="sm" spacing={2}>
        {clashes.map((c, i) => (
          <List.Item key={i}>
            <Text span fw={600} size="sm">
              {CLASH_LABELS[c.kind]}:
            </Text>{' '}
            {c.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** The chosen engineer's day as the calendar shows it, so the planner sees what is around the slot. */
function EngineerDayPreview({ engineerId, date }: { engineerId: string; date: string }) {
  const valid = engineerId !== '' && /^\d{4}-\d{2}-\d{2}$/.test(date);
  const calendar = useCalendar(valid ? { from: date, to: date, engineerIds: [engineerId] } : null);
  const layout = useMemo(() => (calendar.data ? layoutCalendar(calendar.data) : null), [calendar.data]);
  if (!valid) return null;
  if (calendar.isError) return <Text size="xs" c="red">The engineer's day could not be shown: {userMessage(calendar.error)}</Text>;
  if (!layout) return null;
  return (
    <Stack gap={4} aria-label="That day so far">
      <Text size="sm" fw={600}>
        That day so far
      </Text>
      <CalendarGrid layout={layout} mode="day" compact />
    </Stack>
  );
}
