// Serial input with installed-base suggestions: an accessible combobox (arrow keys + Enter, or
// click) fed by `projectors.search`, debounced so typing stays smooth.
import { Combobox, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue, useMergedRef } from '@mantine/hooks';
import { useCallback, type Ref } from 'react';
import { takeTypeAhead } from '../../app/type-ahead.js';
import type { ProjectorMatch } from '../../../../shared/console-api.js';
import { LIMITS } from '../../../../shared/domain.js';
import { projectorOptionLabel } from './serial-lookup.js';
import { useProjectorSearch } from './use-cases.js';

const SEARCH_DEBOUNCE_MS = 100;

export type SerialLookup = Readonly<{
  results: readonly ProjectorMatch[];
  /** The serial the current results answer for; null while a search is on its way. */
  searchedFor: string | null;
}>;

export function useSerialLookup(serial: string): SerialLookup {
  const [debounced] = useDebouncedValue(serial.trim(), SEARCH_DEBOUNCE_MS);
  const search = useProjectorSearch(debounced);
  const current = search.isSuccess && !search.isPlaceholderData && debounced === serial.trim();
  return { results: debounced ? (search.data ?? []) : [], searchedFor: current ? debounced : null };
}

export type SerialFieldProps = Readonly<{
  value: string;
  onChange: (serial: string) => void;
  onChoose: (projector: ProjectorMatch) => void;
  results: readonly ProjectorMatch[];
  error: string | undefined;
  onEditingChange?: (editing: boolean) => void;
  inputRef?: Ref<HTMLInputElement>;
}>;

export function SerialField({ value, onChange, onChoose, results, error, onEditingChange, inputRef }: SerialFieldProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const showOptions = value.trim() !== '' && results.length > 0;
  // The moment the input exists, take over focus and whatever was typed since Ctrl+N.
  const takeOverTypeAhead = useCallback(
    (input: HTMLInputElement | null) => {
      if (!input) return;
      const typed = takeTypeAhead();
      input.focus();
      if (typed) onChange(input.value + typed);
    },
    // Once per mounted input; the first onChange stays valid (it wraps a functional state update).
    [],
  );
  const ref = useMergedRef(inputRef, takeOverTypeAhead);

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(projectorId) => {
        const projector = results.find((p) => p.projectorId === projectorId);
        if (projector) onChoose(projector);
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target withExpandedAttribute>
        <TextInput
          ref={ref}
          label="Serial"
          description="Type to search the installed base; ↓ and Enter to choose."
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          data-autofocus
          maxLength={LIMITS.serial}
          spellCheck={false}
          value={value}
          error={error}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => {
            combobox.openDropdown();
            onEditingChange?.(true);
          }}
          onClick={() => combobox.openDropdown()}
          onBlur={() => {
            combobox.closeDropdown();
            onEditingChange?.(false);
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!showOptions}>
        <Combobox.Options aria-label="Matching projectors">
          {results.map((p) => (
            <Combobox.Option value={p.projectorId} key={p.projectorId}>
              <Text size="sm">{projectorOptionLabel(p)}</Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
