// The typed contract between a renderer window and the console core. Each method has a zod schema
// for its argument (the core validates every call: a renderer is not trusted) and a result type.
// Pushed events are a second map. Both shells (Electron, browser) carry exactly this contract.
import { z } from 'zod';
import {
  CASE_STATUSES,
  LIMITS,
  PRIORITIES,
  caseFieldsSchema,
  casePatchSchema,
  CONFLICT_RESOLUTIONS,
  ROLES,
  idSchema,
  loginRequestSchema,
  requireReachableContact,
  type CasePatchField,
  type CaseRow,
  type ConflictResolution,
  type PublicUser,
  type Role,
} from './domain.js';
import type { EntityName } from './sync/entities.js';

export type SessionInfo = Readonly<{ user: PublicUser; hubUrl: string }>;

export type ConnectionState = 'signed-out' | 'connecting' | 'online' | 'reconnecting' | 'offline';

export type SyncStatus = Readonly<{
  connection: ConnectionState;
  /** Local changes not yet confirmed by the hub. */
  pending: number;
  lastSyncAt: string | null;
  /** Present while the cache is being filled from scratch. */
  bootstrap: Readonly<{ received: number; total: number }> | null;
  lastError: string | null;
}>;

export type CaseSummary = Readonly<{
  id: string;
  number: string | null;
  title: string;
  status: CaseRow['status'];
  priority: CaseRow['priority'];
  severity: CaseRow['severity'];
  serial: string;
  siteName: string | null;
  customerName: string | null;
  assigneeName: string | null;
  createdAt: string;
  /** True while the case has local changes the hub has not confirmed. */
  pending: boolean;
}>;

export type CaseDetail = Readonly<
  CaseRow & {
    siteName: string | null;
    siteAddress: string | null;
    region: string | null;
    customerName: string | null;
    projectorModel: string | null;
    projectorManufacturer: string | null;
    warrantyEnd: string | null;
    assigneeName: string | null;
    createdByName: string | null;
    pending: boolean;
  }
>;

export type ProjectorMatch = Readonly<{
  projectorId: string;
  serial: string;
  model: string;
  manufacturer: string;
  siteId: string;
  siteName: string;
  siteAddress: string;
  region: string;
  customerId: string;
  customerName: string;
  warrantyEnd: string;
}>;

/** A held-back change, as the Conflicts view shows it. */
export type ConflictSummary = Readonly<{
  id: string;
  caseId: string;
  caseLabel: string;
  field: CasePatchField;
  yourValue: unknown;
  theirValue: unknown;
  theirUserName: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolution: ConflictResolution | null;
  /** True while this console's resolution waits for the hub. */
  pending: boolean;
}>;

export type UserSummary = Readonly<{ id: string; name: string; email: string; role: Role; regions: readonly string[]; active: boolean }>;

const empty = z.object({}).strict();

export const caseListQuerySchema = z
  .object({
    statuses: z.array(z.enum(CASE_STATUSES)).max(CASE_STATUSES.length).optional(),
    priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).optional(),
    search: z.string().max(LIMITS.search).optional(),
  })
  .strict();
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

/** Argument schemas, one per method. */
export const CONSOLE_API_ARGS = {
  'session.get': empty,
  'session.login': loginRequestSchema.strict(),
  'session.logout': empty,
  'sync.status': empty,
  'cases.list': caseListQuerySchema,
  'cases.get': z.object({ id: idSchema }).strict(),
  'cases.create': requireReachableContact(caseFieldsSchema.strict()),
  'cases.update': z.object({ id: idSchema, patch: casePatchSchema }).strict(),
  'cases.delete': z.object({ id: idSchema, reason: z.string().max(500).optional() }).strict(),
  'conflicts.list': z.object({ includeResolved: z.boolean().optional() }).strict(),
  'conflicts.resolve': z.object({ id: idSchema, resolution: z.enum(CONFLICT_RESOLUTIONS), value: z.unknown().optional() }).strict(),
  /** Try the hub now instead of waiting for the next backoff step (e.g. the network came back). */
  'sync.reconnect': empty,
  /** People this console knows (for names and pickers), optionally of one role. */
  'users.list': z.object({ role: z.enum(ROLES).optional(), includeInactive: z.boolean().optional() }).strict(),
  'projectors.search': z.object({ query: z.string().max(LIMITS.search), limit: z.number().int().min(1).max(50).optional() }).strict(),
} as const;

export type ConsoleApiMethod = keyof typeof CONSOLE_API_ARGS;
export type ConsoleApiArg<M extends ConsoleApiMethod> = z.input<(typeof CONSOLE_API_ARGS)[M]>;

/** Result type of each method. */
export type ConsoleApiResults = {
  'session.get': SessionInfo | null;
  'session.login': SessionInfo;
  'session.logout': null;
  'sync.status': SyncStatus;
  'cases.list': readonly CaseSummary[];
  'cases.get': CaseDetail | null;
  'cases.create': Readonly<{ id: string }>;
  'cases.update': null;
  'cases.delete': null;
  'conflicts.list': readonly ConflictSummary[];
  'conflicts.resolve': null;
  'sync.reconnect': null;
  'users.list': readonly UserSummary[];
  'projectors.search': readonly ProjectorMatch[];
};

/** The whole API as functions, for handlers (core) and clients (renderer). */
export type ConsoleApi = {
  [M in ConsoleApiMethod]: (arg: z.output<(typeof CONSOLE_API_ARGS)[M]>) => Promise<ConsoleApiResults[M]>;
};

/** Events the core pushes to every window. */
export type ConsoleEvents = {
  'data.changed': Readonly<{ entities: readonly EntityName[] }>;
  'sync.status': SyncStatus;
  'session.changed': SessionInfo | null;
  /** A local change the hub refused; it has been rolled back. */
  'mutation.rejected': Readonly<{ mutationName: string; caseId: string | null; caseLabel: string | null; message: string }>;
};
export type ConsoleEventName = keyof ConsoleEvents;

export const CONSOLE_API_METHODS = Object.keys(CONSOLE_API_ARGS) as ConsoleApiMethod[];

export function isConsoleApiMethod(name: unknown): name is ConsoleApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CONSOLE_API_ARGS, name);
}
