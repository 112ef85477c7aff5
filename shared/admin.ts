// The hub's administration API (people, sessions, sign-in history, audit log) and the account API
// every user has: request schemas, result types and the route table. The hub mounts exactly these
// routes and authorises each with its `access`; the console core calls them by name; the permission
// matrix test walks the table, so a route without a rule cannot be added.
import { z } from 'zod';
import { LIMITS, ROLES, emailSchema, engineerProfileSchema, idSchema, phoneSchema, type EngineerProfile, type Role } from './domain.js';
import { changePasswordRequestSchema } from './passwords.js';
import type { Action } from './permissions.js';
import type { EntityName } from './sync/entities.js';
import { mailboxInputSchema, mailboxPatchSchema, type MailboxView } from './mail.js';
import { FILE_STORE_MAX_BYTES } from './service.js';
import { finishImportRequestSchema, importBatchRequestSchema, startImportRequestSchema, type ImportBatchResult, type ImportJobView, type ImportUndoResult } from './import.js';

const nameSchema = z.string().trim().min(1, 'Enter a name.').max(LIMITS.name, `Name must be at most ${LIMITS.name} characters.`);
const regionsSchema = z
  .array(z.string().trim().min(1, 'A region cannot be empty.').max(40, 'A region must be at most 40 characters.'))
  .max(50, 'At most 50 regions.')
  .transform((list) => [...new Set(list)]);

/** A person as the admin screens show them. */
export type AdminUser = Readonly<{
  id: string;
  name: string;
  email: string;
  phone: string;
  role: Role;
  regions: readonly string[];
  engineer: EngineerProfile | null;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}>;

export const createUserRequestSchema = z
  .object({
    name: nameSchema,
    email: emailSchema,
    phone: phoneSchema.default(''),
    role: z.enum(ROLES, { message: 'Choose a role.' }),
    regions: regionsSchema.default([]),
    /** Required for FSEs, refused for other roles. */
    engineer: engineerProfileSchema.nullable().default(null),
  })
  .strict()
  .refine((u) => u.role !== 'fse' || u.engineer !== null, { message: 'An engineer needs a profile (skills and capacity).', path: ['engineer'] })
  .refine((u) => u.role === 'fse' || u.engineer === null, { message: 'Only engineers have an engineer profile.', path: ['engineer'] })
  .refine((u) => (u.role !== 'manager' && u.role !== 'fse') || u.regions.length > 0, { message: 'Managers and engineers need at least one region.', path: ['regions'] });
export type CreateUserRequest = z.input<typeof createUserRequestSchema>;

