// Tells the user when the hub refused a local change (the core has already rolled it back).
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { useApi } from '../../api/use-api.js';
import { rejectionMessage } from './rejection-message.js';

export function useRejectionNotifications(): void {
  const api = useApi();
  useEffect(
    () =>
      api.on('mutation.rejected', (event) => {
        notifications.show({
          title: 'Change refused',
          message: rejectionMessage(event.caseLabel, event.message),
          color: 'red',
          autoClose: false,
        });
      }),
    [api],
  );
}
