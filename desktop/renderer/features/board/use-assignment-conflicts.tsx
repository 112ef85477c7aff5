// Tells the manager when an assignment they made lost a race: the card has snapped back (the data
// says so) and this says who assigned the case to whom, with a way to Conflicts. Conflicts already
// there when the board opened are left to the Conflicts badge.
import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { useConflictPeople, useConflicts } from '../conflicts/use-conflicts.js';
import { assignmentConflictText, newAssignmentConflicts } from './board-model.js';

const NOTICE_MS = 20_000;

export function useAssignmentConflictNotices(engineerNames: ReadonlyMap<string, string>, onOpenConflicts: () => void): void {
  const { data } = useConflicts(false);
  const people = useConflictPeople();
  const known = useRef<Set<string> | null>(null);
  const latest = useRef({ engineerNames, people: people.data, onOpenConflicts });
  useEffect(() => {
    latest.current = { engineerNames, people: people.data, onOpenConflicts };
  });

  useEffect(() => {
    if (!data) return;
    if (known.current === null) {
      known.current = new Set(data.map((c) => c.id));
      return;
    }
    const fresh = newAssignmentConflicts(known.current, data);
    for (const c of data) known.current.add(c.id);
    if (fresh.length === 0) return;
    // Names of engineers on the board, then everyone this console knows (a filtered board may lack the winner's pick).
    const names = new Map<string, string>();
    for (const p of latest.current.people ?? []) names.set(p.id, p.name);
    for (const [id, name] of latest.current.engineerNames) names.set(id, name);
    for (const conflict of fresh) {
      const id = `assign-conflict-${conflict.id}`;
      notifications.show({
        id,
        color: 'orange',
        title: 'Assignment not applied',
        autoClose: NOTICE_MS,
        message: (
          <Stack gap={6}>
            <Text size="sm">{assignmentConflictText(conflict, names)}</Text>
            <Button
              size="xs"
              variant="light"
              w="fit-content"
              onClick={() => {
                notifications.hide(id);
                latest.current.onOpenConflicts();
              }}
            >
              Open Conflicts
            </Button>
          </Stack>
        ),
      });
    }
  }, [data]);
}
