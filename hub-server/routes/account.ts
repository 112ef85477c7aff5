// Routes every signed-in user has for their own account: change the password (also with a
// temporary one), list their live sessions and end one of them.
import { revokeOneSession } from './admin-sessions.js';
import { toSessionView } from './admin-users.js';
import { requireId, type HubRouteHandlers, type RouteDeps } from './hub-routes.js';

export function createAccountHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'account.changePassword' | 'account.sessions' | 'account.revokeSession'> {
  const { repo, auth, clock } = deps;
  return {
    'account.changePassword': ({ caller, body }) => auth.changePassword(caller, body),
    'account.sessions': async ({ caller }) => {
      const sessions = await repo.read((tx) => tx.listSessions({ userId: caller.user.id, includeRevoked: false }));
      return sessions.map((s) => toSessionView(s, caller.sessionId));
    },
    'account.revokeSession': ({ caller, id }) => revokeOneSession(repo, auth, requireId(id), clock(), caller.user.id),
  };
}
