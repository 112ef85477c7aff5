import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCaseEventVisible, isCaseVisible, isConflictVisible, isNotificationVisible, isProjectorVisible, isSiteVisible, isVisibleToEveryone, syncGroupOf } from './visibility.js';
import { ROLES, type Role } from '../domain.js';

const user = (role: Role, regions: string[] = [], id = 'u1') => ({ id, role, regions });
const noRefs = { siteIds: new Set<string>(), projectorIds: new Set<string>() };

describe('sync groups', () => {
  it('gives admins and agents everything, managers their regions, FSEs their assignments', () => {
    expect(syncGroupOf(user('admin'))).toBe('all');
    expect(syncGroupOf(user('agent'))).toBe('all');
    expect(syncGroupOf(user('manager'))).toBe('regions');
    expect(syncGroupOf(user('fse'))).toBe('assigned');
  });

  it('shows a manager only the cases, sites and projectors of their regions', () => {
    const north = user('manager', ['North']);
    expect(isCaseVisible(north, { assigneeId: null }, 'North')).toBe(true);
    expect(isCaseVisible(north, { assigneeId: null }, 'South')).toBe(false);
    expect(isSiteVisible(north, { id: 's1', region: 'South' }, noRefs)).toBe(false);
    expect(isProjectorVisible(north, { id: 'p1' }, 'North', noRefs)).toBe(true);
    expect(isProjectorVisible(north, { id: 'p1' }, 'South', noRefs)).toBe(false);
  });

  it('keeps a case without a site visible to every manager, so it cannot be lost', () => {
    expect(isCaseVisible(user('manager', ['North']), { assigneeId: null }, null)).toBe(true);
  });

  it('shows an FSE their own cases and only what those cases reference', () => {
    const fse = user('fse', ['North'], 'fse1');
    const refs = { siteIds: new Set(['s1']), projectorIds: new Set(['p1']) };
    expect(isCaseVisible(fse, { assigneeId: 'fse1' }, 'South')).toBe(true);
    expect(isCaseVisible(fse, { assigneeId: 'fse2' }, 'North')).toBe(false);
    expect(isCaseVisible(fse, { assigneeId: null }, 'North')).toBe(false);
    expect(isSiteVisible(fse, { id: 's1', region: 'South' }, refs)).toBe(true);
    expect(isSiteVisible(fse, { id: 's2', region: 'North' }, refs)).toBe(false);
    expect(isProjectorVisible(fse, { id: 'p2' }, 'North', refs)).toBe(false);
  });

  it('sends people, customers and organisation settings to everyone, the rest by sync group', () => {
    expect(isVisibleToEveryone('users')).toBe(true);
    expect(isVisibleToEveryone('customers')).toBe(true);
    expect(isVisibleToEveryone('settings')).toBe(true);
    for (const entity of ['cases', 'sites', 'projectors', 'conflicts'] as const) expect(isVisibleToEveryone(entity)).toBe(false);
  });

  it('sends a conflict only to its author', () => {
    expect(isConflictVisible(user('admin', [], 'a'), { userId: 'b' })).toBe(false);
    expect(isConflictVisible(user('agent', [], 'b'), { userId: 'b' })).toBe(true);
  });

  it('sends a case event exactly where its case goes, and those of a deleted case nowhere', () => {
    const fse = user('fse', [], 'fse1');
    const north = user('manager', ['North']);
    expect(isCaseEventVisible(fse, { assigneeId: 'fse1' }, 'South')).toBe(true);
    expect(isCaseEventVisible(fse, { assigneeId: 'fse2' }, 'South')).toBe(false);
    expect(isCaseEventVisible(north, { assigneeId: null }, 'North')).toBe(true);
    expect(isCaseEventVisible(north, { assigneeId: null }, 'South')).toBe(false);
    expect(isCaseEventVisible(user('admin'), null, null)).toBe(false);
    for (const entity of ['caseEvents', 'notifications'] as const) expect(isVisibleToEveryone(entity)).toBe(false);
  });

  it('sends a notification only to its user, whatever their role', () => {
    expect(isNotificationVisible(user('admin', [], 'a'), { userId: 'b' })).toBe(false);
    expect(isNotificationVisible(user('fse', [], 'b'), { userId: 'b' })).toBe(true);
  });

  it('property: a case event is visible exactly when its case is', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.option(fc.constantFrom('North', 'South'), { nil: null }), fc.option(fc.constantFrom('u1', 'u2'), { nil: null }), (role, region, assignee) => {
        const viewer = user(role, ['North']);
        expect(isCaseEventVisible(viewer, { assigneeId: assignee }, region)).toBe(isCaseVisible(viewer, { assigneeId: assignee }, region));
      }),
    );
  });

  it('property: whoever sees everything sees every case', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.option(fc.string(), { nil: null }), fc.option(fc.string(), { nil: null }), (role, region, assignee) => {
        const viewer = user(role, ['North']);
        if (syncGroupOf(viewer) === 'all') expect(isCaseVisible(viewer, { assigneeId: assignee }, region)).toBe(true);
      }),
    );
  });
});
