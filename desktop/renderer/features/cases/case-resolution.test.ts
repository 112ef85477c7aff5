import { describe, expect, it } from 'vitest';
import { reopenArgs, resolutionActions } from './case-resolution.js';

const CASE = '00000000-0000-7000-8000-0000000000c1';

describe('case resolution actions', () => {
  it('offers close on a resolved case and reopen on resolved or closed ones, to those who may', () => {
    expect(resolutionActions('manager', 'resolved')).toEqual({ close: true, reopen: true });
    expect(resolutionActions('agent', 'closed')).toEqual({ close: false, reopen: true });
    expect(resolutionActions('admin', 'in_progress')).toEqual({ close: false, reopen: false });
    expect(resolutionActions('fse', 'resolved')).toEqual({ close: false, reopen: false });
  });

  it('needs a reason to reopen', () => {
    expect(reopenArgs(CASE, '   ')).toEqual({ ok: false, error: 'Say why the case is reopened.' });
    expect(reopenArgs(CASE, ' Lamp failed again ')).toEqual({ ok: true, args: { caseId: CASE, reason: 'Lamp failed again' } });
    const long = reopenArgs(CASE, 'x'.repeat(1001));
    expect(long.ok).toBe(false);
  });
});
