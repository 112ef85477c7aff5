// Streams a consistent snapshot at version V to one console: rows are read page by page (keyset
// pagination by id) inside ONE read transaction on a connection of its own, and the next page is
// read only once the socket has drained, so hub memory stays bounded however slow the client is.
import { ENTITIES } from '../../shared/sync/entities.js';
import { BOOTSTRAP_CHUNK_ROWS, type ServerMessage } from '../../shared/sync/protocol.js';
import type { AssignedCaseRefs, HubRepository, ScopedRow } from '../db/repository.js';
import type { EntityName } from '../../shared/sync/entities.js';
import { isSnapshotRowVisible, type ViewerState } from './visibility.js';

/** Where frames go; `drain` resolves once the transport can take more (or has closed). */
export type FrameSink = Readonly<{
  send(message: ServerMessage): void;
  drain(): Promise<void>;
  isOpen(): boolean;
}>;

export type BootstrapOutcome = Readonly<{ version: number; rows: number }>;

const NO_REFS: AssignedCaseRefs = { caseIds: new Set(), siteIds: new Set(), projectorIds: new Set() };

/** Returns null when the sink closed part way (the snapshot is abandoned). */
export async function streamBootstrap(repo: HubRepository, viewer: ViewerState, epoch: string, sink: FrameSink): Promise<BootstrapOutcome | null> {
  return repo.snapshot(async (snap) => {
    const version = await snap.headVersion();
    const scope = viewer.scope();
    const refs = viewer.group === 'assigned' ? await snap.assignedRefs(viewer.user.id) : NO_REFS;
    let total = 0;
    for (const entity of ENTITIES) total += await snap.countScoped(entity, scope);
    sink.send({ type: 'bootstrap-begin', epoch, version, total });
    let sent = 0;
    for (const entity of ENTITIES) {
      let afterId: string | null = null;
      for (;;) {
        const page: ScopedRow<EntityName>[] = await snap.pageScoped(entity, scope, afterId, BOOTSTRAP_CHUNK_ROWS);
        const last = page.at(-1);
        if (!last) break;
        afterId = last.row.id;
        const rows = page.filter((scoped) => isSnapshotRowVisible(viewer, entity, scoped, refs)).map((scoped) => scoped.row);
        sent += rows.length;
        if (rows.length > 0) sink.send({ type: 'bootstrap-rows', entity, rows, sent, total });
        await sink.drain();
        if (!sink.isOpen()) return null;
        if (page.length < BOOTSTRAP_CHUNK_ROWS) break;
      }
    }
    viewer.know(refs);
    sink.send({ type: 'bootstrap-end', cursor: { epoch, version } });
    return { version, rows: sent };
  });
}

/** At most `limit` tasks at a time (concurrent bootstraps each hold a connection and a buffer). */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
