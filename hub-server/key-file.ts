// 32-byte keys the hub keeps beside its database (the audit key, the mail key): hex in a 0600 file,
// read, or created once. A damaged key is an error to restore from a backup, never replaced.
import crypto from 'node:crypto';
import fs from 'node:fs';

const KEY_BYTES = 32;

/** The key in `file`; created when missing and `create` is set (else the ENOENT error is thrown). */
export function resolveKeyFile(file: string, create = true): Buffer {
  try {
    const stored = fs.readFileSync(file, 'utf8').trim();
    const key = Buffer.from(stored, 'hex');
    if (key.length !== KEY_BYTES || !/^[0-9a-f]+$/i.test(stored)) throw new Error(`${file} is not a ${KEY_BYTES}-byte hex key; restore it from a backup.`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) throw error;
  }
  const key = crypto.randomBytes(KEY_BYTES);
  try {
    // 'wx' refuses to overwrite a key another process created a moment ago.
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveKeyFile(file, false);
    throw error;
  }
  return key;
}
