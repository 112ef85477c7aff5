import { describe, it, expect } from 'vitest';
import { LOGO_MAX_BYTES, SETTINGS } from '../../../../shared/settings.js';
import {
  bytesToBase64,
  checkSetting,
  errorsByRow,
  holidaysToRows,
  hoursToRows,
  logoDataUrl,
  logoFileProblem,
  logoFromBytes,
  rowsToHolidays,
  rowsToHours,
  rowsToRegions,
  settingErrorsFromFields,
  timeZoneOptions,
  draftToMailIntake,
  draftToSlaPolicies,
  hoursMinutesToMinutes,
  mailIntakeToDraft,
  minutesToHoursMinutes,
  slaPoliciesToDraft,
} from './settings-model.js';

describe('business hours form', () => {
  it('shows seven weekday rows, closed days with default hours ready to switch on', () => {
    const rows = hoursToRows(SETTINGS.businessHours.defaultValue);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({ day: 'Monday', open: true, start: '08:00', end: '18:00' });
    expect(rows[6]).toEqual({ day: 'Sunday', open: false, start: '09:00', end: '17:00' });
  });
  it('round-trips the stored value', () => {
    const value = SETTINGS.businessHours.defaultValue;
    expect(rowsToHours(hoursToRows(value))).toEqual(value);
  });
  it('sends a closed day as null whatever its hours say, and the schema catches an end before the start', () => {
    const rows = hoursToRows(SETTINGS.businessHours.defaultValue).map((r, i) => (i === 2 ? { ...r, start: '18:00', end: '08:00' } : r));
    const check = checkSetting('businessHours', rowsToHours(rows));
    expect(check).toEqual({ ok: false, errors: { 'days.2.end': 'The day must end after it starts.' } });
    const closed = rows.map((r, i) => (i === 2 ? { ...r, open: false } : r));
    expect(checkSetting('businessHours', rowsToHours(closed)).ok).toBe(true);
  });
  it('refuses a week with no open day', () => {
    const rows = hoursToRows(SETTINGS.businessHours.defaultValue).map((r) => ({ ...r, open: false }));
    const check = checkSetting('businessHours', rowsToHours(rows));
    expect(check.ok ? null : check.errors.days).toBe('At least one day must be open.');
  });
});

describe('holidays form', () => {
  it('sorts by date, trims, and drops wholly empty rows', () => {
    const rows = [
      { key: 'a', date: '2026-12-26', name: ' Boxing Day ' },
      { key: 'b', date: '', name: '' },
      { key: 'c', date: '2026-12-25', name: 'Christmas Day' },
    ];
    expect(rowsToHolidays(rows)).toEqual({
      value: [
        { date: '2026-12-25', name: 'Christmas Day' },
        { date: '2026-12-26', name: 'Boxing Day' },
      ],
      rowKeys: ['c', 'a'],
    });
  });
  it('loads stored holidays in date order', () => {
    const rows = holidaysToRows([
      { date: '2026-05-04', name: 'May Day' },
      { date: '2026-01-01', name: 'New Year' },
    ]);
    expect(rows.map((r) => r.date)).toEqual(['2026-01-01', '2026-05-04']);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });
  it('puts a problem on the row that caused it, even after sorting', () => {
    const candidate = rowsToHolidays([
      { key: 'late', date: '2026-12-25', name: 'Christmas' },
      { key: 'early', date: '2026-01-01', name: '' },
    ]);
    const check = checkSetting('holidays', candidate.value);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(errorsByRow(check.errors, candidate.rowKeys)).toEqual({ 'early.name': 'Name the holiday.' });
  });
  it('reports a repeated date for the whole list', () => {
    const candidate = rowsToHolidays([
      { key: 'a', date: '2026-12-25', name: 'Christmas' },
      { key: 'b', date: '2026-12-25', name: 'Again' },
    ]);
    const check = checkSetting('holidays', candidate.value);
    expect(check.ok ? null : errorsByRow(check.errors, candidate.rowKeys)).toEqual({ _: 'Each date may appear only once.' });
  });
});

describe('regions form', () => {
  it('keeps the order, trims, drops empty rows; a duplicate code is refused', () => {
    const candidate = rowsToRegions([
      { key: 'a', code: ' North ', name: 'North' },
      { key: 'b', code: '', name: '' },
      { key: 'c', code: 'north', name: 'Also north' },
    ]);
    expect(candidate.value).toEqual([
      { code: 'North', name: 'North' },
      { code: 'north', name: 'Also north' },
    ]);
    expect(checkSetting('regions', candidate.value).ok).toBe(false);
  });
});

