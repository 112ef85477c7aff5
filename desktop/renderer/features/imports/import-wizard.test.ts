import { describe, it, expect } from 'vitest';
import type { ImportCommitResult, ImportDryRun, ImportInspection } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';
import { CHECK_CANCELLED_NOTICE, IMPORT_CANCELLED_NOTICE, createImportWizard, wizardFor, type WizardApi } from './import-wizard.js';

type Call = { method: string; arg: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/** A core whose answers the test gives by hand, in any order. */
function fakeApi() {
  const calls: Call[] = [];
  const api: WizardApi = {
    call: ((method: string, arg: unknown) =>
      new Promise<unknown>((resolve, reject) => {
        calls.push({ method, arg, resolve, reject });
      })) as WizardApi['call'],
  };
  const take = (method: string): Call => {
    const i = calls.findIndex((c) => c.method === method);
    if (i < 0) throw new Error(`no pending ${method}; pending: ${calls.map((c) => c.method).join(', ')}`);
    return calls.splice(i, 1)[0]!;
  };
  return { api, calls, take };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const file = { fileId: '0190a000-0000-7000-8000-00000000f001', fileName: 'base.xlsx', bytes: 1000 };
const inspection: ImportInspection = {
  fileId: file.fileId,
  fileName: 'base.xlsx',
  kind: 'projectors',
  sheets: ['A', 'B'],
  sheet: 'A',
  headerRow: 3,
  headers: ['S/N', 'Model'],
  mapping: ['serial', null],
  mappingRemembered: false,
  missingRequired: [],
  sample: [],
};
const dryRun: ImportDryRun = {
  dryRunId: '0190a000-0000-7000-8000-00000000d001',
  fileName: 'base.xlsx',
  kind: 'projectors',
  totalRows: 3,
  counts: { create: 2, update: 1, unchanged: 0, invalid: 0, duplicate: 0 },
  alsoCreates: { sites: 0, customers: 0 },
  elapsedMs: 10,
};

let ids = 0;
const newId = () => `0190a000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;

async function toMapping(api: WizardApi, take: ReturnType<typeof fakeApi>['take']) {
  const wizard = createImportWizard(api, newId);
  wizard.setKind('projectors');
  wizard.uploaded(file);
  expect(wizard.getState().inspecting).toBe(true);
  take('imports.inspect').resolve(inspection);
  await flush();
  return wizard;
}

describe('import wizard', () => {
  it('goes from the file to the mapping, a dry run with its operation id, the diff and the commit', async () => {
    const { api, take } = fakeApi();
    const wizard = await toMapping(api, take);
    expect(wizard.getState()).toMatchObject({ step: 'mapping', inspecting: false, mapping: ['serial', null] });

    wizard.setMapping(['serial', 'model']);
    wizard.dryRun();
    const check = take('imports.dryRun');
    const opId = wizard.getState().operation?.operationId;
    expect(wizard.getState().step).toBe('checking');
    expect(check.arg).toEqual({ fileId: file.fileId, kind: 'projectors', operationId: opId, sheet: 'A', headerRow: 3, mapping: ['serial', 'model'] });
    check.resolve(dryRun);
    await flush();
    expect(wizard.getState()).toMatchObject({ step: 'diff', dryRun, operation: null });

    wizard.commit();
    const commit = take('imports.commit');
    expect(commit.arg).toEqual({ dryRunId: dryRun.dryRunId, operationId: wizard.getState().operation?.operationId });
    const result = { job: { status: 'completed' }, counts: { created: 2, updated: 1, unchanged: 0, failed: 0 } } as unknown as ImportCommitResult;
    commit.resolve(result);
    await flush();
    expect(wizard.getState()).toMatchObject({ step: 'done', result });
  });

  it('re-inspects another sheet or header row of the same file', async () => {
    const { api, take } = fakeApi();
    const wizard = await toMapping(api, take);
    wizard.reinspect({ sheet: 'B' });
    expect(take('imports.inspect').arg).toEqual({ fileId: file.fileId, kind: 'projectors', sheet: 'B' });
  });

  it('keeps a bad file\'s message on the first step', async () => {
    const { api, take } = fakeApi();
    const wizard = createImportWizard(api, newId);
    wizard.setKind('sites');
    wizard.uploaded(file);
    take('imports.inspect').reject(new AppError('VALIDATION', 'The sheet is empty.'));
    await flush();
    expect(wizard.getState()).toMatchObject({ step: 'choose', inspecting: false });
    expect((wizard.getState().inspectError as Error).message).toBe('The sheet is empty.');
  });

  it('tells a cancelled check apart from a failed one', async () => {
    const { api, take } = fakeApi();
    const wizard = await toMapping(api, take);
    wizard.dryRun();
    const check = take('imports.dryRun');
    const opId = wizard.getState().operation?.operationId;
    wizard.cancel();
    expect(take('imports.cancel').arg).toEqual({ operationId: opId });
    expect(wizard.getState().operation?.cancelled).toBe(true);
    check.reject(new AppError('CONFLICT', 'Cancelled.'));
    await flush();
    expect(wizard.getState()).toMatchObject({ step: 'mapping', checkError: null, notice: CHECK_CANCELLED_NOTICE, operation: null });

    wizard.dryRun();
    take('imports.dryRun').reject(new AppError('VALIDATION', 'Map a column to Site.'));
    await flush();
    expect((wizard.getState().checkError as Error).message).toBe('Map a column to Site.');
    expect(wizard.getState().notice).toBeNull();
  });

  it('says a cancelled import keeps what was sent, and shows a failed one\'s error on the diff', async () => {
    const { api, take } = fakeApi();
    const wizard = await toMapping(api, take);
    wizard.dryRun();
    take('imports.dryRun').resolve(dryRun);
    await flush();
    wizard.commit();
    const commit = take('imports.commit');
    wizard.cancel();
    commit.reject(new AppError('CONFLICT', 'Cancelled.'));
    await flush();
    expect(wizard.getState()).toMatchObject({ step: 'diff', commitError: null, notice: IMPORT_CANCELLED_NOTICE });
    wizard.commit();
    take('imports.commit').reject(new AppError('UNAVAILABLE', 'The hub cannot be reached.'));
    await flush();
    expect((wizard.getState().commitError as Error).message).toBe('The hub cannot be reached.');
  });

  it('runs one long step at a time and ignores answers from before Start over', async () => {
    const { api, take, calls } = fakeApi();
    const wizard = await toMapping(api, take);
    wizard.dryRun();
    wizard.dryRun();
    expect(calls.filter((c) => c.method === 'imports.dryRun')).toHaveLength(1);
    // Start over waits while a step runs.
    wizard.startOver();
    expect(wizard.getState().step).toBe('checking');
    take('imports.dryRun').resolve(dryRun);
    await flush();
    wizard.reinspect({ headerRow: 4 });
    const late = take('imports.inspect');
    wizard.startOver();
    late.resolve({ ...inspection, headerRow: 4 });
    await flush();
    expect(wizard.getState()).toMatchObject({ step: 'choose', inspection: null, kind: 'projectors' });
  });

  it('keeps one wizard per window and user', () => {
    const { api } = fakeApi();
    const a = wizardFor(api, 'user-a');
    expect(wizardFor(api, 'user-a')).toBe(a);
    expect(wizardFor(api, 'user-b')).not.toBe(a);
  });
});
