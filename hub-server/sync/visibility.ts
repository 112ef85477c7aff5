// Row permissions per session (sync groups, shared/sync/visibility.ts): which change-log entries a
// console receives, plus the purges (`del`) of rows that leave its view and the arrivals (`put`)
// of rows that enter it (a case entering a view brings its timeline events; a case leaving it takes
// them along: the console purges a case's events with the case). Visibility is judged against the
// hub's state NOW (the read transaction the entries come from), which makes live fan-out and
// catch-up from any cursor converge on exactly what the user may see. Per-session state stays small: for an FSE, the ids of the sites
// and projectors their console holds.
import type { CaseEventRow, NotificationRow } from '../../shared/case-events.js';
import type { CaseRow, ConflictRow, Projector, PublicUser, Site } from '../../shared/domain.js';
import { missingCase } from '../../shared/errors.js';
import type { EntityName } from '../../shared/sync/entities.js';
import type { Change } from '../../shared/sync/protocol.js';
import {
  isCaseEventVisible,
  isCaseVisible,
  isConflictVisible,
  isNotificationVisible,
  isProjectorVisible,
  isSiteVisible,
  isVisibleToEveryone,
  syncGroupOf,
  type AssignedReferences,
  type SyncGroup,
} from '../../shared/sync/visibility.js';
import type { AssignedCaseRefs, ChangeLogEntry, ReadTx, ScopedRow, SnapshotScope } from '../db/repository.js';
import { toChange } from './frames.js';

const NO_REFS: AssignedCaseRefs = { caseIds: new Set(), siteIds: new Set(), projectorIds: new Set() };

/** What a console holds of the rows whose visibility depends on other rows. */
export class ViewerState {
  readonly group: SyncGroup;
  /** FSE only: the sites and projectors the console holds; null while unknown (during catch-up). */
  private sites: Set<string> | null = null;
  private projectors: Set<string> | null = null;

  constructor(readonly user: PublicUser) {
    this.group = syncGroupOf(user);
  }

  get known(): boolean {
    return this.group !== 'assigned' || this.sites !== null;
  }

  /** After a bootstrap or a full catch-up the console holds exactly what `refs` reference. */
  know(refs: AssignedCaseRefs): void {
    if (this.group !== 'assigned') return;
    this.sites = new Set(refs.siteIds);
    this.projectors = new Set(refs.projectorIds);
  }

  /** Before a catch-up: what the console holds is unknown until the log has been replayed. */
  forget(): void {
    this.sites = null;
    this.projectors = null;
  }

  holds(entity: 'sites' | 'projectors', id: string): boolean | undefined {
    const set = entity === 'sites' ? this.sites : this.projectors;
    return set ? set.has(id) : undefined;
  }

  record(entity: 'sites' | 'projectors', id: string, held: boolean): void {
    const set = entity === 'sites' ? this.sites : this.projectors;
    if (!set) return;
    if (held) set.add(id);
    else set.delete(id);
  }

  scope(): SnapshotScope {
    switch (this.group) {
      case 'all':
        return { kind: 'all', userId: this.user.id };
      case 'regions':
        return { kind: 'regions', userId: this.user.id, regions: this.user.regions };
      case 'assigned':
        return { kind: 'assigned', userId: this.user.id };
      default:
        return missingCase(this.group);
    }
  }
}

/** Row lookups for one read transaction, memoised: many sessions ask about the same few rows. */
export type ViewLookups = Readonly<{
  siteRegion(siteId: string | null): Promise<string | null>;
  /** The region of a site as it was when deleted (null if it never was). */
  deletedSiteRegion(siteId: string): Promise<string | null>;
  site(id: string): Promise<Site | null>;
  projector(id: string): Promise<Projector | null>;
  assignedRefs(userId: string): Promise<AssignedCaseRefs>;
  siteContents(siteId: string): Promise<Readonly<{ cases: CaseRow[]; projectors: Projector[] }>>;
  /** The case as it is now (null once deleted): decides where its events go. */
  caseRow(id: string): Promise<CaseRow | null>;
  /** A case's timeline now, sent when the case enters a view. */
  caseEvents(caseId: string): Promise<CaseEventRow[]>;
  /** A case's visits, service reports and report photos now, sent with it too. */
  caseRecords(caseId: string): Promise<readonly CaseChildRow[]>;
}>;

/** Entities that go exactly where their case goes (shared `isCaseEventVisible`). */
export const CASE_CHILD_ENTITIES = ['caseEvents', 'visits', 'serviceReports', 'reportPhotos'] as const satisfies readonly EntityName[];
export type CaseChildEntity = (typeof CASE_CHILD_ENTITIES)[number];
export type CaseChildRow = Readonly<{ entity: CaseChildEntity; row: Readonly<{ id: string; caseId: string; version: number }> }>;

