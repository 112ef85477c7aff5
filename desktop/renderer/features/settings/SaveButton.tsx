// The Save button of a settings card, with the whole-value error above it.
import { Button, Group, Text } from '@mantine/core';

export function SaveRow({ label, saving, error }: { label: string; saving: boolean; error?: string }) {
  return (
    <Group justify="space-between" align="center" gap="sm">
      <Text size="sm" c="red.8" role={error ? 'alert' : undefined}>
        {error ?? ''}
      </Text>
      <Button type="submit" loading={saving} aria-label={`Save ${label}`}>
        Save
      </Button>
    </Group>
  );
}
