// Provides the window's ApiClient to every component below it.
import type { ReactNode } from 'react';
import type { ApiClient } from './client.js';
import { ApiContext } from './use-api.js';

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}
