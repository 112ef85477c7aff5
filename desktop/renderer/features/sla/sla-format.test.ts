import { describe, it, expect } from 'vitest';
import { SETTINGS } from '../../../../shared/settings.js';
import { clock, slaStatus } from '../../testing/fixtures.js';
import { SLA_TONE_COLORS, clockDisplay, listClock, slaCellDisplay } from './sla-format.js';
import { advanceClock, projectSla } from './sla-project.js';
import { calendarFromSettings } from '../../../../shared/sla/compute.js';
import { slaTargetText } from './sla-settings.js';

const now = new Date('2026-03-02T12:00:00.000Z');
const MIN = 60_000;

describe('clock display', () => {
  it('shows time left on running clocks, green, and orange once warning', () => {
    expect(clockDisplay('firstResponse', clock({ remainingMs: 45 * MIN }), now)).toMatchObject({ text: '45 min left', tone: 'running', color: 'green' });
    expect(clockDisplay('resolution', clock({ remainingMs: 135 * MIN }), now).text).toBe('2 h 15 min left');
    expect(clockDisplay('resolution', clock({ state: 'warning', remainingMs: 10 * MIN }), now)).toMatchObject({ text: '10 min left', color: 'orange' });
  });
  it('says how long ago a clock breached, in red', () => {
    const d = clockDisplay('resolution', clock({ state: 'breached', remainingMs: -120 * MIN, breachedAt: '2026-03-02T10:00:00.000Z' }), now);
    expect(d).toMatchObject({ text: 'Breached 2 h ago', tone: 'breached', color: 'red' });
  });
  it('shows paused (grey, with the reason) and met clocks without time', () => {
    const paused = clockDisplay('resolution', clock({ state: 'paused', dueAt: null }), now, 'parts');
    expect(paused).toMatchObject({ text: 'Paused', color: 'gray' });
    expect(paused.description).toContain('waiting for parts');
    expect(clockDisplay('firstResponse', clock({ state: 'met' }), now).text).toBe('Met');
    expect(clockDisplay('firstResponse', clock({ state: 'breached-met' }), now)).toMatchObject({ text: 'Met late', color: SLA_TONE_COLORS.late });
  });
});

describe('which clock a list shows', () => {
  it('shows the running clock nearest its target', () => {
    const status = slaStatus({ firstResponse: clock({ remainingMs: 20 * MIN }), resolution: clock({ remainingMs: 300 * MIN }) });
    expect(listClock(status)).toBe('firstResponse');
    expect(slaCellDisplay(status, now).text).toBe('20 min left');
  });
  it('shows the resolution clock once the response was given', () => {
    expect(listClock(slaStatus())).toBe('resolution');
  });
  it('shows Paused when nothing runs, and Met when all is done', () => {
    const paused = slaStatus({ resolution: clock({ state: 'paused' }), pausedFor: 'customer' });
    expect(slaCellDisplay(paused, now).text).toBe('Paused');
    expect(slaCellDisplay(slaStatus({ resolution: clock({ state: 'met' }) }), now).text).toBe('Met');
  });
});

describe('moving clocks between refetches', () => {
  it('counts business time down, warning at the threshold and breaching past the target', () => {
    const running = clock({ targetMinutes: 100, elapsedMs: 0, remainingMs: 100 * MIN });
    expect(advanceClock(running, 50 * MIN, 75)).toMatchObject({ state: 'running', remainingMs: 50 * MIN });
    expect(advanceClock(running, 80 * MIN, 75)).toMatchObject({ state: 'warning', remainingMs: 20 * MIN });
    expect(advanceClock(running, 110 * MIN, 75)).toMatchObject({ state: 'breached', remainingMs: -10 * MIN, breachedAt: running.dueAt });
  });
  it('leaves paused and stopped clocks alone', () => {
    const paused = clock({ state: 'paused' });
    expect(advanceClock(paused, 50 * MIN, 75)).toBe(paused);
  });
  it('does not count closed hours', () => {
    const calendar = calendarFromSettings(SETTINGS_VALUES);
    const status = slaStatus({ resolution: clock({ targetMinutes: 600, remainingMs: 600 * MIN }) });
    // Saturday 12:00 to Sunday 12:00 UTC: the default calendar (Europe/London, weekdays) is closed.
    const projected = projectSla(status, Date.parse('2026-03-07T12:00:00Z'), Date.parse('2026-03-08T12:00:00Z'), calendar, 75);
    expect(projected.resolution.remainingMs).toBe(600 * MIN);
    // Monday 08:00 to 09:00 London (GMT in March): one business hour.
    const monday = projectSla(status, Date.parse('2026-03-09T08:00:00Z'), Date.parse('2026-03-09T09:00:00Z'), calendar, 75);
    expect(monday.resolution.remainingMs).toBe(540 * MIN);
  });
});

const SETTINGS_VALUES = {
  timeZone: SETTINGS.timeZone.defaultValue,
  businessHours: SETTINGS.businessHours.defaultValue,
  holidays: SETTINGS.holidays.defaultValue,
};

describe('targets a priority implies', () => {
  it('reads the policy in business time', () => {
    expect(slaTargetText(SETTINGS.slaPolicies.defaultValue, 'P1')).toEqual({ firstResponse: '30 min', resolution: '8 h' });
  });
});
