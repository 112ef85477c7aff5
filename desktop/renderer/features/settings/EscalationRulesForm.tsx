// Escalation: which cases go to the managers of their region (P1 or critical, SLA breach near or
// passed, reopened too often, unassigned too long), and whether they are also emailed.
import { Group, Stack, Switch, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import { draftToEscalationRules, escalationRulesToDraft, type EscalationRulesDraft, type OptionalNumber } from './assignment-settings-model.js';

type OptionalKey = 'breachWithinMinutes' | 'reopenedMoreThan' | 'unassignedMinutes';

export function EscalationRulesForm({ value, errors, saving, onSave, label }: SettingFormProps<'escalationRules'>) {
  const [draft, setDraft] = useState<EscalationRulesDraft>(() => escalationRulesToDraft(value));
  const setOptional = (key: OptionalKey, patch: Partial<OptionalNumber>) => setDraft((d) => ({ ...d, [key]: { ...d[key], ...patch } }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(draftToEscalationRules(draft));
  };
  const optionalRow = (key: OptionalKey, switchLabel: string, inputLabel: string) => (
    <Group gap="sm" align="flex-end">
      <Switch label={switchLabel} checked={draft[key].on} onChange={(e) => setOptional(key, { on: e.currentTarget.checked })} w={300} mb={8} />
      <TextInput label={inputLabel} inputMode="numeric" w={160} disabled={!draft[key].on} value={draft[key].value} error={errors[key]} onChange={(e) => setOptional(key, { value: e.currentTarget.value })} />
    </Group>
  );
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <Switch
          label="P1 or critical severity"
          checked={draft.p1OrCritical}
          onChange={(e) => {
            const p1OrCritical = e.currentTarget.checked;
            setDraft((d) => ({ ...d, p1OrCritical }));
          }}
        />
        {optionalRow('breachWithinMinutes', 'SLA breach within', 'Business minutes left')}
        <Switch
          label="SLA breached"
          checked={draft.breached}
          onChange={(e) => {
            const breached = e.currentTarget.checked;
            setDraft((d) => ({ ...d, breached }));
          }}
        />
        {optionalRow('reopenedMoreThan', 'Reopened more than', 'Times')}
        {optionalRow('unassignedMinutes', 'Unassigned for longer than', 'Minutes')}
        <Switch
          label="Also email the region’s managers"
          checked={draft.email}
          onChange={(e) => {
            const email = e.currentTarget.checked;
            setDraft((d) => ({ ...d, email }));
          }}
        />
        <SaveRow label={label} saving={saving} error={errors._} />
      </Stack>
    </form>
  );
}
