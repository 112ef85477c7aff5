import { describe, it, expect } from 'vitest';
import { NAV_ITEMS, canOpen, navItemsFor, screenForGoKey } from './nav.js';

const labels = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((i) => i.label);

describe('navigation by role', () => {
  it('shows every admin screen to an admin', () => {
    expect(labels('admin')).toEqual(['Cases', 'Phone intake', 'Board', 'My visits', 'Calendar', 'Reviews', 'Projectors', 'Sites', 'Import', 'People', 'Sessions', 'Sign-ins', 'Audit log', 'Settings', 'Mailboxes', 'Account']);
  });
  it('shows managers People (read-only) but no sessions, audit or settings', () => {
    expect(labels('manager')).toEqual(['Cases', 'Phone intake', 'Board', 'Calendar', 'Reviews', 'People', 'Account']);
  });
  it('shows agents the intake, engineers only their cases and account', () => {
    expect(labels('agent')).toEqual(['Cases', 'Phone intake', 'Calendar', 'Account']);
    expect(labels('fse')).toEqual(['Cases', 'My visits', 'Account']);
  });
  it('refuses an admin route typed into the address bar by someone without the right', () => {
    expect(canOpen('agent', { name: 'audit' })).toBe(false);
    expect(canOpen('manager', { name: 'settings' })).toBe(false);
    expect(canOpen('manager', { name: 'people' })).toBe(true);
    expect(canOpen('fse', { name: 'account' })).toBe(true);
    expect(canOpen('fse', { name: 'conflicts' })).toBe(true);
    expect(canOpen('fse', { name: 'intake' })).toBe(false);
    expect(canOpen('manager', { name: 'mailboxes' })).toBe(false);
    expect(canOpen('admin', { name: 'mailboxes' })).toBe(true);
    expect(canOpen('manager', { name: 'board' })).toBe(true);
    expect(canOpen('agent', { name: 'board' })).toBe(false);
    expect(canOpen('fse', { name: 'board' })).toBe(false);
    expect(canOpen('admin', { name: 'import' })).toBe(true);
    expect(canOpen('manager', { name: 'import' })).toBe(false);
    expect(canOpen('agent', { name: 'projectors' })).toBe(false);
    expect(canOpen('manager', { name: 'sites' })).toBe(false);
  });
  it('opens visits to engineers, the calendar to planners, reviews to managers, new reports to engineers', () => {
    expect(canOpen('fse', { name: 'visits' })).toBe(true);
    expect(canOpen('manager', { name: 'visits' })).toBe(false);
    expect(canOpen('agent', { name: 'calendar' })).toBe(true);
    expect(canOpen('fse', { name: 'calendar' })).toBe(false);
    expect(canOpen('manager', { name: 'reviews' })).toBe(true);
    expect(canOpen('agent', { name: 'reviews' })).toBe(false);
    const id = '0190a000-0000-7000-8000-000000000001';
    expect(canOpen('manager', { name: 'report', id })).toBe(true);
    expect(canOpen('fse', { name: 'new-report', caseId: id, visitId: null })).toBe(true);
    expect(canOpen('manager', { name: 'new-report', caseId: id, visitId: null })).toBe(false);
    expect(screenForGoKey('v')).toBe('visits');
    expect(screenForGoKey('d')).toBe('calendar');
    expect(screenForGoKey('w')).toBe('reviews');
  });
});

describe('go-to keys', () => {
  it('maps each key to one screen, case-insensitively', () => {
    expect(screenForGoKey('p')).toBe('people');
    expect(screenForGoKey('P')).toBe('people');
    expect(screenForGoKey('l')).toBe('audit');
    expect(screenForGoKey('t')).toBe('settings');
    expect(screenForGoKey('b')).toBe('board');
    expect(screenForGoKey('i')).toBe('import');
    expect(screenForGoKey('o')).toBe('sign-ins');
    expect(screenForGoKey('r')).toBe('projectors');
    expect(screenForGoKey('e')).toBe('sites');
    expect(screenForGoKey('x')).toBeNull();
  });
  it('never gives two screens the same key', () => {
    const keys = NAV_ITEMS.map((i) => i.goKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
