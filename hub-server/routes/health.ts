// Liveness and readiness: the process answers, and the database answers a query.
import { AppError } from '../../shared/errors.js';
import { errorFields } from '../logger.js';
import type { HubRouteHandlers, RouteDeps } from './hub-routes.js';

export function createHealthHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'health.live' | 'health.ready'> {
  return {
    'health.live': async () => ({ status: 'ok' }),
    'health.ready': async () => {
      try {
        await deps.repo.read((tx) => tx.headVersion());
      } catch (error) {
        deps.log.warn('Readiness check failed', errorFields(error));
        throw new AppError('UNAVAILABLE', 'The hub database is not available.');
      }
      return { status: 'ready' };
    },
  };
}