/** Fields left out stay as they are. Role changes are checked against the profile by the hub. */
export const updateUserRequestSchema = z
  .object({
    name: nameSchema.optional(),
    phone: phoneSchema.optional(),
    role: z.enum(ROLES, { message: 'Choose a role.' }).optional(),
    regions: regionsSchema.optional(),
    engineer: engineerProfileSchema.nullable().optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'Change at least one field.');
export type UpdateUserRequest = z.input<typeof updateUserRequestSchema>;

export const setUserActiveRequestSchema = z.object({ active: z.boolean() }).strict();

/** Shown once to the admin who created the user or reset the password; never stored in clear. */
export type TemporaryPassword = Readonly<{ temporaryPassword: string }>;
export type CreatedUser = Readonly<{ user: AdminUser; temporaryPassword: string }>;

export type SessionView = Readonly<{
  id: string;
  userId: string;
  userName: string;
  userEmail: string;
  clientName: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
  /** The session the request came from. */
  current: boolean;
}>;

export const sessionListQuerySchema = z.object({ includeRevoked: z.boolean().default(false), userId: idSchema.optional() }).strict();

export const SIGN_IN_OUTCOMES = ['success', 'failure', 'locked', 'deactivated'] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];
export type SignInEvent = Readonly<{
  id: string;
  at: string;
  email: string;
  userId: string | null;
  userName: string | null;
  outcome: SignInOutcome;
  ip: string | null;
  clientName: string | null;
}>;
export const signInQuerySchema = z
  .object({
    userId: idSchema.optional(),
    outcome: z.enum(SIGN_IN_OUTCOMES).optional(),
    /** Paging: events strictly older than this one (its `at`, then id). */
    before: z.object({ at: z.string().max(40), id: z.string().max(64) }).strict().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

/** The entities the audit viewer filters by (the change log's entity names). */
export const AUDIT_ENTITIES = ['cases', 'projectors', 'sites', 'customers', 'users', 'settings', 'conflicts'] as const satisfies readonly EntityName[];
export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const isoInstant = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'Use a date like 2026-01-31 or a date and time.');

export const auditQuerySchema = z
  .object({
    userId: idSchema.optional(),
    entity: z.enum(AUDIT_ENTITIES).optional(),
    entityId: z.string().trim().min(1).max(100).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    /** Inclusive lower bound on the hub time of the change (ISO date or instant). */
    from: isoInstant.optional(),
    /** Exclusive upper bound on the hub time of the change. */
    to: isoInstant.optional(),
    /** Paging, newest first: entries with a version below this one. */
    beforeVersion: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'The start must be before the end.', path: ['to'] });
export type AuditQuery = z.input<typeof auditQuerySchema>;

export type AuditEntry = Readonly<{
  version: number;
  /** Hub time of the change. */
  at: string;
  entity: EntityName;
  entityId: string;
  action: AuditAction;
  userId: string | null;
  userName: string | null;
  clientId: string | null;
  /** The console the change came from (its sign-in's client name) and its address. */
  consoleName: string | null;
  address: string | null;
  /** Made while the console was offline and replayed when it reconnected. */
  offline: boolean;
  /** The console's own time of the change. */
  clientCreatedAt: string | null;
  before: unknown;
  after: unknown;
  /** Top-level fields whose value differs between before and after. */
  changedFields: readonly string[];
  hash: string;
}>;

export type AuditPage = Readonly<{ entries: readonly AuditEntry[]; nextBeforeVersion: number | null }>;

export type AuditVerifyResult = Readonly<{
  ok: boolean;
  /** Entries whose link was checked. */
  checked: number;
  headVersion: number;
  /** The first entry whose hash does not follow from the one before (or a missing version). */
  firstBroken: Readonly<{ version: number; reason: string }> | null;
  checkedAt: string;
}>;

/**
 * Who may call a route: anyone (`public`), any signed-in active user (`signed-in`), or holders of
 * an action. Only routes marked `beforePasswordChange` answer a user who must change a temporary
 * password first.
 */
export type RouteAccess = 'public' | 'signed-in' | Action;

export type HubRoute = Readonly<{
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Hono path; `:id` parameters are ids (UUIDs). */
  path: string;
  access: RouteAccess;
  body?: z.ZodType;
  beforePasswordChange?: true;
  /** What `:id` is: a UUID (default) or a hex SHA-256 (content-addressed files). */
  idKind?: 'uuid' | 'sha256';
  /** The body is raw bytes (not JSON), at most this many. */
  rawBodyMaxBytes?: number;
}>;

export const HUB_ROUTES = {
  'health.live': { method: 'GET', path: '/healthz', access: 'public' },
  'health.ready': { method: 'GET', path: '/readyz', access: 'public' },
  'auth.login': { method: 'POST', path: '/auth/login', access: 'public' },
  'auth.refresh': { method: 'POST', path: '/auth/refresh', access: 'public' },
  'auth.logout': { method: 'POST', path: '/auth/logout', access: 'public' },
  'account.changePassword': { method: 'POST', path: '/account/password', access: 'signed-in', body: changePasswordRequestSchema, beforePasswordChange: true },
  'account.sessions': { method: 'GET', path: '/account/sessions', access: 'signed-in', beforePasswordChange: true },
  'account.revokeSession': { method: 'POST', path: '/account/sessions/:id/revoke', access: 'signed-in', beforePasswordChange: true },
  'users.list': { method: 'GET', path: '/admin/users', access: 'user.view' },
  'users.create': { method: 'POST', path: '/admin/users', access: 'user.manage', body: createUserRequestSchema },
  'users.update': { method: 'PATCH', path: '/admin/users/:id', access: 'user.manage', body: updateUserRequestSchema },
  'users.setActive': { method: 'POST', path: '/admin/users/:id/active', access: 'user.manage', body: setUserActiveRequestSchema },
  'users.resetPassword': { method: 'POST', path: '/admin/users/:id/reset-password', access: 'user.manage' },
  /** An engineer's record; managers only for engineers sharing one of their regions. */
  'users.updateEngineer': { method: 'PATCH', path: '/admin/users/:id/engineer', access: 'engineer.manage', body: engineerProfileSchema },
  'sessions.list': { method: 'POST', path: '/admin/sessions/query', access: 'session.manage', body: sessionListQuerySchema },
  'sessions.revoke': { method: 'POST', path: '/admin/sessions/:id/revoke', access: 'session.manage' },
  'signIns.list': { method: 'POST', path: '/admin/sign-ins/query', access: 'session.manage', body: signInQuerySchema },
  'audit.query': { method: 'POST', path: '/admin/audit/query', access: 'audit.read', body: auditQuerySchema },
  'audit.verify': { method: 'POST', path: '/admin/audit/verify', access: 'audit.read' },
  'mailboxes.list': { method: 'GET', path: '/admin/mailboxes', access: 'mailbox.manage' },
  'mailboxes.create': { method: 'POST', path: '/admin/mailboxes', access: 'mailbox.manage', body: mailboxInputSchema },
  'mailboxes.update': { method: 'PATCH', path: '/admin/mailboxes/:id', access: 'mailbox.manage', body: mailboxPatchSchema },
  'mailboxes.remove': { method: 'POST', path: '/admin/mailboxes/:id/remove', access: 'mailbox.manage' },
  /** Connect now (after an error or a change) instead of waiting for the backoff. */
  'mailboxes.retry': { method: 'POST', path: '/admin/mailboxes/:id/retry', access: 'mailbox.manage' },
  /** An email attachment's bytes (application/octet-stream), for a case the caller may see. */
  'attachments.get': { method: 'GET', path: '/attachments/:id', access: 'signed-in' },
  /** Bulk import jobs (shared/import.ts): started with the core's id, fed in numbered batches. */
  'imports.list': { method: 'GET', path: '/admin/imports', access: 'data.import' },
  'imports.start': { method: 'POST', path: '/admin/imports', access: 'data.import', body: startImportRequestSchema },
  'imports.get': { method: 'GET', path: '/admin/imports/:id', access: 'data.import' },
  'imports.batch': { method: 'POST', path: '/admin/imports/:id/batches', access: 'data.import', body: importBatchRequestSchema },
  'imports.finish': { method: 'POST', path: '/admin/imports/:id/finish', access: 'data.import', body: finishImportRequestSchema },
  'imports.undo': { method: 'POST', path: '/admin/imports/:id/undo', access: 'data.import' },
  /**
   * The file store (shared/service.ts): a photo's bytes under their SHA-256. PUT checks the hash
   * (and that it is a JPEG) and is idempotent; GET answers only someone who may see a case with a
   * photo of that hash.
   */
  'files.put': { method: 'PUT', path: '/files/:id', access: 'report.write', idKind: 'sha256', rawBodyMaxBytes: FILE_STORE_MAX_BYTES },
  'files.get': { method: 'GET', path: '/files/:id', access: 'signed-in', idKind: 'sha256' },
} as const satisfies Record<string, HubRoute>;
export type HubRouteName = keyof typeof HUB_ROUTES;

/** What each route answers (inside the `{ ok: true, value }` envelope). */
export type HubRouteResults = {
  'health.live': unknown;
  'health.ready': unknown;
  'auth.login': unknown;
  'auth.refresh': unknown;
  'auth.logout': null;
  'account.changePassword': null;
  'account.sessions': readonly SessionView[];
  'account.revokeSession': null;
  'users.list': readonly AdminUser[];
  'users.create': CreatedUser;
  'users.update': AdminUser;
  'users.setActive': AdminUser;
  'users.resetPassword': TemporaryPassword;
  'users.updateEngineer': AdminUser;
  'sessions.list': readonly SessionView[];
  'sessions.revoke': null;
  'signIns.list': readonly SignInEvent[];
  'audit.query': AuditPage;
  'audit.verify': AuditVerifyResult;
  'mailboxes.list': readonly MailboxView[];
  'mailboxes.create': MailboxView;
  'mailboxes.update': MailboxView;
  'mailboxes.remove': null;
  'mailboxes.retry': MailboxView;
  /** Not JSON: the raw bytes, with Content-Type and Content-Disposition. */
  'attachments.get': never;
  'imports.list': readonly ImportJobView[];
  'imports.start': ImportJobView;
  'imports.get': ImportJobView;
  'imports.batch': ImportBatchResult;
  'imports.finish': ImportJobView;
  'imports.undo': ImportUndoResult;
  /** Stored (or already there). */
  'files.put': Readonly<{ sha256: string; bytes: number; existed: boolean }>;
  /** Not JSON: the raw bytes (image/jpeg). */
  'files.get': never;
};

/** The concrete path of a route, its `:id` filled in. */
export function routePath(name: HubRouteName, id?: string): string {
  const path: string = HUB_ROUTES[name].path;
  if (!path.includes(':id')) return path;
  if (!id) throw new Error(`Route ${name} needs an id.`);
  return path.replace(':id', encodeURIComponent(id));
}