function memo<K, V>(load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    let hit = cache.get(key);
    if (!hit) {
      hit = load(key);
      cache.set(key, hit);
    }
    return hit;
  };
}

export function createViewLookups(tx: ReadTx): ViewLookups {
  const site = memo((id: string) => tx.getSite(id));
  return {
    site,
    async siteRegion(siteId) {
      // A case without a (known) site has no region: every manager sees it (shared rule).
      return siteId ? ((await site(siteId))?.region ?? null) : null;
    },
    deletedSiteRegion: memo(async (id: string) => {
      const deletion = await tx.lastDeletion('sites', id);
      const before = deletion?.before as Site | null | undefined;
      return before?.region ?? null;
    }),
    projector: memo((id: string) => tx.getProjector(id)),
    assignedRefs: memo((userId: string) => tx.assignedRefs(userId)),
    siteContents: memo(async (siteId: string) => ({ cases: await tx.casesAtSite(siteId), projectors: await tx.projectorsAtSite(siteId) })),
    caseRow: memo((id: string) => tx.getCase(id)),
    caseEvents: memo((caseId: string) => tx.caseEventsOf(caseId)),
    caseRecords: memo(async (caseId: string): Promise<readonly CaseChildRow[]> => [
      ...(await tx.visitsOfCase(caseId)).map((row) => ({ entity: 'visits' as const, row })),
      ...(await tx.serviceReportsOfCase(caseId)).map((row) => ({ entity: 'serviceReports' as const, row })),
      ...(await tx.reportPhotosOfCase(caseId)).map((row) => ({ entity: 'reportPhotos' as const, row })),
    ]),
  };
}

/** Whether a bootstrap row goes to this viewer (the SQL scope already narrowed the pages). */
export function isSnapshotRowVisible(viewer: ViewerState, entity: EntityName, scoped: ScopedRow<EntityName>, refs: AssignedReferences): boolean {
  const user = viewer.user;
  switch (entity) {
    case 'users':
    case 'customers':
    case 'settings':
    case 'parts':
      return isVisibleToEveryone(entity);
    case 'conflicts':
      return isConflictVisible(user, scoped.row as ConflictRow);
    case 'sites':
      return isSiteVisible(user, scoped.row as Site, refs);
    case 'projectors':
      return isProjectorVisible(user, scoped.row as Projector, scoped.siteRegion, refs);
    case 'cases':
      return isCaseVisible(user, scoped.row as CaseRow, scoped.siteRegion);
    case 'notifications':
      return isNotificationVisible(user, scoped.row as NotificationRow);
    case 'caseEvents':
    case 'visits':
    case 'serviceReports':
    case 'reportPhotos':
      // The SQL scope joined each event to its existing case and, for an FSE, to their assignments;
      // what is left to judge is the region of the case's site.
      return viewer.group === 'assigned' || isCaseEventVisible(user, { assigneeId: null }, scoped.siteRegion);
    default:
      return missingCase(entity);
  }
}

const putOf = (version: number, entity: EntityName, row: { id: string } & object): Change => ({ version, entity, id: row.id, op: 'put', row: row as Change['row'] });
const delOf = (version: number, entity: EntityName, id: string): Change => ({ version, entity, id, op: 'del' });

type Rows = { before: Record<string, unknown> | null; after: Record<string, unknown> | null };
const rowsOf = (entry: ChangeLogEntry): Rows => ({
  before: (entry.before as Record<string, unknown> | null) ?? null,
  after: entry.op === 'put' ? ((entry.after as Record<string, unknown> | null) ?? null) : null,
});

/** The case an event (visit, report, photo) entry belongs to. */
const eventCaseId = (entry: ChangeLogEntry): string => ((entry.after ?? entry.before) as Readonly<{ caseId: string }>).caseId;
const sentKey = (entity: EntityName, id: string) => `${entity}:${id}`;

/** Whether a per-user row (conflict, notification) is this user's. */
function isOwnRow(user: PublicUser, entry: ChangeLogEntry): boolean {
  const row = (entry.after ?? entry.before) as Readonly<{ userId: string }>;
  return entry.entity === 'conflicts' ? isConflictVisible(user, row) : isNotificationVisible(user, row);
}

/**
 * The timeline events sent with a case entering a view, at the entry's version. `sent` remembers
 * them, so an event's own entry later in the same batch is not sent a second time.
 */
