// The IPC messages between the chaos harness and a core-runner child process.
import type { ConsoleEvents } from '../../shared/console-api.js';
import type { ReplyEnvelope } from '../../shared/ipc.js';

export type RunnerRequest = Readonly<{ id: number; method: string; arg: unknown }>;

/** The outbox row a successful local write appended: how the harness ties a write to the hub. */
export type WriteRecord = Readonly<{
  clientId: string;
  mutationId: number;
  name: string;
  caseId: string | null;
  args: unknown;
  baseVersions: Readonly<Record<string, number>>;
}>;

export type RunnerMessage =
  | Readonly<{ id: number; reply: ReplyEnvelope; write: WriteRecord | null }>
  | Readonly<{ ready: true; userId: string | null }>
  | Readonly<{ event: 'mutation.rejected'; payload: ConsoleEvents['mutation.rejected'] }>;
