// The command context of the hub's own writes (mail intake, acknowledgements, delivery updates,
// automatic assignment, escalations).
// Case events record no person (`system`); the change log and `cases.createdBy` need an account,
// so the writes are attributed to the longest-standing active admin.
import { AppError } from '../../shared/errors.js';
import { toPublicUser } from '../auth/auth-service.js';
import type { ReadTx } from '../db/repository.js';
import type { CommandContext } from '../domain/command-context.js';

export async function systemContext(tx: ReadTx, now: string): Promise<CommandContext> {
  const ctx = await systemContextOrNull(tx, now);
  if (!ctx) throw new AppError('UNAVAILABLE', 'The hub needs an active admin account to record its own changes under.');
  return ctx;
}

/** The same, or null when no active admin exists (the hub then leaves the work to people). */
export async function systemContextOrNull(tx: ReadTx, now: string): Promise<CommandContext | null> {
  const admins = (await tx.listUsers()).filter((u) => u.role === 'admin' && u.active);
  admins.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const admin = admins[0];
  if (!admin) return null;
  return { user: toPublicUser(admin), now, clientId: null, mutationId: null, clientCreatedAt: null, sessionId: null, offline: false, system: true };
}
