// The entities the hub syncs to consoles, and the row type of each.
import type { CaseRow, Customer, Projector, Site, SyncedUser } from '../domain.js';

export const ENTITIES = ['users', 'customers', 'sites', 'projectors', 'cases'] as const;
export type EntityName = (typeof ENTITIES)[number];

export type EntityRows = {
  users: SyncedUser;
  customers: Customer;
  sites: Site;
  projectors: Projector;
  cases: CaseRow;
};
export type AnyEntityRow = EntityRows[EntityName];
