// Change-log compaction, an explicit admin action: entries below a version leave the database
// (the sync feed and its audit trail) after being appended to an archive file, so the audit
// history is kept outside the live database. Consoles whose cursor is older than the new
// horizon get a fresh bootstrap instead of a catch-up.
import fs from 'node:fs';
import { AppError } from '../../shared/errors.js';
import { AUDIT_ANCHOR_KEY } from '../audit/hash-chain.js';
import type { HubRepository } from '../db/repository.js';

/** Meta key: the highest change-log version that was compacted away (0 = none). */
export const COMPACTION_HORIZON_KEY = 'compactionHorizon';

export type CompactionOutcome = Readonly<{ removed: number; horizon: number; archived: number }>;

const ARCHIVE_PAGE = 2000;

/**
 * Removes change-log entries with version < `before`, appending each as one JSON line to
 * `archiveFile` first (fsynced before the delete commits). `before` may be at most head + 1.
 */
export async function compactChangeLog(repo: HubRepository, before: number, archiveFile: string | null): Promise<CompactionOutcome> {
  if (!Number.isInteger(before) || before < 1) throw new AppError('VALIDATION', 'The compaction version must be a positive whole number.');
  return repo.write(async (tx) => {
    const head = await tx.headVersion();
    if (before > head + 1) throw new AppError('VALIDATION', `Cannot compact past the newest change (version ${head}).`, { head });
    const current = Number((await tx.getMeta(COMPACTION_HORIZON_KEY)) ?? 0);
    const horizon = before - 1;
    if (horizon <= current) return { removed: 0, horizon: current, archived: 0 };
    let archived = 0;
    if (archiveFile) {
      const fd = fs.openSync(archiveFile, 'a', 0o600);
      try {
        let from = current;
        for (;;) {
          const entries = (await tx.changesSince(from, ARCHIVE_PAGE)).filter((entry) => entry.version < before);
          if (entries.length === 0) break;
          fs.writeSync(fd, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
          archived += entries.length;
          from = entries[entries.length - 1]?.version ?? before;
          if (entries.length < ARCHIVE_PAGE) break;
        }
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    // The last removed entry's hash anchors the chain, so the entries that stay can still be verified.
    const last = await tx.getChange(horizon);
    if (last?.hash) await tx.setMeta(AUDIT_ANCHOR_KEY, JSON.stringify({ version: last.version, hash: last.hash }));
    const removed = await tx.deleteChangesBefore(before);
    await tx.setMeta(COMPACTION_HORIZON_KEY, String(horizon));
    return { removed, horizon, archived };
  });
}

/** The horizon consoles' cursors are checked against (0 when never compacted). */
export async function readCompactionHorizon(tx: Readonly<{ getMeta(key: string): Promise<string | null> }>): Promise<number> {
  return Number((await tx.getMeta(COMPACTION_HORIZON_KEY)) ?? 0);
}
