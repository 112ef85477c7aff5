// New person / edit person dialog: name, email (new only), phone, role, regions, and for engineers
// their skills and daily capacity. Checked with the shared schemas before it is sent.
import { Alert, Button, Group, Modal, MultiSelect, NumberInput, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AdminUser, CreatedUser } from '../../../../shared/admin.js';
import { LIMITS, ROLES, ROLE_LABELS } from '../../../../shared/domain.js';
import { useSettings } from '../settings/use-settings.js';
import {
  EMPTY_PERSON,
  parseRole,
  personErrorsFromCall,
  personFromUser,
  regionOptions,
  validateCreate,
  validateUpdate,
  type PersonField,
  type PersonFormErrors,
  type PersonFormValues,
} from './person-form.js';
import { useCreateUser, useUpdateUser } from './use-people.js';

const NO_ERRORS: PersonFormErrors = { fields: {}, general: null };
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export type PersonFormModalProps = Readonly<{
  /** 'new', a person to edit, or null when closed. */
  target: 'new' | AdminUser | null;
  onClose: () => void;
  onCreated: (created: CreatedUser) => void;
  onUpdated: (user: AdminUser) => void;
}>;

export function PersonFormModal({ target, onClose, onCreated, onUpdated }: PersonFormModalProps) {
  const editing = target !== null && target !== 'new' ? target : null;
  const title = editing ? `Edit ${editing.name}` : 'New person';
  return (
    <Modal opened={target !== null} onClose={onClose} title={title} size="lg" closeOnClickOutside={false} closeButtonProps={{ 'aria-label': 'Close form' }}>
      {/* Keyed so each opening starts from that person's values (or an empty form). */}
      {target !== null && <PersonForm key={editing?.id ?? 'new'} editing={editing} onClose={onClose} onCreated={onCreated} onUpdated={onUpdated} />}
    </Modal>
  );
}

function PersonForm({ editing, onClose, onCreated, onUpdated }: Readonly<{ editing: AdminUser | null }> & Omit<PersonFormModalProps, 'target'>) {
  const [values, setValues] = useState<PersonFormValues>(() => (editing ? personFromUser(editing) : EMPTY_PERSON));
  const [errors, setErrors] = useState<PersonFormErrors>(NO_ERRORS);
  const [errorVersion, setErrorVersion] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const settings = useSettings();
  const create = useCreateUser();
  const update = useUpdateUser();
  const busy = create.isPending || update.isPending;
  const regions = regionOptions(settings.data?.values.regions ?? [], values.regions);

  const set = <K extends PersonField>(field: K, value: PersonFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors.fields[field]) setErrors((e) => ({ ...e, fields: { ...e.fields, [field]: undefined } }));
  };

  const show = (mapping: PersonFormErrors) => {
    setErrors(mapping);
    setErrorVersion((n) => n + 1);
  };

  useEffect(() => {
    if (errorVersion === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errorVersion]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (editing) {
      const result = validateUpdate(values, editing);
      if (!result.ok) return show(result.errors);
      update.mutate({ id: editing.id, patch: result.patch }, { onSuccess: onUpdated, onError: (e) => show(personErrorsFromCall(e)) });
    } else {
      const result = validateCreate(values);
      if (!result.ok) return show(result.errors);
      create.mutate(result.request, { onSuccess: onCreated, onError: (e) => show(personErrorsFromCall(e)) });
    }
  };

  const err = (field: PersonField) => errors.fields[field];

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={editing ? `Edit ${editing.name}` : 'New person'}>
      <Stack gap="sm">
        {errors.general && (
          <Alert color="red" title={editing ? 'Changes not saved' : 'Person not created'}>
            {errors.general}
          </Alert>
        )}
        <TextInput label="Name" required data-autofocus maxLength={LIMITS.name} value={values.name} error={err('name')} onChange={(e) => set('name', e.currentTarget.value)} />
        {editing ? (
          <TextInput label="Email" value={values.email} readOnly variant="filled" description="An email address cannot be changed." />
        ) : (
          <TextInput label="Email" type="email" required maxLength={LIMITS.email} value={values.email} error={err('email')} onChange={(e) => set('email', e.currentTarget.value)} />
        )}
        <TextInput label="Phone" type="tel" maxLength={LIMITS.phone} value={values.phone} error={err('phone')} onChange={(e) => set('phone', e.currentTarget.value)} />
        <Select
          label="Role"
          required
          placeholder="Choose a role"
          data={ROLE_OPTIONS}
          value={values.role}
          allowDeselect={false}
          error={err('role')}
          onChange={(value) => set('role', parseRole(value))}
          comboboxProps={{ keepMounted: false }}
        />
        <MultiSelect
          label="Regions"
          description={values.role === 'manager' || values.role === 'fse' ? 'Managers and engineers need at least one region.' : 'Optional for admins and agents.'}
          placeholder={values.regions.length ? undefined : 'Choose regions'}
          data={regions}
          value={[...values.regions]}
          searchable
          clearable
          error={err('regions')}
          onChange={(list) => set('regions', list)}
          nothingFoundMessage="No such region. Regions are set in Settings."
          comboboxProps={{ keepMounted: false }}
        />
        {values.role === 'fse' && (
          <Group grow align="flex-start">
            <TagsInput
              label="Skills"
              description="Projector models or skill tags; press Enter after each."
              value={[...values.skills]}
              error={err('skills')}
              onChange={(list) => set('skills', list)}
              clearable
            />
            <NumberInput
              label="Daily capacity"
              description="Visits per day."
              min={1}
              max={20}
              allowDecimal={false}
              value={values.dailyCapacity}
              error={err('dailyCapacity')}
              onChange={(v) => set('dailyCapacity', typeof v === 'number' ? v : v.trim() === '' ? '' : Number(v))}
            />
          </Group>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {editing ? 'Save changes' : 'Create person'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
