// /auth: sign in, refresh (rotating), sign out. Responses are never cached.
import { Hono } from 'hono';
import { z } from 'zod';
import { loginRequestSchema, refreshRequestSchema } from '../../shared/domain.js';
import type { AuthService } from '../auth/auth-service.js';
import { clientIp, ok, readJson } from '../http/json.js';

const loginBodySchema = loginRequestSchema.extend({ clientName: z.string().trim().max(100).optional() });

export function createAuthRoutes(auth: AuthService): Hono {
  const routes = new Hono();
  routes.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
  });
  routes.post('/login', async (c) => ok(c, await auth.login(await readJson(c, loginBodySchema), clientIp(c))));
  routes.post('/refresh', async (c) => ok(c, await auth.refresh((await readJson(c, refreshRequestSchema)).refreshToken)));
  routes.post('/logout', async (c) => ok(c, await auth.logout((await readJson(c, refreshRequestSchema)).refreshToken)));
  return routes;
}
