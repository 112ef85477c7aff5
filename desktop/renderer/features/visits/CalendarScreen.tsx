// Day and week calendar of visits for chosen engineers or a region: one row per engineer, a time
// line per day with working hours, days off and time off shaded, travel before each visit, and
// double bookings and other clashes in red with their message. Clicking a visit opens its case.
// Keys: ←/→ previous/next day or week, t today, d day view, w week view.
import { Button, Group, MultiSelect, NativeSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { isTextField } from '../../app/shortcuts.js';
import { useSession } from '../auth/use-session.js';
import { CaseDetailDrawer } from '../cases/CaseDetailDrawer.js';
import { layoutCalendar } from './calendar-model.js';
import { CalendarGrid } from './CalendarGrid.js';
import { CALENDAR_KEYS_HELP, calendarCommand, usesArrowKeys, type CalendarCommand } from './calendar-keys.js';
import { useCalendar, useEngineers } from './use-visits.js';
import { calendarRange, localToday, rangeLabel, stepAnchor, type CalendarMode } from './visit-dates.js';

type Scope = 'engineers' | 'region';

export function CalendarScreen() {
  const session = useSession();
  const role = session.data?.user.role ?? null;
  const [mode, setMode] = useState<CalendarMode>('week');
  const [anchor, setAnchor] = useState(localToday);
  const [scope, setScope] = useState<Scope>('region');
  const [region, setRegion] = useState('');
  const [engineerIds, setEngineerIds] = useState<string[]>([]);
  const [openCaseId, setOpenCaseId] = useState<string | null>(null);
  const engineers = useEngineers();

  const range = calendarRange(mode, anchor);
  const arg = scope === 'region' ? { ...range, ...(region ? { region } : {}) } : engineerIds.length > 0 ? { ...range, engineerIds } : null;
  const calendar = useCalendar(arg);
  const layout = useMemo(() => (calendar.data ? layoutCalendar(calendar.data) : null), [calendar.data]);
  const regions = useMemo(() => [...new Set((engineers.data ?? []).flatMap((u) => u.regions))].sort(), [engineers.data]);

  const run = (command: CalendarCommand) => {
    if (command === 'previous') setAnchor((a) => stepAnchor(mode, a, -1));
    else if (command === 'next') setAnchor((a) => stepAnchor(mode, a, 1));
    else if (command === 'today') setAnchor(localToday());
    else setMode(command);
  };
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  const drawerOpen = openCaseId !== null;
  useEffect(() => {
    if (drawerOpen) return;
    let lastG = -Infinity;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // A dialog or menu open elsewhere (e.g. the keyboard help) keeps its keys.
      if (document.querySelector('[role="dialog"]')) return;
      const afterG = event.timeStamp - lastG < 1500;
      if (event.key === 'g' || event.key === 'G') lastG = event.timeStamp;
      else lastG = -Infinity;
      const command = calendarCommand({ key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, inTextField: isTextField(event.target), inArrowWidget: usesArrowKeys(event.target), afterG });
      if (!command) return;
      event.preventDefault();
      runRef.current(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [drawerOpen]);

  return (
    <Stack gap="md">
      <ScreenHeader id="calendar-title" title="Visit calendar" description={`Planned visits per engineer with working hours, time off and clashes. Keys: ${CALENDAR_KEYS_HELP}.`}>
        <SegmentedControl
          aria-label="Show engineers"
          size="xs"
          value={scope}
          onChange={(v) => setScope(v === 'engineers' ? 'engineers' : 'region')}
          data={[
            { value: 'region', label: 'By region' },
            { value: 'engineers', label: 'By engineer' },
          ]}
        />
        {scope === 'region' ? (
          <NativeSelect size="xs" label="Region" value={region} onChange={(e) => setRegion(e.currentTarget.value)} data={[{ value: '', label: 'All regions' }, ...regions.map((r) => ({ value: r, label: r }))]} />
        ) : (
          <MultiSelect
            size="xs"
            label="Engineers"
            placeholder={engineerIds.length === 0 ? 'Choose engineers' : undefined}
            searchable
            clearable
            maw={360}
            value={engineerIds}
            onChange={setEngineerIds}
            data={(engineers.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
          />
        )}
      </ScreenHeader>

      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => run('previous')} aria-label={mode === 'day' ? 'Previous day' : 'Previous week'}>
            ←
          </Button>
          <Button size="xs" variant="default" onClick={() => run('today')}>
            Today
          </Button>
          <Button size="xs" variant="default" onClick={() => run('next')} aria-label={mode === 'day' ? 'Next day' : 'Next week'}>
            →
          </Button>
          <Text fw={600} aria-live="polite">
            {rangeLabel(mode, anchor)}
          </Text>
        </Group>
        <SegmentedControl
          aria-label="Calendar view"
          size="xs"
          value={mode}
          onChange={(v) => setMode(v === 'day' ? 'day' : 'week')}
          data={[
            { value: 'day', label: 'Day' },
            { value: 'week', label: 'Week' },
          ]}
        />
      </Group>

      {arg === null ? (
        <Text c="dimmed">Choose one or more engineers to see their calendar.</Text>
      ) : (
        <QueryStatus query={calendar} loadingLabel="Loading the calendar…" errorTitle="The calendar could not be loaded">
          {layout && <CalendarGrid layout={layout} mode={mode} onOpen={setOpenCaseId} />}
        </QueryStatus>
      )}
      {drawerOpen && role !== null && <CaseDetailDrawer caseId={openCaseId} role={role} onClose={() => setOpenCaseId(null)} />}
    </Stack>
  );
}
