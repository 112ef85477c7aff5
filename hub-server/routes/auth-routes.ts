// /auth: sign in, refresh (rotating), sign out. Public routes: each reads its own body.
import { z } from 'zod';
import { loginRequestSchema, refreshRequestSchema } from '../../shared/domain.js';
import { readJson } from '../http/json.js';
import type { HubRouteHandlers, RouteDeps } from './hub-routes.js';

const loginBodySchema = loginRequestSchema.extend({ clientName: z.string().trim().max(100).optional() });

export function createAuthHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'auth.login' | 'auth.refresh' | 'auth.logout'> {
  const { auth } = deps;
  return {
    'auth.login': async ({ c, ip }) => auth.login(await readJson(c, loginBodySchema), ip),
    'auth.refresh': async ({ c }) => auth.refresh((await readJson(c, refreshRequestSchema)).refreshToken),
    'auth.logout': async ({ c }) => auth.logout((await readJson(c, refreshRequestSchema)).refreshToken),
  };
}
