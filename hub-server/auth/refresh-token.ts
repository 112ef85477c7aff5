// Refresh tokens are 32 random bytes (base64url); only their sha256 is stored.
import crypto from 'node:crypto';

export const REFRESH_TOKEN_DAYS = 30;

export function generateRefreshToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
