// Tells the user when a change of theirs was held back as a conflict (new unresolved conflicts
// appear in the list), with a button that opens the Conflicts view. Conflicts already there when
// the window opened are only counted in the header badge.
import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import type { ConflictSummary } from '../../../../shared/console-api.js';
import { conflictNotices, newUnresolved } from './conflict-format.js';
import { useConflicts } from './use-conflicts.js';

const NOTICE_MS = 20_000;

/** `leaveToOthers`: conflicts another screen tells about itself (the board, for assignments). */
export function useConflictNotifications(onOpenConflicts: () => void, leaveToOthers?: (conflict: ConflictSummary) => boolean): void {
  const { data } = useConflicts(false);
  const known = useRef<Set<string> | null>(null);
  const open = useRef(onOpenConflicts);
  const skip = useRef(leaveToOthers);
  useEffect(() => {
    open.current = onOpenConflicts;
    skip.current = leaveToOthers;
  });

  useEffect(() => {
    if (!data) return;
    if (known.current === null) {
      known.current = new Set(data.map((c) => c.id));
      return;
    }
    const fresh = newUnresolved(known.current, data).filter((c) => !skip.current?.(c));
    for (const c of data) known.current.add(c.id);
    for (const notice of conflictNotices(fresh)) {
      notifications.show({
        id: notice.id,
        color: 'orange',
        title: notice.title,
        autoClose: NOTICE_MS,
        message: (
          <Stack gap={6}>
            <Text size="sm">{notice.message}</Text>
            <Button
              size="xs"
              variant="light"
              w="fit-content"
              onClick={() => {
                notifications.hide(notice.id);
                open.current();
              }}
            >
              Review conflicts
            </Button>
          </Stack>
        ),
      });
    }
  }, [data]);
}
