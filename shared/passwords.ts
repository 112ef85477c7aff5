// The password policy, one rule set for the hub (which enforces it) and the console (which shows
// the problems while the user types). Pure and dependency-free apart from zod.
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * A short list of passwords that pass the length rule yet are the first an attacker tries. Compared
 * case-insensitively, ignoring spaces, so "Password 1234" is refused as well.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  '123456789012',
  '1234567890123',
  '12345678901234',
  '111111111111',
  '000000000000',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwertyuiopasdf',
  'qwerty123456',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'administrator',
  'administrator1',
  'changeme1234',
  'changemenow1',
  'abcdefghijkl',
  'abc123456789',
  'trustno1trustno1',
  'lamphouse123',
  'lamphouse1234',
  'projector123',
  'projector1234',
  'demo-password',
  'demopassword',
  'support12345',
  'monkey123456',
  'football1234',
  'baseball1234',
  'sunshine1234',
  'superman1234',
  'starwars1234',
]);

function normalise(value: string): string {
  return value.toLowerCase().replace(/\s+/g, '');
}

/** What is wrong with a new password, in words a person can act on; null when it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const plain = normalise(password);
  const mail = normalise(email);
  const localPart = mail.split('@')[0] ?? '';
  if (mail && (plain === mail || plain.includes(mail) || (localPart.length >= 4 && plain === localPart))) {
    return 'Do not use your email address as your password.';
  }
  if (COMMON_PASSWORDS.has(plain)) return 'This password is too common. Choose one that is harder to guess.';
  if (/^(.)\1+$/.test(plain)) return 'Do not repeat one character.';
  return null;
}

/** A new password for a known email: the policy as a schema (issue: field `newPassword`). */
export function newPasswordSchema(email: string) {
  return z.string().superRefine((value, ctx) => {
    const problem = passwordProblem(value, email);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export const changePasswordRequestSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
    newPassword: z.string().min(1, 'Enter a new password.').max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .strict()
  .refine((r) => r.currentPassword !== r.newPassword, { message: 'The new password must differ from the current one.', path: ['newPassword'] });
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
