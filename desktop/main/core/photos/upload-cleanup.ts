// Keeps the console's local upload files from growing for ever, without ever losing a photo the hub
// does not have yet: window uploads abandoned half-way, photos of removed photos and deleted drafts
// (no photo row points at them any more), and full-size photos this console sent once the hub has
// both the file and the photo row. Thumbnails of live photos stay (lists and offline PDFs use them).
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { addReportPhotoArgsSchema } from '../../../../shared/service.js';
import { writeTransaction, type WritableDb } from '../cache/cache-db.js';
import { outbox, reportPhotos } from '../cache/schema.js';
import { readSentUploads, readUploadQueue, writeSentUploads } from './photo-store.js';

/** A file younger than this is left alone: a photo may be stored a moment before its row is written. */
export const CLEANUP_GRACE_MS = 10 * 60_000;
/** A window upload not finished within this long was abandoned (a closed window, a crash). */
export const ABANDONED_PART_MS = 60 * 60_000;

const BLOB = /^([0-9a-f]{64})\.jpg$/;

export type SweepOptions = Readonly<{ db: WritableDb; photosDir: string; uploadsDir: string; nowMs?: number }>;

function olderThan(file: string, ms: number, now: number): boolean {
  try {
    return now - fs.statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

/** Removes what is safe to remove; returns the removed file names. */
export function sweepLocalUploads(options: SweepOptions): string[] {
  const { db, photosDir, uploadsDir } = options;
  const now = options.nowMs ?? Date.now();
  const removed: string[] = [];
  const remove = (dir: string, name: string) => {
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  };

  if (fs.existsSync(uploadsDir)) {
    for (const name of fs.readdirSync(uploadsDir)) {
      if (name.endsWith('.part') && olderThan(path.join(uploadsDir, name), ABANDONED_PART_MS, now)) remove(uploadsDir, name);
    }
  }
  if (!fs.existsSync(photosDir)) return removed;

  return writeTransaction(db, () => {
    // Not at the hub yet: queued for upload, or a photo row the hub has not confirmed.
    const unsent = new Set<string>();
    for (const q of readUploadQueue(db)) unsent.add(q.sha256).add(q.thumbSha256);
    for (const row of db.select({ args: outbox.args }).from(outbox).where(eq(outbox.name, 'addReportPhoto')).all()) {
      const args = addReportPhotoArgsSchema.safeParse(row.args);
      if (args.success) unsent.add(args.data.sha256).add(args.data.thumbSha256);
    }
    // Confirmed by the hub: a photo row the hub sent back (a pending removal keeps it until then).
    const confirmedFull = new Set<string>();
    const confirmedThumb = new Set<string>();
    for (const p of db.select({ sha256: reportPhotos.sha256, thumbSha256: reportPhotos.thumbSha256 }).from(reportPhotos).all()) {
      confirmedFull.add(p.sha256);
      confirmedThumb.add(p.thumbSha256);
    }
    const sent = readSentUploads(db);

    for (const name of fs.readdirSync(photosDir)) {
      const sha = BLOB.exec(name)?.[1];
      if (!sha || unsent.has(sha) || confirmedThumb.has(sha)) continue;
      if (!olderThan(path.join(photosDir, name), CLEANUP_GRACE_MS, now)) continue;
      // The hub took the file (sent) and confirmed its photo row: the local copy is no longer needed.
      const acknowledged = confirmedFull.has(sha) && sent.has(sha);
      // No photo row points at it (a removed photo, a deleted draft or case, a refused photo).
      const orphan = !confirmedFull.has(sha);
      if (acknowledged || orphan) remove(photosDir, name);
    }
    // Forget sent photos whose file is gone (removed here, or never kept).
    const left = new Set([...sent].filter((sha) => fs.existsSync(path.join(photosDir, `${sha}.jpg`))));
    if (left.size !== sent.size) writeSentUploads(db, left);
    return removed;
  });
}
