// A long import step under way: a bar (animated while the total is unknown), one line with rows,
// rows per second and time left, and Cancel (Escape too), which stops between batches.
import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import type { ImportProgress } from '../../../../shared/console-api.js';
import { progressLine, progressPercent } from './import-model.js';

export type ProgressPanelProps = Readonly<{
  title: string;
  progress: ImportProgress | null;
  /** Shown before the first progress event arrives. */
  startingText: string;
  /** A line of its own (the upload reports bytes, not rows). */
  line?: string;
  percent?: number | null;
  cancelling: boolean;
  onCancel: (() => void) | null;
}>;

export function ProgressPanel({ title, progress, startingText, line, percent, cancelling, onCancel }: ProgressPanelProps) {
  const shownPercent = percent !== undefined ? percent : progress ? progressPercent(progress) : null;
  const text = line ?? (progress ? progressLine(progress) : startingText);

  useEffect(() => {
    if (!onCancel) return undefined;
    const onKey = (event: KeyboardEvent) => {
      // A dialog open on top handles its own Escape.
      if (event.key === 'Escape' && !document.querySelector('[role="dialog"]')) onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  return (
    <Paper withBorder p="md" aria-label={title} role="region">
      <Stack gap="xs">
        <Text fw={500}>{title}</Text>
        <Progress.Root size="lg">
          <Progress.Section value={shownPercent ?? 100} animated={shownPercent === null} striped={shownPercent === null} aria-label={`${title} progress`} />
        </Progress.Root>
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" role="status" aria-live="polite">
            {cancelling ? 'Cancelling after the current batch…' : text}
          </Text>
          {onCancel && (
            <Button variant="default" size="xs" onClick={onCancel} disabled={cancelling} aria-keyshortcuts="Escape">
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
