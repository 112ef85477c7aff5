// The engineer's service report (routes #/report/<id> and #/report/new?case=&visit=): check in and
// out, findings, parts, time, feedback, signature and photos. Works offline: every change is saved
// locally a few seconds after typing stops and when a field loses focus ("Saved locally / Synced").
// Submit names what is missing next to each field first. Submitted and approved reports are
// read-only; a returned one shows the reviewer's comment. Reviewers approve or return from here.
import { Alert, Anchor, Badge, Button, Checkbox, CloseButton, Group, NumberInput, Paper, Rating, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ServiceReportView } from '../../../../shared/console-api.js';
import type { PublicUser } from '../../../../shared/domain.js';
import { can } from '../../../../shared/permissions.js';
import { REPORT_STATUS_LABELS } from '../../../../shared/service.js';
import { fieldErrors, userMessage } from '../../api/error-message.js';
import { queryKeys } from '../../api/query-keys.js';
import { useApi } from '../../api/use-api.js';
import { goTo, routeHash } from '../../app/hash-route.js';
import { LoadingRows } from '../../ui/QueryStatus.js';
import { formatDateTime } from '../cases/case-format.js';
import { useCase } from '../cases/use-cases.js';
import { useSyncStatus } from '../sync-status/use-sync-status.js';
import { ReturnReportDialog } from './ReturnReportDialog.js';
import { PhotosPanel } from './PhotosPanel.js';
import { REPORT_STATUS_COLORS, reportTitle } from './report-format.js';
import {
  EMPTY_FORM,
  entryProblems,
  fieldsFromForm,
  formFromReport,
  formSubmitProblems,
  minutesBetween,
  newPartLine,
  orderedProblems,
  sameFields,
  saveStateText,
  toLocalInput,
  type FormProblems,
  type PartLine,
  type ReportForm,
} from './report-form.js';
import { SignaturePad } from './SignaturePad.js';
import { useReportPdfActions } from './use-report-pdf-actions.js';
import { useParts, useReport, useReviewReport, useSubmitReport } from './use-reports.js';

/** Autosave this long after the last change. */
export const AUTOSAVE_MS = 3000;

export type ReportTarget = Readonly<{ kind: 'open'; id: string }> | Readonly<{ kind: 'new'; caseId: string; visitId: string | null }>;

export function ReportScreen({ target, user }: { target: ReportTarget; user: PublicUser }) {
  // A new report gets its id on its first save; the address then changes to #/report/<id> without
  // remounting the form (the engineer may be typing).
  const [created, setCreated] = useState<Readonly<{ key: string; id: string }> | null>(null);
  const targetKey = target.kind === 'new' ? `new:${target.caseId}:${target.visitId ?? ''}` : `id:${target.id}`;
  const continuing = target.kind === 'open' && created?.id === target.id;
  const report = useReport(target.kind === 'open' && !continuing ? target.id : null);

  const onCreated = useCallback(
    (id: string) => {
      setCreated({ key: targetKey, id });
      window.history.replaceState(null, '', routeHash({ name: 'report', id }));
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    },
    [targetKey],
  );

  if (continuing && created) return <ReportEditor key={created.key} initial={null} reportIdAtStart={created.id} caseId={null} visitId={null} user={user} onCreated={onCreated} />;
  if (target.kind === 'new') return <ReportEditor key={targetKey} initial={null} reportIdAtStart={null} caseId={target.caseId} visitId={target.visitId} user={user} onCreated={onCreated} />;
  if (report.isPending) return <LoadingRows label="Loading the service report…" />;
  if (report.isError)
    return (
      <Alert color="red" title="The report could not be read" role="alert">
        {userMessage(report.error)}
      </Alert>
    );
  if (!report.data)
    return (
      <Alert color="orange" title="No such report">
        This report is not on this computer. It may have been removed, or you may not be allowed to see its case. <Anchor href={routeHash({ name: 'cases' })}>Back to cases</Anchor>
      </Alert>
    );
  return <ReportEditor key={targetKey} initial={report.data} reportIdAtStart={report.data.id} caseId={report.data.caseId} visitId={report.data.visitId} user={user} onCreated={onCreated} />;
}

