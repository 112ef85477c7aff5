import { describe, it, expect } from 'vitest';
import type { ProjectorMatch } from '../../../../shared/console-api.js';
import { linkedProjector, projectorOptionLabel, serialUnknown } from './serial-lookup.js';

const p = (serial: string): ProjectorMatch => ({
  projectorId: `id-${serial}`,
  serial,
  model: 'PX-9',
  manufacturer: 'Epson',
  siteId: 's',
  siteName: 'Odeon',
  siteAddress: 'Leicester Square',
  region: 'London',
  customerId: 'c',
  customerName: 'Odeon Cinemas',
  warrantyEnd: '2027-01-01',
});

describe('linkedProjector', () => {
  it('uses the projector chosen from the list while its serial is typed', () => {
    expect(linkedProjector('epx-1', p('EPX-1'), [])?.projectorId).toBe('id-EPX-1');
  });
  it('drops the choice once the serial is changed', () => {
    expect(linkedProjector('EPX-12', p('EPX-1'), [])).toBeNull();
  });
  it('links an exact match from the suggestions without a click', () => {
    expect(linkedProjector('EPX-12 ', null, [p('EPX-123'), p('EPX-12')])?.serial).toBe('EPX-12');
  });
  it('ignores case, dashes and spaces when matching exactly', () => {
    expect(linkedProjector('epx 12', null, [p('EPX-12')])?.serial).toBe('EPX-12');
    expect(linkedProjector('EPX12', p('EPX-12'), [])?.serial).toBe('EPX-12');
  });
  it('links nothing for a prefix or an empty serial', () => {
    expect(linkedProjector('EPX', null, [p('EPX-1')])).toBeNull();
    expect(linkedProjector('', p(''), [p('')])).toBeNull();
  });
});

describe('serialUnknown', () => {
  const answered = (searchedFor: string | null, resultCount: number, editing: boolean) => ({ searchedFor, resultCount, editing });
  it('flags a serial once the search for exactly it has answered with nothing', () => {
    expect(serialUnknown('ZZZ', answered('ZZZ', 0, true), null)).toBe(true);
  });
  it('waits while the search has not caught up with the typing', () => {
    expect(serialUnknown('ZZZ', answered('ZZ', 0, true), null)).toBe(false);
    expect(serialUnknown('ZZZ', answered(null, 0, false), null)).toBe(false);
  });
  it('does not nag while suggestions are on offer, but does once the user leaves the field', () => {
    expect(serialUnknown('EPX', answered('EPX', 3, true), null)).toBe(false);
    expect(serialUnknown('EPX', answered('EPX', 3, false), null)).toBe(true);
  });
  it('never flags an empty or linked serial', () => {
    expect(serialUnknown('', answered('', 0, false), null)).toBe(false);
    expect(serialUnknown('EPX-1', answered('EPX-1', 1, false), p('EPX-1'))).toBe(false);
  });
});

describe('projectorOptionLabel', () => {
  it('names serial, model, site and customer', () => {
    expect(projectorOptionLabel(p('EPX-1'))).toBe('EPX-1 — Epson PX-9, Odeon (Odeon Cinemas)');
  });
});
