// The hub's epoch: a random id made once per database. Restoring a backup (or starting afresh)
// changes it, which tells every console that its cursor is meaningless and it must bootstrap.
import crypto from 'node:crypto';
import type { HubRepository } from './repository.js';

export async function ensureEpoch(repo: HubRepository): Promise<string> {
  return repo.write(async (tx) => {
    const existing = await tx.getMeta('epoch');
    if (existing) return existing;
    const epoch = crypto.randomUUID();
    await tx.setMeta('epoch', epoch);
    return epoch;
  });
}
