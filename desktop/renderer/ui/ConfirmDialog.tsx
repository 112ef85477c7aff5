// A confirm dialog for consequential actions (deactivate, reset a password, revoke a session): the
// question names the person, the confirm button repeats the action's name, Cancel has focus first.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { userMessage } from '../api/error-message.js';

export type ConfirmDialogProps = Readonly<{
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}>;

export function ConfirmDialog({ opened, title, children, confirmLabel, color = 'red', busy, error, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={() => !busy && onClose()} title={title} closeButtonProps={{ 'aria-label': 'Cancel' }}>
      <Stack gap="md">
        <Text size="sm" component="div">
          {children}
        </Text>
        {error !== null && error !== undefined && (
          <Alert color="red" title={`Could not ${confirmLabel.toLowerCase()}`}>
            {userMessage(error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={busy} data-autofocus>
            Cancel
          </Button>
          <Button color={color} onClick={onConfirm} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
