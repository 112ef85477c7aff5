import { describe, it, expect } from 'vitest';
import { SETTINGS, SETTING_KEYS, isKnownTimeZone, resolveSettings, updateSettingArgsSchema } from './settings.js';

describe('SETTINGS', () => {
  it.each(SETTING_KEYS)('the default of %s passes its own schema', (key) => {
    expect(SETTINGS[key].schema.safeParse(SETTINGS[key].defaultValue).success).toBe(true);
  });
});

describe('updateSettingArgsSchema', () => {
  it('validates the value with its key’s schema and reports paths under value', () => {
    const bad = updateSettingArgsSchema.safeParse({ key: 'organisation', value: { name: '', address: '', phone: '', email: 'nope', logo: null } });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('value.name');
    expect(paths).toContain('value.email');
  });

  it('refuses unknown keys and extra fields', () => {
    expect(updateSettingArgsSchema.safeParse({ key: 'colour', value: 'red' }).success).toBe(false);
    expect(updateSettingArgsSchema.safeParse({ key: 'timeZone', value: 'Europe/Paris', more: 1 }).success).toBe(false);
  });

  it('accepts a valid change and returns the parsed (trimmed) value', () => {
    const ok = updateSettingArgsSchema.parse({ key: 'timeZone', value: ' Europe/Paris ' });
    expect(ok).toEqual({ key: 'timeZone', value: 'Europe/Paris' });
  });

  it('time zones must be real IANA names', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(updateSettingArgsSchema.safeParse({ key: 'timeZone', value: 'Mars/Olympus' }).success).toBe(false);
  });

  it('business hours: seven days, end after start, at least one open day', () => {
    const week = (day: { start: string; end: string } | null) => ({ days: Array.from({ length: 7 }, () => day) });
    expect(updateSettingArgsSchema.safeParse({ key: 'businessHours', value: week({ start: '09:00', end: '17:00' }) }).success).toBe(true);
    expect(updateSettingArgsSchema.safeParse({ key: 'businessHours', value: week({ start: '17:00', end: '09:00' }) }).success).toBe(false);
    expect(updateSettingArgsSchema.safeParse({ key: 'businessHours', value: week(null) }).success).toBe(false);
    expect(updateSettingArgsSchema.safeParse({ key: 'businessHours', value: { days: [null] } }).success).toBe(false);
    expect(updateSettingArgsSchema.safeParse({ key: 'businessHours', value: week({ start: '24:00', end: '25:00' }) }).success).toBe(false);
  });

  it('holidays: real dates, each once', () => {
    expect(updateSettingArgsSchema.safeParse({ key: 'holidays', value: [{ date: '2026-12-25', name: 'Christmas' }] }).success).toBe(true);
    expect(updateSettingArgsSchema.safeParse({ key: 'holidays', value: [{ date: '2026-13-45', name: 'Never' }] }).success).toBe(false);
    const twice = [
      { date: '2026-12-25', name: 'A' },
      { date: '2026-12-25', name: 'B' },
    ];
    expect(updateSettingArgsSchema.safeParse({ key: 'holidays', value: twice }).success).toBe(false);
  });

  it('regions: at least one, codes unique regardless of case', () => {
    expect(updateSettingArgsSchema.safeParse({ key: 'regions', value: [] }).success).toBe(false);
    const dup = [
      { code: 'North', name: 'North' },
      { code: 'north', name: 'Also north' },
    ];
    expect(updateSettingArgsSchema.safeParse({ key: 'regions', value: dup }).success).toBe(false);
  });

  it('a logo must be PNG or JPEG base64 within the size limit', () => {
    const org = (logo: unknown) => ({ key: 'organisation', value: { name: 'Acme', address: '', phone: '', email: '', logo } });
    expect(updateSettingArgsSchema.safeParse(org({ mime: 'image/png', base64: 'iVBORw0KGgo=' })).success).toBe(true);
    expect(updateSettingArgsSchema.safeParse(org({ mime: 'image/svg+xml', base64: 'PHN2Zz4=' })).success).toBe(false);
    expect(updateSettingArgsSchema.safeParse(org({ mime: 'image/png', base64: '<script>' })).success).toBe(false);
    expect(updateSettingArgsSchema.safeParse(org({ mime: 'image/png', base64: 'A'.repeat(200_000) })).success).toBe(false);
  });
});

describe('resolveSettings', () => {
  it('fills defaults, takes stored values, and ignores unknown or invalid rows', () => {
    const values = resolveSettings([
      { id: 'timeZone', value: 'Asia/Tokyo' },
      { id: 'regions', value: [] },
      { id: 'nonsense', value: 1 },
    ]);
    expect(values.timeZone).toBe('Asia/Tokyo');
    expect(values.regions).toEqual(SETTINGS.regions.defaultValue);
    expect(values.organisation).toEqual(SETTINGS.organisation.defaultValue);
    expect(Object.keys(values).sort()).toEqual([...SETTING_KEYS].sort());
  });
});