async function arrivingEvents(caseId: string, version: number, look: ViewLookups, sent: Map<string, number>, out: Change[]): Promise<void> {
  for (const event of await look.caseEvents(caseId)) {
    if ((sent.get(sentKey('caseEvents', event.id)) ?? -1) >= event.version) continue;
    out.push(putOf(version, 'caseEvents', event));
    sent.set(sentKey('caseEvents', event.id), event.version);
  }
  for (const { entity, row } of await look.caseRecords(caseId)) {
    if ((sent.get(sentKey(entity, row.id)) ?? -1) >= row.version) continue;
    out.push(putOf(version, entity, row));
    sent.set(sentKey(entity, row.id), row.version);
  }
}

/** An event entry that an arrival in this batch already delivered (as it is now). */
const alreadySent = (entry: ChangeLogEntry, sent: ReadonlyMap<string, number>): boolean => (sent.get(sentKey(entry.entity, entry.entityId)) ?? -1) >= entry.version;

/** The changes one viewer receives for these entries (in version order), purges and arrivals included. */
export async function visibleChanges(viewer: ViewerState, entries: readonly ChangeLogEntry[], look: ViewLookups): Promise<Change[]> {
  switch (viewer.group) {
    case 'all':
      return allChanges(viewer.user, entries, look);
    case 'regions':
      return regionChanges(viewer.user, entries, look);
    case 'assigned':
      return assignedChanges(viewer, entries, look);
    default:
      return missingCase(viewer.group);
  }
}

/** Everything, but other people's conflicts and notifications and the events of deleted cases. */
async function allChanges(user: PublicUser, entries: readonly ChangeLogEntry[], look: ViewLookups): Promise<Change[]> {
  const out: Change[] = [];
  for (const entry of entries) {
    switch (entry.entity) {
      case 'conflicts':
      case 'notifications':
        if (isOwnRow(user, entry)) out.push(toChange(entry));
        break;
      case 'caseEvents':
      case 'visits':
      case 'serviceReports':
      case 'reportPhotos':
        // A late update of a deleted case's event (a reply's delivery) would be an orphan.
        if ((await look.caseRow(eventCaseId(entry))) !== null) out.push(toChange(entry));
        break;
      default:
        out.push(toChange(entry));
    }
  }
  return out;
}

async function regionChanges(user: PublicUser, entries: readonly ChangeLogEntry[], look: ViewLookups): Promise<Change[]> {
  const out: Change[] = [];
  const sentEvents = new Map<string, number>();
  const caseVisible = async (row: Record<string, unknown> | null) => row !== null && isCaseVisible(user, row as CaseRow, await look.siteRegion((row as CaseRow).siteId));
  for (const entry of entries) {
    const { before, after } = rowsOf(entry);
    let visibleAfter = false;
    let visibleBefore = false;
    switch (entry.entity) {
      case 'users':
      case 'customers':
      case 'settings':
      case 'parts':
        out.push(toChange(entry));
        continue;
      case 'conflicts':
      case 'notifications':
        if (isOwnRow(user, entry)) out.push(toChange(entry));
        continue;
      case 'caseEvents':
      case 'visits':
      case 'serviceReports':
      case 'reportPhotos': {
        if (alreadySent(entry, sentEvents)) continue;
        const row = await look.caseRow(eventCaseId(entry));
        if (row && isCaseEventVisible(user, row, await look.siteRegion(row.siteId))) out.push(toChange(entry));
        continue;
      }
      case 'cases': {
        visibleAfter = await caseVisible(after);
        visibleBefore = await caseVisible(before);
        if (visibleAfter) {
          out.push(toChange(entry));
          // Moved into the user's view (not created in it): its timeline comes along.
          if (before && !visibleBefore) await arrivingEvents(entry.entityId, entry.version, look, sentEvents, out);
        } else if (visibleBefore) out.push(delOf(entry.version, entry.entity, entry.entityId));
        continue;
      }
      case 'projectors': {
        const visible = async (row: Record<string, unknown> | null) =>
          row !== null && isProjectorVisible(user, row as Projector, await look.siteRegion((row as Projector).siteId), NO_REFS);
        visibleAfter = await visible(after);
        // A projector deleted with its site in one commit (an import undone): the site is gone by
        // now, so its region comes from the site's deletion, or region viewers would keep the projector.
        const siteId = (before as Projector | null)?.siteId;
        visibleBefore =
          !visibleAfter &&
          before !== null &&
          (entry.op === 'del' && siteId && (await look.siteRegion(siteId)) === null
            ? isProjectorVisible(user, before as Projector, await look.deletedSiteRegion(siteId), NO_REFS)
            : await visible(before));
        break;
      }
      case 'sites': {
        visibleAfter = after !== null && isSiteVisible(user, after as Site, NO_REFS);
        visibleBefore = before !== null && isSiteVisible(user, before as Site, NO_REFS);
        break;
      }
      default:
        missingCase(entry.entity);
    }
    if (visibleAfter) out.push(toChange(entry));
    else if (visibleBefore) out.push(delOf(entry.version, entry.entity, entry.entityId));
    if (entry.entity === 'sites' && before && after && before.region !== after.region && visibleAfter !== visibleBefore) {
      // The site moved into or out of the user's regions: so did its cases and projectors.
      const region = (after as Site).region;
      const { cases, projectors } = await look.siteContents(entry.entityId);
      for (const row of cases) {
        if (isCaseVisible(user, row, region)) {
          out.push(putOf(entry.version, 'cases', row));
          await arrivingEvents(row.id, entry.version, look, sentEvents, out);
        } else out.push(delOf(entry.version, 'cases', row.id));
      }
      for (const row of projectors) out.push(isProjectorVisible(user, row, region, NO_REFS) ? putOf(entry.version, 'projectors', row) : delOf(entry.version, 'projectors', row.id));
    }
  }
  return out;
}

