// "Assign DTR-…": type-ahead over the board's engineers, the recommended first with the reason for
// each rank, the filtered-out after them with why. ↑/↓ move the highlight, Enter assigns it.
import { Alert, Badge, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { BoardCard, BoardColumn } from '../../../../shared/console-api.js';
import { userMessage } from '../../api/error-message.js';
import { assignDialogTitle, assignOptions, filterAssignOptions, moveHighlight, type AssignOption } from './assign-model.js';
import { useRecommendation } from './use-board.js';

export type AssignDialogProps = Readonly<{
  card: BoardCard | null;
  columns: readonly BoardColumn[];
  onAssign: (caseId: string, engineerId: string) => void;
  onClose: () => void;
}>;

export function AssignDialog({ card, columns, onAssign, onClose }: AssignDialogProps) {
  return (
    <Modal opened={card !== null} onClose={onClose} title={card ? assignDialogTitle(card.number, card.title) : 'Assign'} size="lg">
      {card && <AssignPicker key={card.caseId} card={card} columns={columns} onAssign={onAssign} />}
    </Modal>
  );
}

function AssignPicker({ card, columns, onAssign }: { card: BoardCard; columns: readonly BoardColumn[]; onAssign: (caseId: string, engineerId: string) => void }) {
  const recommendation = useRecommendation(card.caseId);
  const [typed, setTyped] = useState('');
  const [highlight, setHighlight] = useState(0);
  const listId = useId();
  const options = useMemo(() => assignOptions(columns, recommendation.data, card.assigneeId), [columns, recommendation.data, card.assigneeId]);
  const shown = useMemo(() => filterAssignOptions(options, typed), [options, typed]);
  const active = shown[Math.min(highlight, shown.length - 1)];

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Home and End stay with the text field (caret), as in any combobox.
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((h) => moveHighlight(h, shown.length, event.key));
    } else if (event.key === 'Enter' && active) {
      event.preventDefault();
      onAssign(card.caseId, active.engineerId);
    }
  };

  return (
    <Stack gap="sm">
      <TextInput
        label="Find engineer"
        placeholder="Type a name"
        data-autofocus
        value={typed}
        onChange={(e) => {
          setTyped(e.currentTarget.value);
          setHighlight(0);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-activedescendant={active ? `${listId}-${active.engineerId}` : undefined}
        aria-autocomplete="list"
      />
      {recommendation.isPending && (
        <Group gap="xs">
          <Loader size="xs" aria-hidden />
          <Text size="sm">Working out recommendations…</Text>
        </Group>
      )}
      {recommendation.isError && (
        <Alert color="orange" title="No recommendation">
          {userMessage(recommendation.error)} You can still pick an engineer.
        </Alert>
      )}
      <div role="listbox" id={listId} aria-label="Engineers" className="assign-list">
        {shown.length === 0 && <Text size="sm">No engineer matches “{typed}”.</Text>}
        {shown.map((o) => (
          <AssignOptionRow key={o.engineerId} id={`${listId}-${o.engineerId}`} option={o} highlighted={o === active} onPick={() => onAssign(card.caseId, o.engineerId)} onHover={() => setHighlight(shown.indexOf(o))} />
        ))}
      </div>
      <Text size="xs" c="dimmed">
        ↑/↓ choose · Enter assign · Escape cancel
      </Text>
    </Stack>
  );
}

function AssignOptionRow({ id, option, highlighted, onPick, onHover }: { id: string; option: AssignOption; highlighted: boolean; onPick: () => void; onHover: () => void }) {
  return (
    <div id={id} role="option" aria-selected={highlighted} className="assign-option" data-highlighted={highlighted || undefined} onClick={onPick} onMouseMove={onHover}>
      <Group gap="xs" wrap="nowrap">
        {option.rank !== null && (
          <Badge size="sm" color="indigo" circle aria-label={`Recommended, rank ${option.rank}`}>
            {option.rank}
          </Badge>
        )}
        <Text fw={600} size="sm">
          {option.name}
        </Text>
        {option.current && (
          <Badge size="xs" variant="light" tt="none">
            Assigned now
          </Badge>
        )}
        {option.filtered && (
          <Badge size="xs" color="gray" variant="outline" tt="none">
            Filtered out
          </Badge>
        )}
        <Text size="xs" c="dimmed" ml="auto">
          {option.detail}
        </Text>
      </Group>
      {option.reasons.length > 0 && (
        <Text size="xs" c={option.filtered ? 'orange.9' : 'dimmed'}>
          {option.filtered ? 'Not recommended: ' : ''}
          {option.reasons.join('; ')}
        </Text>
      )}
    </div>
  );
}
