import { describe, it, expect } from 'vitest';
import type { AdminUser } from '../../../../shared/admin.js';
import { AppError } from '../../../../shared/errors.js';
import { DEFAULT_WORKING_HOURS } from '../../../../shared/domain.js';
import { EMPTY_PERSON, mapPersonErrors, personErrorsFromCall, personFromUser, regionOptions, validateCreate, validateUpdate } from './person-form.js';

const agent = { ...EMPTY_PERSON, name: 'Dana Wells', email: 'dana@example.com', role: 'agent' as const };

const existing: AdminUser = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'Eli Stone',
  email: 'eli@example.com',
  phone: '',
  role: 'fse',
  regions: ['North'],
  engineer: { skills: ['DLP'], dailyCapacity: 3, workingHours: [null, null, null, null, null, null, null], timeOff: [] },
  active: true,
  mustChangePassword: false,
  createdAt: '2026-01-01T00:00:00Z',
  lastSignInAt: null,
};

describe('validateCreate', () => {
  it('sends an agent without an engineer profile, even if skills were typed before a role change', () => {
    const result = validateCreate({ ...agent, skills: ['DLP'] });
    expect(result).toEqual({ ok: true, request: { name: 'Dana Wells', email: 'dana@example.com', phone: '', role: 'agent', regions: [], engineer: null } });
  });
  it('sends an engineer with skills and capacity, on the default working week', () => {
    const result = validateCreate({ ...agent, role: 'fse', regions: ['North'], skills: ['DLP', 'Laser'], dailyCapacity: 5 });
    const week = DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null));
    expect(result.ok && result.request.engineer).toEqual({ skills: ['DLP', 'Laser'], dailyCapacity: 5, workingHours: week, timeOff: [] });
  });
  it('shows each problem next to its input', () => {
    const result = validateCreate({ ...EMPTY_PERSON, email: 'not-an-email' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors.fields).sort()).toEqual(['email', 'name', 'role']);
      expect(result.errors.general).toBeNull();
    }
  });
  it('asks managers and engineers for a region, and engineers for a capacity', () => {
    const manager = validateCreate({ ...agent, role: 'manager' });
    expect(manager.ok ? null : manager.errors.fields.regions).toMatch(/region/);
    const engineer = validateCreate({ ...agent, role: 'fse', regions: ['North'], dailyCapacity: '' });
    expect(engineer.ok ? null : engineer.errors.fields.dailyCapacity).toBeTruthy();
  });
});

describe('validateUpdate', () => {
  it('sends only what changed', () => {
    const result = validateUpdate({ ...personFromUser(existing), name: 'Eli Stone-Marsh' }, existing);
    expect(result).toEqual({ ok: true, patch: { name: 'Eli Stone-Marsh' } });
  });
  it('drops the engineer profile when an engineer becomes an agent', () => {
    const result = validateUpdate({ ...personFromUser(existing), role: 'agent' }, existing);
    expect(result).toEqual({ ok: true, patch: { role: 'agent', engineer: null } });
  });
  it('sends a changed profile whole, keeping the hours and time off set on the board', () => {
    const result = validateUpdate({ ...personFromUser(existing), skills: ['DLP', 'LCD'] }, existing);
    expect(result).toEqual({ ok: true, patch: { engineer: { skills: ['DLP', 'LCD'], dailyCapacity: 3, workingHours: [null, null, null, null, null, null, null], timeOff: [] } } });
  });
  it('says so when nothing changed', () => {
    const result = validateUpdate(personFromUser(existing), existing);
    expect(result.ok ? null : result.errors.general).toBe('Change at least one field.');
  });
  it('refuses an engineer left without regions', () => {
    const result = validateUpdate({ ...personFromUser(existing), regions: [] }, existing);
    expect(result.ok ? null : result.errors.fields.regions).toMatch(/region/);
  });
});

describe('errors from the hub', () => {
  it('puts a taken email on Email and profile problems on Skills or Daily capacity', () => {
    expect(mapPersonErrors({ email: 'Taken.', 'engineer.dailyCapacity': 'Too big.', 'engineer.skills.1': 'Too long.' }, 'x').fields).toEqual({
      email: 'Taken.',
      dailyCapacity: 'Too big.',
      skills: 'Too long.',
    });
  });
  it('shows an error without fields as one message', () => {
    const error = new AppError('CONFLICT', 'The last active admin cannot lose the admin role.');
    expect(personErrorsFromCall(error)).toEqual({ fields: {}, general: 'The last active admin cannot lose the admin role.' });
  });
});

describe('regionOptions', () => {
  it('offers the regions setting and keeps a region the person has that the setting dropped', () => {
    expect(regionOptions([{ code: 'N', name: 'North' }, { code: 'South', name: 'South' }], ['East'])).toEqual([
      { value: 'N', label: 'North (N)' },
      { value: 'South', label: 'South' },
      { value: 'East', label: 'East (no longer a region)' },
    ]);
  });
});
