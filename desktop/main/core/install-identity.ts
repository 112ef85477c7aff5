// The install's clientGroupId (one per workstation install), kept in <dataDir>/install.json.
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from './atomic-file.js';

const installSchema = z.object({ clientGroupId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/) });

export function ensureClientGroupId(dataDir: string): string {
  const file = path.join(dataDir, 'install.json');
  const parsed = installSchema.safeParse(readJsonFile(file));
  if (parsed.success) return parsed.data.clientGroupId;
  const clientGroupId = uuidv7();
  writeJsonAtomic(file, { clientGroupId }, 0o644);
  return clientGroupId;
}
