import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { ACCESS_TOKEN_SECONDS, createAccessTokenService } from './access-token.js';

const SECRET = 'x'.repeat(48);
const claims = { userId: '0b9a5b43-7f0e-4f6b-9a57-0b7d51a1f2a1', role: 'agent' as const, sessionId: 'a7b1e0f6-3a0e-4c71-8d7d-0c1c8f3b2f10' };

function rejection(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('access tokens', () => {
  it('round-trips claims and expires after 15 minutes', () => {
    let now = Date.UTC(2026, 2, 1);
    const service = createAccessTokenService(SECRET, () => now);
    const token = service.sign(claims);
    expect(service.verify(token)).toEqual({ ...claims, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000 });
    expect(jwt.decode(token)).toMatchObject({ sub: claims.userId, role: 'agent', sid: claims.sessionId, typ: 'access' });

    now += ACCESS_TOKEN_SECONDS * 1000 + 1000;
    const error = rejection(() => service.verify(token));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.details?.reason).toBe('expired');
  });

  it('rejects a token signed with another secret', () => {
    const mine = createAccessTokenService(SECRET, Date.now);
    const theirs = createAccessTokenService('y'.repeat(48), Date.now);
    const error = rejection(() => mine.verify(theirs.sign(claims)));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.details?.reason).toBe('invalid');
  });

  it('rejects alg:none and other algorithms even with the right secret', () => {
    const service = createAccessTokenService(SECRET, Date.now);
    const iat = Math.floor(Date.now() / 1000);
    const payload = { sub: claims.userId, role: 'admin', sid: claims.sessionId, typ: 'access', iat, exp: iat + 600 };
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    expect(rejection(() => service.verify(none)).code).toBe('UNAUTHENTICATED');
    const hs512 = jwt.sign(payload, SECRET, { algorithm: 'HS512' });
    expect(rejection(() => service.verify(hs512)).code).toBe('UNAUTHENTICATED');
  });

  it('rejects a correctly signed token that is not an access token', () => {
    const service = createAccessTokenService(SECRET, Date.now);
    const refreshLike = jwt.sign({ role: 'agent', sid: claims.sessionId, typ: 'refresh' }, SECRET, { algorithm: 'HS256', subject: claims.userId, expiresIn: 60 });
    expect(rejection(() => service.verify(refreshLike)).code).toBe('UNAUTHENTICATED');
    const badRole = jwt.sign({ role: 'root', sid: claims.sessionId, typ: 'access' }, SECRET, { algorithm: 'HS256', subject: claims.userId, expiresIn: 60 });
    expect(rejection(() => service.verify(badRole)).code).toBe('UNAUTHENTICATED');
  });
});
