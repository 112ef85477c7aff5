// Settings (route #/admin/settings): one card per organisation setting, each with its own form and
// Save. Values are checked with the setting's schema here and again by the core and the hub; a save
// is local first and shows "Waiting to sync" until the hub confirms it.
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { SettingsView } from '../../../../shared/console-api.js';
import { SETTINGS, SETTING_KEYS, type SettingKey } from '../../../../shared/settings.js';
import { fieldErrors, userMessage } from '../../api/error-message.js';
import { QueryStatus } from '../../ui/QueryStatus.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { formatDateTime } from '../cases/case-format.js';
import type { SettingForm } from './setting-form.js';
import { SETTING_FORMS } from './setting-forms.js';
import { checkSetting, errorsByRow, settingErrorsFromFields } from './settings-model.js';
import { useSettings, useUpdateSetting } from './use-settings.js';

export function SettingsScreen() {
  const settings = useSettings();
  return (
    <section aria-labelledby="settings-title">
      <Stack gap="md" maw={900}>
        <ScreenHeader id="settings-title" title="Settings" description="Organisation settings every console uses: on service reports, in SLA clocks and for regions. Changes sync to every console." />
        <QueryStatus query={settings} loadingLabel="Loading settings…" errorTitle="Settings could not be loaded">
          {settings.data && SETTING_KEYS.map((key) => <SettingCard key={key} settingKey={key} view={settings.data} />)}
        </QueryStatus>
      </Stack>
    </section>
  );
}

function SettingCard<K extends SettingKey>({ settingKey, view }: { settingKey: K; view: SettingsView }) {
  const { label, description } = SETTINGS[settingKey];
  const Form = SETTING_FORMS[settingKey] as SettingForm<K>;
  const value = view.values[settingKey];
  const meta = view.meta[settingKey];
  const update = useUpdateSetting();
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const titleId = `setting-${settingKey}-title`;

  const save = (candidate: unknown, rowKeys?: readonly string[]) => {
    const byRow = (e: Readonly<Record<string, string>>) => (rowKeys ? errorsByRow(e, rowKeys) : e);
    const check = checkSetting(settingKey, candidate);
    if (!check.ok) {
      setErrors(byRow(check.errors));
      return;
    }
    setErrors({});
    update.mutate(
      { key: settingKey, value: check.value },
      {
        onSuccess: () => notifications.show({ color: 'green', title: `${label} saved`, message: 'Saved on this computer; every console gets it once it syncs.' }),
        onError: (error) => {
          const fields = settingErrorsFromFields(fieldErrors(error));
          setErrors(Object.keys(fields).length ? byRow(fields) : { _: userMessage(error) });
        },
      },
    );
  };

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={3} size="h4" id={titleId}>
              {label}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </Stack>
          <Group gap="xs">
            {meta.pending && (
              <Badge tt="none" color="orange" variant="light">
                Waiting to sync
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {meta.updatedAt ? `Last changed by ${meta.updatedByName ?? 'someone'}, ${formatDateTime(meta.updatedAt)}` : 'Default value, never changed'}
            </Text>
          </Group>
        </Group>
        {/* Keyed by the value: a saved or synced change starts the form afresh from it. */}
        <Form key={JSON.stringify(value)} value={value} errors={errors} saving={update.isPending} onSave={save} label={label} />
      </Stack>
    </Paper>
  );
}
