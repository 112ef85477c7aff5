// The hub's mail key and the encryption of mailbox passwords at rest (AES-256-GCM). The key lives in
// `<dataDir>/mail-key` (0600, created once); the database alone never reveals a password.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MAIL_KEY_FILE = 'mail-key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = 'v1';

/** Reads `<dataDir>/mail-key`, creating it on first use. A damaged key is an error, never replaced. */
export function resolveMailKey(dataDir: string): Buffer {
  const file = path.join(dataDir, MAIL_KEY_FILE);
  try {
    const stored = fs.readFileSync(file, 'utf8').trim();
    const key = Buffer.from(stored, 'hex');
    if (key.length !== KEY_BYTES || !/^[0-9a-f]+$/i.test(stored)) throw new Error(`${file} is not a ${KEY_BYTES}-byte hex key; restore it from a backup.`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = crypto.randomBytes(KEY_BYTES);
  try {
    // 'wx' refuses to overwrite a key another process created a moment ago.
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveMailKey(dataDir);
    throw error;
  }
  return key;
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
