// React-query keys, grouped by entity so a `data.changed {entities}` event from the core can
// invalidate exactly the queries that read those entities, in every window at once.
import type { CaseListQuery } from '../../../shared/console-api.js';
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
};

export type EntityQueryRoot = 'cases' | 'projectors';

/** Query roots that read an entity; case rows show site, customer, projector and user names. */
export function queryRootsFor(entity: EntityName): readonly EntityQueryRoot[] {
  switch (entity) {
    case 'cases':
      return ['cases'];
    case 'users':
      return ['cases'];
    case 'customers':
    case 'sites':
    case 'projectors':
      return ['cases', 'projectors'];
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
