// New case form (Ctrl/Cmd+N from anywhere). Keyboard-only from open to save: Serial has focus,
// Tab walks the fields in reading order, Ctrl+Enter saves, Escape cancels (asking first when
// something was typed). Validated with the shared schema here and again by the core.
import { Alert, Button, Group, Kbd, Modal, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ProjectorMatch } from '../../../../shared/console-api.js';
import { CHANNELS, LIMITS, PRIORITIES, SEVERITIES, type Channel, type Priority, type Severity } from '../../../../shared/domain.js';
import { CHANNEL_LABELS, SEVERITY_LABELS, warrantyState } from './case-format.js';
import { NEW_CASE_DEFAULTS, errorsFromCall, isDirty, validateNewCase, type FormErrorMapping, type NewCaseValues } from './new-case-form.js';
import { SerialField, useSerialLookup } from './SerialField.js';
import { linkedProjector, serialUnknown } from './serial-lookup.js';
import { useCreateCase } from './use-cases.js';

const NO_ERRORS: FormErrorMapping = { fields: {}, general: null };

export type NewCaseModalProps = Readonly<{ opened: boolean; onClose: () => void; onCreated: (id: string) => void }>;

export function NewCaseModal({ opened, onClose, onCreated }: NewCaseModalProps) {
  const [values, setValues] = useState<NewCaseValues>({ ...NEW_CASE_DEFAULTS });
  const [chosen, setChosen] = useState<ProjectorMatch | null>(null);
  const [errors, setErrors] = useState<FormErrorMapping>(NO_ERRORS);
  const [errorVersion, setErrorVersion] = useState(0);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const [editingSerial, setEditingSerial] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const keepEditingRef = useRef<HTMLButtonElement>(null);
  const create = useCreateCase();
  const lookup = useSerialLookup(values.serial);
  const linked = linkedProjector(values.serial, chosen, lookup.results);
  const unknownSerial = serialUnknown(values.serial, { searchedFor: lookup.searchedFor, resultCount: lookup.results.length, editing: editingSerial }, linked);
  const warranty = linked ? warrantyState(linked.warrantyEnd, new Date()) : null;

  const set = <K extends keyof NewCaseValues>(field: K, value: NewCaseValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    // The message belonged to the old value; drop it as the user fixes it.
    if (errors.fields[field]) setErrors((e) => ({ ...e, fields: { ...e.fields, [field]: undefined } }));
  };

  const reset = () => {
    setValues({ ...NEW_CASE_DEFAULTS });
    setChosen(null);
    setErrors(NO_ERRORS);
    setConfirmingDiscard(false);
    create.reset();
  };

  const close = () => {
    reset();
    onClose();
  };

  const requestClose = () => {
    if (create.isPending) return;
    if (confirmingDiscard) setConfirmingDiscard(false);
    else if (isDirty(values)) setConfirmingDiscard(true);
    else close();
  };

  const showErrors = (mapping: FormErrorMapping) => {
    setErrors(mapping);
    setErrorVersion((n) => n + 1);
  };

  const submit = () => {
    if (create.isPending) return;
    setConfirmingDiscard(false);
    const result = validateNewCase(values, linked);
    if (!result.ok) {
      showErrors(result.errors);
      return;
    }
    create.mutate(result.fields, {
      onSuccess: ({ id }) => {
        notifications.show({
          color: 'green',
          title: 'Case created',
          message: `“${result.fields.title}” is saved on this computer. It shows “pending” until the hub gives it a DTR number.`,
        });
        reset();
        onCreated(id);
      },
      onError: (error) => showErrors(errorsFromCall(error)),
    });
  };

  // After a failed save, put focus on the first field that needs attention.
  useEffect(() => {
    if (errorVersion === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [errorVersion]);

  // The question takes focus; answering "keep editing" gives it back to where the user was.
  const focusBeforeConfirm = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (confirmingDiscard) {
      focusBeforeConfirm.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      keepEditingRef.current?.focus();
    } else if (focusBeforeConfirm.current) {
      const previous = focusBeforeConfirm.current;
      focusBeforeConfirm.current = null;
      if (previous.isConnected) previous.focus();
      else formRef.current?.querySelector<HTMLElement>('input')?.focus();
    }
  }, [confirmingDiscard]);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.defaultPrevented || event.nativeEvent.isComposing) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      submit();
      return;
    }
    // Plain Enter in a single-line field must not save half a case in the middle of a call.
    if ((event.target as HTMLElement).tagName === 'INPUT') event.preventDefault();
  };

  const fieldError = (field: keyof NewCaseValues) => errors.fields[field];

  return (
    <Modal
      opened={opened}
      onClose={requestClose}
      title="New case"
      size="lg"
      closeOnClickOutside={false}
      closeButtonProps={{ 'aria-label': 'Close form' }}
      // Opens at once: an agent on a call types the serial straight after Ctrl+N, and an opening
      // animation would move focus late and drop those first keystrokes.
      transitionProps={{ duration: 0 }}
    >
      <form
        ref={formRef}
        noValidate
        aria-label="New case"
        onKeyDown={onKeyDown}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          {errors.general && (
            <Alert color="red" title="The case was not saved">
              {errors.general}
            </Alert>
          )}
          {confirmingDiscard && (
            <Paper withBorder p="sm" bg="yellow.0" role="alertdialog" aria-labelledby="discard-title" aria-describedby="discard-text">
              <Stack gap="xs">
                <Text fw={600} id="discard-title">
                  Discard this case?
                </Text>
                <Text size="sm" id="discard-text">
                  What you typed will be lost.
                </Text>
                <Group gap="xs">
                  <Button ref={keepEditingRef} size="xs" onClick={() => setConfirmingDiscard(false)}>
                    Keep editing
                  </Button>
                  <Button size="xs" color="red" variant="light" onClick={close}>
                    Discard case
                  </Button>
                </Group>
              </Stack>
            </Paper>
          )}

          <SerialField
            value={values.serial}
            onChange={(serial) => set('serial', serial)}
            onChoose={(projector) => {
              setChosen(projector);
              set('serial', projector.serial);
            }}
            results={lookup.results}
            error={fieldError('serial')}
            onEditingChange={setEditingSerial}
          />
          {linked && (
            <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
              <TextInput label="Site" readOnly tabIndex={-1} variant="filled" value={`${linked.siteName}, ${linked.siteAddress}`} />
              <TextInput label="Customer" readOnly tabIndex={-1} variant="filled" value={linked.customerName} />
              <TextInput label="Model" readOnly tabIndex={-1} variant="filled" value={`${linked.manufacturer} ${linked.model}`} />
              <TextInput
                label="Warranty"
                readOnly
                tabIndex={-1}
                variant="filled"
                value={warranty?.label ?? 'Unknown'}
                styles={{ input: { color: warranty && !warranty.inWarranty ? 'var(--mantine-color-red-8)' : undefined } }}
              />
            </SimpleGrid>
          )}
          <Text size="sm" c="orange.8" aria-live="polite">
            {unknownSerial ? 'Serial not found in the installed base' : ''}
          </Text>

          <TextInput
            label="Contact name"
            required
            maxLength={LIMITS.name}
            value={values.contactName}
            error={fieldError('contactName')}
            onChange={(e) => set('contactName', e.currentTarget.value)}
          />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Phone"
              type="tel"
              maxLength={LIMITS.phone}
              value={values.contactPhone}
              error={fieldError('contactPhone')}
              onChange={(e) => set('contactPhone', e.currentTarget.value)}
            />
            <TextInput
              label="Email"
              type="email"
              maxLength={LIMITS.email}
              value={values.contactEmail}
              error={fieldError('contactEmail')}
              onChange={(e) => set('contactEmail', e.currentTarget.value)}
            />
          </SimpleGrid>
          <NativeSelect
            label="Channel"
            data={CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] }))}
            value={values.channel}
            error={fieldError('channel')}
            onChange={(e) => set('channel', e.currentTarget.value as Channel)}
          />
          <TextInput
            label="Title"
            required
            maxLength={LIMITS.title}
            value={values.title}
            error={fieldError('title')}
            onChange={(e) => set('title', e.currentTarget.value)}
          />
          <Textarea
            label="Description"
            autosize
            minRows={3}
            maxRows={10}
            maxLength={LIMITS.description}
            value={values.description}
            error={fieldError('description')}
            onChange={(e) => set('description', e.currentTarget.value)}
          />
          <SimpleGrid cols={2} spacing="sm">
            <NativeSelect
              label="Priority"
              data={[...PRIORITIES]}
              value={values.priority}
              error={fieldError('priority')}
              onChange={(e) => set('priority', e.currentTarget.value as Priority)}
            />
            <NativeSelect
              label="Severity"
              data={SEVERITIES.map((value) => ({ value, label: SEVERITY_LABELS[value] }))}
              value={values.severity}
              error={fieldError('severity')}
              onChange={(e) => set('severity', e.currentTarget.value as Severity)}
            />
          </SimpleGrid>
          <Group justify="space-between" mt="xs">
            <Text size="xs" c="dimmed">
              <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> saves · <Kbd>Esc</Kbd> cancels
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={requestClose} disabled={create.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create case
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
