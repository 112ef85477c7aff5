// Where a cache lives: one SQLite file per hub and user, so two people (or two hubs) on one
// workstation never see each other's rows or outbox.
import { createHash } from 'node:crypto';
import path from 'node:path';

export function cacheFileFor(dataDir: string, hubUrl: string, userId: string): string {
  const key = createHash('sha256').update(`${hubUrl}\n${userId}`).digest('hex').slice(0, 16);
  return path.join(dataDir, 'cache', `${key}.sqlite`);
}

/** The one spelling of a hub URL used for cache names and saved sessions (no trailing slash). */
export function normaliseHubUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}
