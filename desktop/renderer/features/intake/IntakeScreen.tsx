// Phone intake (route #/intake, and the intake window): keyboard-only from the first keystroke to
// the saved case. One search box has focus; matches come from the core while typing (a listbox:
// arrows and Enter, an early Enter waits for the matches of what was typed). Picking one shows the
// caller's context at once, prefills the contact, and the case form below carries the priority
// guidance and the SLA targets it implies. Open cases on the projector are shown before saving,
// with "Add to that case instead" (Create case still logs a new one). Ctrl+Enter saves; the hub's
// case number appears when assigned.
import { Alert, Badge, Button, Group, Kbd, Loader, NativeSelect, Paper, Radio, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CaseSummary, IntakeContext, IntakeMatch } from '../../../../shared/console-api.js';
import { LIMITS, PRIORITIES, SEVERITIES, newCaseFieldsSchema, type Priority, type Severity } from '../../../../shared/domain.js';
import { validationError } from '../../../../shared/errors.js';
import { BUSINESS_IMPACTS, BUSINESS_IMPACT_LABELS, type BusinessImpact } from '../../../../shared/settings.js';
import { userMessage } from '../../api/error-message.js';
import { takeTypeAhead } from '../../app/type-ahead.js';
import { PENDING_NUMBER_LABEL, SEVERITY_LABELS, caseLabel, formatDateTime, statusLabel } from '../cases/case-format.js';
import { errorsFromCall, mapFieldErrors, type FormErrorMapping } from '../cases/new-case-form.js';
import { useCase } from '../cases/use-cases.js';
import { useSettings } from '../settings/use-settings.js';
import { slaCellDisplay } from '../sla/sla-format.js';
import { slaTargetText } from '../sla/sla-settings.js';
import { SlaBadge } from '../sla/SlaBadge.js';
import { useSlaView } from '../sla/use-sla-view.js';
import { activeForNewResults, intakeSearchKey, resolveWaitingChoice } from './intake-keyboard.js';
import {
  EMPTY_INTAKE,
  choosePriority,
  contextQuery,
  coverageDisplay,
  duplicateCases,
  duplicateNoteText,
  effectivePriority,
  guidanceSuggestion,
  intakeCaseFields,
  prefillContact,
  saveDecision,
  type IntakeValues,
} from './intake-model.js';
import { useIntakeContext, useIntakeCreate, useIntakeNote, useIntakeSearch } from './use-intake.js';

const NO_ERRORS: FormErrorMapping = { fields: {}, general: null };
const LISTBOX_ID = 'intake-matches';
const optionId = (i: number) => `intake-match-${i}`;

type Saved = Readonly<{ kind: 'case'; caseId: string }> | Readonly<{ kind: 'note'; caseId: string; label: string }>;

export type IntakeScreenProps = Readonly<{
  /** Bumped by Ctrl+N / Alt+N: clear for the next call. */
  resetSignal: number;
  /** Opens a case in the console (null in the intake window, which has no case panel). */
  onOpenCase: ((id: string) => void) | null;
}>;

