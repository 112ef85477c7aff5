import { describe, it, expect } from 'vitest';
import { draftToProfile, profileToDraft } from './engineer-form.js';

describe('engineer record form', () => {
  it('round-trips a profile', () => {
    const profile = {
      skills: ['DP2K'],
      dailyCapacity: 3,
      workingHours: [{ start: '07:30', end: '15:00' }, null, null, null, null, null, { start: '10:00', end: '14:00' }],
      timeOff: [{ from: '2026-04-01', to: '2026-04-03', reason: 'Leave' }],
    };
    const result = draftToProfile(profileToDraft(profile));
    expect(result).toEqual({ ok: true, profile });
  });
  it('starts a new engineer on the default week', () => {
    const draft = profileToDraft(null);
    expect(draft.days.filter((d) => d.working)).toHaveLength(5);
    expect(draft.dailyCapacity).toBe('4');
  });
  it('keys problems to the input that caused them', () => {
    const draft = profileToDraft(null);
    const bad = {
      ...draft,
      dailyCapacity: 'lots',
      days: draft.days.map((d, i) => (i === 1 ? { ...d, start: '18:00', end: '09:00' } : d)),
      timeOff: [{ key: 'k1', from: '2026-05-03', to: '2026-05-01', reason: '' }],
    };
    const result = draftToProfile(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.dailyCapacity).toBe('Capacity must be a whole number.');
    expect(result.errors['days.1.end']).toBe('The day must end after it starts.');
    expect(result.errors['timeOff.k1.to']).toBe('Time off must end on or after its first day.');
  });
});
