import { describe, it, expect } from 'vitest';
import { rejectionMessage } from './rejection-message.js';

describe('rejectionMessage', () => {
  it('names the case and the reason', () => {
    expect(rejectionMessage('DTR-2026-000004 · Lamp flickers', 'You may not change the status.')).toBe(
      'Change refused: DTR-2026-000004 · Lamp flickers — You may not change the status.',
    );
  });
  it('still reads when the case is unknown', () => {
    expect(rejectionMessage(null, 'Case not found.')).toBe('Change refused: a case — Case not found.');
  });
});
