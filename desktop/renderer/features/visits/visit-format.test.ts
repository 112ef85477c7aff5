import { describe, expect, it } from 'vitest';
import { calendarCommand, usesArrowKeys } from './calendar-keys.js';
import { checklistLines, groupByDay, mayPlanVisits, reportAction, splitUpcoming, visitWhen } from './visit-format.js';

describe('visit format', () => {
  it('says when a visit is, with travel', () => {
    expect(visitWhen({ date: '2026-02-02', start: '09:00', durationMinutes: 90, travelMinutes: 20 })).toBe('Mon 2 Feb 2026, 09:00–10:30 (+20 min travel)');
    expect(visitWhen({ date: '2026-02-02', start: '09:00', durationMinutes: 60, travelMinutes: 0 })).toBe('Mon 2 Feb 2026, 09:00–10:00');
  });

  it('offers to write a report, continue a draft or returned one, or open a submitted one', () => {
    expect(reportAction({ reportId: null, reportStatus: null, status: 'scheduled' })).toEqual({ label: 'Write report', reportId: null });
    expect(reportAction({ reportId: 'r1', reportStatus: 'returned', status: 'done' })).toEqual({ label: 'Continue report', reportId: 'r1' });
    expect(reportAction({ reportId: 'r1', reportStatus: 'approved', status: 'done' })).toEqual({ label: 'Open report', reportId: 'r1' });
    expect(reportAction({ reportId: null, reportStatus: null, status: 'cancelled' })).toBeNull();
  });

  it('lists the checklist, flagging access not arranged', () => {
    expect(checklistLines({ siteAccessArranged: false, accessNotes: 'Dock B', partsNeeded: 'Lamp', equipmentNeeded: '', safetyRequirements: 'Hard hat' })).toEqual([
      'Site access NOT arranged yet',
      'Access: Dock B',
      'Parts: Lamp',
      'Safety: Hard hat',
    ]);
  });

  it('lets planners plan visits only while the case is open', () => {
    expect(mayPlanVisits('agent', 'assigned')).toBe(true);
    expect(mayPlanVisits('manager', null)).toBe(true);
    expect(mayPlanVisits('manager', 'resolved')).toBe(false);
    expect(mayPlanVisits('admin', 'closed')).toBe(false);
    expect(mayPlanVisits('fse', 'in_progress')).toBe(false);
    expect(mayPlanVisits(null, 'new')).toBe(false);
  });

  it('groups by day in time order and splits upcoming from past', () => {
    const visits = [
      { id: 'c', date: '2026-02-03', start: '08:00' },
      { id: 'b', date: '2026-02-02', start: '13:00' },
      { id: 'a', date: '2026-02-02', start: '09:00' },
      { id: 'p', date: '2026-01-30', start: '09:00' },
    ];
    const { upcoming, past } = splitUpcoming(visits, '2026-02-02');
    expect(past.map((v) => v.id)).toEqual(['p']);
    const groups = groupByDay(upcoming, '2026-02-02', '2026-02-03');
    expect(groups.map((g) => [g.label, g.visits.map((v) => v.id)])).toEqual([
      ['Today, Mon 2 Feb', ['a', 'b']],
      ['Tomorrow, Tue 3 Feb', ['c']],
    ]);
  });
});

describe('calendar keys', () => {
  const press = { key: 'ArrowLeft', ctrlKey: false, metaKey: false, altKey: false, inTextField: false, afterG: false };
  it('maps arrows, t, d and w', () => {
    expect(calendarCommand(press)).toBe('previous');
    expect(calendarCommand({ ...press, key: 'ArrowRight' })).toBe('next');
    expect(calendarCommand({ ...press, key: 't' })).toBe('today');
    expect(calendarCommand({ ...press, key: 'd' })).toBe('day');
    expect(calendarCommand({ ...press, key: 'w' })).toBe('week');
    expect(calendarCommand({ ...press, key: 'x' })).toBeNull();
  });
  it('leaves typing, modified keys and "g then key" alone', () => {
    expect(calendarCommand({ ...press, inTextField: true })).toBeNull();
    expect(calendarCommand({ ...press, ctrlKey: true })).toBeNull();
    expect(calendarCommand({ ...press, key: 'd', afterG: true })).toBeNull();
  });
  it('leaves arrows to radio groups and sliders, but not letters', () => {
    expect(calendarCommand({ ...press, inArrowWidget: true })).toBeNull();
    expect(calendarCommand({ ...press, key: 'w', inArrowWidget: true })).toBe('week');
    const radio = { tagName: 'INPUT', type: 'radio', getAttribute: () => null };
    const tab = { tagName: 'BUTTON', getAttribute: (name: string) => (name === 'role' ? 'tab' : null) };
    const button = { tagName: 'BUTTON', getAttribute: () => null };
    expect(usesArrowKeys(radio)).toBe(true);
    expect(usesArrowKeys(tab)).toBe(true);
    expect(usesArrowKeys(button)).toBe(false);
    expect(usesArrowKeys(null)).toBe(false);
  });
});
