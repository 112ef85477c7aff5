// One-time passwords an admin hands over (new user, reset): random from node:crypto, long enough
// that the policy always accepts them, without look-alike characters people mistype.
import crypto from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const TEMPORARY_PASSWORD_LENGTH = 20;

export function generateTemporaryPassword(): string {
  let out = '';
  while (out.length < TEMPORARY_PASSWORD_LENGTH) {
    // Rejection sampling keeps every character equally likely (256 is not a multiple of 56).
    for (const byte of crypto.randomBytes(32)) {
      if (byte < 224 && out.length < TEMPORARY_PASSWORD_LENGTH) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  // Groups of five read out well over the phone.
  return out.match(/.{1,5}/g)?.join('-') ?? out;
}
