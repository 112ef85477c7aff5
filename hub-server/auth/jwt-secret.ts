// The JWT signing secret: given explicitly, or generated once into `<dataDir>/jwt-secret` (0600)
// and reused, so restarts keep sessions valid. It never goes into the database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';

export const MIN_SECRET_LENGTH = 32;

export function resolveJwtSecret(dataDir: string, explicit?: string): string {
  if (explicit !== undefined) {
    if (explicit.length < MIN_SECRET_LENGTH) throw new AppError('VALIDATION', `The JWT secret must be at least ${MIN_SECRET_LENGTH} characters long.`);
    return explicit;
  }
  const file = path.join(dataDir, 'jwt-secret');
  try {
    const stored = fs.readFileSync(file, 'utf8').trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
    throw new AppError('VALIDATION', `${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters; delete it to generate a new one.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = crypto.randomBytes(48).toString('base64url');
  // 'wx' refuses to overwrite a file another process created a moment ago.
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
