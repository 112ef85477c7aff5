// The contract between the settings card and the form of one setting. The registry in
// setting-forms.tsx is typed `{ [K in SettingKey]: SettingForm<K> }`, so a setting added to shared/
// without a form here fails the typecheck.
import type { ComponentType } from 'react';
import type { SettingKey, SettingValue } from '../../../../shared/settings.js';

export type SettingFormProps<K extends SettingKey> = Readonly<{
  /** The current value (synced, or this console's own change still waiting to sync). */
  value: SettingValue<K>;
  /** Problems keyed by path inside the value ("days.2.end"), or by row key for list forms; "_" for the whole value. */
  errors: Readonly<Record<string, string>>;
  saving: boolean;
  /**
   * Check with the setting's schema and save. List forms pass the row each item came from, so a
   * problem with item 3 shows on the row that produced it.
   */
  onSave: (candidate: unknown, rowKeys?: readonly string[]) => void;
  /** Visible name of the setting, for the Save button's accessible name. */
  label: string;
}>;

export type SettingForm<K extends SettingKey> = ComponentType<SettingFormProps<K>>;
