// The saved sign-in: hub URL, refresh token, user and whether a temporary password must be changed
// first, in <dataDir>/session.json (mode 0600, since the refresh token is a credential). Written
// atomically; a corrupt file counts as signed out.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { publicUserSchema, type PublicUser } from '../../../shared/domain.js';
import { readJsonFile, writeJsonAtomic } from './atomic-file.js';

export type SavedSession = Readonly<{ hubUrl: string; refreshToken: string; user: PublicUser; mustChangePassword: boolean }>;

const savedSessionSchema = z.object({
  hubUrl: z.string().min(1),
  refreshToken: z.string().min(1),
  user: publicUserSchema,
  // Files saved before the flag existed belong to users who had no temporary password.
  mustChangePassword: z.boolean().default(false),
});

export function sessionFile(dataDir: string): string {
  return path.join(dataDir, 'session.json');
}

export function loadSession(dataDir: string): SavedSession | null {
  const parsed = savedSessionSchema.safeParse(readJsonFile(sessionFile(dataDir)));
  return parsed.success ? parsed.data : null;
}

export function saveSession(dataDir: string, session: SavedSession): void {
  writeJsonAtomic(sessionFile(dataDir), session, 0o600);
}

export function deleteSession(dataDir: string): void {
  fs.rmSync(sessionFile(dataDir), { force: true });
}