export function IntakeScreen({ resetSignal, onOpenCase }: IntakeScreenProps) {
  const searchRef = useRef<HTMLInputElement>(null);
  const contactRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLDivElement>(null);
  // What was typed between the shortcut and this screen appearing (see type-ahead.ts).
  const [text, setText] = useState(takeTypeAhead);
  const [active, setActive] = useState(-1);
  const [waitingEnter, setWaitingEnter] = useState(false);
  const [picked, setPicked] = useState<IntakeMatch | null>(null);
  const [prefilledFor, setPrefilledFor] = useState<IntakeContext | null>(null);
  const [values, setValues] = useState<IntakeValues>(EMPTY_INTAKE);
  const [target, setTarget] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrorMapping>(NO_ERRORS);
  const [saved, setSaved] = useState<Saved | null>(null);
  /** The search text a match was picked for: the list stays closed until the agent types again. */
  const [pickedFor, setPickedFor] = useState<string | null>(null);
  /** The contact was just filled in from the pick: select it so typing replaces it. */
  const [selectContact, setSelectContact] = useState(false);

  const search = useIntakeSearch(text);
  const query = useMemo(() => (picked ? contextQuery(picked) : null), [picked]);
  const context = useIntakeContext(query);
  const ctx = picked ? (context.data ?? null) : null;
  const settings = useSettings().data?.values;
  const create = useIntakeCreate();
  const note = useIntakeNote();

  const suggested = settings ? guidanceSuggestion(settings.priorityGuidance, values.severity, values.impact) : 'P3';
  const priority = effectivePriority(values, suggested);
  const duplicates = duplicateCases(ctx);
  const targetCase = duplicates.find((c) => c.id === target) ?? duplicates[0] ?? null;
  const busy = create.isPending || note.isPending;

  // New matches: the first is active, so Enter picks the best one.
  const matchKey = search.matches.map((m) => m.label).join('\n');
  const [seenMatchKey, setSeenMatchKey] = useState(matchKey);
  if (seenMatchKey !== matchKey) {
    setSeenMatchKey(matchKey);
    setActive(activeForNewResults(search.matches.length));
  }
  const activeIndex = active < search.matches.length ? active : -1;

  // Prefill the contact once per picked context.
  if (ctx && prefilledFor !== ctx) {
    setPrefilledFor(ctx);
    const next = prefillContact(values, picked, ctx);
    if (next !== values) {
      setSelectContact(values.contactName.trim() === '' && next.contactName !== '');
      setValues(next);
    }
  }

  useEffect(() => {
    if (!selectContact) return;
    setSelectContact(false);
    if (document.activeElement === contactRef.current) contactRef.current?.select();
  }, [selectContact]);

  const choose = (match: IntakeMatch) => {
    setPicked(match);
    setPickedFor(text);
    setWaitingEnter(false);
    setTarget(null);
    setErrors(NO_ERRORS);
    // The caller is the next thing to confirm; typing replaces the prefilled name.
    requestAnimationFrame(() => {
      contactRef.current?.focus();
      contactRef.current?.select();
    });
    // (Once the context has filled the contact in, it is selected again: see selectContact.)
  };

  // An Enter typed before the matches of the typed text arrived picks the first once they do.
  useEffect(() => {
    if (!waitingEnter) return;
    const outcome = resolveWaitingChoice({ active: activeIndex, count: search.matches.length, fresh: search.fresh });
    if (outcome.keepWaiting) return;
    setWaitingEnter(false);
    const match = outcome.choose !== null ? search.matches[outcome.choose] : undefined;
    if (match) choose(match);
  });

  const resetForNextCall = () => {
    setText('');
    setActive(-1);
    setWaitingEnter(false);
    setPickedFor(null);
    setPicked(null);
    setPrefilledFor(null);
    setValues(EMPTY_INTAKE);
    setTarget(null);
    setErrors(NO_ERRORS);
    create.reset();
    note.reset();
    searchRef.current?.focus();
  };

  const lastReset = useRef(resetSignal);
  const dirtyWarnedAt = useRef(0);
  useEffect(() => {
    if (lastReset.current === resetSignal) return;
    lastReset.current = resetSignal;
    const dirty = picked !== null || values.title.trim() !== '' || values.description.trim() !== '';
    const now = Date.now();
    // Half-typed call: the first press warns, a second within 3 s clears.
    if (dirty && now - dirtyWarnedAt.current > 3000) {
      dirtyWarnedAt.current = now;
      notifications.show({ color: 'orange', title: 'This call is not saved', message: 'Press Ctrl+N (or Alt+N) again to clear it for the next call.' });
      return;
    }
    dirtyWarnedAt.current = 0;
    setSaved(null);
    resetForNextCall();
  });

  const set = <K extends keyof IntakeValues>(field: K, value: IntakeValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field in errors.fields) setErrors((e) => ({ ...e, fields: { ...e.fields, [field]: undefined } }));
  };

  const createCase = () => {
    const fields = intakeCaseFields(values, ctx, priority);
    const parsed = newCaseFieldsSchema.safeParse(fields);
    if (!parsed.success) {
      const error = validationError(parsed.error.issues);
      setErrors(mapFieldErrors(error.details?.fields ?? {}, error.message));
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: ({ id }) => {
        setSaved({ kind: 'case', caseId: id });
        resetForNextCall();
      },
      onError: (error) => setErrors(errorsFromCall(error)),
    });
  };

  const addToExisting = (existing: CaseSummary) => {
    note.mutate(
      { caseId: existing.id, text: duplicateNoteText(values) },
      {
        onSuccess: () => {
          setSaved({ kind: 'note', caseId: existing.id, label: caseLabel(existing.number, existing.title) });
          resetForNextCall();
        },
        onError: (error) => setErrors({ fields: {}, general: userMessage(error) }),
      },
    );
  };

  const save = () => {
    if (busy) return;
    const decision = saveDecision(picked !== null, ctx !== null, duplicates);
    if (decision.kind === 'wait') {
      setErrors({ fields: {}, general: 'The details of the picked match are still loading; check its open cases, then save again.' });
      return;
    }
    createCase();
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (pickedFor === text && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      // The list closed on the pick; the arrows bring it back for a different choice.
      event.preventDefault();
      setPickedFor(null);
      return;
    }
    const result = intakeSearchKey(event.key, { active: activeIndex, count: search.matches.length, fresh: search.fresh }, text.trim() !== '');
    if (!result) return;
    event.preventDefault();
    switch (result.kind) {
      case 'move':
        setActive(result.active);
        document.getElementById(optionId(result.active))?.scrollIntoView({ block: 'nearest' });
        return;
      case 'choose': {
        const match = search.matches[result.index];
        if (match) choose(match);
        return;
      }
      case 'choose-when-ready':
        setWaitingEnter(true);
        return;
      case 'clear':
        setText('');
        setActive(-1);
        return;
    }
  };

  const onFormKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing || event.defaultPrevented) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      save();
    }
  };

  const listOpen = text.trim() !== '' && search.matches.length > 0 && pickedFor !== text;
  const fieldError = (field: string) => (errors.fields as Record<string, string | undefined>)[field];

  return (
    <section aria-labelledby="intake-title">
      <div onKeyDown={onFormKey} ref={formRef}>
        <Stack gap="md" maw={1100}>
          <Group justify="space-between" align="flex-end">
            <Title order={2} id="intake-title" tabIndex={-1}>
              Phone intake
            </Title>
            <Text size="xs" c="dimmed">
              <Kbd>↑</Kbd> <Kbd>↓</Kbd> <Kbd>Enter</Kbd> pick · <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> save · <Kbd>Ctrl</Kbd>+<Kbd>N</Kbd> or <Kbd>Alt</Kbd>+<Kbd>N</Kbd> next call
            </Text>
          </Group>

          {saved && <SavedBanner saved={saved} onOpenCase={onOpenCase} />}

          <div className="intake-search">
            <TextInput
              ref={searchRef}
              label="Find caller or projector"
              placeholder="Caller, serial, site, customer, phone or email"
              type="search"
              autoComplete="off"
              spellCheck={false}
              data-autofocus
              autoFocus
              maxLength={LIMITS.search}
              value={text}
              role="combobox"
              aria-expanded={listOpen}
              aria-controls={LISTBOX_ID}
              aria-autocomplete="list"
              aria-activedescendant={listOpen && activeIndex >= 0 ? optionId(activeIndex) : undefined}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={onSearchKey}
              rightSection={waitingEnter ? <Loader size="xs" aria-label="Finding matches" /> : null}
            />
            <ul role="listbox" id={LISTBOX_ID} aria-label="Intake matches" className="intake-matches" hidden={!listOpen}>
              {listOpen &&
                search.matches.map((m, i) => (
                  <li
                    key={`${m.kind}-${i}-${m.label}`}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === activeIndex}
                    className="intake-match"
                    onMouseDown={(e) => {
                      e.preventDefault();
                      choose(m);
                    }}
                  >
                    <Badge size="xs" variant="light" tt="none" color="gray" w={72}>
                      {MATCH_KIND_LABELS[m.kind]}
                    </Badge>
                    <Text size="sm" fw={500} span>
                      {m.label}
                    </Text>
                    <Text size="xs" c="dimmed" span>
                      {m.detail}
                    </Text>
                  </li>
                ))}
            </ul>
            <Text size="xs" c="dimmed" aria-live="polite">
              {text.trim() === '' ? '' : search.isError ? userMessage(search.error) : search.fresh && search.matches.length === 0 ? 'Nothing matches. You can still log the case without a projector.' : ''}
            </Text>
          </div>

          {picked && <ContextPanel context={ctx} loading={context.isPending} error={context.isError ? context.error : null} picked={picked} />}

          {duplicates.length > 0 && targetCase && (
            <Paper withBorder p="md" bg="orange.0" role="group" aria-labelledby="duplicate-title">
              <Stack gap="xs">
                <Text fw={700} id="duplicate-title">
                  {duplicates.length === 1 ? 'This projector already has an open case' : `This projector already has ${duplicates.length} open cases`}
                </Text>
                {duplicates.length === 1 ? (
                  <CaseLine c={targetCase} />
                ) : (
                  <Radio.Group value={targetCase.id} onChange={setTarget} aria-label="Open case to add to">
                    <Stack gap={4}>
                      {duplicates.map((c) => (
                        <Radio key={c.id} value={c.id} label={<CaseLine c={c} />} />
                      ))}
                    </Stack>
                  </Radio.Group>
                )}
                <Text size="sm">
                  Same fault? Add this call to it: what you type below becomes a note on that case. &ldquo;Create case&rdquo; logs a new case anyway.
                </Text>
                <Group gap="xs">
                  <Button color="orange" onClick={() => addToExisting(targetCase)} loading={note.isPending} disabled={busy}>
                    Add to that case instead
                  </Button>
                </Group>
              </Stack>
            </Paper>
          )}

          <Paper withBorder p="md">
            <Stack gap="sm">
              {errors.general && (
                <Alert color="red" title="Not saved">
                  {errors.general}
                </Alert>
              )}
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput
                  ref={contactRef}
                  label="Contact name"
                  required
                  maxLength={LIMITS.name}
                  value={values.contactName}
                  error={fieldError('contactName')}
                  onChange={(e) => set('contactName', e.currentTarget.value)}
                />
                <TextInput label="Phone" type="tel" maxLength={LIMITS.phone} value={values.contactPhone} error={fieldError('contactPhone')} onChange={(e) => set('contactPhone', e.currentTarget.value)} />
                <TextInput label="Email" type="email" maxLength={LIMITS.email} value={values.contactEmail} error={fieldError('contactEmail')} onChange={(e) => set('contactEmail', e.currentTarget.value)} />
              </SimpleGrid>
              <TextInput label="Title" required maxLength={LIMITS.title} value={values.title} error={fieldError('title')} onChange={(e) => set('title', e.currentTarget.value)} />
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
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <NativeSelect
                  label="Severity"
                  data={SEVERITIES.map((value) => ({ value, label: SEVERITY_LABELS[value] }))}
                  value={values.severity}
                  error={fieldError('severity')}
                  onChange={(e) => set('severity', e.currentTarget.value as Severity)}
                />
                <NativeSelect
                  label="Business impact"
                  data={BUSINESS_IMPACTS.map((value) => ({ value, label: BUSINESS_IMPACT_LABELS[value] }))}
                  value={values.impact}
                  onChange={(e) => set('impact', e.currentTarget.value as BusinessImpact)}
                />
                <NativeSelect
                  label="Priority"
                  description={values.priorityOverride ? `Your choice; the guidance suggests ${suggested}.` : 'Suggested by the guidance.'}
                  data={PRIORITIES.map((p) => ({ value: p, label: p === suggested ? `${p} (suggested)` : p }))}
                  value={priority}
                  error={fieldError('priority')}
                  onChange={(e) => {
                    const chosen = PRIORITIES.find((p) => p === e.currentTarget.value);
                    if (chosen) set('priorityOverride', choosePriority(chosen, suggested));
                  }}
                />
              </SimpleGrid>
              {settings && (
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                  <GuidanceMatrix guidance={settings.priorityGuidance} severity={values.severity} impact={values.impact} />
                  <SlaTargets priority={priority} text={slaTargetText(settings.slaPolicies, priority)} notes={settings.priorityGuidance.notes} />
                </SimpleGrid>
              )}
              <Group justify="flex-end" gap="xs">
                <Button variant="default" onClick={resetForNextCall} disabled={busy}>
                  Clear
                </Button>
                <Button onClick={save} loading={create.isPending} aria-keyshortcuts="Control+Enter Meta+Enter">
                  Create case
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Stack>
      </div>
    </section>
  );
}

