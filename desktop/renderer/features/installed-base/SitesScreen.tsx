// Sites (route #/sites): every site with its customer, region, contact and number of projectors,
// searched, filtered by region and sorted; loads as it scrolls; exports to Excel as shown.
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import type { SiteListRow } from '../../../../shared/console-api.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { ExportListButton } from './ExportListButton.js';
import { NO_SITE_FILTERS, SITE_SORT_OPTIONS, hasFilters, parseSiteSort, siteExport, toSiteQuery, type ListFilters, type SiteSort } from './installed-base-model.js';
import { ListToolbar } from './ListToolbar.js';
import { InstalledBaseList } from './InstalledBaseList.js';
import type { PagedColumn } from './PagedTable.js';
import { useSiteList } from './use-installed-base.js';

const COLUMNS: readonly PagedColumn<SiteListRow>[] = [
  { key: 'name', label: 'Site', width: 200, grow: true, cell: (r) => r.name, title: (r) => r.name },
  { key: 'customer', label: 'Customer', width: 180, grow: true, cell: (r) => (r.customerCode ? `${r.customerName} (${r.customerCode})` : r.customerName), title: (r) => r.customerName },
  { key: 'region', label: 'Region', width: 100, cell: (r) => r.region },
  { key: 'address', label: 'Address', width: 220, grow: true, cell: (r) => r.address || '—', title: (r) => r.address },
  { key: 'contact', label: 'Contact', width: 160, cell: (r) => r.contactName || '—' },
  { key: 'phone', label: 'Phone', width: 140, cell: (r) => r.contactPhone || '—' },
  { key: 'email', label: 'Email', width: 200, cell: (r) => r.contactEmail || '—', title: (r) => r.contactEmail },
  { key: 'projectors', label: 'Projectors', width: 100, cell: (r) => r.projectors },
];

export function SitesScreen() {
  const [filters, setFilters] = useState<ListFilters<SiteSort>>(NO_SITE_FILTERS);
  const [search] = useDebouncedValue(filters.search, 150);
  const query = useMemo(() => toSiteQuery({ ...filters, search }), [filters, search]);
  const list = useSiteList(query);

  return (
    <section aria-labelledby="sites-title" className="installed-base-screen">
      <ScreenHeader id="sites-title" title="Sites" description="Where the installed base is: each site, its customer, region and contact.">
        <ExportListButton request={siteExport({ ...filters, search })} title="Sites exported" disabled={list.total === 0} />
      </ScreenHeader>
      <ListToolbar
        filtersLabel="Site filters"
        idPrefix="sites"
        searchLabel="Search sites"
        searchPlaceholder="Site, customer, address or contact"
        filters={filters}
        sortOptions={SITE_SORT_OPTIONS}
        parseSort={parseSiteSort}
        onChange={setFilters}
      />
      <InstalledBaseList nouns={{ one: 'site', many: 'sites', title: 'Sites' }} list={list} columns={COLUMNS} filtered={hasFilters(filters)} onClearFilters={() => setFilters(NO_SITE_FILTERS)} resetKey={JSON.stringify(query)} />
    </section>
  );
}
