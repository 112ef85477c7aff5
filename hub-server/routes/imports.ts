// Admin routes for bulk-import jobs (action `data.import`): start, send batches, finish, list, get
// and undo. The domain logic is in hub-server/imports/; session ends and view changes are announced
// after the commit, like the other admin changes to people.
import { applyImportBatch } from '../imports/import-batch.js';
import { finishImport, getImportJobView, listImportJobViews, startImport } from '../imports/import-jobs.js';
import { undoImport } from '../imports/import-undo.js';
import { isoAt } from '../clock.js';
import { httpCommandContext, requireId, type HubRouteHandlers, type RouteDeps } from './hub-routes.js';

export function createImportHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'imports.list' | 'imports.start' | 'imports.get' | 'imports.batch' | 'imports.finish' | 'imports.undo'> {
  const { repo, auth } = deps;
  return {
    'imports.list': () => repo.read((tx) => listImportJobViews(tx)),
    'imports.get': ({ id }) => repo.read((tx) => getImportJobView(tx, requireId(id))),
    'imports.start': ({ caller, body }) => repo.write((tx) => startImport(tx, httpCommandContext(deps, caller), body)),
    'imports.batch': async ({ caller, body, id }) => {
      const applied = await repo.write((tx) => applyImportBatch(tx, httpCommandContext(deps, caller), requireId(id), body));
      for (const userId of applied.viewChanged) auth.events.viewChanged(userId);
      return applied.result;
    },
    'imports.finish': ({ body, id }) => repo.write((tx) => finishImport(tx, requireId(id), body.outcome, isoAt(deps.clock()))),
    'imports.undo': async ({ caller, id }) => {
      const undone = await repo.write((tx) => undoImport(tx, httpCommandContext(deps, caller), requireId(id)));
      auth.events.sessionsRevoked(undone.revokedSessions);
      for (const userId of undone.viewChanged) auth.events.viewChanged(userId);
      return undone.result;
    },
  };
}
