import { describe, it, expect } from 'vitest';
import type { AdminUser } from '../../../../shared/admin.js';
import { NO_PEOPLE_FILTER, filterPeople, personBadges } from './people-list.js';

const user = (over: Partial<AdminUser>): AdminUser => ({
  id: 'id',
  name: 'Dana Wells',
  email: 'dana@example.com',
  phone: '',
  role: 'agent',
  regions: [],
  engineer: null,
  active: true,
  mustChangePassword: false,
  createdAt: '2026-01-01T00:00:00Z',
  lastSignInAt: null,
  ...over,
});

const people = [
  user({ id: '1', name: 'zoe north', email: 'zoe@x.test', role: 'fse', regions: ['North'] }),
  user({ id: '2', name: 'Adam', email: 'adam@x.test', role: 'manager' }),
  user({ id: '3', name: 'Bea', email: 'bea@x.test', active: false }),
];

describe('filterPeople', () => {
  it('hides deactivated people unless asked, and sorts by name', () => {
    expect(filterPeople(people, NO_PEOPLE_FILTER).map((u) => u.id)).toEqual(['2', '1']);
    expect(filterPeople(people, { ...NO_PEOPLE_FILTER, showDeactivated: true }).map((u) => u.id)).toEqual(['2', '3', '1']);
  });
  it('keeps someone just deactivated on screen', () => {
    expect(filterPeople(people, NO_PEOPLE_FILTER, new Set(['3'])).map((u) => u.id)).toEqual(['2', '3', '1']);
  });
  it('filters by role and by text in name, email or region', () => {
    expect(filterPeople(people, { ...NO_PEOPLE_FILTER, role: 'manager' }).map((u) => u.id)).toEqual(['2']);
    expect(filterPeople(people, { ...NO_PEOPLE_FILTER, text: 'NORTH' }).map((u) => u.id)).toEqual(['1']);
    expect(filterPeople(people, { ...NO_PEOPLE_FILTER, text: 'adam@' }).map((u) => u.id)).toEqual(['2']);
  });
});

describe('personBadges', () => {
  it('shows deactivation and a pending password change, or Active', () => {
    expect(personBadges(user({ active: false, mustChangePassword: true })).map((b) => b.label)).toEqual(['Deactivated', 'Must change password']);
    expect(personBadges(user({})).map((b) => b.label)).toEqual(['Active']);
  });
});
