import { describe, expect, it } from 'vitest';
import { importProjectorRowSchema } from '../../../../shared/import.js';
import { fastProjectorRow } from './fast-row-check.js';

const VALID = { serial: 'BRX-0001', model: 'DP4K-32B', manufacturer: 'Barco', siteName: 'Leicester Square', customerCode: 'PHC', installDate: '2020-01-15', warrantyEnd: '2025-01-14' };

/** Field values that pass and that fail the schema in every way a cell can reach it. */
const VARIANTS: Readonly<Record<string, readonly unknown[]>> = {
  serial: [undefined, '', '  ', ' AB123 ', 'ab-12/3.4_5 6', '-AB', 'AB#1', 'Çé123', 'x'.repeat(64), 'x'.repeat(65), ` ${'x'.repeat(64)} `, 12, null],
  model: [undefined, '', 'M', ' M ', 'm'.repeat(100), 'm'.repeat(101), 3],
  siteName: [undefined, '', 'Odeon', 's'.repeat(200), 's'.repeat(201)],
  customerName: [undefined, '', ' Vue ', 'c'.repeat(201), null],
  customerCode: [undefined, '', 'PHC', 'c'.repeat(40), 'c'.repeat(41)],
  siteRegion: [undefined, '', 'N', 'r'.repeat(41)],
  installDate: [undefined, '2020-02-29', '2021-02-29', '2020-13-01', '2020-1-1', ' 2020-01-01', '0000-01-01', '9999-12-31', null, 44000],
  warrantyStart: [undefined, null, '2019-01-01', '2026-01-01', '2021-02-29', ''],
  warrantyEnd: [undefined, '2025-01-14', '2020-04-31', null],
  contractEnd: [undefined, null, '2027-06-30', '2027-06-31', 'soon'],
  extra: [undefined, 'x'],
};

describe('fastProjectorRow', () => {
  it('accepts exactly the rows the shared schema accepts, with the same output', () => {
    let accepted = 0;
    let refused = 0;
    for (const [field, values] of Object.entries(VARIANTS)) {
      for (const value of values) {
        const input: Record<string, unknown> = { ...VALID };
        if (value === undefined) delete input[field];
        else input[field] = value;
        const zod = importProjectorRowSchema.safeParse(input);
        const fast = fastProjectorRow(input);
        if (zod.success) {
          accepted++;
          expect(fast, `${field} = ${JSON.stringify(value)}`).not.toBeNull();
          expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
        } else {
          refused++;
          expect(fast, `${field} = ${JSON.stringify(value)}`).toBeNull();
        }
      }
    }
    // Both sides of the comparison were exercised.
    expect(accepted).toBeGreaterThan(15);
    expect(refused).toBeGreaterThan(15);
  });

  it('refuses a warranty that ends before it starts, as the schema does', () => {
    const input = { ...VALID, warrantyStart: '2025-01-15' };
    expect(importProjectorRowSchema.safeParse(input).success).toBe(false);
    expect(fastProjectorRow(input)).toBeNull();
    expect(fastProjectorRow({ ...VALID, warrantyStart: '2025-01-14' })).toMatchObject({ warrantyStart: '2025-01-14' });
  });
});
