// The entities the hub syncs to consoles, and the row type of each.
import type { CaseRow, ConflictRow, Customer, Projector, Site, SyncedUser } from '../domain.js';
import type { SettingRow } from '../settings.js';
import type { CaseEventRow, NotificationRow } from '../case-events.js';
import type { PartRow, ReportPhotoRow, ServiceReportRow, VisitRow } from '../service.js';

export const ENTITIES = [
  'users',
  'customers',
  'sites',
  'projectors',
  'cases',
  'conflicts',
  'settings',
  'caseEvents',
  'notifications',
  'parts',
  'visits',
  'serviceReports',
  'reportPhotos',
] as const;
export type EntityName = (typeof ENTITIES)[number];

export type EntityRows = {
  users: SyncedUser;
  customers: Customer;
  sites: Site;
  projectors: Projector;
  cases: CaseRow;
  conflicts: ConflictRow;
  settings: SettingRow;
  caseEvents: CaseEventRow;
  notifications: NotificationRow;
  parts: PartRow;
  /** Visits, reports and photos go where their case goes (shared/sync/visibility.ts). */
  visits: VisitRow;
  serviceReports: ServiceReportRow;
  reportPhotos: ReportPhotoRow;
};
export type AnyEntityRow = EntityRows[EntityName];
