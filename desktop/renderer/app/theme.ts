// Mantine theme and the react-query client defaults for a console whose reads are all local.
import { createTheme } from '@mantine/core';
import { QueryClient } from '@tanstack/react-query';
import { isAppError } from '../../../shared/errors.js';

export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data is refreshed by the core's data.changed events, not by age or window focus.
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // Only a lost link is worth retrying; any other error is the answer.
        retry: (count, error) => count < 3 && isAppError(error) && error.code === 'UNAVAILABLE',
      },
      mutations: { retry: false },
    },
  });
}
