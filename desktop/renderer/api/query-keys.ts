// React-query keys, grouped by entity so a `data.changed {entities}` event from the core can
// invalidate exactly the queries that read those entities, in every window at once.
import type { AuditQuery } from '../../../shared/admin.js';
import type { BoardQuery, CaseListQuery } from '../../../shared/console-api.js';
import type { EntityName } from '../../../shared/sync/entities.js';
import { missingCase } from '../../../shared/errors.js';

export const queryKeys = {
  session: ['session'] as const,
  syncStatus: ['sync-status'] as const,
  cases: ['cases'] as const,
  caseList: (query: CaseListQuery) => ['cases', 'list', query] as const,
  caseDetail: (id: string) => ['cases', 'detail', id] as const,
  projectors: ['projectors'] as const,
  projectorSearch: (query: string) => ['projectors', 'search', query] as const,
  conflicts: ['conflicts'] as const,
  conflictList: (includeResolved: boolean) => ['conflicts', 'list', { includeResolved }] as const,
  /** Names for the people conflicts mention; under `conflicts`, which user changes refresh. */
  conflictPeople: ['conflicts', 'people'] as const,
  /** Admin screens: answered by the hub (online only), refreshed when synced users change. */
  admin: ['admin'] as const,
  adminUsers: (includeInactive: boolean) => ['admin', 'users', { includeInactive }] as const,
  adminSessions: (includeRevoked: boolean) => ['admin', 'sessions', { includeRevoked }] as const,
  adminSignIns: (outcome: string | null) => ['admin', 'sign-ins', { outcome }] as const,
  /** People for the audit log's user filter (the console's own list, every user it knows). */
  adminPeoplePicker: ['admin', 'people-picker'] as const,
  /** The audit log is refreshed on demand ("Refresh"), not on every change anywhere. */
  audit: ['audit'] as const,
  auditPages: (query: Omit<AuditQuery, 'beforeVersion'>) => ['audit', 'pages', query] as const,
  settings: ['settings'] as const,
  account: ['account'] as const,
  /** A case's timeline (events, names of their authors). */
  timeline: ['timeline'] as const,
  caseTimeline: (id: string) => ['timeline', id] as const,
  /** The signed-in user's notifications (mentions), with case labels and names. */
  notifications: ['notifications'] as const,
  notificationList: ['notifications', 'list'] as const,
  /** Phone intake reads the installed base and cases. */
  intake: ['intake'] as const,
  intakeSearch: (query: string) => ['intake', 'search', query] as const,
  intakeContext: (query: Readonly<Record<string, string | undefined>>) => ['intake', 'context', query] as const,
  /** Support mailboxes (hub, online only; not synced: refreshed after each change and on demand). */
  adminMailboxes: ['admin', 'mailboxes'] as const,
  /** People for pickers and @mentions (the console's synced users). */
  users: ['users'] as const,
  accountSessions: ['account', 'sessions'] as const,
  /** The assignment board: under `cases`, so case, user, site and settings changes refresh it. */
  board: ['cases', 'board'] as const,
  boardView: (query: BoardQuery) => ['cases', 'board', query] as const,
  /** Recommendations read cases, engineers and settings: under `cases` for the same reason. */
  recommendation: (caseId: string) => ['cases', 'recommend', caseId] as const,
  /** Who else is on the board or editing a case; replaced by `presence.changed`, never invalidated by data. */
  presence: ['presence'] as const,
  /** The parts catalogue (synced to everyone). */
  parts: ['parts'] as const,
  partList: (query: Readonly<{ search?: string; model?: string; includeInactive?: boolean }>) => ['parts', 'list', query] as const,
  /** Visits and calendars: they show case labels, sites, engineers' names and hours, report states. */
  visits: ['visits'] as const,
  visitList: (query: Readonly<Record<string, string | boolean | undefined>>) => ['visits', 'list', query] as const,
  calendar: (query: Readonly<Record<string, unknown>>) => ['visits', 'calendar', query] as const,
  /** Service reports, their photos and the photo upload queue. */
  reports: ['reports'] as const,
  reportList: (query: Readonly<Record<string, unknown>>) => ['reports', 'list', query] as const,
  reportDetail: (id: string) => ['reports', 'detail', id] as const,
  reportPhoto: (id: string, size: 'thumb' | 'full') => ['reports', 'photo', id, size] as const,
  /** Replaced by `uploads.changed` events, also refreshed with the other report queries. */
  uploads: ['reports', 'uploads'] as const,
};

export type EntityQueryRoot =
  | 'cases'
  | 'projectors'
  | 'conflicts'
  | 'admin'
  | 'settings'
  | 'timeline'
  | 'notifications'
  | 'intake'
  | 'users'
  | 'parts'
  | 'visits'
  | 'reports';

/**
 * Query roots that read an entity. Case rows show site, customer, projector and user names;
 * conflicts show their case's label and the name of whoever won the race.
 */
export function queryRootsFor(entity: EntityName): readonly EntityQueryRoot[] {
  switch (entity) {
    case 'cases':
      // Notifications and intake show case labels and open cases; visits and reports show case
      // labels, titles and statuses.
      return ['cases', 'conflicts', 'notifications', 'intake', 'visits', 'reports'];
    case 'users':
      // Admin lists show roles, regions and status: a synced user change (ours or another
      // admin's) must show there too. Timelines and notifications show people's names.
      return ['cases', 'conflicts', 'admin', 'timeline', 'notifications', 'users', 'visits', 'reports'];
    case 'customers':
    case 'sites':
    case 'projectors':
      // Visits and reports show site names and addresses, customers and projector models.
      return ['cases', 'projectors', 'intake', 'visits', 'reports'];
    case 'conflicts':
      return ['conflicts'];
    case 'settings':
      // The core computes SLA clocks of case lists from the settings (targets, hours, holidays).
      // Calendars show working hours and holidays from the settings too.
      return ['settings', 'cases', 'visits'];
    case 'caseEvents':
      return ['timeline'];
    case 'notifications':
      return ['notifications'];
    case 'parts':
      return ['parts'];
    case 'visits':
      // A report shows its visit's day and time.
      return ['visits', 'reports'];
    case 'serviceReports':
      // A visit shows its report's status.
      return ['reports', 'visits'];
    case 'reportPhotos':
      return ['reports'];
    default:
      return missingCase(entity);
  }
}

/** The distinct query keys to invalidate for one `data.changed` event. */
export function queryKeysToInvalidate(entities: readonly EntityName[]): readonly (readonly [EntityQueryRoot])[] {
  const roots = new Set<EntityQueryRoot>();
  for (const entity of entities) for (const root of queryRootsFor(entity)) roots.add(root);
  return [...roots].map((root) => [root] as const);
}

/** Query roots that belong to the signed-in user and must go when another user (or nobody) signs in. */
export const USER_QUERY_ROOTS = [
  queryKeys.cases,
  queryKeys.projectors,
  queryKeys.conflicts,
  queryKeys.admin,
  queryKeys.audit,
  queryKeys.settings,
  queryKeys.account,
  queryKeys.timeline,
  queryKeys.notifications,
  queryKeys.intake,
  queryKeys.users,
  queryKeys.presence,
  queryKeys.parts,
  queryKeys.visits,
  queryKeys.reports,
] as const;
