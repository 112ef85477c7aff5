// The current hash route, kept in sync with `hashchange` (back/forward work as users expect).
import { useCallback, useSyncExternalStore } from 'react';
import { parseHash, routeHash, type Route } from './hash-route.js';

const subscribe = (notify: () => void) => {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
};

export function useHashRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const navigate = useCallback((route: Route) => {
    const next = routeHash(route);
    if (window.location.hash !== next) window.location.hash = next;
  }, []);
  return [parseHash(hash), navigate];
}
