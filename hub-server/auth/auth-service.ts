// Sign-in, token refresh with rotation and reuse detection, sign-out, and checking an access token
// against its live session. Plain async functions over the repository; HTTP and sync both use it.
import crypto from 'node:crypto';
import type { SignInOutcome } from '../../shared/admin.js';
import type { PublicUser, Role, TokenPair } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { passwordProblem, type ChangePasswordRequest } from '../../shared/passwords.js';
import { isoAt, type Clock } from '../clock.js';
import type { HubRepository, UserRecord } from '../db/repository.js';
import { changeOwnPassword } from '../domain/users.js';
import { ACCESS_TOKEN_SECONDS, type AccessTokenService } from './access-token.js';
import { hashPassword, spendPasswordCheck, verifyPassword } from './password.js';
import { createSessionEvents, type SessionEvents } from './session-events.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { REFRESH_TOKEN_DAYS, generateRefreshToken, hashRefreshToken } from './refresh-token.js';

/** How long after its exchange a refresh token may be presented again as a retry of a lost answer. */
export const REFRESH_RETRY_GRACE_MS = 60_000;
/**
 * `usedAt` of a successor replaced by such a retry: dated at the epoch so it is never inside the
 * grace window. Whoever presents it later held a token the real console never received: theft.
 */
const REPLACED_BY_RETRY_AT = new Date(0).toISOString();

export const WRONG_CREDENTIALS = 'Email or password is incorrect.';
const SESSION_ENDED = 'Your session has ended. Sign in again.';
export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_FAILURE_WINDOW_MS = 60_000;

export const WRONG_CURRENT_PASSWORD = 'Your current password is incorrect.';

export type AuthenticatedUser = Readonly<{
  user: PublicUser;
  sessionId: string;
  expiresAt: number;
  /** Signed in with a temporary password: only the routes marked beforePasswordChange answer. */
  mustChangePassword: boolean;
  /** Change-log version of the user's last role or regions change (older sync cursors bootstrap). */
  viewVersion: number;
}>;

export type LoginInput = Readonly<{ email: string; password: string; clientName?: string | undefined }>;

export type AuthService = Readonly<{
  login(input: LoginInput, ip: string): Promise<TokenPair>;
  refresh(refreshToken: string): Promise<TokenPair>;
  logout(refreshToken: string): Promise<null>;
  /**
   * Checks an access token and its session. Throws UNAUTHENTICATED with details.reason 'expired' or
   * 'invalid' (refresh and retry) or 'revoked' (session ended or user deactivated: sign out).
   */
  authenticate(token: string): Promise<AuthenticatedUser>;
  /**
   * The caller's own password change: the current one must match (failures rate-limited like
   * sign-in), the new one must pass the policy. Clears mustChangePassword and ends the user's
   * other sessions; the caller's session and tokens stay valid.
   */
  changePassword(caller: AuthenticatedUser, request: ChangePasswordRequest): Promise<null>;
  /** Sessions revoked by sign-out or token reuse, so live sync connections can be closed. */
  onSessionRevoked(listener: (sessionId: string) => void): () => void;
  /** Where session ends and view changes are announced (the sync server listens). */
  readonly events: SessionEvents;
}>;

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, regions: [...user.regions], active: user.active };
}

