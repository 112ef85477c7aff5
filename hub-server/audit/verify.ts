// Checks the audit chain link by link: every version present from the compaction anchor on, each
// hash following from the one before, and no synced row newer than the log's last entry.
import type { AuditVerifyResult } from '../../shared/admin.js';
import type { ReadTx } from '../db/repository.js';
import { readCompactionHorizon } from '../domain/compaction.js';
import { AUDIT_ANCHOR_KEY, parseAnchor, type AuditHasher } from './hash-chain.js';

const PAGE = 2000;

type Broken = NonNullable<AuditVerifyResult['firstBroken']>;

export type AuditChainReport = AuditVerifyResult & Readonly<{ firstVersion: number; lastVersion: number }>;

/**
 * A page of the log, or the first entry whose stored JSON no longer parses (an edit by hand that
 * broke it): read one entry at a time from `after` to find it.
 */
async function readPage(tx: ReadTx, after: number): Promise<Awaited<ReturnType<ReadTx['changesSince']>> | Readonly<{ unreadable: number }>> {
  try {
    return await tx.changesSince(after, PAGE);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    for (let version = after; ; version += 1) {
      try {
        const one = await tx.changesSince(version, 1);
        if (one.length === 0) throw error;
      } catch (inner) {
        if (!(inner instanceof SyntaxError)) throw inner;
        return { unreadable: version + 1 };
      }
    }
  }
}

/** Walks the whole log inside one read transaction (a consistent snapshot). */
export async function verifyAuditChain(tx: ReadTx, hasher: AuditHasher, checkedAt: string): Promise<AuditChainReport> {
  const anchor = parseAnchor(await tx.getMeta(AUDIT_ANCHOR_KEY));
  const horizon = await readCompactionHorizon(tx);
  const headVersion = await tx.headVersion();
  // Compacted before the chain existed: the chain starts afresh at the first kept entry.
  const start = anchor ? anchor.version : horizon;
  let previous = anchor?.hash ?? '';
  let expected = start + 1;
  let checked = 0;
  let firstBroken: Broken | null = null;
  outer: for (;;) {
    const page = await readPage(tx, expected - 1);
    if ('unreadable' in page) {
      firstBroken = { version: page.unreadable, reason: `entry ${page.unreadable} cannot be read (its stored JSON was edited)` };
      break;
    }
    for (const entry of page) {
      if (entry.version !== expected) {
        firstBroken = { version: expected, reason: expected === entry.version - 1 ? `entry ${expected} is missing (deleted from the log)` : `entries ${expected}..${entry.version - 1} are missing (deleted from the log)` };
        break outer;
      }
      if (!entry.hash) {
        firstBroken = { version: entry.version, reason: `entry ${entry.version} has no hash (the hash was removed)` };
        break outer;
      }
      if (hasher(previous, entry) !== entry.hash) {
        firstBroken = { version: entry.version, reason: `entry ${entry.version} does not match its hash (the entry, or the one before it, was edited)` };
        break outer;
      }
      previous = entry.hash;
      expected += 1;
      checked += 1;
    }
    if (page.length < PAGE) break;
  }
  if (!firstBroken) {
    const newestRow = await tx.maxRowVersion();
    if (newestRow > expected - 1 && newestRow > horizon) {
      firstBroken = { version: expected, reason: `entries ${expected}..${newestRow} are missing (data rows carry version ${newestRow} but the log ends at ${expected - 1})` };
    }
  }
  return { ok: firstBroken === null, checked, headVersion, firstBroken, checkedAt, firstVersion: start + 1, lastVersion: expected - 1 };
}
