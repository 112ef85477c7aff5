// Detects a hub database restored from a backup. The epoch lives inside hub.db, so a restored file
// brings its old epoch back, and consoles whose cursors are past the restored head would skip the
// history written after it. Beside hub.db the hub keeps the newest version it has served; finding
// the database behind that mark means a restore, and a new epoch sends every console a fresh
// bootstrap (their pending changes are kept and re-sent).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HubLogger } from '../logger.js';
import type { HubRepository } from './repository.js';

type HeadMark = Readonly<{ epoch: string; head: number }>;

const MARK_WRITE_DELAY_MS = 250;

export function headMarkFile(dataDir: string): string {
  return path.join(dataDir, 'head-mark.json');
}

function readMark(file: string): HeadMark | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HeadMark>;
    return typeof parsed.epoch === 'string' && typeof parsed.head === 'number' ? { epoch: parsed.epoch, head: parsed.head } : null;
  } catch {
    return null; // no mark yet, or a torn one: nothing to compare against
  }
}

function writeMark(file: string, mark: HeadMark): void {
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(mark));
  fs.renameSync(temp, file);
}

/** Returns the epoch to serve: the stored one, or a new one when the database was restored. */
export async function epochAfterRestoreCheck(repo: HubRepository, dataDir: string, epoch: string, log: HubLogger): Promise<string> {
  const file = headMarkFile(dataDir);
  const mark = readMark(file);
  const head = await repo.read((tx) => tx.headVersion());
  let served = epoch;
  if (mark && mark.epoch === epoch && head < mark.head) {
    served = crypto.randomUUID();
    await repo.write((tx) => tx.setMeta('epoch', served));
    log.warn('The hub database is older than the newest change this hub served (restored from a backup?); starting a new epoch so every console bootstraps again', {
      head,
      served: mark.head,
    });
  }
  writeMark(file, { epoch: served, head });
  return served;
}

/** Keeps the mark at the newest committed version (written shortly after commits, and on stop). */
export function keepHeadMark(repo: HubRepository, dataDir: string, epoch: string): { stop(): void } {
  const file = headMarkFile(dataDir);
  let head = -1;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    if (head >= 0) writeMark(file, { epoch, head });
  };
  const unsubscribe = repo.onCommit((newHead) => {
    head = Math.max(head, newHead);
    timer ??= setTimeout(flush, MARK_WRITE_DELAY_MS);
  });
  return {
    stop() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
