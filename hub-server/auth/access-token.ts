// Access tokens: HS256 JWTs for 15 minutes carrying {sub, role, sid, typ: 'access'}. Verification
// pins the algorithm, so `alg: none` and tokens signed any other way are refused.
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES, type Role } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { Clock } from '../clock.js';

export const ACCESS_TOKEN_SECONDS = 15 * 60;

export type AccessClaims = Readonly<{ userId: string; role: Role; sessionId: string; expiresAt: number }>;

export type AccessTokenService = Readonly<{
  sign(claims: Readonly<{ userId: string; role: Role; sessionId: string }>): string;
  /** Returns the claims or throws UNAUTHENTICATED. */
  verify(token: string): AccessClaims;
}>;

export function createAccessTokenService(secretText: string, clock: Clock): AccessTokenService {
  // One key object for the process: given a string, jsonwebtoken builds a new key on every call,
  // which showed up as a tenth of the hub's CPU when every push is verified.
  const secret = crypto.createSecretKey(Buffer.from(secretText, 'utf8'));
  return {
    sign({ userId, role, sessionId }) {
      const iat = Math.floor(clock() / 1000);
      return jwt.sign({ role, sid: sessionId, typ: 'access', iat, exp: iat + ACCESS_TOKEN_SECONDS }, secret, { algorithm: 'HS256', subject: userId });
    },
    verify(token) {
      let payload: string | jwt.JwtPayload;
      try {
        payload = jwt.verify(token, secret, { algorithms: ['HS256'], clockTimestamp: Math.floor(clock() / 1000) });
      } catch (error) {
        const expired = error instanceof jwt.TokenExpiredError;
        throw new AppError('UNAUTHENTICATED', expired ? 'Your session has expired. Sign in again.' : 'Your sign-in is not valid. Sign in again.', { reason: expired ? 'expired' : 'invalid' });
      }
      if (typeof payload === 'string') throw new AppError('UNAUTHENTICATED', 'Your sign-in is not valid. Sign in again.', { reason: 'invalid' });
      const { sub, role, sid, typ, exp } = payload as jwt.JwtPayload & { role?: unknown; sid?: unknown; typ?: unknown };
      if (typ !== 'access' || typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number' || !ROLES.includes(role as Role)) {
        throw new AppError('UNAUTHENTICATED', 'Your sign-in is not valid. Sign in again.', { reason: 'invalid' });
      }
      return { userId: sub, role: role as Role, sessionId: sid, expiresAt: exp * 1000 };
    },
  };
}
