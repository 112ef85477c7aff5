import { describe, expect, it } from 'vitest';
import type { VisitRow } from '../../../../shared/service.js';
import { checkArgs, clashConfirmText, movePatch, moveForm, newScheduleForm, reassignStep, scheduleArgs, validateScheduleForm, type ScheduleForm } from './schedule-form.js';

const ENGINEER = '00000000-0000-7000-8000-00000000000a';
const OTHER = '00000000-0000-7000-8000-00000000000b';
const CASE = '00000000-0000-7000-8000-0000000000c1';
const checklist = { siteAccessArranged: false, accessNotes: 'Ring the bell at the loading dock', partsNeeded: '', equipmentNeeded: '', safetyRequirements: '' };

const good: ScheduleForm = { engineerId: ENGINEER, date: '2026-02-02', start: '09:30', durationMinutes: '90', travelMinutes: '30', checklist };

describe('schedule form', () => {
  it('starts from the case defaults: assignee, length, travel and the site checklist', () => {
    const form = newScheduleForm({ engineerId: ENGINEER, durationMinutes: 180, travelMinutes: 40, checklist }, '2026-02-02');
    expect(form).toEqual({ engineerId: ENGINEER, date: '2026-02-02', start: '09:00', durationMinutes: '180', travelMinutes: '40', checklist });
    expect(newScheduleForm(undefined, '2026-02-02').engineerId).toBe('');
  });

  it('accepts a complete visit and turns it into schedule arguments', () => {
    const result = validateScheduleForm(good);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(scheduleArgs(CASE, result.value)).toEqual({ caseId: CASE, engineerId: ENGINEER, date: '2026-02-02', start: '09:30', durationMinutes: 90, travelMinutes: 30, checklist });
  });

  it('names each problem by field', () => {
    const result = validateScheduleForm({ ...good, engineerId: '', date: '', start: '9.30', durationMinutes: 'an hour', travelMinutes: '-5' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.engineerId).toBe('Choose an engineer.');
    expect(result.errors.date).toBe('Choose a day.');
    expect(result.errors.start).toBe('Use a 24-hour time like 09:30.');
    expect(result.errors.durationMinutes).toBe('Enter the length in whole minutes.');
    expect(result.errors.travelMinutes).toBe('Enter the travel time in whole minutes.');
  });

  it('applies the shared limits on length and travel', () => {
    const short = validateScheduleForm({ ...good, durationMinutes: '10' });
    expect(short.ok ? null : short.errors.durationMinutes).toBe('A visit lasts at least 15 minutes.');
    const far = validateScheduleForm({ ...good, travelMinutes: '600' });
    expect(far.ok ? null : far.errors.travelMinutes).toBe('Travel takes at most 8 hours.');
    const noTravel = validateScheduleForm({ ...good, travelMinutes: '' });
    expect(noTravel.ok ? noTravel.value.travelMinutes : null).toBe(0);
  });

  it('asks for a clash check only once the timing is valid, naming the visit being moved', () => {
    expect(checkArgs({ ...good, start: '' })).toBeNull();
    expect(checkArgs(good)).toEqual({ engineerId: ENGINEER, date: '2026-02-02', start: '09:30', durationMinutes: 90, travelMinutes: 30 });
    expect(checkArgs(good, 'v1')).toMatchObject({ visitId: 'v1' });
  });

  it('moves a visit with only what changed', () => {
    const visit: VisitRow = {
      id: 'v1',
      caseId: CASE,
      engineerId: ENGINEER,
      date: '2026-02-02',
      start: '09:30',
      durationMinutes: 90,
      travelMinutes: 30,
      status: 'scheduled',
      checklist,
      cancelReason: null,
      reminderSentAt: null,
      createdBy: ENGINEER,
      createdAt: '',
      updatedAt: '',
      version: 1,
    };
    const same = validateScheduleForm(moveForm(visit));
    expect(same.ok && movePatch(visit, same.value)).toBeNull();
    const moved = validateScheduleForm({ ...moveForm(visit), engineerId: OTHER, start: '13:00' });
    expect(moved.ok && movePatch(visit, moved.value)).toEqual({ engineerId: OTHER, start: '13:00' });
  });

  it('asks before saving a clashing visit', () => {
    expect(clashConfirmText([])).toBeNull();
    expect(clashConfirmText([{ kind: 'double_booking', visitId: null, otherVisitId: 'x', message: 'Busy.' }])).toBe('This visit has a problem (double booking). Save it anyway?');
    expect(
      clashConfirmText([
        { kind: 'time_off', visitId: null, otherVisitId: null, message: 'Leave.' },
        { kind: 'outside_hours', visitId: null, otherVisitId: null, message: 'Late.' },
      ]),
    ).toBe('This visit has 2 problems (time off, outside working hours). Save it anyway?');
  });
});

describe('a visit with someone other than the assignee', () => {
  const facts = { engineerId: OTHER, engineerName: 'Ana Field', caseNumber: 'DTR-2026-000042', assigneeId: ENGINEER, assigneeName: 'Ben Hall', mayAssign: true };

  it('asks a planner who may assign to reassign the case', () => {
    expect(reassignStep(facts)).toEqual({ kind: 'confirm', engineerName: 'Ana Field', question: 'This visit is for Ana Field; DTR-2026-000042 is assigned to Ben Hall. Reassign it to Ana Field?' });
    expect(reassignStep({ ...facts, assigneeId: null, assigneeName: null })).toMatchObject({ kind: 'confirm', question: 'This visit is for Ana Field; DTR-2026-000042 is not assigned to anyone. Assign it to Ana Field?' });
  });

  it('asks nothing for the assignee or before an engineer is chosen', () => {
    expect(reassignStep({ ...facts, engineerId: ENGINEER })).toEqual({ kind: 'none' });
    expect(reassignStep({ ...facts, engineerId: '' })).toEqual({ kind: 'none' });
  });

  it('tells a planner who may not assign (an agent) to plan with the assignee', () => {
    expect(reassignStep({ ...facts, mayAssign: false })).toEqual({ kind: 'refuse', message: 'DTR-2026-000042 is assigned to Ben Hall; plan the visit with them, or ask a manager to reassign the case.' });
    expect(reassignStep({ ...facts, mayAssign: false, assigneeId: null })).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/must assign it/) });
  });
});
