// The entities the hub syncs to consoles, and the row type of each.
import type { CaseRow, ConflictRow, Customer, Projector, Site, SyncedUser } from '../domain.js';

export const ENTITIES = ['users', 'customers', 'sites', 'projectors', 'cases', 'conflicts'] as const;
export type EntityName = (typeof ENTITIES)[number];

export type EntityRows = {
  users: SyncedUser;
  customers: Customer;
  sites: Site;
  projectors: Projector;
  cases: CaseRow;
  conflicts: ConflictRow;
};
export type AnyEntityRow = EntityRows[EntityName];
