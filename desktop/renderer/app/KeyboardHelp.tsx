// The "?" dialog listing every keyboard shortcut.
import { Kbd, Modal, Table } from '@mantine/core';
import type { Role } from '../../../shared/domain.js';
import { helpShortcuts } from './shortcuts.js';

export function KeyboardHelp({ opened, onClose, role }: { opened: boolean; onClose: () => void; role: Role }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" closeButtonProps={{ 'aria-label': 'Close help' }}>
      <Table aria-label="Keyboard shortcuts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Keys</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {helpShortcuts(role).map((s) => (
            <Table.Tr key={s.keys}>
              <Table.Td>
                <Kbd>{s.keys}</Kbd>
              </Table.Td>
              <Table.Td>{s.action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
