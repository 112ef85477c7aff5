import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ACTIONS, actionsForMutation, can, canMutate, type Action } from './permissions.js';
import { CASE_PATCH_FIELDS, ROLES, type Role } from './domain.js';

/** The role matrix as the product describes it, written out independently of PERMISSIONS. */
const MATRIX: Record<Role, readonly Action[]> = {
  admin: [
    'case.create',
    'case.edit',
    'case.changeStatus',
    'case.assign',
    'case.delete',
    'user.view',
    'user.manage',
    'session.manage',
    'audit.read',
    'settings.manage',
    'case.note',
    'case.reply',
    'mailbox.manage',
    'engineer.manage',
    'case.escalation',
    'data.import',
    'visit.schedule',
    'report.write',
    'report.review',
    'case.close',
    'part.manage',
  ],
  manager: ['case.create', 'case.edit', 'case.changeStatus', 'case.assign', 'case.delete', 'user.view', 'case.note', 'case.reply', 'engineer.manage', 'case.escalation', 'visit.schedule', 'report.review', 'case.close', 'part.manage'],
  agent: ['case.create', 'case.edit', 'case.changeStatus', 'case.note', 'case.reply', 'visit.schedule', 'case.close'],
  fse: ['case.changeStatus', 'case.note', 'report.write'],
};

describe('can', () => {
  it.each(ROLES)('grants %s exactly its row of the role matrix', (role) => {
    for (const action of ACTIONS) expect(can(role, action), `${role} ${action}`).toBe(MATRIX[role].includes(action));
  });

  it('lets admins do everything, managers assign, but not agents; FSEs cannot create', () => {
    for (const action of ACTIONS) expect(can('admin', action)).toBe(true);
    expect(can('manager', 'case.assign')).toBe(true);
    expect(can('agent', 'case.assign')).toBe(false);
    expect(can('fse', 'case.create')).toBe(false);
    expect(can('manager', 'user.manage')).toBe(false);
  });
});

describe('actionsForMutation', () => {
  const sorted = (actions: Action[]) => [...actions].sort();

  it('needs case.create for createCase', () => {
    expect(actionsForMutation('createCase', { title: 'x' })).toEqual(['case.create']);
  });

  it('needs one action per kind of field in an update, without duplicates', () => {
    expect(actionsForMutation('updateCase', { patch: { title: 'a', description: 'b', priority: 'P1' } })).toEqual(['case.edit']);
    expect(actionsForMutation('updateCase', { patch: { status: 'resolved' } })).toEqual(['case.changeStatus']);
    expect(actionsForMutation('updateCase', { patch: { assigneeId: null } })).toEqual(['case.assign']);
    expect(sorted(actionsForMutation('updateCase', { patch: { title: 'a', status: 'resolved', assigneeId: null } }))).toEqual(['case.assign', 'case.changeStatus', 'case.edit']);
    expect(sorted(actionsForMutation('updateCase', { patch: { status: 'in_progress', assigneeId: null } }))).toEqual(['case.assign', 'case.changeStatus']);
  });

  it('treats waiting for the customer or parts as a status change, not an edit', () => {
    expect(actionsForMutation('updateCase', { patch: { waitingFor: 'parts' } })).toEqual(['case.changeStatus']);
    expect(actionsForMutation('updateCase', { patch: { waitingFor: null, status: 'in_progress' } })).toEqual(['case.changeStatus']);
    expect(sorted(actionsForMutation('updateCase', { patch: { waitingFor: 'customer', title: 'x' } }))).toEqual(['case.changeStatus', 'case.edit']);
  });

  it('needs case.note for a note and case.reply for a reply; marking one\'s notifications read needs nothing', () => {
    expect(actionsForMutation('addCaseNote', { caseId: 'c', text: 'x', mentions: [] })).toEqual(['case.note']);
    expect(actionsForMutation('sendCaseReply', { caseId: 'c', text: 'x' })).toEqual(['case.reply']);
    expect(actionsForMutation('markNotificationsRead', { ids: [] })).toEqual([]);
  });

  it('falls back to case.edit for an empty or malformed update, never to no action at all', () => {
    for (const args of [{ patch: {} }, {}, null, undefined, 'patch', 7, { patch: null }]) {
      expect(actionsForMutation('updateCase', args)).toEqual(['case.edit']);
    }
  });

  it('needs at least one action for any patch of patchable fields', () => {
    fc.assert(
      fc.property(fc.subarray([...CASE_PATCH_FIELDS]), (fields) => {
        const patch = Object.fromEntries(fields.map((f) => [f, 'x']));
        const actions = actionsForMutation('updateCase', { patch });
        expect(actions.length).toBeGreaterThan(0);
        expect(new Set(actions).size).toBe(actions.length);
        expect(actions.includes('case.assign')).toBe(fields.includes('assigneeId'));
        expect(actions.includes('case.changeStatus')).toBe(fields.includes('status') || fields.includes('waitingFor'));
        expect(actions.includes('case.edit')).toBe(fields.length === 0 || fields.some((f) => !['assigneeId', 'status', 'waitingFor'].includes(f)));
      }),
    );
  });
});

describe('canMutate', () => {
  it('lets an FSE change status but not edit or create', () => {
    expect(canMutate('fse', 'updateCase', { patch: { status: 'in_progress' } })).toBe(true);
    expect(canMutate('fse', 'updateCase', { patch: { status: 'in_progress', title: 'x' } })).toBe(false);
    expect(canMutate('fse', 'updateCase', { patch: { description: 'x' } })).toBe(false);
    expect(canMutate('fse', 'createCase', {})).toBe(false);
  });

  it('refuses a mixed patch when any part needs an action the role lacks', () => {
    expect(canMutate('agent', 'updateCase', { patch: { title: 'x', status: 'in_progress' } })).toBe(true);
    expect(canMutate('agent', 'updateCase', { patch: { title: 'x', assigneeId: null } })).toBe(false);
    expect(canMutate('manager', 'updateCase', { patch: { title: 'x', status: 'in_progress', assigneeId: null } })).toBe(true);
  });

  it('lets an FSE mark a case as waiting for parts, but not edit it at the same time', () => {
    expect(canMutate('fse', 'updateCase', { patch: { waitingFor: 'parts' } })).toBe(true);
    expect(canMutate('fse', 'updateCase', { patch: { waitingFor: 'parts', title: 'x' } })).toBe(false);
  });

  it('lets every role note, all but FSEs reply, and only admins manage mailboxes', () => {
    for (const role of ROLES) {
      expect(canMutate(role, 'addCaseNote', {}), role).toBe(true);
      expect(canMutate(role, 'sendCaseReply', {}), role).toBe(role !== 'fse');
      expect(canMutate(role, 'markNotificationsRead', { ids: [] }), role).toBe(true);
      expect(can(role, 'mailbox.manage'), role).toBe(role === 'admin');
    }
  });

  it('lets agents and managers create cases', () => {
    expect(canMutate('agent', 'createCase', {})).toBe(true);
    expect(canMutate('manager', 'createCase', {})).toBe(true);
  });

  it('agrees with the role matrix for every role and patch', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.subarray([...CASE_PATCH_FIELDS], { minLength: 1 }), (role, fields) => {
        const needed = new Set<Action>(fields.map((f) => (f === 'assigneeId' ? 'case.assign' : f === 'status' || f === 'waitingFor' ? 'case.changeStatus' : 'case.edit')));
        const expected = [...needed].every((a) => MATRIX[role].includes(a));
        expect(canMutate(role, 'updateCase', { patch: Object.fromEntries(fields.map((f) => [f, null])) })).toBe(expected);
      }),
    );
  });
});
