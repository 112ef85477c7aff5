// The title row of a screen: heading (focusable, so navigation can move focus to it), a line of
// explanation and the screen's actions.
import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function ScreenHeader({ id, title, description, children }: { id: string; title: string; description: ReactNode; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <Stack gap={4}>
        <Title order={2} id={id} tabIndex={-1}>
          {title}
        </Title>
        <Text size="sm" c="dimmed" maw={680}>
          {description}
        </Text>
      </Stack>
      {children && (
        <Group gap="sm" align="flex-end">
          {children}
        </Group>
      )}
    </Group>
  );
}
