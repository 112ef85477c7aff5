// Shows a new temporary password once (after creating a person or resetting their password), with
// Copy and the warning that it will not be shown again: the hub keeps only its hash.
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

export type TemporaryPasswordModalProps = Readonly<{
  /** Null closes the dialog (and forgets the password). */
  shown: Readonly<{ password: string; personName: string; email: string }> | null;
  onClose: () => void;
}>;

export function TemporaryPasswordModal({ shown, onClose }: TemporaryPasswordModalProps) {
  return (
    <Modal opened={shown !== null} onClose={onClose} title="Temporary password" closeButtonProps={{ 'aria-label': 'Close' }} closeOnClickOutside={false}>
      {shown && (
        <Stack gap="md">
          <Text size="sm">
            Give this password to {shown.personName} ({shown.email}). They must choose their own password when they first sign in with it.
          </Text>
          <Code block fz="lg" data-testid="temporary-password" aria-label="Temporary password" style={{ userSelect: 'all' }}>
            {shown.password}
          </Code>
          <Alert color="yellow" title="Shown only once">
            It will not be shown again. If it is lost, reset the password.
          </Alert>
          <Group justify="flex-end" gap="xs">
            <CopyButton value={shown.password} timeout={2000}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? 'green' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
