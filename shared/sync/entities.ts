// The entities the hub syncs to consoles, and the row type of each.
import type { CaseRow, ConflictRow, Customer, Projector, Site, SyncedUser } from '../domain.js';
import type { SettingRow } from '../settings.js';
import type { CaseEventRow, NotificationRow } from '../case-events.js';

export const ENTITIES = ['users', 'customers', 'sites', 'projectors', 'cases', 'conflicts', 'settings', 'caseEvents', 'notifications'] as const;
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
};
export type AnyEntityRow = EntityRows[EntityName];
