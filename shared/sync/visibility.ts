// Sync groups: which rows each user's console receives. Admins and support agents (who take calls
// about any site) see everything; a manager sees the cases, sites and projectors of their regions;
// an FSE sees the cases assigned to them and the sites and projectors those cases reference.
// Users (names for display), customers and organisation settings are visible to everyone signed in.
// A case's timeline events go exactly where the case goes; conflicts and notifications only to their user.
import type { PublicUser } from '../domain.js';
import type { EntityName } from './entities.js';

/** Entities every signed-in user receives in full, whatever their sync group. */
export const EVERYONE_ENTITIES = ['users', 'customers', 'settings', 'parts'] as const satisfies readonly EntityName[];

export function isVisibleToEveryone(entity: EntityName): boolean {
  return (EVERYONE_ENTITIES as readonly EntityName[]).includes(entity);
}

export type SyncGroup = 'all' | 'regions' | 'assigned';

export function syncGroupOf(user: Pick<PublicUser, 'role'>): SyncGroup {
  switch (user.role) {
    case 'admin':
    case 'agent':
      return 'all';
    case 'manager':
      return 'regions';
    case 'fse':
      return 'assigned';
  }
}

/** What the hub knows about the rows a user's FSE cases reference. */
export type AssignedReferences = Readonly<{ siteIds: ReadonlySet<string>; projectorIds: ReadonlySet<string> }>;

type Viewer = Pick<PublicUser, 'id' | 'role' | 'regions'>;

/** A case with no site (unknown serial) has no region: every manager sees it, so it is not lost. */
export function isCaseVisible(user: Viewer, row: Readonly<{ assigneeId: string | null }>, siteRegion: string | null): boolean {
  switch (syncGroupOf(user)) {
    case 'all':
      return true;
    case 'regions':
      return siteRegion === null || user.regions.includes(siteRegion);
    case 'assigned':
      return row.assigneeId === user.id;
  }
}

export function isSiteVisible(user: Viewer, site: Readonly<{ id: string; region: string }>, refs: AssignedReferences): boolean {
  switch (syncGroupOf(user)) {
    case 'all':
      return true;
    case 'regions':
      return user.regions.includes(site.region);
    case 'assigned':
      return refs.siteIds.has(site.id);
  }
}

export function isProjectorVisible(user: Viewer, projector: Readonly<{ id: string }>, siteRegion: string | null, refs: AssignedReferences): boolean {
  switch (syncGroupOf(user)) {
    case 'all':
      return true;
    case 'regions':
      return siteRegion !== null && user.regions.includes(siteRegion);
    case 'assigned':
      return refs.projectorIds.has(projector.id);
  }
}

/** A conflict record goes only to the person whose change was held back. */
export function isConflictVisible(user: Viewer, conflict: Readonly<{ userId: string }>): boolean {
  return conflict.userId === user.id;
}

/** A case's timeline goes exactly where its case goes; the events of a deleted case (null) to nobody. */
/** Also the rule for a case's visits, service reports and report photos: they go where the case goes. */
export function isCaseEventVisible(user: Viewer, caseRow: Readonly<{ assigneeId: string | null }> | null, siteRegion: string | null): boolean {
  return caseRow !== null && isCaseVisible(user, caseRow, siteRegion);
}

/** A notification goes only to the person it is for. */
export function isNotificationVisible(user: Viewer, notification: Readonly<{ userId: string }>): boolean {
  return notification.userId === user.id;
}
