// People: creating, editing, (de)activating users and changing their passwords. Every change is a
// `users` change-log entry whose before/after is the SyncedUser (never a password or its hash), so
// consoles sync it and the audit log shows it. Plain functions over a write transaction.
import crypto from 'node:crypto';
import type { AdminUser } from '../../shared/admin.js';
import type { EngineerProfile, PublicUser, Role, SyncedUser } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { ReadTx, UserRecord, WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';
import { regionCodes } from './settings.js';

export type NewUser = Readonly<{
  email: string;
  name: string;
  role: Role;
  regions: readonly string[];
  passwordHash: string;
  id?: string;
  phone?: string;
  engineer?: EngineerProfile | null;
  mustChangePassword?: boolean;
}>;

export function toSyncedUser(r: UserRecord): SyncedUser {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    regions: [...r.regions],
    active: r.active,
    phone: r.phone,
    engineer: r.engineer,
    mustChangePassword: r.mustChangePassword,
    passwordChangedAt: r.passwordChangedAt,
    version: r.version,
  };
}

export function toAdminUser(r: UserRecord): AdminUser {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    role: r.role,
    regions: [...r.regions],
    engineer: r.engineer,
    active: r.active,
    mustChangePassword: r.mustChangePassword,
    createdAt: r.createdAt,
    lastSignInAt: r.lastSignInAt,
  };
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION', message, { fields: { [field]: message } });
}

/** Inserts users in one statement with one change-log entry each; the first is the author when none is given. */
export async function insertUsersWithChanges(tx: WriteTx, users: readonly NewUser[], now: string, authorId?: string, ctx?: CommandContext): Promise<UserRecord[]> {
  const records: UserRecord[] = [];
  for (const user of users) {
    const email = user.email.trim().toLowerCase();
    if (await tx.findUserByEmail(email)) throw new AppError('CONFLICT', `A user with the email ${email} already exists.`, { fields: { email: 'Already in use.' } });
    const version = await tx.allocateVersion();
    records.push({
      id: user.id ?? crypto.randomUUID(),
      email,
      name: user.name,
      role: user.role,
      regions: [...user.regions],
      active: true,
      phone: user.phone ?? '',
      engineer: user.engineer ?? null,
      mustChangePassword: user.mustChangePassword ?? false,
      passwordChangedAt: null,
      version,
      passwordHash: user.passwordHash,
      createdAt: now,
      viewVersion: 0,
      lastSignInAt: null,
    });
  }
  await tx.insertUsers(records);
  await tx.appendChanges(
    records.map((r) => ({
      version: r.version,
      entity: 'users' as const,
      entityId: r.id,
      op: 'put' as const,
      before: null,
      after: toSyncedUser(r),
      userId: ctx?.user.id ?? authorId ?? records[0]?.id ?? null,
      clientId: null,
      mutationId: null,
      clientCreatedAt: null,
      createdAt: now,
      sessionId: ctx?.sessionId ?? null,
    })),
  );
  return records;
}

/** Region codes must come from the `regions` setting; a code in another case is stored as the setting spells it. */
async function checkRegions(tx: ReadTx, regions: readonly string[]): Promise<string[]> {
  const known = await regionCodes(tx);
  const byLower = new Map(known.map((code) => [code.toLowerCase(), code]));
  const out: string[] = [];
  for (const region of regions) {
    const code = byLower.get(region.toLowerCase());
    if (!code) throw invalid('regions', `Unknown region "${region}". Choose from: ${known.join(', ')}.`);
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

export type CreateUserInput = Readonly<{ name: string; email: string; phone: string; role: Role; regions: readonly string[]; engineer: EngineerProfile | null }>;

/** A new user with a temporary password (its hash given), who must choose their own at first sign-in. */
export async function createUser(tx: WriteTx, ctx: CommandContext, input: CreateUserInput, passwordHash: string): Promise<UserRecord> {
  const regions = await checkRegions(tx, input.regions);
  const email = input.email.trim().toLowerCase();
  if (await tx.findUserByEmail(email)) throw new AppError('CONFLICT', `Someone already uses the email ${email}.`, { fields: { email: 'This email is already in use.' } });
  const [record] = await insertUsersWithChanges(
    tx,
    [{ email, name: input.name, role: input.role, regions, passwordHash, phone: input.phone, engineer: input.role === 'fse' ? input.engineer : null, mustChangePassword: true }],
    ctx.now,
    undefined,
    ctx,
  );
  if (!record) throw new AppError('INTERNAL', 'The user was not created.');
  return record;
}

async function userOrNotFound(tx: ReadTx, id: string): Promise<UserRecord> {
  const user = await tx.getUser(id);
  if (!user) throw new AppError('NOT_FOUND', 'That person does not exist.', { id });
  return user;
}

/** Writes the next state of a user with its change-log entry; returns the stored record. */
async function writeUser(tx: WriteTx, ctx: CommandContext, before: UserRecord, change: (version: number) => UserRecord): Promise<UserRecord> {
  const version = await tx.allocateVersion();
  const next = change(version);
  await tx.replaceUser(next);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'users', entityId: next.id, op: 'put', before: toSyncedUser(before), after: toSyncedUser(next) })]);
  return next;
}

