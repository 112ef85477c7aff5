// The case screen: toolbar (new case, filters, search), the virtualised list, and the detail panel
// of the case in the route.
import { Button, Group, MultiSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState, type RefObject } from 'react';
import type { Role } from '../../../../shared/domain.js';
import { userMessage } from '../../api/error-message.js';
import { useSyncStatus } from '../sync-status/use-sync-status.js';
import { CaseDetailDrawer } from './CaseDetailDrawer.js';
import { CaseList } from './CaseList.js';
import type { CaseSort } from '../../../../shared/console-api.js';
import {
  EMPTY_FILTERS,
  PRIORITY_OPTIONS,
  SORT_OPTIONS,
  STATUS_OPTIONS,
  hasActiveFilters,
  orderRows,
  parsePriorities,
  parseSort,
  parseStatuses,
  toListQuery,
  type CaseFilters,
} from './case-filters.js';
import { useCaseList } from './use-cases.js';
import { ExportListButton } from '../installed-base/ExportListButton.js';

export type CasesScreenProps = Readonly<{
  role: Role;
  searchRef: RefObject<HTMLInputElement | null>;
  openCaseId: string | null;
  onOpenCase: (id: string) => void;
  onCloseCase: () => void;
  /** Null when the user may not create cases (the button is then hidden). */
  onNewCase: (() => void) | null;
  /** A case to select and scroll to, e.g. the one just created. */
  focusCaseId: string | null;
}>;

export function CasesScreen({ role, searchRef, openCaseId, onOpenCase, onCloseCase, onNewCase, focusCaseId }: CasesScreenProps) {
  const [filters, setFilters] = useState<CaseFilters>(EMPTY_FILTERS);
  const [debouncedSearch] = useDebouncedValue(filters.search, 150);
  const [sort, setSort] = useState<CaseSort>('newest');
  const query = useMemo(() => toListQuery({ ...filters, search: debouncedSearch }, sort), [filters, debouncedSearch, sort]);
  const list = useCaseList(query);
  const rows = useMemo(() => orderRows(list.data ?? [], sort), [list.data, sort]);
  const { data: status } = useSyncStatus();

  return (
    <div className="cases-screen">
      <Group align="flex-end" gap="sm" wrap="wrap">
        {onNewCase && (
          <Button onClick={onNewCase} aria-keyshortcuts="Control+N Meta+N">
            New case
          </Button>
        )}
        <TextInput
          ref={searchRef}
          label="Search cases"
          type="search"
          placeholder="Number, title, serial, site, customer…"
          aria-keyshortcuts="/"
          w={320}
          value={filters.search}
          onChange={(e) => {
            const search = e.currentTarget.value;
            setFilters((f) => ({ ...f, search }));
          }}
        />
        <MultiSelect
          label="Status"
          placeholder={filters.statuses.length ? 'Add status' : 'Any status'}
          data={STATUS_OPTIONS}
          value={[...filters.statuses]}
          onChange={(values) => setFilters((f) => ({ ...f, statuses: parseStatuses(values) }))}
          clearable
          // Unmounted while closed, so its listbox (labelled "Status" too) is not a second match.
          comboboxProps={{ keepMounted: false }}
          w={300}
        />
        <MultiSelect
          label="Priority"
          placeholder={filters.priorities.length ? 'Add priority' : 'Any priority'}
          data={PRIORITY_OPTIONS}
          value={[...filters.priorities]}
          onChange={(values) => setFilters((f) => ({ ...f, priorities: parsePriorities(values) }))}
          clearable
          comboboxProps={{ keepMounted: false }}
          w={220}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="case-sort-label">
            Sort by
          </Text>
          <SegmentedControl aria-labelledby="case-sort-label" data={[...SORT_OPTIONS]} value={sort} onChange={(value) => setSort(parseSort(value))} />
        </Stack>
        {/* The cases the list shows, every one (not only the rows on screen), with its filters and sort. */}
        <ExportListButton request={{ list: 'cases', query }} title="Cases exported" disabled={rows.length === 0} />
      </Group>
      <CaseList
        rows={rows}
        loading={list.isPending}
        error={list.isError ? userMessage(list.error) : null}
        filtered={hasActiveFilters(filters)}
        bootstrapping={status?.bootstrap != null}
        onClearFilters={() => setFilters(EMPTY_FILTERS)}
        onOpen={onOpenCase}
        focusCaseId={focusCaseId}
        computedAt={list.dataUpdatedAt}
      />
      <CaseDetailDrawer caseId={openCaseId} role={role} onClose={onCloseCase} />
    </div>
  );
}
