// Who runs a domain command, when, and from which client: stamped on every change-log entry.
import type { PublicUser } from '../../shared/domain.js';
import type { ChangeLogEntry } from '../db/repository.js';
import type { EntityName } from '../../shared/sync/entities.js';

export type CommandContext = Readonly<{
  user: PublicUser;
  /** Hub time (ISO) of the command. */
  now: string;
  clientId: string | null;
  mutationId: number | null;
  /** The client's own time of the change, informational (audit trail). */
  clientCreatedAt: string | null;
  /** The caller's sign-in (console name and address in the audit log); null for the hub's own writes. */
  sessionId?: string | null;
  /** The change was made while the console was offline and replayed. */
  offline?: boolean;
  /**
   * The hub acting on its own (mail intake, delivery updates): `user` is the account the write is
   * attributed to in the change log, but case events record no person (`userId` null).
   */
  system?: boolean;
}>;

export function changeEntry(
  ctx: CommandContext,
  change: Readonly<{ version: number; entity: EntityName; entityId: string; op: 'put' | 'del'; before: unknown; after: unknown }>,
): ChangeLogEntry {
  // Members listed, not spread: a spread plus seven added members cost V8 ~15 µs per entry, which
  // every command and each row of a 100,000-row import pays.
  return {
    version: change.version,
    entity: change.entity,
    entityId: change.entityId,
    op: change.op,
    before: change.before,
    after: change.after,
    userId: ctx.user.id,
    clientId: ctx.clientId,
    mutationId: ctx.mutationId,
    clientCreatedAt: ctx.clientCreatedAt,
    createdAt: ctx.now,
    sessionId: ctx.sessionId ?? null,
    offline: ctx.offline ?? false,
  };
}
