// The calendar grid: engineer rows, day columns, each cell a time line with working hours, days
// off shaded, travel and visits placed on it, clashes in red. Shared by the calendar screen and the
// schedule dialog's preview of the engineer's day.
import { Alert, List, Stack, Text, Tooltip } from '@mantine/core';
import type { CalendarBlock, CalendarLayout } from './calendar-model.js';
import { CLASH_LABELS } from './schedule-form.js';
import { dayLabel, localToday, type CalendarMode } from './visit-dates.js';
import './calendar.css';

const LANE_HEIGHT = 18;
const MAX_LISTED_CLASHES = 8;

/** `onOpen` makes visits buttons that open their case; without it they are only shown. */
export function CalendarGrid({ layout, mode, onOpen, compact = false }: { layout: CalendarLayout; mode: CalendarMode; onOpen?: (caseId: string) => void; compact?: boolean }) {
  const today = localToday();
  if (layout.rows.length === 0) return <Text c="dimmed">No engineers to show here. Choose another region or other engineers.</Text>;
  const dayWidth = mode === 'day' ? 'minmax(480px, 1fr)' : 'minmax(150px, 1fr)';
  return (
    <Stack gap="sm">
      {!compact && layout.clashCount > 0 && (
        <Alert color="red" title={layout.clashCount === 1 ? '1 clash in this range' : `${layout.clashCount} clashes in this range`} role="status">
          <List size="sm" spacing={2}>
            {layout.clashes.slice(0, MAX_LISTED_CLASHES).map((c, i) => (
              <List.Item key={i}>
                <Text span fw={600} size="sm">
                  {CLASH_LABELS[c.kind]}:
                </Text>{' '}
                {c.message}
              </List.Item>
            ))}
          </List>
          <Text size="xs" mt={4}>
            {layout.clashes.length > MAX_LISTED_CLASHES ? `And ${layout.clashes.length - MAX_LISTED_CLASHES} more. ` : ''}Visits with a clash have a red border; hover or focus one to read why.
          </Text>
        </Alert>
      )}
      <div className="cal-grid" role="table" aria-label={`Visits, ${layout.days.length === 1 ? 'day' : 'week'} view`} style={{ gridTemplateColumns: `minmax(140px, max-content) repeat(${layout.days.length}, ${dayWidth})` }}>
        <div role="row" style={{ display: 'contents' }}>
          <div className="cal-head" role="columnheader">
            Engineer
          </div>
          {layout.days.map((day) => (
            <div key={day} className={`cal-head${day === today ? ' today' : ''}`} role="columnheader" aria-current={day === today ? 'date' : undefined}>
              {dayLabel(day)}
              <div className="cal-hours" aria-hidden>
                {layout.hourMarks.map((m) => (
                  <span key={m.label} style={{ left: `${m.left}%`, transform: m.left === 0 ? 'none' : undefined }}>
                    {mode === 'day' || m.left === 0 ? m.label : m.label.slice(0, 2)}
                  </span>
                ))}
              </div>
            </div>
          ))}
        </div>
        {layout.rows.map((row) => (
          <div key={row.engineerId} role="row" style={{ display: 'contents' }}>
            <div className="cal-name" role="rowheader">
              <Text size="sm" fw={600}>
                {row.name}
              </Text>
              {row.regions.length > 0 && (
                <Text size="xs" c="dimmed">
                  {row.regions.join(', ')}
                </Text>
              )}
            </div>
            {row.cells.map((cell) => {
              const lanes = Math.max(1, ...cell.blocks.map((b) => b.lanes));
              const offText = cell.working ? null : (cell.note ?? 'Not working');
              return (
                <div
                  key={cell.date}
                  role="cell"
                  className={`cal-cell${cell.working ? '' : ' off'}`}
                  style={{ height: lanes * LANE_HEIGHT + 20 }}
                  aria-label={`${row.name}, ${dayLabel(cell.date)}: ${cell.working ? `working ${cell.hours ?? ''}` : offText}${cell.working && cell.note ? ` (${cell.note})` : ''}, ${cell.blocks.length === 1 ? '1 visit' : `${cell.blocks.length} visits`}`}
                >
                  {cell.workingSpan && <div className="cal-work" style={{ left: `${cell.workingSpan.left}%`, width: `${cell.workingSpan.width}%` }} />}
                  {(offText ?? cell.note) && <span className="cal-note">{offText ?? cell.note}</span>}
                  {cell.blocks.map((block) => (
                    <VisitBlock key={block.visit.id} block={block} onOpen={onOpen} />
                  ))}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <Text size="xs" c="dimmed" hidden={compact}>
        White: working hours. Striped: day off or time off. Dotted lead-in: travel. Dashed border: not synced yet. Red: clash.
      </Text>
    </Stack>
  );
}

function VisitBlock({ block, onOpen }: { block: CalendarBlock; onOpen: ((caseId: string) => void) | undefined }) {
  const top = 2 + block.lane * LANE_HEIGHT;
  const clash = block.clashes.length > 0;
  const className = `cal-block${clash ? ' clash' : ''}${block.visit.pending ? ' pending' : ''}${onOpen ? '' : ' static'}`;
  const style = { left: `${block.left}%`, width: `${block.width}%`, top, height: LANE_HEIGHT - 2 };
  const text = `${clash ? '⚠ ' : ''}${block.visit.start} ${block.visit.caseLabel}`;
  const tip = (
    <Stack gap={2}>
      <Text size="xs" fw={600}>
        {block.time} {block.visit.caseLabel}
      </Text>
      <Text size="xs">{block.visit.caseTitle}</Text>
      {block.visit.siteName && <Text size="xs">{[block.visit.siteName, block.visit.siteAddress].filter(Boolean).join(', ')}</Text>}
      {block.clashes.map((c, i) => (
        <Text key={i} size="xs" c="red.2">
          {c.label}: {c.message}
        </Text>
      ))}
    </Stack>
  );
  return (
    <>
      {block.travelWidth > 0 && <div className="cal-travel" style={{ left: `${block.left - block.travelWidth}%`, width: `${block.travelWidth}%`, top, height: LANE_HEIGHT - 2 }} />}
      <Tooltip label={tip} withinPortal multiline w={280} openDelay={150}>
        {onOpen ? (
          <button
            type="button"
            className={className}
            style={style}
            aria-label={`${block.ariaLabel}. Open case.`}
            onClick={() => onOpen(block.visit.caseId)}
          >
            {text}
          </button>
        ) : (
          <div className={className} style={style} role="img" aria-label={block.ariaLabel}>
            {text}
          </div>
        )}
      </Tooltip>
    </>
  );
}
