// The hub's mail key and the encryption of mailbox passwords at rest (AES-256-GCM). The key lives in
// `<dataDir>/mail-key` (0600, created once); the database alone never reveals a password.
import crypto from 'node:crypto';
import path from 'node:path';
import { resolveKeyFile } from '../key-file.js';

export const MAIL_KEY_FILE = 'mail-key';
const IV_BYTES = 12;
const FORMAT = 'v1';

/** Reads `<dataDir>/mail-key`, creating it on first use. A damaged key is an error, never replaced. */
export function resolveMailKey(dataDir: string): Buffer {
  return resolveKeyFile(path.join(dataDir, MAIL_KEY_FILE));
}

/** `v1:<iv>:<tag>:<ciphertext>` (base64url parts); a fresh IV per secret. */
export function encryptSecret(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

/** Throws when the secret was encrypted under another key or changed (GCM authenticates it). */
export function decryptSecret(key: Buffer, sealed: string): string {
  const [format, iv, tag, body] = sealed.split(':');
  if (format !== FORMAT || iv === undefined || tag === undefined || body === undefined) throw new Error('The stored mailbox password has an unknown format.');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('The stored mailbox password cannot be decrypted with this hub\'s mail key (was mail-key replaced?).');
  }
}
