// Import (route #/import, admins): bring projectors, sites, customers or engineers in from Excel.
// 1 choose the kind and the workbook (uploaded by the browser shell), 2 check the sheet, header
// row and column mapping, 3 a dry run with progress, then the diff by category, then the commit
// with progress and its result. The history below lists every import, to resume or undo.
// The wizard's state lives outside the screen (import-wizard.ts), so it survives leaving it.
import { Alert, Button, Group, Stack, Stepper, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { queryKeys } from '../../api/query-keys.js';
import { userMessage } from '../../api/error-message.js';
import { useApi } from '../../api/use-api.js';
import { ScreenHeader } from '../../ui/ScreenHeader.js';
import { ChooseFileStep } from './ChooseFileStep.js';
import { DiffStep } from './DiffStep.js';
import { commitResultSummary } from './import-model.js';
import { wizardFor, type WizardStep } from './import-wizard.js';
import { ImportHistory } from './ImportHistory.js';
import { MappingStep } from './MappingStep.js';
import { ProgressPanel } from './ProgressPanel.js';
import { importJobsKey, useImportProgress } from './use-imports.js';

const STEP_INDEX: Readonly<Record<WizardStep, number>> = { choose: 0, mapping: 1, checking: 2, diff: 2, committing: 3, done: 4 };

export function ImportScreen({ userId }: { userId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const wizard = useMemo(() => wizardFor(api, userId), [api, userId]);
  const state = useSyncExternalStore(wizard.subscribe, wizard.getState);
  const { step, inspection, dryRun, result, operation } = state;
  const progress = useImportProgress(operation?.operationId ?? null);

  // An import wrote rows (or stopped part way): the history and the lists show it now.
  useEffect(() => {
    if (!result && state.commitError === null) return;
    void queryClient.invalidateQueries({ queryKey: importJobsKey });
    void queryClient.invalidateQueries({ queryKey: queryKeys.projectors });
  }, [result, state.commitError, queryClient]);

  const busy = step === 'checking' || step === 'committing' || state.inspecting;

  return (
    <section aria-labelledby="import-title">
      <Stack gap="lg">
        <ScreenHeader
          id="import-title"
          title="Import"
          description="Bring projectors, sites, customers or field service engineers in from an Excel workbook. You see every change before anything is written, and can undo an import."
        >
          {step !== 'choose' && (
            <Button variant="default" onClick={wizard.startOver} disabled={busy}>
              Start over
            </Button>
          )}
        </ScreenHeader>
        <Stepper active={STEP_INDEX[step]} size="sm" allowNextStepsSelect={false} aria-label="Import steps">
          <Stepper.Step label="Workbook" description="What and which file" />
          <Stepper.Step label="Columns" description="Sheet, header row, mapping" />
          <Stepper.Step label="Check" description="Dry run and differences" />
          <Stepper.Step label="Import" description="Send to the hub" />
        </Stepper>
        {state.notice && (
          <Alert color="gray" withCloseButton onClose={wizard.dismissNotice} role="status">
            {state.notice}
          </Alert>
        )}
        {step === 'choose' && (
          <ChooseFileStep kind={state.kind} onKind={wizard.setKind} onUploaded={wizard.uploaded} busy={state.inspecting} error={state.inspectError} />
        )}
        {(step === 'mapping' || step === 'checking') && inspection && (
          <Stack gap="md">
            {step === 'mapping' && state.checkError !== null && (
              <Alert color="red" title="The rows could not be checked" role="alert">
                {userMessage(state.checkError)}
              </Alert>
            )}
            {step === 'checking' ? (
              <ProgressPanel title="Checking the rows" progress={progress} startingText="Opening the workbook…" cancelling={operation?.cancelled ?? false} onCancel={wizard.cancel} />
            ) : (
              <MappingStep
                inspection={inspection}
                mapping={state.mapping}
                onMapping={wizard.setMapping}
                onReinspect={wizard.reinspect}
                reinspecting={state.inspecting}
                reinspectError={state.inspectError}
                onDryRun={wizard.dryRun}
                onBack={wizard.startOver}
              />
            )}
          </Stack>
        )}
        {(step === 'diff' || step === 'committing') && dryRun && (
          <Stack gap="md">
            {step === 'committing' && (
              <ProgressPanel title="Importing" progress={progress} startingText="Starting the import job at the hub…" cancelling={operation?.cancelled ?? false} onCancel={wizard.cancel} />
            )}
            <DiffStep dryRun={dryRun} onCommit={wizard.commit} onBack={wizard.backToMapping} committing={step === 'committing'} commitError={state.commitError} />
          </Stack>
        )}
        {step === 'done' && result && (
          <Alert color={result.job.status === 'completed' ? 'green' : 'orange'} title={result.job.status === 'completed' ? 'Import complete' : 'Import cancelled'} role="status">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {result.job.fileName}: {commitResultSummary(result.counts)}
              </Text>
              {result.job.status !== 'completed' && <Text size="sm">The rows sent before you cancelled stay imported. Resume or undo the import in the history below.</Text>}
              <Group gap="sm">
                <Button size="xs" onClick={wizard.startOver}>
                  Import another file
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <ImportHistory committing={step === 'committing'} busy={busy} />
      </Stack>
    </section>
  );
}
