// The head of an engineer's column: name, regions, skills, availability, today's and this week's
// load against capacity as coloured bars (red over capacity), and a menu with "Edit engineer".
import { ActionIcon, Menu, Progress, Text } from '@mantine/core';
import { memo } from 'react';
import type { BoardColumn } from '../../../../shared/console-api.js';
import { LOAD_TONE_COLORS, loadPercent, loadText, loadTone } from './board-model.js';

function LoadBar({ label, load, capacity }: { label: string; load: number; capacity: number }) {
  const text = loadText(label, load, capacity);
  return (
    <div className="board-load">
      <Text size="xs" className="board-load-label" c={load > capacity ? 'red.8' : undefined}>
        {label} {load}/{capacity}
      </Text>
      <Progress value={loadPercent(load, capacity)} color={LOAD_TONE_COLORS[loadTone(load, capacity)]} size="sm" aria-label={text} className="board-load-bar" data-tone={loadTone(load, capacity)} />
    </div>
  );
}

export const EngineerHeader = memo(function EngineerHeader({ column, onEdit }: { column: BoardColumn; onEdit: ((engineerId: string) => void) | null }) {
  return (
    <>
      <div className="board-lane-title">
        <Text fw={600} size="sm" className="board-card-ellipsis" title={column.name}>
          {column.name}
        </Text>
        <Text size="xs" c="dimmed">
          {column.cards.length}
        </Text>
        {onEdit && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={`Engineer menu for ${column.name}`}>
                ⋯
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onEdit(column.engineerId)}>Edit engineer</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </div>
      <Text size="xs" c="dimmed" className="board-card-ellipsis" title={column.regions.join(', ')}>
        {column.regions.length ? column.regions.join(', ') : 'No region'}
      </Text>
      <Text size="xs" c="dimmed" className="board-card-ellipsis" title={column.skills.join(', ')}>
        {column.skills.length ? column.skills.join(', ') : 'No skills listed'}
      </Text>
      <Text size="xs" c={column.availableToday ? 'green.8' : 'orange.8'}>
        {column.availability}
      </Text>
      <LoadBar label="Today" load={column.load.today} capacity={column.load.capacityToday} />
      <LoadBar label="Week" load={column.load.week} capacity={column.load.capacityWeek} />
    </>
  );
});
