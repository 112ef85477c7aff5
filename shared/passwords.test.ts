import { describe, it, expect } from 'vitest';
import { COMMON_PASSWORDS, PASSWORD_MIN_LENGTH, changePasswordRequestSchema, newPasswordSchema, passwordProblem } from './passwords.js';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password that is not the email', () => {
    expect(passwordProblem('violet-lamp-harbour-42', 'ana@example.com')).toBeNull();
  });

  it(`refuses anything shorter than ${PASSWORD_MIN_LENGTH} characters, and says so`, () => {
    expect(passwordProblem('abcdefghijk', 'x@example.com')).toBe(`Use at least ${PASSWORD_MIN_LENGTH} characters.`);
    expect(passwordProblem('Short1!', 'x@example.com')).toMatch(/at least 12/);
  });

  it('refuses the email address, whatever its case or spacing', () => {
    expect(passwordProblem('Agent.Smith@Example.com', 'agent.smith@example.com')).toMatch(/email/);
    expect(passwordProblem('xxagent.smith@example.comxx', 'agent.smith@example.com')).toMatch(/email/);
    expect(passwordProblem('agent.smith.long', 'agent.smith.long@example.com')).toMatch(/email/);
  });

  it('refuses every password on the common list, with spaces or capitals', () => {
    for (const common of COMMON_PASSWORDS) {
      if (common.length < PASSWORD_MIN_LENGTH) continue;
      expect(passwordProblem(common, 'someone@example.com'), common).toMatch(/too common/);
    }
    expect(passwordProblem('Password 1234', 'someone@example.com')).toMatch(/too common/);
  });

  it('refuses one character repeated', () => {
    expect(passwordProblem('zzzzzzzzzzzzzz', 'someone@example.com')).toMatch(/repeat/);
  });
});

describe('schemas', () => {
  it('newPasswordSchema carries the policy message as a zod issue', () => {
    const result = newPasswordSchema('a@example.com').safeParse('short');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/at least/);
  });

  it('a change must give both passwords and a different new one', () => {
    expect(changePasswordRequestSchema.safeParse({ currentPassword: 'same-password-1', newPassword: 'same-password-1' }).error?.issues[0]?.path).toEqual(['newPassword']);
    expect(changePasswordRequestSchema.safeParse({ currentPassword: '', newPassword: 'x' }).success).toBe(false);
    expect(changePasswordRequestSchema.safeParse({ currentPassword: 'a', newPassword: 'b', extra: 1 }).success).toBe(false);
  });
});