describe('errors from the core', () => {
  it('strips the value. prefix of an updateSetting refusal', () => {
    expect(settingErrorsFromFields({ 'value.days.1.end': 'Bad.', value: 'Whole.' })).toEqual({ 'days.1.end': 'Bad.', _: 'Whole.' });
  });
});

describe('logo', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  it('accepts a real PNG and encodes it', () => {
    expect(logoFromBytes('image/png', png)).toEqual({ ok: true, logo: { mime: 'image/png', base64: bytesToBase64(png) } });
    expect(bytesToBase64(new Uint8Array([104, 105]))).toBe('aGk=');
  });
  it('refuses another type, an oversized file, or bytes that are not the image they claim', () => {
    expect(logoFileProblem({ type: 'image/svg+xml', size: 10 })).toMatch(/PNG or JPEG/);
    expect(logoFileProblem({ type: 'image/png', size: LOGO_MAX_BYTES + 1 })).toMatch(/at most 128 KiB/);
    expect(logoFromBytes('image/png', new TextEncoder().encode('<svg onload=alert(1)>'))).toEqual({ ok: false, message: 'This file is not a PNG or JPEG image.' });
  });
  it('builds a preview URL only from a checked type and base64', () => {
    expect(logoDataUrl({ mime: 'image/png', base64: 'aGk=' })).toBe('data:image/png;base64,aGk=');
    expect(logoDataUrl({ mime: 'text/html', base64: 'aGk=' })).toBeNull();
    expect(logoDataUrl({ mime: 'image/png', base64: 'aGk="><script>' })).toBeNull();
    expect(logoDataUrl(null)).toBeNull();
  });
  it('stays within what the organisation schema accepts', () => {
    const big = new Uint8Array(LOGO_MAX_BYTES);
    big.set([0xff, 0xd8, 0xff]);
    const result = logoFromBytes('image/jpeg', big);
    expect(result.ok).toBe(true);
    if (result.ok) expect(checkSetting('organisation', { ...SETTINGS.organisation.defaultValue, logo: result.logo }).ok).toBe(true);
  });
});

describe('timeZoneOptions', () => {
  it('offers the known zones sorted, keeping the current one and UTC', () => {
    expect(timeZoneOptions('Mars/Olympus', ['Europe/London', 'America/New_York'])).toEqual(['America/New_York', 'Europe/London', 'Mars/Olympus', 'UTC']);
  });
});

describe('SLA targets form', () => {
  it('shows minutes as hours and minutes and reads them back', () => {
    expect(minutesToHoursMinutes(90)).toEqual({ hours: '1', minutes: '30' });
    expect(hoursMinutesToMinutes({ hours: '2', minutes: '' })).toBe(120);
    expect(hoursMinutesToMinutes({ hours: 'x', minutes: '5' })).toBeNaN();
  });
  it('round-trips the stored policies', () => {
    const value = SETTINGS.slaPolicies.defaultValue;
    expect(checkSetting('slaPolicies', draftToSlaPolicies(slaPoliciesToDraft(value)))).toEqual({ ok: true, value });
  });
  it('puts a resolution due before the response on that priority', () => {
    const draft = slaPoliciesToDraft(SETTINGS.slaPolicies.defaultValue);
    const rows = draft.rows.map((r) => (r.priority === 'P2' ? { ...r, resolution: { hours: '0', minutes: '10' } } : r));
    const check = checkSetting('slaPolicies', draftToSlaPolicies({ ...draft, rows }));
    expect(check.ok ? null : check.errors['targets.P2.resolutionMinutes']).toBe('Resolution cannot be due before the first response.');
  });
  it('refuses a warning threshold that is not a whole percentage', () => {
    const draft = slaPoliciesToDraft(SETTINGS.slaPolicies.defaultValue);
    expect(checkSetting('slaPolicies', draftToSlaPolicies({ ...draft, warnAtPercent: '100' })).ok).toBe(false);
    expect(checkSetting('slaPolicies', draftToSlaPolicies({ ...draft, warnAtPercent: 'lots' })).ok).toBe(false);
  });
});

describe('email intake form', () => {
  it('round-trips and checks the attachment limit', () => {
    const value = SETTINGS.mailIntake.defaultValue;
    expect(checkSetting('mailIntake', draftToMailIntake(mailIntakeToDraft(value)))).toEqual({ ok: true, value });
    const check = checkSetting('mailIntake', draftToMailIntake({ ...mailIntakeToDraft(value), maxAttachmentMb: '500' }));
    expect(check.ok ? null : check.errors.maxAttachmentMb).toBe('At most 100 MB.');
  });
});
