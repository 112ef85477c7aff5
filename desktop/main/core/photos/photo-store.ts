// Where this console keeps photos: <dataDir>/photos/<sha256>.jpg, content-addressed (the resized
// photo and its thumbnail alike), and the persisted list of those still to upload to the hub.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { ReadableDb, WritableDb } from '../cache/cache-db.js';
import { meta } from '../cache/schema.js';

export function photosDirFor(dataDir: string): string {
  return path.join(dataDir, 'photos');
}

/** The data folder a cache belongs to: caches live in <dataDir>/cache/<key>.sqlite. */
export function dataDirOfCache(db: ReadableDb): string | null {
  const file = (db as unknown as { $client?: { name?: unknown } }).$client?.name;
  return typeof file === 'string' && file !== ':memory:' && file !== '' ? path.dirname(path.dirname(file)) : null;
}

export function photoPath(photosDir: string, sha256: string): string {
  return path.join(photosDir, `${sha256}.jpg`);
}

/** The file's path when this console has it, else null. */
export function localPhotoPath(photosDir: string | null, sha256: string): string | null {
  if (!photosDir) return null;
  const file = photoPath(photosDir, sha256);
  return fs.existsSync(file) ? file : null;
}

/** One photo waiting for the hub's file store: both blobs go, the photo then its thumbnail. */
export type QueuedUpload = Readonly<{ photoId: string; sha256: string; thumbSha256: string; bytes: number; thumbBytes: number; queuedAt: string; attempts: number }>;

const QUEUE_KEY = 'photoUploads';

/** The upload queue, oldest first. Kept in the cache's meta table: written in the same transaction as the photo's outbox row. */
export function readUploadQueue(db: ReadableDb): QueuedUpload[] {
  const row = db.select({ value: meta.value }).from(meta).where(eq(meta.key, QUEUE_KEY)).get();
  if (!row) return [];
  try {
    const parsed: unknown = JSON.parse(row.value);
    return Array.isArray(parsed) ? (parsed as QueuedUpload[]) : [];
  } catch {
    return [];
  }
}

export function writeUploadQueue(db: WritableDb, queue: readonly QueuedUpload[]): void {
  db.insert(meta)
    .values({ key: QUEUE_KEY, value: JSON.stringify(queue) })
    .onConflictDoUpdate({ target: meta.key, set: { value: JSON.stringify(queue) } })
    .run();
}

export function queuedPhotoIds(db: ReadableDb): Set<string> {
  return new Set(readUploadQueue(db).map((q) => q.photoId));
}

const SENT_KEY = 'photoUploadsSent';

/**
 * Full-size photos this console sent and the hub's file store took (PUT answered OK). Only these
 * may be removed once the hub also confirmed their photo row (upload-cleanup.ts).
 */
export function readSentUploads(db: ReadableDb): Set<string> {
  const row = db.select({ value: meta.value }).from(meta).where(eq(meta.key, SENT_KEY)).get();
  if (!row) return new Set();
  try {
    const parsed: unknown = JSON.parse(row.value);
    return new Set(Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : []);
  } catch {
    return new Set();
  }
}

export function writeSentUploads(db: WritableDb, shas: ReadonlySet<string>): void {
  const value = JSON.stringify([...shas]);
  db.insert(meta).values({ key: SENT_KEY, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}
