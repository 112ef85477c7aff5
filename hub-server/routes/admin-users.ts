// Admin routes for people: list (admins everyone, managers their regions), create with a one-time
// temporary password, edit, (de)activate, reset a password, and engineers' records (managers too,
// for their regions' engineers). Session ends and view changes are
// announced after the commit, so live sync sockets close (4003) or refresh their view (4009).
import type { SessionView } from '../../shared/admin.js';
import { hashPassword } from '../auth/password.js';
import { generateTemporaryPassword } from '../auth/temporary-password.js';
import type { SessionWithUser } from '../db/repository.js';
import { createUser, listUsersFor, resetUserPassword, setUserActive, toAdminUser, updateEngineerProfile, updateUser } from '../domain/users.js';
import { httpCommandContext, requireId, type HubRouteHandlers, type RouteDeps } from './hub-routes.js';

export function toSessionView(session: SessionWithUser, currentSessionId: string): SessionView {
  return {
    id: session.id,
    userId: session.userId,
    userName: session.userName,
    userEmail: session.userEmail,
    clientName: session.clientName,
    ip: session.ip,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    revokedAt: session.revokedAt,
    current: session.id === currentSessionId,
  };
}

export function createAdminUserHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'users.list' | 'users.create' | 'users.update' | 'users.setActive' | 'users.resetPassword' | 'users.updateEngineer'> {
  const { repo, auth } = deps;
  return {
    'users.list': ({ caller }) => repo.read((tx) => listUsersFor(tx, caller.user)),
    'users.create': async ({ caller, body }) => {
      const temporaryPassword = generateTemporaryPassword();
      const passwordHash = await hashPassword(temporaryPassword);
      const user = await repo.write((tx) => createUser(tx, httpCommandContext(deps, caller), body, passwordHash));
      return { user: toAdminUser(user), temporaryPassword };
    },
    'users.update': async ({ caller, body, id }) => {
      const updated = await repo.write((tx) => updateUser(tx, httpCommandContext(deps, caller), requireId(id), body));
      if (updated.viewChanged) auth.events.viewChanged(updated.user.id);
      return toAdminUser(updated.user);
    },
    'users.updateEngineer': async ({ caller, body, id }) => {
      const user = await repo.write((tx) => updateEngineerProfile(tx, httpCommandContext(deps, caller), requireId(id), body));
      return toAdminUser(user);
    },
    'users.setActive': async ({ caller, body, id }) => {
      const outcome = await repo.write((tx) => setUserActive(tx, httpCommandContext(deps, caller), requireId(id), body.active));
      auth.events.sessionsRevoked(outcome.revokedSessions);
      return toAdminUser(outcome.user);
    },
    'users.resetPassword': async ({ caller, id }) => {
      const temporaryPassword = generateTemporaryPassword();
      const passwordHash = await hashPassword(temporaryPassword);
      const outcome = await repo.write((tx) => resetUserPassword(tx, httpCommandContext(deps, caller), requireId(id), passwordHash));
      auth.events.sessionsRevoked(outcome.revokedSessions);
      return { temporaryPassword };
    },
  };
}