const MATCH_KIND_LABELS: Readonly<Record<IntakeMatch['kind'], string>> = { projector: 'Projector', site: 'Site', customer: 'Customer', contact: 'Caller' };

function SavedBanner({ saved, onOpenCase }: { saved: Saved; onOpenCase: ((id: string) => void) | null }) {
  const detail = useCase(saved.caseId);
  const number = detail.data?.number ?? null;
  return (
    <Alert color="green" title={saved.kind === 'case' ? 'Case saved' : 'Note added'} role="status">
      <Group gap="sm">
        {saved.kind === 'case' ? (
          <Text size="sm">
            Case number:{' '}
            <Text span fw={700} data-testid="intake-case-number">
              {number ?? PENDING_NUMBER_LABEL}
            </Text>
            {number ? '' : ' (the hub assigns it as soon as it is reached)'}
          </Text>
        ) : (
          <Text size="sm">The call was added as a note to {number ? caseLabel(number, detail.data?.title ?? '') : saved.label}.</Text>
        )}
        {onOpenCase && (
          <Button size="compact-xs" variant="light" onClick={() => onOpenCase(saved.caseId)}>
            Open case
          </Button>
        )}
      </Group>
    </Alert>
  );
}

function CaseLine({ c }: { c: CaseSummary }) {
  const sla = useSlaView();
  return (
    <Group gap={6} wrap="wrap">
      <Text size="sm" fw={500}>
        {caseLabel(c.number, c.title)}
      </Text>
      <Badge size="xs" variant="light" tt="none">
        {statusLabel(c.status)}
      </Badge>
      <Badge size="xs" variant="outline" tt="none">
        {c.priority}
      </Badge>
      <SlaBadge size="xs" display={slaCellDisplay(c.sla, sla.now)} />
    </Group>
  );
}

