// Test-only ConsoleCore: records calls, answers a few methods with fixed data and lets a test push
// events, so the shells can be tested without SQLite or a hub. Never imported by production code.
import os from 'node:os';
import path from 'node:path';
import { createImportFileStore } from '../../core/import-jobs/import-files.js';
import { isConsoleApiMethod, type SyncStatus } from '../../../../shared/console-api.js';
import type { EventEnvelope, ReplyEnvelope } from '../../../../shared/ipc.js';
import type { ConsoleCore } from '../../core/console-core-types.js';

export const IN_TEST_SYNC_STATUS: SyncStatus = { connection: 'offline', pending: 2, lastSyncAt: null, bootstrap: null, lastError: null };

export type InTestCore = ConsoleCore &
  Readonly<{
    calls: Array<Readonly<{ id: number; method: unknown; arg: unknown }>>;
    emit(event: EventEnvelope): void;
    listenerCount(): number;
    isClosed(): boolean;
  }>;

/**
 * `exportsDir`: the folder the shell serves downloads from; by default one that does not exist.
 * `dataDir` + `checkWorkbook`: where uploads land and how they are checked (the real file store).
 */
export function createInTestCore(options: Readonly<{ exportsDir?: string; dataDir?: string; checkWorkbook?: (file: string) => Promise<void> }> = {}): InTestCore {
  const files = createImportFileStore({
    dataDir: options.dataDir ?? path.join(os.tmpdir(), 'lamphouse-in-test-core-no-data'),
    check: options.checkWorkbook ?? (async () => undefined),
  });
  const listeners = new Set<(event: EventEnvelope) => void>();
  const calls: Array<Readonly<{ id: number; method: unknown; arg: unknown }>> = [];
  let closed = false;
  return {
    exportsDir: options.exportsDir ?? path.join(os.tmpdir(), 'lamphouse-in-test-core-no-exports'),
    calls,
    importFiles: { receive: (source, name, maxBytes) => files.receive(source, name, maxBytes), register: (file) => files.register(file) },
    async handle(id, method, arg): Promise<ReplyEnvelope> {
      calls.push({ id, method, arg });
      if (!isConsoleApiMethod(method)) return { kind: 'reply', id, ok: false, error: { code: 'BAD_REQUEST', message: `Unknown method ${String(method)}.` } };
      if (method === 'sync.status') return { kind: 'reply', id, ok: true, value: IN_TEST_SYNC_STATUS };
      if (method === 'cases.get') return { kind: 'reply', id, ok: true, value: null };
      return { kind: 'reply', id, ok: false, error: { code: 'UNAVAILABLE', message: `${method} is not answered by the in-test core.` } };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
    isClosed: () => closed,
  };
}
