import { describe, it, expect } from 'vitest';
import { SETTINGS } from '../../../../shared/settings.js';
import { checkSetting } from './settings-model.js';
import { assignmentRulesToDraft, draftToAssignmentRules, draftToEscalationRules, escalationRulesToDraft, ruleNote } from './assignment-settings-model.js';

describe('automatic assignment form', () => {
  it('round-trips the default through the schema', () => {
    const value = SETTINGS.assignmentRules.defaultValue;
    expect(SETTINGS.assignmentRules.schema.parse(draftToAssignmentRules(assignmentRulesToDraft(value)))).toEqual(value);
  });
  it('lets the schema name a weight that is not a number', () => {
    const draft = assignmentRulesToDraft(SETTINGS.assignmentRules.defaultValue);
    const check = checkSetting('assignmentRules', draftToAssignmentRules({ ...draft, weights: { ...draft.weights, travel: 'far' } }));
    expect(check.ok).toBe(false);
  });
  it('warns that P1 never goes automatically', () => {
    expect(ruleNote({ priorities: ['P1', 'P2'] })).toMatch(/P1 cases always wait for a manager/);
    expect(ruleNote({ priorities: ['P3'] })).toBeNull();
  });
});

describe('escalation form', () => {
  it('round-trips the default and turns rules off as null', () => {
    const value = SETTINGS.escalationRules.defaultValue;
    const draft = escalationRulesToDraft(value);
    expect(SETTINGS.escalationRules.schema.parse(draftToEscalationRules(draft))).toEqual(value);
    const off = draftToEscalationRules({ ...draft, unassignedMinutes: { on: false, value: '60' } }) as { unassignedMinutes: unknown };
    expect(off.unassignedMinutes).toBeNull();
  });
});
