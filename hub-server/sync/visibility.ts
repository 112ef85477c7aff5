// Row visibility per user: the seam for sync groups (role, region, assignee). In this version every
// signed-in user sees every row; bootstrap and live changes both pass through the filter.
import type { PublicUser } from '../../shared/domain.js';
import type { AnyEntityRow, EntityName } from '../../shared/sync/entities.js';

export type RowFilter = (entity: EntityName, row: AnyEntityRow) => boolean;
export type VisibilityFilter = (user: PublicUser) => RowFilter;

export const everyoneSeesEverything: VisibilityFilter = () => () => true;
