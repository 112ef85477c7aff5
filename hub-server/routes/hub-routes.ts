// Mounts every route of HUB_ROUTES (shared/admin.ts) from that table, each behind ONE
// authorisation chain: bearer token → live session and user (read on every call, so a role change
// or deactivation counts at once) → the temporary-password gate → the route's action → body
// schema → `:id` as a UUID. A route without a handler does not compile; one without a rule
// cannot exist (the table's `access` is required).
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { HUB_ROUTES, type HubRoute, type HubRouteName, type HubRouteResults } from '../../shared/admin.js';
import { idSchema } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { sha256Schema } from '../../shared/service.js';
import { can } from '../../shared/permissions.js';
import type { AuthService, AuthenticatedUser } from '../auth/auth-service.js';
import { isoAt, type Clock } from '../clock.js';
import type { HubRepository } from '../db/repository.js';
import type { CommandContext } from '../domain/command-context.js';
import { clientIp, ok, readJson } from '../http/json.js';
import type { HubLogger } from '../logger.js';
import type { MailService } from '../mail/mail-service.js';

type Routes = typeof HUB_ROUTES;
export type BodyOf<K extends HubRouteName> = Routes[K] extends { body: infer S extends z.ZodType } ? z.output<S> : undefined;
export type CallerOf<K extends HubRouteName> = Routes[K]['access'] extends 'public' ? null : AuthenticatedUser;

export type RouteRequest<K extends HubRouteName> = Readonly<{
  c: Context;
  caller: CallerOf<K>;
  body: BodyOf<K>;
  /** The `:id` path parameter (a UUID, or a hex SHA-256 for `idKind: 'sha256'`), or null when the route has none. */
  id: string | null;
  /** The raw body of a route with `rawBodyMaxBytes` (at most that many bytes); null otherwise. */
  rawBody: Uint8Array | null;
  ip: string;
}>;

/** A route whose result is `never` (not JSON, e.g. attachments.get) answers with its own Response. */
export type RouteHandler<K extends HubRouteName> = (request: RouteRequest<K>) => Promise<[HubRouteResults[K]] extends [never] ? Response : HubRouteResults[K]>;
export type HubRouteHandlers = { [K in HubRouteName]: RouteHandler<K> };

export const PASSWORD_CHANGE_REQUIRED = 'Change your temporary password first.';

function bearer(c: Context): string {
  const header = c.req.header('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Sign in first.', { reason: 'invalid' });
  return match[1];
}

/** Who is calling, or the 401/403 that stops them (the route's rule from the table). */
export async function authorise(auth: AuthService, route: HubRoute, c: Context): Promise<AuthenticatedUser | null> {
  if (route.access === 'public') return null;
  const caller = await auth.authenticate(bearer(c));
  if (caller.mustChangePassword && !route.beforePasswordChange) {
    throw new AppError('FORBIDDEN', PASSWORD_CHANGE_REQUIRED, { reason: 'password_change_required' });
  }
  if (route.access !== 'signed-in' && !can(caller.user.role, route.access)) {
    throw new AppError('FORBIDDEN', 'Your role does not allow this.', { action: route.access });
  }
  return caller;
}

/** The limit of a raw-body route: a 413 PAYLOAD_TOO_LARGE past `maxBytes` (the app-wide JSON limit does not apply). */
function rawBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`, { maxBytes });
    },
  });
}

/** Whether a request is for a raw-body route (the app skips its JSON body limit for those). */
export function isRawBodyRequest(method: string, pathname: string): boolean {
  for (const route of Object.values(HUB_ROUTES) as HubRoute[]) {
    if (route.rawBodyMaxBytes === undefined || route.method !== method) continue;
    const pattern = new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(':id', '[^/]+')}$`);
    if (pattern.test(pathname)) return true;
  }
  return false;
}

export function mountHubRoutes(app: Hono, auth: AuthService, handlers: HubRouteHandlers): void {
  for (const name of Object.keys(HUB_ROUTES) as HubRouteName[]) {
    const route: HubRoute = HUB_ROUTES[name];
    const handler = handlers[name] as unknown as (request: RouteRequest<HubRouteName>) => Promise<unknown>;
    // Registered before the handler on the same path: Hono runs it as the route's middleware.
    if (route.rawBodyMaxBytes !== undefined) app.on(route.method, route.path, rawBodyLimit(route.rawBodyMaxBytes));
    app.on(route.method, route.path, async (c) => {
      c.header('Cache-Control', 'no-store');
      c.header('Pragma', 'no-cache');
      const caller = await authorise(auth, route, c);
      const body: unknown = route.body ? await readJson(c, route.body) : undefined;
      let id: string | null = null;
      if (route.path.includes(':id')) {
        const raw = c.req.param('id') ?? '';
        if (route.idKind === 'sha256') {
          if (!sha256Schema.safeParse(raw).success) throw new AppError('BAD_REQUEST', 'The address must end in a SHA-256 (64 lower-case hex digits).', { fields: { id: 'Must be a SHA-256 in hex.' } });
        } else if (!idSchema.safeParse(raw).success) throw new AppError('BAD_REQUEST', 'The id in the address is not a valid id.', { fields: { id: 'Must be a valid id.' } });
        id = raw;
      }
      const rawBody = route.rawBodyMaxBytes === undefined ? null : new Uint8Array(await c.req.arrayBuffer());
      const value = await handler({ c, caller, body, id, rawBody, ip: clientIp(c) } as RouteRequest<HubRouteName>);
      if (value instanceof Response) return value;
      return ok(c, value);
    });
  }
}

/** For handlers of routes with `:id`: the id, which the chain has checked. */
export function requireId(id: string | null): string {
  if (id === null) throw new AppError('BAD_REQUEST', 'This route needs an id.');
  return id;
}

/** What route handlers work with. */
export type RouteDeps = Readonly<{
  repo: HubRepository;
  auth: AuthService;
  log: HubLogger;
  clock: Clock;
  /** The hub's mail service (mailboxes, attachments); absent in apps built without a data folder. */
  mail?: MailService;
  /** Where the file store lives (`<dataDir>/files`); absent in apps built without a data folder. */
  dataDir?: string;
}>;

/** The command context of an admin or account action over HTTP: stamped with the caller's sign-in. */
export function httpCommandContext(deps: RouteDeps, caller: AuthenticatedUser): CommandContext {
  return { user: caller.user, now: isoAt(deps.clock()), clientId: null, mutationId: null, clientCreatedAt: null, sessionId: caller.sessionId, offline: false };
}