const LAST_ADMIN = 'This is the last active admin: make someone else an admin first.';

async function guardLastAdmin(tx: ReadTx, user: UserRecord): Promise<void> {
  if (user.role === 'admin' && user.active && (await tx.countActiveAdmins()) <= 1) throw new AppError('CONFLICT', LAST_ADMIN, { id: user.id });
}

export type UserPatch = Readonly<{ name?: string | undefined; phone?: string | undefined; role?: Role | undefined; regions?: readonly string[] | undefined; engineer?: EngineerProfile | null | undefined }>;
export type UpdatedUser = Readonly<{ user: UserRecord; viewChanged: boolean }>;

const sameRegions = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Edits a user. A role or regions change bumps `viewVersion`: their consoles need a fresh view. */
export async function updateUser(tx: WriteTx, ctx: CommandContext, id: string, patch: UserPatch): Promise<UpdatedUser> {
  const current = await userOrNotFound(tx, id);
  const role = patch.role ?? current.role;
  if (current.role === 'admin' && role !== 'admin') await guardLastAdmin(tx, current);
  const regions = patch.regions === undefined ? [...current.regions] : await checkRegions(tx, patch.regions);
  let engineer: EngineerProfile | null;
  if (role === 'fse') {
    engineer = patch.engineer === undefined ? current.engineer : patch.engineer;
    if (!engineer) throw invalid('engineer', 'An engineer needs a profile (skills and capacity).');
  } else {
    if (patch.engineer) throw invalid('engineer', 'Only engineers have an engineer profile.');
    engineer = null;
  }
  if ((role === 'manager' || role === 'fse') && regions.length === 0) throw invalid('regions', 'Managers and engineers need at least one region.');
  const viewChanged = role !== current.role || !sameRegions(regions, current.regions);
  const user = await writeUser(tx, ctx, current, (version) => ({
    ...current,
    name: patch.name ?? current.name,
    phone: patch.phone ?? current.phone,
    role,
    regions,
    engineer,
    version,
    viewVersion: viewChanged ? version : current.viewVersion,
  }));
  return { user, viewChanged };
}

/**
 * An engineer's record (skills, capacity, working hours, time off). Admins edit any engineer; a
 * manager only engineers sharing one of their regions: users sync to everyone, so another region's
 * engineer is refused as FORBIDDEN rather than hidden as NOT_FOUND.
 */
export async function updateEngineerProfile(tx: WriteTx, ctx: CommandContext, id: string, profile: EngineerProfile): Promise<UserRecord> {
  const current = await userOrNotFound(tx, id);
  if (current.role !== 'fse') throw invalid('engineer', 'Only engineers have an engineer profile.');
  if (ctx.user.role !== 'admin' && !current.regions.some((r) => ctx.user.regions.includes(r))) {
    throw new AppError('FORBIDDEN', 'You can edit only the engineers of your regions.', { id });
  }
  return writeUser(tx, ctx, current, (version) => ({ ...current, engineer: profile, version }));
}

export type SessionsEnded = Readonly<{ user: UserRecord; revokedSessions: readonly string[] }>;

/** Deactivating ends every session of the user at once; their history stays. */
export async function setUserActive(tx: WriteTx, ctx: CommandContext, id: string, active: boolean): Promise<SessionsEnded> {
  const current = await userOrNotFound(tx, id);
  if (current.active === active) return { user: current, revokedSessions: [] };
  if (!active) await guardLastAdmin(tx, current);
  const user = await writeUser(tx, ctx, current, (version) => ({ ...current, active, version }));
  const revokedSessions = active ? [] : await tx.revokeUserSessions(id, ctx.now);
  return { user, revokedSessions };
}

/** A new temporary password (its hash given): the user must change it, and every session ends. */
export async function resetUserPassword(tx: WriteTx, ctx: CommandContext, id: string, passwordHash: string): Promise<SessionsEnded> {
  const current = await userOrNotFound(tx, id);
  const user = await writeUser(tx, ctx, current, (version) => ({ ...current, passwordHash, mustChangePassword: true, version }));
  return { user, revokedSessions: await tx.revokeUserSessions(id, ctx.now) };
}

/** The user chose a new password: the mark is cleared and their other sessions end. */
export async function changeOwnPassword(tx: WriteTx, ctx: CommandContext, passwordHash: string, keepSessionId: string): Promise<SessionsEnded> {
  const current = await userOrNotFound(tx, ctx.user.id);
  const user = await writeUser(tx, ctx, current, (version) => ({ ...current, passwordHash, mustChangePassword: false, passwordChangedAt: ctx.now, version }));
  return { user, revokedSessions: await tx.revokeUserSessions(current.id, ctx.now, keepSessionId) };
}

/** Admins see everyone; a manager sees the people sharing a region with them, and themselves. */
export async function listUsersFor(tx: ReadTx, caller: PublicUser): Promise<AdminUser[]> {
  const all = await tx.listUsers();
  const visible = caller.role === 'admin' ? all : all.filter((u) => u.id === caller.id || u.regions.some((r) => caller.regions.includes(r)));
  return visible.map(toAdminUser);
}