export type AuthServiceDeps = Readonly<{ repo: HubRepository; tokens: AccessTokenService; clock: Clock; limiter?: RateLimiter; events?: SessionEvents }>;

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { repo, tokens, clock } = deps;
  const limiter = deps.limiter ?? createRateLimiter({ limit: LOGIN_FAILURE_LIMIT, windowMs: LOGIN_FAILURE_WINDOW_MS, clock });
  const events = deps.events ?? createSessionEvents();
  const announceRevoked = (sessionId: string) => events.sessionsRevoked([sessionId]);

  const issue = (user: Readonly<{ id: string; role: Role; mustChangePassword: boolean }>, sessionId: string, publicUser: PublicUser, refreshToken: string): TokenPair => ({
    accessToken: tokens.sign({ userId: user.id, role: user.role, sessionId }),
    refreshToken,
    expiresIn: ACCESS_TOKEN_SECONDS,
    user: publicUser,
    mustChangePassword: user.mustChangePassword,
  });

  /** Sign-in history: one row per attempt, with what the hub knows of who tried. */
  const recordSignIn = (email: string, user: UserRecord | null, outcome: SignInOutcome, ip: string, clientName: string | null) =>
    repo.write((tx) => tx.insertSignIn({ id: crypto.randomUUID(), at: isoAt(clock()), email: email.slice(0, 254), userId: user?.id ?? null, outcome, ip, clientName }));

  const newRefreshRecord = (familyId: string, now: number) => {
    const token = generateRefreshToken();
    const record = {
      id: crypto.randomUUID(),
      familyId,
      tokenHash: hashRefreshToken(token),
      createdAt: isoAt(now),
      expiresAt: isoAt(now + REFRESH_TOKEN_DAYS * 24 * 3600 * 1000),
      usedAt: null,
    };
    return { token, record };
  };

  return {
    async login(input, ip) {
      const email = input.email.trim().toLowerCase();
      const clientName = input.clientName ?? null;
      const keys = [`ip:${ip}`, `account:${email}`];
      const wait = Math.max(...keys.map((key) => limiter.retryAfterSeconds(key)));
      const user = await repo.read((tx) => tx.findUserByEmail(email));
      if (wait > 0) {
        await recordSignIn(email, user, 'locked', ip, clientName);
        throw new AppError('RATE_LIMITED', `Too many failed sign-ins. Try again in ${wait} seconds.`, { retryAfterSeconds: wait });
      }
      const matches = user ? await verifyPassword(input.password, user.passwordHash) : await spendPasswordCheck(input.password);
      if (!user || !matches) {
        keys.forEach((key) => limiter.recordFailure(key));
        await recordSignIn(email, user, 'failure', ip, clientName);
        throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      }
      if (!user.active) {
        await recordSignIn(email, user, 'deactivated', ip, clientName);
        throw new AppError('FORBIDDEN', 'This account has been deactivated. Ask an admin to reactivate it.');
      }
      limiter.reset(`account:${email}`);
      const now = clock();
      const sessionId = crypto.randomUUID();
      const { token, record } = newRefreshRecord(sessionId, now);
      await repo.write(async (tx) => {
        await tx.insertSession({ id: sessionId, userId: user.id, clientName, ip, createdAt: isoAt(now), lastSeenAt: isoAt(now), revokedAt: null });
        await tx.insertRefreshToken(record);
        await tx.setLastSignIn(user.id, isoAt(now));
        await tx.insertSignIn({ id: crypto.randomUUID(), at: isoAt(now), email, userId: user.id, outcome: 'success', ip, clientName });
      });
      return issue(user, sessionId, toPublicUser(user), token);
    },

    async refresh(refreshToken) {
      const now = clock();
      const outcome = await repo.write(async (tx) => {
        const stored = await tx.findRefreshToken(hashRefreshToken(refreshToken));
        if (!stored) return { kind: 'unknown' } as const;
        const session = await tx.getSession(stored.familyId);
        if (!session || session.revokedAt) return { kind: 'ended' } as const;
        if (stored.usedAt) {
          // A rotated-away token came back. Either the answer to its exchange was lost (link cut,
          // console killed before it saved the new token) and the console is retrying, or someone
          // holds a copy. A retry comes soon after and its successor was never used: replace that
          // successor. Anything else ends the whole family. A thief racing a retry only wins until
          // the real console presents its (now used) token, which ends the family too.
          // Everything issued since this token's exchange must still be unused: if the console had
          // received and used the answer, this is not a retry.
          const successors = (await tx.refreshTokensIssuedSince(session.id, stored.usedAt)).filter((s) => s.id !== stored.id);
          const lostAnswer = now - Date.parse(stored.usedAt) <= REFRESH_RETRY_GRACE_MS && successors.some((s) => s.usedAt === null) && successors.every((s) => s.usedAt === null || s.usedAt === REPLACED_BY_RETRY_AT);
          if (!lostAnswer) {
            await tx.revokeSession(session.id, isoAt(now));
            return { kind: 'reused', sessionId: session.id } as const;
          }
          for (const successor of successors) if (successor.usedAt === null) await tx.markRefreshTokenUsed(successor.id, REPLACED_BY_RETRY_AT);
        }
        if (Date.parse(stored.expiresAt) <= now) return { kind: 'ended' } as const;
        const user = await tx.getUser(session.userId);
        if (!user || !user.active) {
          await tx.revokeSession(session.id, isoAt(now));
          return { kind: 'reused', sessionId: session.id } as const;
        }
        if (!stored.usedAt) await tx.markRefreshTokenUsed(stored.id, isoAt(now));
        const next = newRefreshRecord(session.id, now);
        await tx.insertRefreshToken(next.record);
        await tx.touchSession(session.id, isoAt(now));
        return { kind: 'ok', pair: issue(user, session.id, toPublicUser(user), next.token) } as const;
      });
      if (outcome.kind === 'ok') return outcome.pair;
      if (outcome.kind === 'reused') announceRevoked(outcome.sessionId);
      throw new AppError('UNAUTHENTICATED', SESSION_ENDED, { reason: 'revoked' });
    },

    async logout(refreshToken) {
      const now = clock();
      const revoked = await repo.write(async (tx) => {
        const stored = await tx.findRefreshToken(hashRefreshToken(refreshToken));
        if (!stored) return null;
        const session = await tx.getSession(stored.familyId);
        if (!session || session.revokedAt) return null;
        await tx.revokeSession(session.id, isoAt(now));
        return session.id;
      });
      if (revoked) announceRevoked(revoked);
      return null;
    },

    async authenticate(token) {
      const claims = tokens.verify(token);
      const found = await repo.read(async (tx) => ({ session: await tx.getSession(claims.sessionId), user: await tx.getUser(claims.userId) }));
      if (!found.session || found.session.revokedAt || found.session.userId !== claims.userId || !found.user || !found.user.active) {
        throw new AppError('UNAUTHENTICATED', SESSION_ENDED, { reason: 'revoked' });
      }
      return {
        user: toPublicUser(found.user),
        sessionId: claims.sessionId,
        expiresAt: claims.expiresAt,
        mustChangePassword: found.user.mustChangePassword,
        viewVersion: found.user.viewVersion,
      };
    },

    async changePassword(caller, request) {
      const key = `password:${caller.user.id}`;
      const wait = limiter.retryAfterSeconds(key);
      if (wait > 0) throw new AppError('RATE_LIMITED', `Too many wrong passwords. Try again in ${wait} seconds.`, { retryAfterSeconds: wait });
      const user = await repo.read((tx) => tx.getUser(caller.user.id));
      if (!user || !user.active) throw new AppError('UNAUTHENTICATED', SESSION_ENDED, { reason: 'revoked' });
      if (!(await verifyPassword(request.currentPassword, user.passwordHash))) {
        limiter.recordFailure(key);
        throw new AppError('VALIDATION', WRONG_CURRENT_PASSWORD, { fields: { currentPassword: WRONG_CURRENT_PASSWORD } });
      }
      limiter.reset(key);
      const problem = passwordProblem(request.newPassword, user.email);
      if (problem) throw new AppError('VALIDATION', problem, { fields: { newPassword: problem } });
      const passwordHash = await hashPassword(request.newPassword);
      const now = isoAt(clock());
      const ended = await repo.write((tx) =>
        changeOwnPassword(tx, { user: caller.user, now, clientId: null, mutationId: null, clientCreatedAt: null, sessionId: caller.sessionId }, passwordHash, caller.sessionId),
      );
      events.sessionsRevoked(ended.revokedSessions);
      return null;
    },

    onSessionRevoked(listener) {
      return events.onSessionRevoked(listener);
    },

    events,
  };
}
