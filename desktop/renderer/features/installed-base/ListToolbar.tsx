// The filter row of an installed-base list: search, region, sort and the count of rows.
import { Group, Select, TextInput } from '@mantine/core';
import { useSettings } from '../settings/use-settings.js';
import { regionOptions, type ListFilters } from './installed-base-model.js';

export type ListToolbarProps<S extends string> = Readonly<{
  idPrefix: string;
  /** The filter form's name, e.g. "Projector filters" (not the search box's label, so labels stay unique). */
  filtersLabel: string;
  searchLabel: string;
  searchPlaceholder: string;
  filters: ListFilters<S>;
  sortOptions: readonly Readonly<{ value: S; label: string }>[];
  parseSort: (value: string | null) => S;
  onChange: (next: ListFilters<S>) => void;
}>;

export function ListToolbar<S extends string>({ idPrefix, filtersLabel, searchLabel, searchPlaceholder, filters, sortOptions, parseSort, onChange }: ListToolbarProps<S>) {
  const settings = useSettings();
  const regions = regionOptions(settings.data?.values.regions ?? []);
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" component="form" aria-label={filtersLabel} onSubmit={(e) => e.preventDefault()}>
      <TextInput
        id={`${idPrefix}-search`}
        label={searchLabel}
        type="search"
        placeholder={searchPlaceholder}
        w={320}
        value={filters.search}
        onChange={(e) => onChange({ ...filters, search: e.currentTarget.value })}
      />
      <Select
        label="Region"
        placeholder="Any region"
        data={[...regions]}
        value={filters.region}
        onChange={(region) => onChange({ ...filters, region })}
        clearable
        comboboxProps={{ keepMounted: false }}
        w={220}
      />
      <Select
        label="Sort by"
        data={[...sortOptions]}
        value={filters.sort}
        onChange={(value) => onChange({ ...filters, sort: parseSort(value) })}
        allowDeselect={false}
        comboboxProps={{ keepMounted: false }}
        w={220}
      />
    </Group>
  );
}