function ContextPanel({ context, loading, error, picked }: { context: IntakeContext | null; loading: boolean; error: unknown; picked: IntakeMatch }) {
  return (
    <Paper withBorder p="md" component="section" role="region" aria-label="Caller context">
      {loading ? (
        <Group gap="xs">
          <Loader size="xs" aria-hidden />
          <Text size="sm">Loading {picked.label}…</Text>
        </Group>
      ) : error || !context ? (
        <Alert color="red" title="The details could not be loaded">
          {userMessage(error)}
        </Alert>
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <Block title="Projector">
              {context.projector ? (
                <>
                  <Text size="sm" fw={600}>
                    {context.projector.serial}
                  </Text>
                  <Text size="sm">
                    {context.projector.manufacturer} {context.projector.model}
                  </Text>
                  <Text size="xs" c="dimmed">
                    Installed {context.projector.installDate || '—'}
                  </Text>
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  None picked
                </Text>
              )}
            </Block>
            <Block title="Site">
              {context.site ? (
                <>
                  <Text size="sm" fw={600}>
                    {context.site.name}
                  </Text>
                  <Text size="sm">{context.site.address}</Text>
                  <Text size="xs">Region {context.site.region}</Text>
                  {context.site.accessNotes && (
                    <Text size="xs" c="orange.9" className="plain-text">
                      Access: {context.site.accessNotes}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    Site contact: {[context.site.contactName, context.site.contactPhone, context.site.contactEmail].filter(Boolean).join(' · ') || '—'}
                  </Text>
                </>
              ) : context.sites.length ? (
                <ul className="plain-list" aria-label="Caller's sites">
                  {context.sites.map((s) => (
                    <li key={s.id}>
                      <Text size="sm">
                        {s.name} <Text span size="xs" c="dimmed">({s.region})</Text>
                      </Text>
                    </li>
                  ))}
                </ul>
              ) : (
                <Text size="sm" c="dimmed">
                  No site known
                </Text>
              )}
            </Block>
            <Block title="Customer">
              {context.customer ? (
                <Text size="sm" fw={600}>
                  {context.customer.name} <Text span size="xs" c="dimmed">{context.customer.code}</Text>
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
              <Stack gap={4} mt={6}>
                {(['warranty', 'contract'] as const).map((kind) => {
                  const d = coverageDisplay(kind, kind === 'warranty' ? context.warranty : context.contract);
                  return (
                    <Badge key={kind} tt="none" color={d.color} variant="light" size="md" style={{ whiteSpace: 'normal', height: 'auto' }}>
                      {d.text}
                    </Badge>
                  );
                })}
              </Stack>
            </Block>
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <CaseBlock title="Open cases" cases={context.openCases} empty="No open cases here." />
            <CaseBlock title="Recent cases" cases={context.recentCases} empty="No earlier cases." />
          </SimpleGrid>
        </Stack>
      )}
    </Paper>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}

function CaseBlock({ title, cases, empty }: { title: string; cases: readonly CaseSummary[]; empty: string }) {
  return (
    <Block title={title}>
      {cases.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <ul className="plain-list" aria-label={title}>
          {cases.map((c) => (
            <li key={c.id}>
              <CaseLine c={c} />
              <Text size="xs" c="dimmed">
                {c.serial || 'no serial'} · opened {formatDateTime(c.createdAt)}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Block>
  );
}

function GuidanceMatrix({ guidance, severity, impact }: { guidance: { matrix: Readonly<Record<Severity, Readonly<Record<BusinessImpact, Priority>>>> }; severity: Severity; impact: BusinessImpact }) {
  return (
    <Table withTableBorder withColumnBorders fz="sm" aria-label="Priority guidance" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Severity</Table.Th>
          {BUSINESS_IMPACTS.map((i) => (
            <Table.Th key={i} scope="col">
              {BUSINESS_IMPACT_LABELS[i]}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {SEVERITIES.map((s) => (
          <Table.Tr key={s}>
            <Table.Th scope="row">{SEVERITY_LABELS[s]}</Table.Th>
            {BUSINESS_IMPACTS.map((i) => {
              const current = s === severity && i === impact;
              return (
                <Table.Td key={i} className={current ? 'guidance-current' : undefined} aria-current={current ? 'true' : undefined}>
                  {guidance.matrix[s][i]}
                  {current && <span className="visually-hidden"> (suggested)</span>}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SlaTargets({ priority, text, notes }: { priority: Priority; text: { firstResponse: string; resolution: string }; notes: string }) {
  return (
    <Stack gap={4} aria-label="SLA targets" role="group">
      <Text size="sm" fw={600}>
        SLA targets for {priority}
      </Text>
      <Text size="sm">First response within {text.firstResponse} of business time</Text>
      <Text size="sm">Resolution within {text.resolution} of business time</Text>
      {notes && (
        <Text size="xs" c="dimmed" className="plain-text">
          {notes}
        </Text>
      )}
    </Stack>
  );
}
