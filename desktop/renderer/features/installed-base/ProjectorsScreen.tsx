// Projectors (route #/projectors): the installed base from this console's copy, searched, filtered
// by region, sorted, in a virtualised list that loads as it scrolls; exports to Excel as shown.
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import type { ProjectorListRow } from '../../../../shared/console-api.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { ExportListButton } from './ExportListButton.js';
import {
  NO_PROJECTOR_FILTERS,
  PROJECTOR_SORT_OPTIONS,
  coverageText,
  hasFilters,
  localDay,
  parseProjectorSort,
  projectorExport,
  toProjectorQuery,
  type ListFilters,
  type ProjectorSort,
} from './installed-base-model.js';
import { ListToolbar } from './ListToolbar.js';
import { InstalledBaseList } from './InstalledBaseList.js';
import type { PagedColumn } from './PagedTable.js';
import { useProjectorList } from './use-installed-base.js';

export function ProjectorsScreen() {
  const [filters, setFilters] = useState<ListFilters<ProjectorSort>>(NO_PROJECTOR_FILTERS);
  const [search] = useDebouncedValue(filters.search, 150);
  const query = useMemo(() => toProjectorQuery({ ...filters, search }), [filters, search]);
  const list = useProjectorList(query);
  const today = localDay(new Date());

  const columns: readonly PagedColumn<ProjectorListRow>[] = [
    { key: 'serial', label: 'Serial', width: 160, cell: (r) => r.serial },
    { key: 'model', label: 'Model', width: 160, cell: (r) => r.model, title: (r) => `${r.manufacturer} ${r.model}` },
    { key: 'manufacturer', label: 'Manufacturer', width: 130, cell: (r) => r.manufacturer },
    { key: 'site', label: 'Site', width: 180, grow: true, cell: (r) => r.siteName, title: (r) => r.siteName },
    { key: 'customer', label: 'Customer', width: 160, grow: true, cell: (r) => r.customerName, title: (r) => r.customerName },
    { key: 'region', label: 'Region', width: 100, cell: (r) => r.region },
    { key: 'installed', label: 'Installed', width: 110, cell: (r) => r.installDate },
    { key: 'warranty', label: 'Warranty end', width: 190, cell: (r) => coverageText(r.warrantyEnd, today) },
    { key: 'contract', label: 'Contract end', width: 190, cell: (r) => coverageText(r.contractEnd, today) },
  ];

  return (
    <section aria-labelledby="projectors-title" className="installed-base-screen">
      <ScreenHeader id="projectors-title" title="Projectors" description="The installed base as this console holds it: every projector, its site, customer and coverage.">
        <ExportListButton request={projectorExport({ ...filters, search })} title="Projectors exported" disabled={list.total === 0} />
      </ScreenHeader>
      <ListToolbar
        filtersLabel="Projector filters"
        idPrefix="projectors"
        searchLabel="Search projectors"
        searchPlaceholder="Serial, model, site or customer"
        filters={filters}
        sortOptions={PROJECTOR_SORT_OPTIONS}
        parseSort={parseProjectorSort}
        onChange={setFilters}
      />
      <InstalledBaseList nouns={{ one: 'projector', many: 'projectors', title: 'Projectors' }} list={list} columns={columns} filtered={hasFilters(filters)} onClearFilters={() => setFilters(NO_PROJECTOR_FILTERS)} resetKey={JSON.stringify(query)} />
    </section>
  );
}
