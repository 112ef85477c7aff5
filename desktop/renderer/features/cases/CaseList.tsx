// The case list as an ARIA grid, virtualised so 10k rows stay fast: only visible rows are in the
// DOM. Focus stays on the grid; the selected row is its active descendant.
import { Alert, Badge, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CaseSummary } from '../../../../shared/console-api.js';
import { PENDING_NUMBER_LABEL, SEVERITY_LABELS, formatDateTime, statusLabel } from './case-format.js';
import { listKeyResult } from './list-keyboard.js';
import { slaCellDisplay } from '../sla/sla-format.js';
import { SlaBadge } from '../sla/SlaBadge.js';
import { useSlaView } from '../sla/use-sla-view.js';

const ROW_HEIGHT = 36;
const COLUMNS = ['Number', 'Title', 'Status', 'Priority', 'SLA', 'Severity', 'Serial', 'Site', 'Customer', 'Created'] as const;

export type CaseListProps = Readonly<{
  rows: readonly CaseSummary[];
  loading: boolean;
  error: string | null;
  filtered: boolean;
  bootstrapping: boolean;
  onClearFilters: () => void;
  onOpen: (id: string) => void;
  focusCaseId: string | null;
  /** When the core computed the rows' SLA clocks (the query's last fetch). */
  computedAt: number;
}>;

const rowDomId = (id: string) => `case-row-${id}`;

export function CaseList({ rows, loading, error, filtered, bootstrapping, onClearFilters, onOpen, focusCaseId, computedAt }: CaseListProps) {
  // Time left re-renders every 30 s from the rows already here; no refetch.
  const sla = useSlaView();
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selectedIndex = useMemo(() => (selectedId ? rows.findIndex((r) => r.id === selectedId) : -1), [rows, selectedId]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The sticky header row sits above the rows inside the same scroll element.
    scrollMargin: ROW_HEIGHT,
    scrollPaddingStart: ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  // A case just created: select it and bring it into view once it is in the list.
  useEffect(() => {
    if (!focusCaseId) return;
    const index = rows.findIndex((r) => r.id === focusCaseId);
    if (index >= 0) {
      setSelectedId(focusCaseId);
      virtualizer.scrollToIndex(index, { align: 'auto' });
    }
  }, [focusCaseId, rows, virtualizer]);

  const select = (index: number) => {
    const row = rows[index];
    if (!row) return;
    setSelectedId(row.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const pageSize = Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT);
    const result = listKeyResult(event.key, selectedIndex, rows.length, pageSize);
    if (!result) return;
    event.preventDefault();
    if (result.kind === 'select') select(result.index);
    else {
      const row = rows[result.index];
      if (row) onOpen(row.id);
    }
  };

  if (error) {
    return (
      <Alert color="red" title="Cases could not be loaded">
        {error}
      </Alert>
    );
  }

  if (rows.length === 0) {
    return (
      <Center className="case-grid" p="xl">
        {loading ? (
          <Stack align="center">
            <Loader aria-hidden />
            <Text>Loading cases…</Text>
          </Stack>
        ) : filtered ? (
          <Stack align="center">
            <Text fw={500}>No cases match these filters</Text>
            <Button variant="light" onClick={onClearFilters}>
              Clear filters
            </Button>
          </Stack>
        ) : bootstrapping ? (
          <Text>Downloading cases to this computer…</Text>
        ) : (
          <Text>No cases yet. Press Ctrl+N to log the first one.</Text>
        )}
      </Center>
    );
  }

  const activeDescendant = selectedIndex >= 0 && selectedId ? rowDomId(selectedId) : undefined;

  return (
    <div
      ref={gridRef}
      className="case-grid"
      role="grid"
      aria-label="Cases"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={activeDescendant}
      aria-readonly
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div ref={scrollRef} className="case-grid-scroll" role="presentation">
        <div role="rowgroup" style={{ position: 'sticky', top: 0, zIndex: 1 }}>
          <div role="row" aria-rowindex={1} className="case-row case-row-header">
            {COLUMNS.map((name) => (
              <div key={name} role="columnheader">
                {name}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: 1410 }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const selected = row.id === selectedId;
            return (
              <div
                key={row.id}
                id={rowDomId(row.id)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className="case-row case-row-body"
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start - ROW_HEIGHT}px)` }}
                onClick={() => {
                  setSelectedId(row.id);
                  gridRef.current?.focus();
                  onOpen(row.id);
                }}
              >
                <div role="gridcell">
                  {row.number ?? (
                    <Badge tt="none" color="yellow" variant="light" size="sm">
                      {PENDING_NUMBER_LABEL}
                    </Badge>
                  )}
                  {row.number && row.pending && (
                    <Badge tt="none" color="yellow" variant="dot" size="xs" ml={6} title="Changes waiting to sync">
                      unsynced
                    </Badge>
                  )}
                </div>
                <div role="gridcell" title={row.title}>
                  {row.title}
                </div>
                <div role="gridcell">{statusLabel(row.status)}</div>
                <div role="gridcell">{row.priority}</div>
                <div role="gridcell">
                  <SlaBadge size="xs" display={slaCellDisplay(sla.project(row.sla, computedAt), sla.now)} />
                </div>
                <div role="gridcell">{SEVERITY_LABELS[row.severity]}</div>
                <div role="gridcell">{row.serial || '—'}</div>
                <div role="gridcell" title={row.siteName ?? undefined}>
                  {row.siteName ?? '—'}
                </div>
                <div role="gridcell" title={row.customerName ?? undefined}>
                  {row.customerName ?? '—'}
                </div>
                <div role="gridcell">{formatDateTime(row.createdAt)}</div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