function ReportEditor({
  initial,
  reportIdAtStart,
  caseId: caseIdAtStart,
  visitId: visitIdAtStart,
  user,
  onCreated,
}: {
  initial: ServiceReportView | null;
  reportIdAtStart: string | null;
  caseId: string | null;
  visitId: string | null;
  user: PublicUser;
  onCreated: (id: string) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const sync = useSyncStatus();
  const online = sync.data?.connection === 'online';
  const [reportId, setReportId] = useState<string | null>(reportIdAtStart);
  const live = useReport(reportId);
  const view = live.data ?? initial;
  // Kept from the first render: the props change (to the saved report's) without a remount.
  const [startIds] = useState({ caseId: caseIdAtStart, visitId: visitIdAtStart });
  const caseId = view?.caseId ?? startIds.caseId;
  const visitId = view ? view.visitId : startIds.visitId;
  const caseDetail = useCase(view ? null : caseId);

  const [form, setForm] = useState<ReportForm>(() => (initial ? formFromReport(initial) : EMPTY_FORM));
  const [savedForm, setSavedForm] = useState<ReportForm>(form);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const [serverProblems, setServerProblems] = useState<FormProblems>({});
  const [returning, setReturning] = useState(false);
  const formRef = useRef(form);
  formRef.current = form;
  const savedRef = useRef(savedForm);
  const idRef = useRef(reportId);
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const status = view?.status ?? 'draft';
  const mayWrite = can(user.role, 'report.write') && (!view || view.engineerId === user.id || user.role === 'admin');
  const editable = mayWrite && (status === 'draft' || status === 'returned');
  const canReview = can(user.role, 'report.review') && status === 'submitted';
  // A read-only report always shows what the core has (it may change under us: a review).
  const shown = !editable && view ? formFromReport(view) : form;

  const save = useCallback((): Promise<string> => {
    const run = async (): Promise<string> => {
      const snapshot = formRef.current;
      const id = idRef.current;
      if (id && sameFields(snapshot, savedRef.current)) return id;
      if (!caseId) throw new Error('No case for this report.');
      setSaving(true);
      try {
        const result = await api.call('reports.save', { ...(id ? { id } : {}), caseId, visitId, fields: fieldsFromForm(snapshot) });
        savedRef.current = snapshot;
        setSavedForm(snapshot);
        setSaveError(null);
        if (!id) {
          idRef.current = result.id;
          setReportId(result.id);
          onCreated(result.id);
        }
        void queryClient.invalidateQueries({ queryKey: queryKeys.reportDetail(result.id) });
        return result.id;
      } catch (e) {
        setSaveError(userMessage(e));
        throw e;
      } finally {
        setSaving(false);
      }
    };
    // One save at a time, in order: a new report must be created exactly once.
    const next = chain.current.then(run, run);
    chain.current = next.catch(() => undefined);
    return next;
  }, [api, caseId, visitId, onCreated, queryClient]);

  const dirty = editable && !sameFields(form, savedForm);
  useEffect(() => {
    if (!dirty) return undefined;
    const timer = setTimeout(() => save().catch(() => undefined), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [form, dirty, save]);

  // Leaving the screen saves what is left.
  useEffect(
    () => () => {
      if (!sameFields(formRef.current, savedRef.current)) save().catch(() => undefined);
    },
    [save],
  );

  const set = <K extends keyof ReportForm>(key: K, value: ReportForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setPart = (key: string, patch: Partial<PartLine>) => setForm((f) => ({ ...f, parts: f.parts.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));

  const photos = view?.photos ?? [];
  const submitProblemsNow = useMemo(() => formSubmitProblems(form), [form]);
  const problems: FormProblems = showProblems ? { ...submitProblemsNow, ...serverProblems } : { ...entryProblems(form), ...serverProblems };
  const err = (key: string) => problems[key];

  const submit = useSubmitReport();
  const onSubmit = async () => {
    setShowProblems(true);
    setServerProblems({});
    if (Object.keys(submitProblemsNow).length > 0) {
      document.getElementById('report-problems')?.focus();
      return;
    }
    try {
      const id = await save();
      await submit.mutateAsync(id);
      setShowProblems(false);
      notifications.show({ color: 'green', title: 'Report submitted', message: online ? 'A manager will review it.' : 'It goes to the hub for review when the network is back.' });
    } catch (e) {
      setServerProblems(fieldErrors(e));
      notifications.show({ color: 'red', title: 'The report was not submitted', message: userMessage(e) });
    }
  };

  const review = useReviewReport();
  // The reviewer's optional word on approval: kept on the report, shown to the engineer and on the timeline.
  const [approvalComment, setApprovalComment] = useState('');
  const approve = () =>
    reportId &&
    review.mutate(
      { id: reportId, decision: 'approve', comment: approvalComment.trim() },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Report approved', message: 'The case is resolved.' }),
        onError: (e) => notifications.show({ color: 'red', title: 'The report could not be approved', message: userMessage(e) }),
      },
    );

  const pdf = useReportPdfActions();
  const saveText = saveStateText({ dirty, saving, error: saveError, saved: reportId !== null, pending: view?.pending ?? true, online });
  const caseLabel = view ? `${view.caseLabel} · ${view.caseTitle}` : caseDetail.data ? `${caseDetail.data.number ?? 'New case'} · ${caseDetail.data.title}` : '';
  const projectorModel = view?.projectorModel ?? caseDetail.data?.projectorModel ?? null;
  const orderedList = orderedProblems(problems);

  return (
    <section aria-labelledby="report-title">
      <Stack gap="md" maw={1000} onBlurCapture={() => editable && save().catch(() => undefined)}>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} id="report-title" tabIndex={-1}>
              {view?.number ? reportTitle(view) : 'Service report'}
            </Title>
            <Group gap="xs">
              <Badge color={REPORT_STATUS_COLORS[status]} variant="light">
                {REPORT_STATUS_LABELS[status]}
              </Badge>
              {caseId && (
                <Anchor size="sm" href={routeHash({ name: 'case', id: caseId })}>
                  {caseLabel || 'Open the case'}
                </Anchor>
              )}
              {view?.engineerName && (
                <Text size="sm" c="dimmed">
                  Engineer: {view.engineerName}
                </Text>
              )}
            </Group>
            {view && (
              <Text size="sm" c="dimmed">
                {[view.customerName, view.siteName, view.siteAddress].filter(Boolean).join(' · ')}
                {view.projectorModel ? ` · ${view.projectorModel}` : ''} · serial {view.projectorSerial}
                {view.visit ? ` · visit ${view.visit.date} ${view.visit.start}` : ''}
              </Text>
            )}
          </Stack>
          <Group gap="xs">
            {editable && (
              <Text size="sm" c={saveText.color} role="status" aria-live="polite">
                {saveText.text}
              </Text>
            )}
            {reportId && (
              <>
                <Button variant="default" size="xs" onClick={() => pdf.exportPdf(reportId, view ? reportTitle(view) : 'Service report')} loading={pdf.busyId === reportId}>
                  PDF
                </Button>
                <Button variant="default" size="xs" onClick={() => pdf.print(reportId)}>
                  Print
                </Button>
              </>
            )}
            {canReview && reportId && (
              <>
                <Button size="xs" color="green" onClick={approve} loading={review.isPending}>
                  Approve
                </Button>
                <Button size="xs" color="orange" variant="light" onClick={() => setReturning(true)}>
                  Return…
                </Button>
              </>
            )}
          </Group>
        </Group>

        {view?.status === 'returned' && view.reviewComment && (
          <Alert color="orange" title={`Returned by ${view.reviewerName ?? 'the reviewer'}${view.reviewedAt ? ` on ${formatDateTime(view.reviewedAt)}` : ''}`}>
            <Text size="sm" className="plain-text">
              {view.reviewComment}
            </Text>
          </Alert>
        )}
        {view?.status === 'approved' && (
          <Alert color="green" title={`Approved by ${view.reviewerName ?? 'a manager'}${view.reviewedAt ? ` on ${formatDateTime(view.reviewedAt)}` : ''}`}>
            {view.reviewComment ? (
              <Text size="sm" className="plain-text">
                {view.reviewComment}
              </Text>
            ) : (
              'The case is resolved.'
            )}
          </Alert>
        )}
        {canReview && reportId && (
          <Textarea
            label="Comment for the engineer (optional)"
            description="Sent with your approval; the engineer sees it on the report and the case timeline. To ask for changes, use Return."
            value={approvalComment}
            onChange={(e) => setApprovalComment(e.currentTarget.value)}
            autosize
            minRows={1}
            maxRows={6}
            maxLength={2000}
          />
        )}
        {view?.status === 'submitted' && !canReview && <Alert color="blue">Submitted {formatDateTime(view.submittedAt)}; waiting for a manager's review. It can no longer be edited.</Alert>}
        {!mayWrite && !view && <Alert color="orange">Only the engineer of the case writes its service report.</Alert>}

        <Section title="Times">
          <Group align="flex-start" wrap="wrap">
            <TimeField label="Check in" value={shown.checkIn} onChange={(v) => set('checkIn', v)} readOnly={!editable} error={err('checkInAt')} />
            <TimeField
              label="Check out"
              value={shown.checkOut}
              onChange={(v) =>
                setForm((f) => {
                  // Suggest the time on site; the engineer corrects it (travel, breaks).
                  const suggestion = f.timeSpent === '' ? minutesBetween(f.checkIn, v) : null;
                  return { ...f, checkOut: v, timeSpent: suggestion ? String(suggestion) : f.timeSpent };
                })
              }
              readOnly={!editable}
              error={err('checkOutAt')}
            />
            <TextInput
              label="Time spent (minutes or h:mm)"
              value={shown.timeSpent}
              onChange={(e) => set('timeSpent', e.currentTarget.value)}
              readOnly={!editable}
              error={err('timeSpentMinutes')}
              w={200}
              description={editable && minutesBetween(shown.checkIn, shown.checkOut) !== null ? `${minutesBetween(shown.checkIn, shown.checkOut)} min between check in and out` : undefined}
            />
          </Group>
        </Section>

        <Section title="Findings and work">
          <LongText label="Diagnosis" required value={shown.diagnosis} onChange={(v) => set('diagnosis', v)} readOnly={!editable} error={err('diagnosis')} />
          <LongText label="Work performed" required value={shown.workPerformed} onChange={(v) => set('workPerformed', v)} readOnly={!editable} error={err('workPerformed')} />
          <LongText label="Tests and calibration" value={shown.testsPerformed} onChange={(v) => set('testsPerformed', v)} readOnly={!editable} error={err('testsPerformed')} />
          <LongText label="Root cause" value={shown.rootCause} onChange={(v) => set('rootCause', v)} readOnly={!editable} error={err('rootCause')} />
          <LongText label="Resolution" required value={shown.resolution} onChange={(v) => set('resolution', v)} readOnly={!editable} error={err('resolution')} />
        </Section>

        <Section title="Parts used">
          <PartsTable parts={shown.parts} model={projectorModel} editable={editable} problems={problems} onChange={setPart} onAdd={(line) => set('parts', [...form.parts, line])} onRemove={(key) => set('parts', form.parts.filter((p) => p.key !== key))} />
        </Section>

        <Section title="Next steps">
          <LongText label="Next steps" value={shown.nextSteps} onChange={(v) => set('nextSteps', v)} readOnly={!editable} error={err('nextSteps')} />
          <Checkbox label="Follow-up needed" checked={shown.followUpNeeded} onChange={(e) => set('followUpNeeded', e.currentTarget.checked)} disabled={!editable} />
        </Section>

        <Section title="Customer">
          <LongText label="Customer feedback" value={shown.customerFeedback} onChange={(v) => set('customerFeedback', v)} readOnly={!editable} error={err('customerFeedback')} />
          <Stack gap={2}>
            <Text size="sm" fw={500} id="satisfaction-label">
              Satisfaction
            </Text>
            <Group gap="xs">
              <Rating aria-labelledby="satisfaction-label" value={shown.satisfaction ?? 0} onChange={(v) => set('satisfaction', v >= 1 ? v : null)} readOnly={!editable} count={5} />
              <Text size="xs" c="dimmed">
                {shown.satisfaction === null ? 'Not given' : `${shown.satisfaction} of 5`}
              </Text>
              {editable && shown.satisfaction !== null && (
                <Button size="compact-xs" variant="subtle" onClick={() => set('satisfaction', null)}>
                  Clear
                </Button>
              )}
            </Group>
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Signature
            </Text>
            <SignaturePad
              value={shown.signaturePng}
              readOnly={!editable}
              error={err('signature')}
              onChange={(png) => setForm((f) => ({ ...f, signaturePng: png, signedAt: png ? new Date().toISOString() : null }))}
            />
            <TextInput label="Signed by" value={shown.signerName} onChange={(e) => set('signerName', e.currentTarget.value)} readOnly={!editable} error={err('signerName')} maw={400} maxLength={200} />
            {(!shown.signaturePng || shown.noSignatureReason) && (
              <TextInput
                label="Or: why the customer could not sign"
                value={shown.noSignatureReason}
                onChange={(e) => set('noSignatureReason', e.currentTarget.value)}
                readOnly={!editable}
                error={err('noSignatureReason')}
                maxLength={500}
              />
            )}
          </Stack>
        </Section>

        <Section title="Photos">
          <PhotosPanel photos={photos} readOnly={!editable} online={online} ensureReportId={save} error={err('photos')} />
        </Section>

        {editable && (
          <Paper withBorder p="sm">
            <Stack gap="xs">
              {showProblems && orderedList.length > 0 && (
                <Alert color="red" title="Before you submit" id="report-problems" tabIndex={-1} role="alert">
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {orderedList.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                </Alert>
              )}
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {status === 'returned' ? 'Change what the reviewer asked for, then submit again.' : 'Submitting sends the report to a manager for review; it can no longer be edited.'}
                </Text>
                <Group gap="xs">
                  <Button variant="default" onClick={() => save().catch(() => undefined)} loading={saving}>
                    Save now
                  </Button>
                  <Button onClick={() => void onSubmit()} loading={submit.isPending}>
                    {status === 'returned' ? 'Submit again' : 'Submit report'}
                  </Button>
                </Group>
              </Group>
            </Stack>
          </Paper>
        )}
        {reportId && view && (
          <Text size="xs" c="dimmed">
            Created {formatDateTime(view.createdAt)} · last changed {formatDateTime(view.updatedAt)}
            {view.revision > 0 ? ` · revision ${view.revision}` : ''}
          </Text>
        )}
      </Stack>
      <ReturnReportDialog report={returning && reportId ? { id: reportId, number: view?.number ?? null } : null} onClose={() => setReturning(false)} onReturned={() => goTo({ name: 'reviews' })} />
    </section>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" component="fieldset" style={{ margin: 0 }}>
      <Stack gap="sm">
        <Title order={3} size="h5" component="legend">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function LongText({ label, value, onChange, readOnly, error, required }: { label: string; value: string; onChange: (v: string) => void; readOnly: boolean; error: string | undefined; required?: boolean }) {
  return <Textarea label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} readOnly={readOnly} error={error} autosize minRows={2} maxRows={12} withAsterisk={required && !readOnly} />;
}

function TimeField({ label, value, onChange, readOnly, error }: { label: string; value: string; onChange: (v: string) => void; readOnly: boolean; error: string | undefined }) {
  return (
    <Stack gap={4}>
      <TextInput type="datetime-local" label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} readOnly={readOnly} error={error} w={230} withAsterisk={!readOnly} />
      {!readOnly && (
        <Button size="compact-xs" variant="light" onClick={() => onChange(toLocalInput(new Date().toISOString()))}>
          {label} now
        </Button>
      )}
    </Stack>
  );
}

function PartsTable({
  parts,
  model,
  editable,
  problems,
  onChange,
  onAdd,
  onRemove,
}: {
  parts: readonly PartLine[];
  model: string | null;
  editable: boolean;
  problems: FormProblems;
  onChange: (key: string, patch: Partial<PartLine>) => void;
  onAdd: (line: PartLine) => void;
  onRemove: (key: string) => void;
}) {
  const catalogue = useParts(editable ? model : null);
  const options = (catalogue.data ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.partNumber} · ${p.description}` }));
  return (
    <Stack gap="xs">
      {parts.length > 0 ? (
        <Table withTableBorder aria-label="Parts used">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Part number</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th w={90}>Qty</Table.Th>
              <Table.Th>Serial fitted</Table.Th>
              <Table.Th>Serial removed</Table.Th>
              {editable && <Table.Th w={40} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {parts.map((p, i) => (
              <Table.Tr key={p.key}>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Part number, row ${i + 1}`}
                    value={p.partNumber}
                    // Typing over a catalogue part makes it a free entry.
                    onChange={(e) => onChange(p.key, { partNumber: e.currentTarget.value, partId: null })}
                    readOnly={!editable}
                    error={problems[`parts.${i}.partNumber`]}
                    maxLength={60}
                    rightSection={p.partId ? <Badge size="xs" variant="light" title="From the catalogue">cat.</Badge> : null}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label={`Description, row ${i + 1}`} value={p.description} onChange={(e) => onChange(p.key, { description: e.currentTarget.value })} readOnly={!editable} maxLength={300} />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`Quantity, row ${i + 1}`}
                    value={p.quantity}
                    min={1}
                    max={999}
                    allowDecimal={false}
                    onChange={(v) => onChange(p.key, { quantity: typeof v === 'number' ? v : Number.parseInt(v, 10) || 0 })}
                    readOnly={!editable}
                    error={problems[`parts.${i}.quantity`]}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label={`Serial of the part fitted, row ${i + 1}`} value={p.fittedSerial} onChange={(e) => onChange(p.key, { fittedSerial: e.currentTarget.value })} readOnly={!editable} maxLength={64} />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label={`Serial of the part removed, row ${i + 1}`} value={p.removedSerial} onChange={(e) => onChange(p.key, { removedSerial: e.currentTarget.value })} readOnly={!editable} maxLength={64} />
                </Table.Td>
                {editable && (
                  <Table.Td>
                    <CloseButton aria-label={`Remove part row ${i + 1}`} onClick={() => onRemove(p.key)} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          No parts used.
        </Text>
      )}
      {editable && (
        <Group align="flex-end" gap="xs">
          <Select
            label={model ? `Add from the catalogue (parts for ${model})` : 'Add from the catalogue'}
            placeholder={catalogue.isPending ? 'Loading parts…' : options.length === 0 ? 'No catalogue parts for this model' : 'Search part number or description'}
            data={options}
            value={null}
            searchable
            clearable
            nothingFoundMessage="No such part: add it as a part not in the catalogue"
            onChange={(id) => {
              const part = catalogue.data?.find((x) => x.id === id);
              if (part) onAdd(newPartLine({ partId: part.id, partNumber: part.partNumber, description: part.description }));
            }}
            comboboxProps={{ keepMounted: false }}
            w={380}
          />
          <Button variant="default" size="sm" onClick={() => onAdd(newPartLine())}>
            Add a part not in the catalogue
          </Button>
        </Group>
      )}
    </Stack>
  );
}
