// The import wizard's state and steps, outside React: one per window, so leaving the Import screen
// while a check or an import runs (they go on in the core) and coming back shows where it is.
// Late answers of a step the admin has since left (Start over) are dropped.
import type { ConsoleApiArg, ConsoleApiMethod, ConsoleApiResults, ImportCommitResult, ImportDryRun, ImportFileRef, ImportInspection } from '../../../../shared/console-api.js';
import type { ImportKind } from '../../../../shared/import.js';

export type WizardStep = 'choose' | 'mapping' | 'checking' | 'diff' | 'committing' | 'done';
export type WizardOperation = Readonly<{ operationId: string; cancelled: boolean }>;

export type WizardState = Readonly<{
  step: WizardStep;
  kind: ImportKind | null;
  file: ImportFileRef | null;
  inspection: ImportInspection | null;
  mapping: readonly (string | null)[];
  inspecting: boolean;
  inspectError: unknown;
  dryRun: ImportDryRun | null;
  checkError: unknown;
  commitError: unknown;
  result: ImportCommitResult | null;
  /** The long step running now (its progress events carry this id). */
  operation: WizardOperation | null;
  notice: string | null;
}>;

export const INITIAL_WIZARD: WizardState = {
  step: 'choose',
  kind: null,
  file: null,
  inspection: null,
  mapping: [],
  inspecting: false,
  inspectError: null,
  dryRun: null,
  checkError: null,
  commitError: null,
  result: null,
  operation: null,
  notice: null,
};

export type WizardApi = Readonly<{ call<M extends ConsoleApiMethod>(method: M, arg: ConsoleApiArg<M>): Promise<ConsoleApiResults[M]> }>;

export const CHECK_CANCELLED_NOTICE = 'Check cancelled. Nothing was written.';
export const IMPORT_CANCELLED_NOTICE = 'Import cancelled between batches. The rows sent so far stay imported; resume or undo it in the history below.';

export type ImportWizard = ReturnType<typeof createImportWizard>;

export function createImportWizard(api: WizardApi, newId: () => string = () => crypto.randomUUID()) {
  let state = INITIAL_WIZARD;
  // Bumped by Start over: answers to calls made before it are ignored.
  let generation = 0;
  const listeners = new Set<() => void>();
  const set = (patch: Partial<WizardState>) => {
    state = { ...state, ...patch };
    for (const l of [...listeners]) l();
  };
  const isCancelled = (operationId: string) => state.operation?.operationId === operationId && state.operation.cancelled;

  const inspect = (file: ImportFileRef, kind: ImportKind, where: Readonly<{ sheet?: string; headerRow?: number }> = {}) => {
    const gen = generation;
    set({ inspecting: true, inspectError: null, notice: null });
    api.call('imports.inspect', { fileId: file.fileId, kind, ...where }).then(
      (found) => {
        if (gen !== generation) return;
        set({ inspecting: false, inspection: found, mapping: [...found.mapping], step: 'mapping', checkError: null });
      },
      (error: unknown) => {
        if (gen !== generation) return;
        set({ inspecting: false, inspectError: error });
      },
    );
  };

  return {
    getState: (): WizardState => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setKind(kind: ImportKind | null) {
      set({ kind, inspectError: null });
    },
    /** The shell took the file: find its sheets, header row and columns. */
    uploaded(file: ImportFileRef) {
      if (!state.kind) return;
      set({ file });
      inspect(file, state.kind);
    },
    reinspect(where: Readonly<{ sheet?: string; headerRow?: number }>) {
      if (!state.file || !state.inspection) return;
      inspect(state.file, state.inspection.kind, where);
    },
    setMapping(mapping: readonly (string | null)[]) {
      set({ mapping });
    },
    dryRun() {
      const { inspection, file, mapping } = state;
      if (!inspection || !file || state.operation) return;
      const gen = generation;
      const operation = { operationId: newId(), cancelled: false };
      set({ step: 'checking', operation, checkError: null, notice: null });
      api
        .call('imports.dryRun', { fileId: file.fileId, kind: inspection.kind, operationId: operation.operationId, sheet: inspection.sheet, headerRow: inspection.headerRow, mapping: [...mapping] })
        .then(
          (dryRun) => {
            if (gen !== generation) return;
            set({ step: 'diff', dryRun, operation: null, commitError: null });
          },
          (error: unknown) => {
            if (gen !== generation) return;
            const cancelled = isCancelled(operation.operationId);
            set({ step: 'mapping', operation: null, checkError: cancelled ? null : error, notice: cancelled ? CHECK_CANCELLED_NOTICE : null });
          },
        );
    },
    commit() {
      const { dryRun } = state;
      if (!dryRun || state.operation) return;
      const gen = generation;
      const operation = { operationId: newId(), cancelled: false };
      set({ step: 'committing', operation, commitError: null, notice: null });
      api.call('imports.commit', { dryRunId: dryRun.dryRunId, operationId: operation.operationId }).then(
        (result) => {
          if (gen !== generation) return;
          set({ step: 'done', result, operation: null });
        },
        (error: unknown) => {
          if (gen !== generation) return;
          const cancelled = isCancelled(operation.operationId);
          set({ step: 'diff', operation: null, commitError: cancelled ? null : error, notice: cancelled ? IMPORT_CANCELLED_NOTICE : null });
        },
      );
    },
    /** Asks the core to stop the running step between batches; its call then ends. */
    cancel() {
      const { operation } = state;
      if (!operation || operation.cancelled) return;
      set({ operation: { ...operation, cancelled: true } });
      // A failed cancel leaves the step running; its own answer still comes.
      api.call('imports.cancel', { operationId: operation.operationId }).catch(() => undefined);
    },
    backToMapping() {
      if (state.step === 'diff') set({ step: 'mapping', commitError: null });
    },
    startOver() {
      if (state.operation) return;
      generation += 1;
      set({ ...INITIAL_WIZARD, kind: state.kind });
    },
    dismissNotice() {
      set({ notice: null });
    },
  };
}

const wizards = new WeakMap<object, Readonly<{ userId: string; wizard: ImportWizard }>>();

/** The wizard of this window's client and signed-in user (another user starts afresh). */
export function wizardFor(api: WizardApi, userId: string): ImportWizard {
  const known = wizards.get(api);
  if (known && known.userId === userId) return known.wizard;
  const wizard = createImportWizard(api);
  wizards.set(api, { userId, wizard });
  return wizard;
}
