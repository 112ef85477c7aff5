// The body every installed-base list shares: loading, a load error, the two empty states (nothing
// yet, or nothing matching the filters with a way to clear them), then the count and the table.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { userMessage } from '../../api/error-message.js';
import { EmptyState, LoadingRows } from '../../ui/QueryStatus.js';
import { listCountText } from './installed-base-model.js';
import { PagedTable, type PagedColumn } from './PagedTable.js';
import type { PagedList } from './use-installed-base.js';

export type ListNouns = Readonly<{ one: string; many: string; title: string }>;

export function InstalledBaseList<T>({
  nouns,
  list,
  columns,
  filtered,
  onClearFilters,
  resetKey,
}: Readonly<{
  nouns: ListNouns;
  list: PagedList<T>;
  columns: readonly PagedColumn<T>[];
  /** Whether a search or filter is on (an empty list then offers to clear them). */
  filtered: boolean;
  onClearFilters: () => void;
  resetKey: string;
}>) {
  const { total } = list;
  if (list.isPending) return <LoadingRows label={`Loading ${nouns.many}…`} />;
  if (list.error !== null && total === 0) {
    return (
      <Alert color="red" title={`${nouns.title} could not be loaded`}>
        {userMessage(list.error)}
      </Alert>
    );
  }
  if (total === 0) {
    return filtered ? (
      <EmptyState>
        <Stack gap="xs" align="flex-start" component="span">
          <Text component="span">No {nouns.many} match these filters.</Text>
          <Button variant="light" size="xs" onClick={onClearFilters}>
            Clear filters
          </Button>
        </Stack>
      </EmptyState>
    ) : (
      <EmptyState>No {nouns.many} yet. An admin can import them from Excel on the Import screen.</EmptyState>
    );
  }
  return (
    <>
      <Text size="sm" c="dimmed" role="status">
        {listCountText(total, nouns.one, nouns.many)}
      </Text>
      <PagedTable label={nouns.title} columns={columns} list={list} resetKey={resetKey} />
    </>
  );
}
