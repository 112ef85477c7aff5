// The parts catalogue: savePart creates a part or rewrites one (a part is never deleted, only made
// inactive, so reports that used it keep their reference). Part numbers are unique, ignoring case.
import type { PartRow, SavePartArgs } from '../../shared/service.js';
import { AppError } from '../../shared/errors.js';
import type { WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';

export type SavePartResult = Readonly<{ id: string; created: boolean }>;

export async function savePart(tx: WriteTx, ctx: CommandContext, args: SavePartArgs): Promise<SavePartResult> {
  const before = await tx.getPart(args.id);
  const number = args.partNumber.toLowerCase();
  const clash = (await tx.listRows('parts')).find((p) => p.id !== args.id && p.partNumber.toLowerCase() === number);
  if (clash) {
    const message = `Part number ${clash.partNumber} is already in the catalogue.`;
    throw new AppError('VALIDATION', message, { fields: { partNumber: message }, existingId: clash.id });
  }
  const version = await tx.allocateVersion();
  const row: PartRow = { id: args.id, partNumber: args.partNumber, description: args.description, models: [...new Set(args.models)], active: args.active, version };
  await tx.putPart(row);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'parts', entityId: row.id, op: 'put', before, after: row })]);
  return { id: row.id, created: before === null };
}
