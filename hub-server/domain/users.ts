// Creating users: the row plus its change-log entry, so consoles receive people like any other row.
import crypto from 'node:crypto';
import type { Role, SyncedUser } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { UserRecord, WriteTx } from '../db/repository.js';

export type NewUser = Readonly<{ email: string; name: string; role: Role; regions: readonly string[]; passwordHash: string; id?: string }>;

/** Inserts users in one statement with one change-log entry each; the first is the author when none is given. */
export async function insertUsersWithChanges(tx: WriteTx, users: readonly NewUser[], now: string, authorId?: string): Promise<UserRecord[]> {
  const records: UserRecord[] = [];
  for (const user of users) {
    const email = user.email.trim().toLowerCase();
    if (await tx.findUserByEmail(email)) throw new AppError('CONFLICT', `A user with the email ${email} already exists.`, { fields: { email: 'Already in use.' } });
    const version = await tx.allocateVersion();
    records.push({ id: user.id ?? crypto.randomUUID(), email, name: user.name, role: user.role, regions: [...user.regions], active: true, version, passwordHash: user.passwordHash, createdAt: now });
  }
  await tx.insertUsers(records);
  const synced = (r: UserRecord): SyncedUser => ({ id: r.id, email: r.email, name: r.name, role: r.role, regions: r.regions, active: r.active, version: r.version });
  await tx.appendChanges(
    records.map((r) => ({
      version: r.version,
      entity: 'users' as const,
      entityId: r.id,
      op: 'put' as const,
      before: null,
      after: synced(r),
      userId: authorId ?? records[0]?.id ?? null,
      clientId: null,
      mutationId: null,
      clientCreatedAt: null,
      createdAt: now,
    })),
  );
  return records;
}
