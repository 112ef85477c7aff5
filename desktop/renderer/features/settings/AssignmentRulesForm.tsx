// Automatic assignment: on or off, the rules tried in order (regions, priorities, mode) and the
// weights the recommender gives workload, SLA urgency, past fixes and travel.
import { Button, Group, MultiSelect, NativeSelect, Paper, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { PRIORITIES } from '../../../../shared/domain.js';
import { ASSIGNMENT_MODES } from '../../../../shared/settings.js';
import { SaveRow } from './SaveButton.js';
import type { SettingFormProps } from './setting-form.js';
import {
  ASSIGNMENT_MODE_LABELS,
  WEIGHT_LABELS,
  assignmentRulesToDraft,
  draftToAssignmentRules,
  ruleKey,
  ruleNote,
  type AssignmentRuleDraft,
  type AssignmentRulesDraft,
  type WeightKey,
} from './assignment-settings-model.js';

export function AssignmentRulesForm({ value, errors, saving, onSave, label }: SettingFormProps<'assignmentRules'>) {
  const [draft, setDraft] = useState<AssignmentRulesDraft>(() => assignmentRulesToDraft(value));
  const setRule = (key: string, patch: Partial<AssignmentRuleDraft>) => setDraft((d) => ({ ...d, rules: d.rules.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(draftToAssignmentRules(draft));
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <Switch
          label="Assign new and unassigned cases automatically when a rule matches"
          checked={draft.enabled}
          onChange={(e) => {
            const enabled = e.currentTarget.checked;
            setDraft((d) => ({ ...d, enabled }));
          }}
        />
        {draft.rules.map((r, i) => (
          <Paper key={r.key} withBorder p="xs" role="group" aria-label={`Rule ${i + 1}`}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TagsInput label="Regions" description="Empty: every region" value={[...r.regions]} onChange={(regions) => setRule(r.key, { regions })} error={errors[`rules.${i}.regions`]} w={220} />
              <MultiSelect
                label="Priorities"
                data={[...PRIORITIES]}
                value={[...r.priorities]}
                onChange={(p) => setRule(r.key, { priorities: PRIORITIES.filter((x) => p.includes(x)) })}
                error={errors[`rules.${i}.priorities`]}
                w={200}
              />
              <NativeSelect
                label="Mode"
                data={ASSIGNMENT_MODES.map((m) => ({ value: m, label: ASSIGNMENT_MODE_LABELS[m] }))}
                value={r.mode}
                onChange={(e) => {
                  const mode = ASSIGNMENT_MODES.find((m) => m === e.currentTarget.value) ?? 'best-match';
                  setRule(r.key, { mode });
                }}
                w={220}
              />
              <Button variant="subtle" color="red" mt={25} aria-label={`Remove rule ${i + 1}`} onClick={() => setDraft((d) => ({ ...d, rules: d.rules.filter((x) => x.key !== r.key) }))}>
                Remove
              </Button>
            </Group>
            {ruleNote(r) && (
              <Text size="xs" c="orange.9" mt={4}>
                {ruleNote(r)}
              </Text>
            )}
          </Paper>
        ))}
        <Group>
          <Button variant="default" size="xs" onClick={() => setDraft((d) => ({ ...d, rules: [...d.rules, { key: ruleKey(), regions: [], priorities: ['P3', 'P4'], mode: 'best-match' }] }))}>
            Add rule
          </Button>
        </Group>
        <Text fw={600} size="sm">
          Recommender weights (0–10)
        </Text>
        <Group gap="sm" wrap="wrap">
          {(Object.keys(WEIGHT_LABELS) as WeightKey[]).map((k) => (
            <TextInput
              key={k}
              label={WEIGHT_LABELS[k]}
              inputMode="decimal"
              w={200}
              value={draft.weights[k]}
              error={errors[`weights.${k}`]}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDraft((d) => ({ ...d, weights: { ...d.weights, [k]: v } }));
              }}
            />
          ))}
        </Group>
        <SaveRow label={label} saving={saving} error={errors._ ?? errors.rules} />
      </Stack>
    </form>
  );
}
