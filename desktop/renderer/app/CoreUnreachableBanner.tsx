// A clear banner while this window cannot reach the console core (browser shell socket dropped).
import { Alert } from '@mantine/core';
import { useLinkState } from '../api/use-api.js';

export function CoreUnreachableBanner() {
  const link = useLinkState();
  if (link !== 'down') return null;
  return (
    <Alert color="red" variant="filled" radius={0} title="Console core unreachable" className="core-banner">
      This window lost its connection to the console core. Changes you already saved are safe on this computer. Reconnecting…
    </Alert>
  );
}
