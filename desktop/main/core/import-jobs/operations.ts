// Long import and export operations: each runs under the window's operationId with an
// AbortController (imports.cancel aborts it), and reports progress as `import.progress` events,
// throttled to a few a second with a rate and time left, so a million rows are not a million events.
import type { ImportProgress, ImportStage } from '../../../../shared/console-api.js';
import { AppError } from '../../../../shared/errors.js';

/** At most this many progress events a second per operation (the last one always goes out). */
export const PROGRESS_EVENTS_PER_SECOND = 5;

export type ProgressReporter = Readonly<{
  /** Throttled; a stage change or `force` goes out at once. */
  report(stage: ImportStage, done: number, total: number | null, force?: boolean): void;
}>;

export type Operation = Readonly<{ id: string; signal: AbortSignal; progress: ProgressReporter }>;

export type OperationRegistry = Readonly<{
  /** Runs `fn` as the operation `id`; a second operation with a running id is refused. */
  run<T>(id: string, fn: (op: Operation) => Promise<T>): Promise<T>;
  /** Aborts a running operation; false when none runs under that id. */
  cancel(id: string): boolean;
  /**
   * Aborts every running operation on sign-out or close, with SHUTDOWN as the reason: a commit then
   * stops without finishing its job, so it stays resumable (a person's cancel finishes it cancelled).
   */
  stopAll(): void;
  running(): number;
}>;

export function createProgressReporter(operationId: string, emit: (p: ImportProgress) => void, now: () => number = () => performance.now()): ProgressReporter {
  const gap = 1000 / PROGRESS_EVENTS_PER_SECOND;
  let stage: ImportStage | null = null;
  let stageStart = 0;
  let stageStartDone = 0;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    report(next, done, total, force = false) {
      const at = now();
      if (next !== stage) {
        stage = next;
        stageStart = at;
        stageStartDone = done;
        force = true;
      }
      if (!force && at - lastAt < gap) return;
      lastAt = at;
      const seconds = (at - stageStart) / 1000;
      const rowsPerSecond = seconds > 0 ? Math.round((done - stageStartDone) / seconds) : 0;
      const etaSeconds = total !== null && rowsPerSecond > 0 ? Math.max(0, Math.round((total - done) / rowsPerSecond)) : null;
      emit({ operationId, stage: next, done, total, rowsPerSecond, etaSeconds });
    },
  };
}

/** The abort reason of an operation stopped by sign-out or close rather than by the person. */
export const SHUTDOWN = 'shutdown';

export function isShutdown(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason === SHUTDOWN;
}

/** The error a cancelled operation ends with (the window started the cancel, so it knows). */
export function cancelledError(): AppError {
  return new AppError('CONFLICT', 'Cancelled.', { cancelled: true });
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw cancelledError();
}

export function createOperationRegistry(emit: (p: ImportProgress) => void): OperationRegistry {
  const running = new Map<string, AbortController>();
  return {
    async run(id, fn) {
      if (running.has(id)) throw new AppError('CONFLICT', 'That operation is already running.');
      const controller = new AbortController();
      running.set(id, controller);
      try {
        return await fn({ id, signal: controller.signal, progress: createProgressReporter(id, emit) });
      } finally {
        running.delete(id);
      }
    },
    cancel(id) {
      const controller = running.get(id);
      if (!controller) return false;
      controller.abort();
      return true;
    },
    stopAll() {
      for (const controller of running.values()) controller.abort(SHUTDOWN);
    },
    running: () => running.size,
  };
}
