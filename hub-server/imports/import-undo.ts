// Undoes a finished import in one write transaction, from the rows it tagged: changed rows are put
// back as they were, created rows are deleted (projectors, then sites, then customers) and created
// engineers deactivated (their sessions end). A row that changed again since the import, or that a
// case (or a row that stays) still refers to, is kept and reported with why. Every write is a
// change-log entry like any admin change, so consoles see it through sync.
import type { Customer, Projector, Site } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { ImportUndoResult } from '../../shared/import.js';
import type { EntityName } from '../../shared/sync/entities.js';
import type { ChangeLogEntry, ImportReference, ImportRowTag, ImportTable, ImportTableRow, UserRecord, WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from '../domain/command-context.js';
import { setUserActive, toSyncedUser } from '../domain/users.js';
import { importJobOrNotFound } from './import-jobs.js';

export type UndoneImport = Readonly<{
  result: ImportUndoResult;
  /** Sessions of deactivated engineers (their sync sockets close after the commit). */
  revokedSessions: readonly string[];
  /** Engineers whose regions were put back (their consoles need a fresh view). */
  viewChanged: readonly string[];
}>;

type Kept = { entity: string; id: string; label: string; reason: string };

const CHANGED_SINCE = 'Changed again after the import.';
const GONE = 'Already deleted after the import.';

/** What refers to a row of each table, checked before it is deleted, with the reason shown when one does. */
const REFERENCES: Readonly<Record<ImportTable, readonly Readonly<{ ref: ImportReference; reason: string }>[]>> = {
  projectors: [{ ref: 'cases.projectorId', reason: 'A case refers to this projector.' }],
  sites: [
    { ref: 'cases.siteId', reason: 'A case refers to this site.' },
    { ref: 'projectors.siteId', reason: 'A projector that stays is installed at this site.' },
  ],
  customers: [
    { ref: 'cases.customerId', reason: 'A case refers to this customer.' },
    { ref: 'sites.customerId', reason: 'A site that stays belongs to this customer.' },
  ],
};

function labelOf(entity: EntityName, row: unknown): string {
  if (row === null || typeof row !== 'object') return '';
  switch (entity) {
    case 'projectors':
      return (row as Projector).serial;
    case 'sites':
      return (row as Site).name;
    case 'customers':
      return `${(row as Customer).name} (${(row as Customer).code})`;
    case 'users':
      return (row as UserRecord).email;
    default:
      return '';
  }
}

export async function undoImport(tx: WriteTx, ctx: CommandContext, jobId: string): Promise<UndoneImport> {
  const job = await importJobOrNotFound(tx, jobId);
  if (job.status === 'running') throw new AppError('CONFLICT', 'This import is still running: finish or cancel it first.', { id: jobId, status: job.status });
  if (job.status === 'undone') throw new AppError('CONFLICT', 'This import was already undone.', { id: jobId, status: job.status });

  const tags = await tx.importRowsOf(jobId);
  const byEntity = new Map<EntityName, ImportRowTag[]>();
  for (const tag of tags) {
    const list = byEntity.get(tag.entity);
    if (list) list.push(tag);
    else byEntity.set(tag.entity, [tag]);
  }
  const kept: Kept[] = [];
  const changes: ChangeLogEntry[] = [];
  let removed = 0;
  let restored = 0;

  // Current rows, and which tags may still be undone (the row exists at the version the import left).
  const current = new Map<ImportTable, Map<string, ImportTableRow<ImportTable>>>();
  const undoable = new Map<ImportTable, ImportRowTag[]>();
  for (const entity of ['customers', 'sites', 'projectors'] as const) {
    const list = byEntity.get(entity) ?? [];
    const rows = new Map<string, ImportTableRow<ImportTable>>((await tx.rowsByIds(entity, list.map((t) => t.entityId))).map((r) => [r.id, r]));
    current.set(entity, rows);
    const ok: ImportRowTag[] = [];
    for (const tag of list) {
      const row = rows.get(tag.entityId);
      if (!row) kept.push({ entity, id: tag.entityId, label: labelOf(entity, tag.before), reason: GONE });
      else if (row.version !== tag.version) kept.push({ entity, id: tag.entityId, label: labelOf(entity, row), reason: CHANGED_SINCE });
      else ok.push(tag);
    }
    undoable.set(entity, ok);
  }

  // Changed rows first: a projector put back on its old site frees a site the import created.
  for (const entity of ['customers', 'sites', 'projectors'] as const) {
    const rows = current.get(entity) ?? new Map();
    const back: ImportTableRow<ImportTable>[] = [];
    for (const tag of undoable.get(entity) ?? []) {
      if (tag.before === null) continue;
      const version = await tx.allocateVersion();
      const row = { ...(tag.before as ImportTableRow<ImportTable>), version };
      changes.push(changeEntry(ctx, { version, entity, entityId: tag.entityId, op: 'put', before: rows.get(tag.entityId), after: row }));
      back.push(row);
    }
    if (back.length > 0) await tx.replaceRows(entity, back);
    restored += back.length;
  }

  // Created rows: projectors, then sites, then customers, each checked against what still refers to it.
  for (const entity of ['projectors', 'sites', 'customers'] as const) {
    const rows = current.get(entity) ?? new Map();
    const candidates = (undoable.get(entity) ?? []).filter((t) => t.before === null).map((t) => t.entityId);
    const blocked = new Map<string, string>();
    for (const { ref, reason } of REFERENCES[entity]) {
      for (const id of await tx.referencedIds(ref, candidates)) if (!blocked.has(id)) blocked.set(id, reason);
    }
    const gone: string[] = [];
    for (const id of candidates) {
      const reason = blocked.get(id);
      if (reason) {
        kept.push({ entity, id, label: labelOf(entity, rows.get(id)), reason });
        continue;
      }
      const version = await tx.allocateVersion();
      changes.push(changeEntry(ctx, { version, entity, entityId: id, op: 'del', before: rows.get(id), after: null }));
      gone.push(id);
    }
    // Deleted before the next table is checked: a site whose projectors all went is free to go.
    await tx.deleteRows(entity, gone);
    removed += gone.length;
  }
  // The log is appended once, in version order, after the table writes it describes.
  await tx.appendChanges(changes);

  // People: created engineers are deactivated (never deleted: history refers to them), changed ones put back.
  const revokedSessions: string[] = [];
  const viewChanged: string[] = [];
  for (const tag of byEntity.get('users') ?? []) {
    const user = await tx.getUser(tag.entityId);
    if (!user) {
      kept.push({ entity: 'users', id: tag.entityId, label: labelOf('users', tag.before), reason: GONE });
      continue;
    }
    if (user.version !== tag.version) {
      kept.push({ entity: 'users', id: tag.entityId, label: user.email, reason: CHANGED_SINCE });
      continue;
    }
    if (tag.before === null) {
      const outcome = await setUserActive(tx, ctx, user.id, false);
      revokedSessions.push(...outcome.revokedSessions);
      removed += 1;
      continue;
    }
    const before = tag.before as ReturnType<typeof toSyncedUser>;
    const version = await tx.allocateVersion();
    const regionsChanged = [...before.regions].sort().join('\n') !== [...user.regions].sort().join('\n');
    const next: UserRecord = { ...user, name: before.name, phone: before.phone, regions: [...before.regions], engineer: before.engineer, version, viewVersion: regionsChanged ? version : user.viewVersion };
    await tx.replaceUser(next);
    await tx.appendChanges([changeEntry(ctx, { version, entity: 'users', entityId: user.id, op: 'put', before: toSyncedUser(user), after: toSyncedUser(next) })]);
    if (regionsChanged) viewChanged.push(user.id);
    restored += 1;
  }

  await tx.replaceImportJob({ ...job, status: 'undone', undoneAt: ctx.now });
  return { result: { removed, restored, kept }, revokedSessions, viewChanged };
}
