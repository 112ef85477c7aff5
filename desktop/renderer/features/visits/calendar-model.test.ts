import { describe, expect, it } from 'vitest';
import type { CalendarEngineer, CalendarView, VisitView } from '../../../../shared/console-api.js';
import { layoutCalendar, parseHours } from './calendar-model.js';

const ANA = '00000000-0000-7000-8000-00000000000a';
const BO = '00000000-0000-7000-8000-00000000000b';

function visit(id: string, over: Partial<VisitView>): VisitView {
  return {
    id,
    caseId: `case-${id}`,
    engineerId: ANA,
    date: '2026-02-02',
    start: '09:00',
    durationMinutes: 60,
    travelMinutes: 0,
    status: 'scheduled',
    checklist: { siteAccessArranged: false, accessNotes: '', partsNeeded: '', equipmentNeeded: '', safetyRequirements: '' },
    cancelReason: null,
    reminderSentAt: null,
    createdBy: ANA,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    engineerName: 'Ana',
    caseLabel: `DTR-2026-00000${id}`,
    caseTitle: 'No picture',
    siteName: 'Odeon',
    siteAddress: 'High St 1',
    region: 'North',
    reportId: null,
    reportStatus: null,
    pending: false,
    ...over,
  };
}

function engineer(id: string, name: string, days: CalendarEngineer['days']): CalendarEngineer {
  return { engineerId: id, name, regions: ['North'], days };
}

const DAYS = ['2026-02-02', '2026-02-03'];
const workDay = (date: string) => ({ date, working: true, hours: '08:00–16:00', note: null });

function view(visits: VisitView[], clashes: CalendarView['clashes'] = []): CalendarView {
  return {
    days: DAYS,
    engineers: [
      engineer(ANA, 'Ana', DAYS.map(workDay)),
      engineer(BO, 'Bo', [workDay('2026-02-02'), { date: '2026-02-03', working: false, hours: null, note: 'On leave: holiday' }]),
    ],
    visits,
    clashes,
  };
}

describe('calendar layout', () => {
  it('reads working hours with an en dash or a hyphen', () => {
    expect(parseHours('08:00–17:00')).toEqual({ from: 480, to: 1020 });
    expect(parseHours('07:30-12:00')).toEqual({ from: 450, to: 720 });
    expect(parseHours('Off')).toBeNull();
  });

  it('puts each visit in its engineer and day, placed on the shared time line', () => {
    const layout = layoutCalendar(view([visit('1', { start: '10:00', durationMinutes: 120 }), visit('2', { engineerId: BO, date: '2026-02-03', start: '08:00' })]));
    // 08:00–18:00 by default, widened by nobody here.
    expect(layout.startMinute).toBe(480);
    expect(layout.endMinute).toBe(1080);
    const [ana, bo] = layout.rows;
    expect(ana?.cells[0]?.blocks.map((b) => b.visit.id)).toEqual(['1']);
    expect(ana?.cells[1]?.blocks).toEqual([]);
    const block = ana?.cells[0]?.blocks[0];
    expect(block?.left).toBeCloseTo(20); // 10:00 is 2 h into 10 h
    expect(block?.width).toBeCloseTo(20);
    expect(block?.time).toBe('10:00–12:00');
    expect(bo?.cells[1]?.blocks.map((b) => b.visit.id)).toEqual(['2']);
  });

  it('shades days off with the reason and marks working hours', () => {
    const layout = layoutCalendar(view([]));
    const boOff = layout.rows[1]?.cells[1];
    expect(boOff?.working).toBe(false);
    expect(boOff?.note).toBe('On leave: holiday');
    expect(boOff?.workingSpan).toBeNull();
    const anaWork = layout.rows[0]?.cells[0]?.workingSpan;
    expect(anaWork?.left).toBeCloseTo(0);
    expect(anaWork?.width).toBeCloseTo(80); // 08:00–16:00 of 08:00–18:00
  });

  it('widens the time line for early travel and late visits', () => {
    const layout = layoutCalendar(view([visit('1', { start: '07:00', travelMinutes: 45 }), visit('2', { start: '18:30', durationMinutes: 90 })]));
    expect(layout.startMinute).toBe(6 * 60);
    expect(layout.endMinute).toBe(20 * 60);
    const early = layout.rows[0]?.cells[0]?.blocks.find((b) => b.visit.id === '1');
    expect(early?.travelWidth).toBeCloseTo((45 / 840) * 100);
  });

  it('stacks overlapping visits in lanes and labels a double booking on both', () => {
    const clash = { kind: 'double_booking' as const, visitId: '2', otherVisitId: '1', message: 'Ana already has DTR-2026-000001 from 09:00 to 10:00.' };
    const layout = layoutCalendar(view([visit('1', { start: '09:00' }), visit('2', { start: '09:30' }), visit('3', { start: '10:00' })], [clash]));
    const blocks = layout.rows[0]?.cells[0]?.blocks ?? [];
    const lane = (id: string) => blocks.find((b) => b.visit.id === id)?.lane;
    expect(lane('1')).toBe(0);
    expect(lane('2')).toBe(1);
    expect(lane('3')).toBe(0); // starts when the first ends
    expect(blocks.every((b) => b.lanes === 2)).toBe(true);
    for (const id of ['1', '2']) {
      const b = blocks.find((x) => x.visit.id === id);
      expect(b?.clashes).toEqual([{ kind: 'double_booking', label: 'Double booking', message: clash.message }]);
      expect(b?.ariaLabel).toContain(clash.message);
    }
    expect(blocks.find((b) => b.visit.id === '3')?.clashes).toEqual([]);
    expect(layout.rows[0]?.clashCount).toBe(2);
    expect(layout.clashCount).toBe(1);
    expect(layout.clashes).toEqual([clash]);
  });

  it('counts travel as busy when stacking, leaves out cancelled visits, and keeps clashes about unseen visits', () => {
    const other = { kind: 'time_off' as const, visitId: 'gone', otherVisitId: null, message: 'Bo is on leave.' };
    const layout = layoutCalendar(
      view([visit('1', { start: '09:00' }), visit('2', { start: '10:30', travelMinutes: 60 }), visit('3', { start: '09:00', status: 'cancelled' })], [other]),
    );
    const blocks = layout.rows[0]?.cells[0]?.blocks ?? [];
    expect(blocks.map((b) => b.visit.id)).toEqual(['1', '2']);
    expect(blocks.find((b) => b.visit.id === '2')?.lane).toBe(1);
    expect(layout.otherClashes).toEqual([other]);
  });
});
