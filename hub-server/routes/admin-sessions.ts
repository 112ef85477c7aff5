// Admin routes for sessions and the sign-in history: list and revoke anyone's sessions (the
// refresh-token family dies; live sync sockets close with 4003), and read sign-in attempts.
import { AppError } from '../../shared/errors.js';
import { isoAt } from '../clock.js';
import type { HubRepository } from '../db/repository.js';
import type { AuthService } from '../auth/auth-service.js';
import { toSessionView } from './admin-users.js';
import { requireId, type HubRouteHandlers, type RouteDeps } from './hub-routes.js';

/** Revokes one session if it is live (and, with `ownerId`, only if it is theirs); announces it. */
export async function revokeOneSession(repo: HubRepository, auth: AuthService, sessionId: string, at: number, ownerId?: string): Promise<null> {
  const revoked = await repo.write(async (tx) => {
    const session = await tx.getSession(sessionId);
    if (!session || (ownerId !== undefined && session.userId !== ownerId)) throw new AppError('NOT_FOUND', 'That session does not exist.', { id: sessionId });
    if (session.revokedAt) return false;
    await tx.revokeSession(sessionId, isoAt(at));
    return true;
  });
  if (revoked) auth.events.sessionsRevoked([sessionId]);
  return null;
}

export function createAdminSessionHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'sessions.list' | 'sessions.revoke' | 'signIns.list'> {
  const { repo, auth, clock } = deps;
  return {
    'sessions.list': async ({ caller, body }) => {
      const sessions = await repo.read((tx) => tx.listSessions({ userId: body.userId, includeRevoked: body.includeRevoked }));
      return sessions.map((s) => toSessionView(s, caller.sessionId));
    },
    'sessions.revoke': ({ id }) => revokeOneSession(repo, auth, requireId(id), clock()),
    'signIns.list': async ({ body }) => {
      const events = await repo.read((tx) => tx.listSignIns({ userId: body.userId, outcome: body.outcome, before: body.before, limit: body.limit }));
      return events.map((e) => ({ id: e.id, at: e.at, email: e.email, userId: e.userId, userName: e.userName, outcome: e.outcome, ip: e.ip, clientName: e.clientName }));
    },
  };
}
