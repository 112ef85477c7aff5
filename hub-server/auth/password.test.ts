import { describe, expect, it } from 'vitest';
import { hashPassword, spendPasswordCheck, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('s3cret passphrase');
    expect(await verifyPassword('s3cret passphrase', stored)).toBe(true);
    expect(await verifyPassword('s3cret passphrasE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('stores a self-describing string with a random salt', async () => {
    const a = await hashPassword('same');
    const b = await hashPassword('same');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same');
  });

  it('never matches a malformed stored hash', async () => {
    for (const stored of ['', 'plain', 'scrypt$1$1$1$$', 'bcrypt$x$y$z$a$b', 'scrypt$99999999$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAAA=']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('spends a full check for unknown accounts and always fails', async () => {
    expect(await spendPasswordCheck('guess')).toBe(false);
  });
});
