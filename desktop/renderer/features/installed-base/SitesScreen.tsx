// Sites (route #/sites): every site with its customer, region, contact and number of projectors,
// searched, filtered by region and sorted; loads as it scrolls; exports to Excel as shown.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import type { SiteListRow } from '../../../../shared/console-api.js';
import { userMessage } from '../../api/error-message.js';
import { EmptyState, LoadingRows } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { ExportListButton } from './ExportListButton.js';
import { NO_SITE_FILTERS, SITE_SORT_OPTIONS, hasFilters, listCountText, parseSiteSort, siteExport, toSiteQuery, type ListFilters, type SiteSort } from './installed-base-model.js';
import { ListToolbar } from './ListToolbar.js';
import { PagedTable, type PagedColumn } from './PagedTable.js';
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
  const { total } = list;

  return (
    <section aria-labelledby="sites-title" className="installed-base-screen">
      <ScreenHeader id="sites-title" title="Sites" description="Where the installed base is: each site, its customer, region and contact.">
        <ExportListButton request={siteExport({ ...filters, search })} title="Sites exported" disabled={total === 0} />
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
      {list.isPending ? (
        <LoadingRows label="Loading sites…" />
      ) : list.error !== null && total === 0 ? (
        <Alert color="red" title="Sites could not be loaded">
          {userMessage(list.error)}
        </Alert>
      ) : total === 0 ? (
        hasFilters(filters) ? (
          <EmptyState>
            <Stack gap="xs" align="flex-start" component="span">
              <Text component="span">No sites match these filters.</Text>
              <Button variant="light" size="xs" onClick={() => setFilters(NO_SITE_FILTERS)}>
                Clear filters
              </Button>
            </Stack>
          </EmptyState>
        ) : (
          <EmptyState>No sites yet. An admin can import them from Excel on the Import screen.</EmptyState>
        )
      ) : (
        <>
          <Text size="sm" c="dimmed" role="status">
            {listCountText(total, 'site', 'sites')}
          </Text>
          <PagedTable label="Sites" columns={COLUMNS} list={list} resetKey={JSON.stringify(query)} />
        </>
      )}
    </section>
  );
}
