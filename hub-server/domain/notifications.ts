// The notification centre's one write: marking one's own notifications read. Someone else's (or a
// missing) notification is NOT_FOUND, so ids outside one's own leak nothing; already-read ones are
// left as they are, so a replayed or repeated mark changes nothing.
import type { MarkNotificationsReadArgs, NotificationRow } from '../../shared/case-events.js';
import { AppError } from '../../shared/errors.js';
import type { ChangeLogEntry, WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';

export type MarkNotificationsReadResult = Readonly<{ read: readonly string[] }>;

export async function markNotificationsRead(tx: WriteTx, ctx: CommandContext, args: MarkNotificationsReadArgs): Promise<MarkNotificationsReadResult> {
  const entries: ChangeLogEntry[] = [];
  const read: string[] = [];
  for (const id of new Set(args.ids)) {
    const before = await tx.getNotification(id);
    if (!before || before.userId !== ctx.user.id) throw new AppError('NOT_FOUND', 'That notification does not exist.', { id });
    if (before.readAt !== null) continue;
    const version = await tx.allocateVersion();
    const after: NotificationRow = { ...before, readAt: ctx.now, version };
    await tx.replaceNotification(after);
    entries.push(changeEntry(ctx, { version, entity: 'notifications', entityId: id, op: 'put', before, after }));
    read.push(id);
  }
  await tx.appendChanges(entries);
  return { read };
}
