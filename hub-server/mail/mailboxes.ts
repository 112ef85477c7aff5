// Mailbox settings as admins manage them: create, change, remove and list. Passwords are encrypted
// with the hub's mail key on the way in and never leave the hub (views carry `hasPassword` only).
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../shared/errors.js';
import type { mailboxInputSchema, mailboxPatchSchema, MailboxView, MailServerView } from '../../shared/mail.js';
import type { z } from 'zod';
import type { MailboxRecord, ReadTx, WriteTx } from '../db/repository.js';
import type { StoredMailServer } from '../db/schema.js';
import { encryptSecret } from './mail-key.js';

type ServerInput = z.output<typeof mailboxInputSchema>['imap'];
type ServerPatch = NonNullable<z.output<typeof mailboxPatchSchema>['imap']>;

function serverView(server: StoredMailServer): MailServerView {
  return { host: server.host, port: server.port, security: server.security, user: server.user, hasPassword: server.passwordEnc !== null };
}

export function toMailboxView(row: MailboxRecord): MailboxView {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    imap: serverView(row.imap),
    smtp: serverView(row.smtp),
    folder: row.folder,
    enabled: row.enabled,
    state: row.state,
    lastError: row.lastError,
    lastCheckedAt: row.lastCheckedAt,
    retryAt: row.retryAt,
    handled: row.handled,
  };
}

function storeServer(key: Buffer, input: ServerInput): StoredMailServer {
  return { host: input.host, port: input.port, security: input.security, user: input.user, passwordEnc: input.password ? encryptSecret(key, input.password) : null };
}

/** A partial server change; a password left out keeps the stored one. */
function patchServer(key: Buffer, stored: StoredMailServer, patch: ServerPatch | undefined): StoredMailServer {
  if (!patch) return stored;
  return {
    host: patch.host ?? stored.host,
    port: patch.port ?? stored.port,
    security: patch.security ?? stored.security,
    user: patch.user ?? stored.user,
    passwordEnc: patch.password ? encryptSecret(key, patch.password) : stored.passwordEnc,
  };
}

async function assertAddressFree(tx: ReadTx, address: string, exceptId: string | null): Promise<void> {
  const clash = (await tx.listMailboxes()).find((m) => m.address.toLowerCase() === address.toLowerCase() && m.id !== exceptId);
  if (clash) throw new AppError('CONFLICT', `The mailbox "${clash.name}" already uses ${address}.`, { fields: { address: 'Another mailbox uses this address.' } });
}

export async function listMailboxViews(tx: ReadTx): Promise<MailboxView[]> {
  return (await tx.listMailboxes()).map(toMailboxView);
}

export async function createMailbox(tx: WriteTx, key: Buffer, input: z.output<typeof mailboxInputSchema>, now: string): Promise<MailboxRecord> {
  await assertAddressFree(tx, input.address, null);
  const row: MailboxRecord = {
    id: uuidv7(),
    name: input.name,
    address: input.address.toLowerCase(),
    imap: storeServer(key, input.imap),
    smtp: storeServer(key, input.smtp),
    folder: input.folder,
    enabled: input.enabled,
    state: input.enabled ? 'connecting' : 'disabled',
    lastError: null,
    lastCheckedAt: null,
    retryAt: null,
    handled: 0,
    createdAt: now,
  };
  await tx.insertMailbox(row);
  return row;
}

export async function mailboxOrNotFound(tx: ReadTx, id: string): Promise<MailboxRecord> {
  const row = await tx.getMailbox(id);
  if (!row) throw new AppError('NOT_FOUND', 'This mailbox does not exist (it may have been removed).', { id });
  return row;
}

export async function updateMailbox(tx: WriteTx, key: Buffer, id: string, patch: z.output<typeof mailboxPatchSchema>): Promise<MailboxRecord> {
  const stored = await mailboxOrNotFound(tx, id);
  if (patch.address) await assertAddressFree(tx, patch.address, id);
  const next: MailboxRecord = {
    ...stored,
    name: patch.name ?? stored.name,
    address: patch.address?.toLowerCase() ?? stored.address,
    imap: patchServer(key, stored.imap, patch.imap),
    smtp: patchServer(key, stored.smtp, patch.smtp),
    folder: patch.folder ?? stored.folder,
    enabled: patch.enabled ?? stored.enabled,
  };
  await tx.replaceMailboxSettings(next);
  return next;
}

/** Removes the mailbox's settings; its mail history (thread index) stays so replies still thread. */
export async function removeMailbox(tx: WriteTx, id: string): Promise<void> {
  await mailboxOrNotFound(tx, id);
  await tx.deleteMailbox(id);
}
