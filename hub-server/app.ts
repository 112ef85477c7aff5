// The hub's HTTP surface as a Hono app: every route of HUB_ROUTES (health, auth, account, admin,
// audit) behind one authorisation chain, body limit, security headers, and one error mapping
// (AppError code → status; anything else → INTERNAL, logged, never leaked).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { AppError, HTTP_STATUS_BY_CODE, toErrorBody, type ErrorBody } from '../shared/errors.js';
import type { AuthService } from './auth/auth-service.js';
import { systemClock, type Clock } from './clock.js';
import type { HubRepository } from './db/repository.js';
import { errorFields, type HubLogger } from './logger.js';
import type { MailService } from './mail/mail-service.js';
import { createAccountHandlers } from './routes/account.js';
import { createAdminSessionHandlers } from './routes/admin-sessions.js';
import { createAdminUserHandlers } from './routes/admin-users.js';
import { createAttachmentHandlers } from './routes/attachments.js';
import { createAuditHandlers } from './routes/audit.js';
import { createAuthHandlers } from './routes/auth-routes.js';
import { createHealthHandlers } from './routes/health.js';
import { createImportHandlers } from './routes/imports.js';
import { createMailboxHandlers } from './routes/mailboxes.js';
import { createFileHandlers } from './routes/files.js';
import { isRawBodyRequest, mountHubRoutes, type HubRouteHandlers, type RouteDeps } from './routes/hub-routes.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export type HubAppDeps = Readonly<{
  repo: HubRepository;
  auth: AuthService;
  log: HubLogger;
  clock?: Clock;
  mail?: MailService;
  /** The data folder of the file store; default: the mail service's. */
  dataDir?: string;
}>;

function createHandlers(deps: RouteDeps): HubRouteHandlers {
  return {
    ...createHealthHandlers(deps),
    ...createAuthHandlers(deps),
    ...createAccountHandlers(deps),
    ...createAdminUserHandlers(deps),
    ...createAdminSessionHandlers(deps),
    ...createAuditHandlers(deps),
    ...createMailboxHandlers(deps),
    ...createAttachmentHandlers(deps),
    ...createImportHandlers(deps),
    ...createFileHandlers(deps),
  };
}

function errorResponse(error: ErrorBody): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
  const retry = error.details?.retryAfterSeconds;
  if (error.code === 'RATE_LIMITED' && typeof retry === 'number') headers['Retry-After'] = String(retry);
  // The rest of a too-large body is never read: the connection cannot carry another request.
  if (error.code === 'PAYLOAD_TOO_LARGE') headers.Connection = 'close';
  return new Response(JSON.stringify({ ok: false, error }), { status: HTTP_STATUS_BY_CODE[error.code], headers });
}

function fromHttpException(error: HTTPException): ErrorBody {
  if (error.status === 413) return { code: 'PAYLOAD_TOO_LARGE', message: 'The request is too large.' };
  if (error.status === 401) return { code: 'UNAUTHENTICATED', message: 'Sign in first.' };
  if (error.status === 403) return { code: 'FORBIDDEN', message: 'You may not do that.' };
  if (error.status === 404) return { code: 'NOT_FOUND', message: 'Not found.' };
  if (error.status >= 400 && error.status < 500) return { code: 'BAD_REQUEST', message: 'The request could not be understood.' };
  return toErrorBody(error);
}

export function createHubApp(deps: HubAppDeps): Hono {
  const app = new Hono();
  app.use(secureHeaders());
  const jsonLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => errorResponse({ code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.` }),
  });
  // Raw-body routes (the file store) carry their own, larger limit (routes/hub-routes.ts).
  app.use((c, next) => (isRawBodyRequest(c.req.method, new URL(c.req.url).pathname) ? next() : jsonLimit(c, next)));

  const dataDir = deps.dataDir ?? deps.mail?.dataDir;
  mountHubRoutes(app, deps.auth, createHandlers({ repo: deps.repo, auth: deps.auth, log: deps.log, clock: deps.clock ?? systemClock, mail: deps.mail, ...(dataDir ? { dataDir } : {}) }));

  app.notFound((c) => errorResponse({ code: 'NOT_FOUND', message: `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}` }));
  app.onError((error, c) => {
    if (error instanceof AppError) return errorResponse(error.toBody());
    if (error instanceof HTTPException) return errorResponse(fromHttpException(error));
    deps.log.error('Unhandled error in a request', { method: c.req.method, path: new URL(c.req.url).pathname, ...errorFields(error) });
    return errorResponse(toErrorBody(error));
  });
  return app;
}

