// React access to the window's ApiClient (one per window, created in main.tsx).
import { createContext, useContext, useSyncExternalStore } from 'react';
import { BugIndicatingError } from '../../../shared/errors.js';
import type { LinkState } from '../transport/link.js';
import type { ApiClient } from './client.js';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new BugIndicatingError('useApi() used outside <ApiProvider>.');
  return client;
}

/** The link to the core; 'down' means the browser shell's socket dropped (Electron's never does). */
export function useLinkState(): LinkState {
  const api = useApi();
  return useSyncExternalStore(
    (notify) => api.onLinkChange(() => notify()),
    () => api.linkState(),
  );
}
