// "Edit engineer" from a column's head: skills (tags), visits per day, working hours per weekday and
// time off, saved with engineers.update (online only: the hub checks the manager's regions again).
import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { EngineerProfile } from '../../../../shared/domain.js';
import { userMessage } from '../../api/error-message.js';
import { WEEKDAYS, draftToProfile, profileToDraft, timeOffKey, type DayDraft, type EngineerDraft, type TimeOffDraft } from './engineer-form.js';
import { useEngineerRecord, useUpdateEngineer } from './use-board.js';

export function EngineerDialog({ engineerId, name, onClose }: { engineerId: string | null; name: string; onClose: () => void }) {
  const record = useEngineerRecord(engineerId);
  return (
    <Modal opened={engineerId !== null} onClose={onClose} title={`Edit engineer ${name}`} size="xl">
      {record.isPending ? (
        <Group gap="xs">
          <Loader size="xs" aria-hidden />
          <Text size="sm">Loading the engineer’s record…</Text>
        </Group>
      ) : record.isError ? (
        <Alert color="orange" title="Needs a connection to the hub">
          {userMessage(record.error)}
        </Alert>
      ) : engineerId ? (
        <EngineerForm key={engineerId} engineerId={engineerId} name={name} profile={record.data?.engineer ?? null} onDone={onClose} />
      ) : null}
    </Modal>
  );
}

function EngineerForm({ engineerId, name, profile, onDone }: { engineerId: string; name: string; profile: EngineerProfile | null; onDone: () => void }) {
  const [draft, setDraft] = useState<EngineerDraft>(() => profileToDraft(profile));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const update = useUpdateEngineer();
  const setDay = (i: number, patch: Partial<DayDraft>) => setDraft((d) => ({ ...d, days: d.days.map((day, j) => (j === i ? { ...day, ...patch } : day)) }));
  const setOff = (key: string, patch: Partial<TimeOffDraft>) => setDraft((d) => ({ ...d, timeOff: d.timeOff.map((t) => (t.key === key ? { ...t, ...patch } : t)) }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = draftToProfile(draft);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    update.mutate(
      { id: engineerId, profile: result.profile },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Engineer saved', message: `${name}’s record is saved.` });
          onDone();
        },
        onError: (error) => setErrors({ _: userMessage(error) }),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Engineer record of ${name}`}>
      <Stack gap="sm">
        {!profile && <Text size="sm">This person has no engineer record yet; saving creates one.</Text>}
        <TagsInput label="Skills" description="Projector models or skill tags; Enter adds one." value={[...draft.skills]} onChange={(skills) => setDraft((d) => ({ ...d, skills }))} error={errors.skills} clearable />
        <TextInput label="Visits per day (capacity)" inputMode="numeric" w={220} value={draft.dailyCapacity} error={errors.dailyCapacity} onChange={(e) => {
          const dailyCapacity = e.currentTarget.value;
          setDraft((d) => ({ ...d, dailyCapacity }));
        }} />
        <Text fw={600} size="sm">
          Working hours
        </Text>
        {WEEKDAYS.map((day, i) => {
          const d = draft.days[i];
          if (!d) return null;
          return (
            <Group key={day} gap="sm" align="flex-start" role="group" aria-label={day}>
              <Checkbox label={day} checked={d.working} onChange={(e) => setDay(i, { working: e.currentTarget.checked })} w={130} mt={6} />
              <TextInput aria-label={`${day} start`} placeholder="08:00" value={d.start} disabled={!d.working} error={errors[`days.${i}.start`]} onChange={(e) => setDay(i, { start: e.currentTarget.value })} w={90} size="xs" />
              <TextInput aria-label={`${day} end`} placeholder="17:00" value={d.end} disabled={!d.working} error={errors[`days.${i}.end`]} onChange={(e) => setDay(i, { end: e.currentTarget.value })} w={90} size="xs" />
            </Group>
          );
        })}
        <Text fw={600} size="sm">
          Time off
        </Text>
        {draft.timeOff.length === 0 && <Text size="sm" c="dimmed">No time off planned.</Text>}
        {draft.timeOff.map((t, i) => (
          <Group key={t.key} gap="sm" align="flex-start" role="group" aria-label={`Time off ${i + 1}`}>
            <TextInput label="From" placeholder="2026-01-31" value={t.from} error={errors[`timeOff.${t.key}.from`]} onChange={(e) => setOff(t.key, { from: e.currentTarget.value })} w={130} size="xs" />
            <TextInput label="To" placeholder="2026-02-02" value={t.to} error={errors[`timeOff.${t.key}.to`]} onChange={(e) => setOff(t.key, { to: e.currentTarget.value })} w={130} size="xs" />
            <TextInput label="Reason" value={t.reason} error={errors[`timeOff.${t.key}.reason`]} onChange={(e) => setOff(t.key, { reason: e.currentTarget.value })} w={220} size="xs" />
            <Button variant="subtle" color="red" size="xs" mt={22} aria-label={`Remove time off ${i + 1}`} onClick={() => setDraft((d) => ({ ...d, timeOff: d.timeOff.filter((x) => x.key !== t.key) }))}>
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" onClick={() => setDraft((d) => ({ ...d, timeOff: [...d.timeOff, { key: timeOffKey(), from: '', to: '', reason: '' }] }))}>
            Add time off
          </Button>
        </Group>
        <Group justify="space-between">
          <Text size="sm" c="red.8" role={errors._ ? 'alert' : undefined}>
            {errors._ ?? ''}
          </Text>
          <Button type="submit" loading={update.isPending}>
            Save engineer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