async function assignedChanges(viewer: ViewerState, entries: readonly ChangeLogEntry[], look: ViewLookups): Promise<Change[]> {
  const me = viewer.user.id;
  const mine = (row: Record<string, unknown> | null) => row !== null && row.assigneeId === me;
  const affected = entries.some((e) => e.entity === 'cases' && (mine(rowsOf(e).before) || mine(rowsOf(e).after)));
  // The user's current assignments: read only when this batch touches them or the view is unknown.
  const refs = affected || !viewer.known ? await look.assignedRefs(me) : null;
  const visibleNow = (entity: 'sites' | 'projectors', id: string) =>
    refs ? (entity === 'sites' ? refs.siteIds : refs.projectorIds).has(id) : viewer.holds(entity, id) === true;
  const sentThisBatch = new Map<string, boolean>();
  const sentEvents = new Map<string, number>();
  const out: Change[] = [];

  /** Brings a referenced site or projector in line with the user's assignments now. */
  const reconcile = async (entity: 'sites' | 'projectors', id: unknown, version: number) => {
    if (typeof id !== 'string') return;
    const key = `${entity}:${id}`;
    const held = sentThisBatch.get(key) ?? viewer.holds(entity, id);
    const now = visibleNow(entity, id);
    if (now && held !== true) {
      const row = entity === 'sites' ? await look.site(id) : await look.projector(id);
      if (!row) return;
      out.push(putOf(version, entity, row));
    } else if (!now && held !== false) {
      out.push(delOf(version, entity, id));
    } else return;
    sentThisBatch.set(key, now);
    viewer.record(entity, id, now);
  };

  for (const entry of entries) {
    const { before, after } = rowsOf(entry);
    switch (entry.entity) {
      case 'users':
      case 'customers':
      case 'settings':
      case 'parts':
        out.push(toChange(entry));
        break;
      case 'conflicts':
      case 'notifications':
        if (isOwnRow(viewer.user, entry)) out.push(toChange(entry));
        break;
      case 'caseEvents':
      case 'visits':
      case 'serviceReports':
      case 'reportPhotos': {
        if (alreadySent(entry, sentEvents)) break;
        // The case as it is now: one memoised read shared by every FSE session of this batch.
        if ((await look.caseRow(eventCaseId(entry)))?.assigneeId === me) out.push(toChange(entry));
        break;
      }
      case 'cases': {
        const assignedNow = refs?.caseIds.has(entry.entityId) ?? false;
        if (!mine(before) && !mine(after) && !assignedNow) break;
        if (after && assignedNow) {
          out.push(toChange(entry));
          // The case became the user's (or the log is replayed from before it did): its timeline comes along.
          if (!mine(before)) await arrivingEvents(entry.entityId, entry.version, look, sentEvents, out);
        } else out.push(delOf(entry.version, 'cases', entry.entityId));
        for (const row of [before, after]) {
          if (!row) continue;
          await reconcile('sites', row.siteId, entry.version);
          await reconcile('projectors', row.projectorId, entry.version);
        }
        break;
      }
      case 'sites':
      case 'projectors':
        if (after && visibleNow(entry.entity, entry.entityId)) {
          out.push(toChange(entry));
          sentThisBatch.set(`${entry.entity}:${entry.entityId}`, true);
          viewer.record(entry.entity, entry.entityId, true);
        }
        break;
      default:
        missingCase(entry.entity);
    }
  }
  return out;
}
