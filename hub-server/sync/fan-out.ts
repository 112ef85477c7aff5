// Live fan-out: after each commit the new change-log entries are read ONCE (one read transaction,
// shared row lookups) and filtered per live session, instead of every session querying the log.
import { SerialQueue } from '../db/serial-queue.js';
import type { HubRepository } from '../db/repository.js';
import { errorFields, type HubLogger } from '../logger.js';
import type { Change } from '../../shared/sync/protocol.js';
import { createViewLookups, visibleChanges, type ViewerState } from './visibility.js';

/** Change-log entries per `changes` frame: keeps frames modest even with long descriptions. */
export const CHANGES_PER_FRAME = 500;

export type FanOutTarget = {
  /** True once the session has its snapshot or catch-up and takes live changes. */
  readonly live: boolean;
  readonly cursorVersion: number;
  readonly viewer: ViewerState;
  /** Sends the changes (`json`: the same array, serialised) and moves the cursor to `version`. */
  deliver(changes: readonly Change[], version: number, json: string): void;
  fail(what: string, error: unknown): void;
};

export class FanOut {
  private readonly queue = new SerialQueue();
  private queued: Promise<void> | null = null;

  constructor(
    private readonly repo: HubRepository,
    private readonly targets: () => Iterable<FanOutTarget>,
    private readonly log: HubLogger,
  ) {}

  /** Brings every live session up to the head; a flush that has not started yet is shared. */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const run: Promise<void> = this.queue.run(async () => {
      if (this.queued === run) this.queued = null;
      try {
        while (await this.step());
      } catch (error) {
        this.log.error('Fan-out failed', errorFields(error));
      }
    });
    this.queued = run;
    return run;
  }

  /** One page of entries to every session behind it; true when there may be more. */
  private async step(): Promise<boolean> {
    const live = [...this.targets()].filter((target) => target.live);
    if (live.length === 0) return false;
    const from = Math.min(...live.map((target) => target.cursorVersion));
    return this.repo.read(async (tx) => {
      const entries = await tx.changesSince(from, CHANGES_PER_FRAME);
      const last = entries.at(-1)?.version;
      if (last === undefined) return false;
      const lookups = createViewLookups(tx);
      // Viewers who see everything get the same changes: filter and serialise once per cursor.
      // Conflicts and notifications are per user: their frames cannot be shared.
      const hasConflicts = entries.some((entry) => entry.entity === 'conflicts' || entry.entity === 'notifications');
      const shared = new Map<number, { changes: Change[]; json: string }>();
      for (const target of live) {
        const cursor = target.cursorVersion;
        if (!target.live || cursor >= last) continue;
        const pending = cursor <= from ? entries : entries.filter((entry) => entry.version > cursor);
        try {
          const sharable = target.viewer.group === 'all' && !hasConflicts;
          let frame = sharable ? shared.get(cursor) : undefined;
          if (!frame) {
            const changes = await visibleChanges(target.viewer, pending, lookups);
            frame = { changes, json: JSON.stringify(changes) };
            if (sharable) shared.set(cursor, frame);
          }
          target.deliver(frame.changes, last, frame.json);
        } catch (error) {
          target.fail('Sending changes failed', error);
        }
      }
      return entries.length === CHANGES_PER_FRAME;
    });
  }
}
