import { describe, it, expect } from 'vitest';
import type { Recommendation } from '../../../../shared/assignment/types.js';
import { assignDialogTitle, assignOptions, filterAssignOptions, moveHighlight, topRecommendation } from './assign-model.js';

const col = (engineerId: string, name: string) => ({ engineerId, name, regions: ['North'], load: { today: 1, capacityToday: 4, week: 2, capacityWeek: 20 } });
const columns = [col('a', 'Zoe Able'), col('b', 'Alex Field'), col('c', 'Bea Cole'), col('d', 'Dan Dell')];
const rec: Recommendation = {
  caseId: 'x',
  ranked: [
    { engineerId: 'c', name: 'Bea Cole', rank: 2, score: 5, reasons: ['2 of 4 visits today'] },
    { engineerId: 'b', name: 'Alex Field', rank: 1, score: 9, reasons: ['fixed this model 4 times'] },
  ],
  filtered: [{ engineerId: 'a', name: 'Zoe Able', reasons: ['On leave'] }],
};

describe('assign options', () => {
  it('puts the recommended first by rank, then the eligible, then the filtered with their reasons', () => {
    const options = assignOptions(columns, rec, 'c');
    expect(options.map((o) => o.name)).toEqual(['Alex Field', 'Bea Cole', 'Dan Dell', 'Zoe Able']);
    expect(options[0]).toMatchObject({ rank: 1, reasons: ['fixed this model 4 times'], current: false });
    expect(options[1]?.current).toBe(true);
    expect(options[3]).toMatchObject({ filtered: true, reasons: ['On leave'], rank: null });
  });
  it('lists everyone by name while the recommendation is not there yet', () => {
    expect(assignOptions(columns, undefined, null).map((o) => o.name)).toEqual(['Alex Field', 'Bea Cole', 'Dan Dell', 'Zoe Able']);
  });
  it('narrows by the start of each typed word, accents and case ignored', () => {
    const options = assignOptions([...columns, col('e', 'Élise Fabre')], rec, null);
    expect(filterAssignOptions(options, 'al fi').map((o) => o.name)).toEqual(['Alex Field']);
    expect(filterAssignOptions(options, 'eli').map((o) => o.name)).toEqual(['Élise Fabre']);
    expect(filterAssignOptions(options, '  ')).toHaveLength(5);
    expect(filterAssignOptions(options, 'qq')).toEqual([]);
  });
  it('accepts the top recommendation that is not already the assignee', () => {
    expect(topRecommendation(rec, null)).toEqual({ engineerId: 'b', name: 'Alex Field' });
    expect(topRecommendation(rec, 'b')).toEqual({ engineerId: 'c', name: 'Bea Cole' });
    expect(topRecommendation({ caseId: 'x', ranked: [], filtered: [] }, null)).toBeNull();
  });
  it('moves the highlight with wrapping', () => {
    expect(moveHighlight(0, 3, 'ArrowDown')).toBe(1);
    expect(moveHighlight(2, 3, 'ArrowDown')).toBe(0);
    expect(moveHighlight(0, 3, 'ArrowUp')).toBe(2);
    expect(moveHighlight(1, 0, 'ArrowDown')).toBe(-1);
  });
  it('titles the dialog with the case number', () => {
    expect(assignDialogTitle('DTR-2026-000123', 'Lamp')).toBe('Assign DTR-2026-000123');
    expect(assignDialogTitle(null, 'Lamp')).toBe('Assign “Lamp” (number pending)');
  });
});
