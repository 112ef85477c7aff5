// The head of an engineer's column: name, regions, skills, availability, today's and this week's
// load against capacity as coloured bars (red over capacity), and an "Edit engineer" button.
// Plain elements (board.css) rather than a Mantine Text/Progress per line: one per lane on screen.
import { memo } from 'react';
import type { BoardColumn } from '../../../../shared/console-api.js';
import { loadPercent, loadText, loadTone } from './board-model.js';

function LoadBar({ label, load, capacity }: { label: string; load: number; capacity: number }) {
  const tone = loadTone(load, capacity);
  const percent = loadPercent(load, capacity);
  return (
    <div className="board-load">
      <span className="board-load-label" data-over={load > capacity || undefined}>
        {label} {load}/{capacity}
      </span>
      <div className="board-load-track board-load-bar" role="progressbar" aria-label={loadText(label, load, capacity)} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-tone={tone}>
        <div className="board-load-fill" data-tone={tone} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export const EngineerHeader = memo(function EngineerHeader({ column, onEdit }: { column: BoardColumn; onEdit: ((engineerId: string) => void) | null }) {
  return (
    <>
      <div className="board-lane-title">
        <span className="board-head-name board-card-ellipsis" title={column.name}>
          {column.name}
        </span>
        <span className="board-head-count">{column.cards.length}</span>
        {onEdit && (
          // One action, so one button (no menu): a Mantine Menu per column cost every board mount and
          // every drop into the column its floating-ui hooks.
          <button type="button" className="board-head-menu" aria-label={`Edit engineer ${column.name}`} title="Edit engineer" onClick={() => onEdit(column.engineerId)}>
            ✎
          </button>
        )}
      </div>
      <span className="board-head-dim board-card-ellipsis" title={column.regions.join(', ')}>
        {column.regions.length ? column.regions.join(', ') : 'No region'}
      </span>
      <span className="board-head-dim board-card-ellipsis" title={column.skills.join(', ')}>
        {column.skills.length ? column.skills.join(', ') : 'No skills listed'}
      </span>
      <span className="board-head-available" data-off={!column.availableToday || undefined}>
        {column.availability}
      </span>
      <LoadBar label="Today" load={column.load.today} capacity={column.load.capacityToday} />
      <LoadBar label="Week" load={column.load.week} capacity={column.load.capacityWeek} />
    </>
  );
});
