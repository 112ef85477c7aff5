// Drafts of the automatic-assignment and escalation settings: what the inputs edit (strings for
// numbers, a switch plus a number for rules that can be off) and the value the schema checks.
import type { Priority } from '../../../../shared/domain.js';
import type { AssignmentMode, SettingValue } from '../../../../shared/settings.js';

export const ASSIGNMENT_MODE_LABELS: Readonly<Record<AssignmentMode, string>> = {
  'best-match': 'Best match (recommender)',
  'round-robin': 'Round robin',
  'least-loaded': 'Least loaded',
};

export type AssignmentRuleDraft = Readonly<{ key: string; regions: readonly string[]; priorities: readonly Priority[]; mode: AssignmentMode }>;
export type WeightKey = keyof SettingValue<'assignmentRules'>['weights'];
export const WEIGHT_LABELS: Readonly<Record<WeightKey, string>> = {
  workload: 'Current workload',
  slaUrgency: 'SLA urgency',
  modelExperience: 'Past fixes on the model',
  travel: 'Already travelling in the region',
};
export type AssignmentRulesDraft = Readonly<{ enabled: boolean; rules: readonly AssignmentRuleDraft[]; weights: Readonly<Record<WeightKey, string>> }>;

let next = 0;
export const ruleKey = () => `rule-${++next}`;

/** A number input's text as the schema should see it: a number when it is one, else the text (so the schema names the problem). */
function numberOrText(text: string): number | string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

export function assignmentRulesToDraft(value: SettingValue<'assignmentRules'>): AssignmentRulesDraft {
  return {
    enabled: value.enabled,
    rules: value.rules.map((r) => ({ key: ruleKey(), regions: [...r.regions], priorities: [...r.priorities], mode: r.mode })),
    weights: { workload: String(value.weights.workload), slaUrgency: String(value.weights.slaUrgency), modelExperience: String(value.weights.modelExperience), travel: String(value.weights.travel) },
  };
}

export function draftToAssignmentRules(draft: AssignmentRulesDraft): unknown {
  return {
    enabled: draft.enabled,
    rules: draft.rules.map((r) => ({ regions: r.regions.map((x) => x.trim()).filter(Boolean), priorities: [...r.priorities], mode: r.mode })),
    weights: {
      workload: numberOrText(draft.weights.workload),
      slaUrgency: numberOrText(draft.weights.slaUrgency),
      modelExperience: numberOrText(draft.weights.modelExperience),
      travel: numberOrText(draft.weights.travel),
    },
  };
}

/** A P1 in a rule is never assigned automatically ("P1 always waits for a manager"): say so beside the rule. */
export function ruleNote(rule: Pick<AssignmentRuleDraft, 'priorities'>): string | null {
  return rule.priorities.includes('P1') ? 'P1 cases always wait for a manager, whatever this rule says.' : null;
}

export type OptionalNumber = Readonly<{ on: boolean; value: string }>;
export type EscalationRulesDraft = Readonly<{
  p1OrCritical: boolean;
  breachWithinMinutes: OptionalNumber;
  breached: boolean;
  reopenedMoreThan: OptionalNumber;
  unassignedMinutes: OptionalNumber;
  email: boolean;
}>;

const optional = (n: number | null, fallback: number): OptionalNumber => ({ on: n !== null, value: String(n ?? fallback) });

export function escalationRulesToDraft(value: SettingValue<'escalationRules'>): EscalationRulesDraft {
  return {
    p1OrCritical: value.p1OrCritical,
    breachWithinMinutes: optional(value.breachWithinMinutes, 30),
    breached: value.breached,
    reopenedMoreThan: optional(value.reopenedMoreThan, 1),
    unassignedMinutes: optional(value.unassignedMinutes, 60),
    email: value.email,
  };
}

export function draftToEscalationRules(draft: EscalationRulesDraft): unknown {
  const opt = (o: OptionalNumber) => (o.on ? numberOrText(o.value) : null);
  return {
    p1OrCritical: draft.p1OrCritical,
    breachWithinMinutes: opt(draft.breachWithinMinutes),
    breached: draft.breached,
    reopenedMoreThan: opt(draft.reopenedMoreThan),
    unassignedMinutes: opt(draft.unassignedMinutes),
    email: draft.email,
  };
}
