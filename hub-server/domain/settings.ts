// Organisation settings on the hub: the `updateSetting` mutation (admins; last writer wins; one
// `settings` change-log entry) and reading resolved values for the hub's own checks.
import { resolveSettings, type SettingRow, type SettingValues, type UpdateSettingArgs } from '../../shared/settings.js';
import type { ReadTx, WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';

export type UpdateSettingResult = Readonly<{ id: string; version: number }>;

export async function updateSetting(tx: WriteTx, ctx: CommandContext, args: UpdateSettingArgs): Promise<UpdateSettingResult> {
  const before = await tx.getSetting(args.key);
  const version = await tx.allocateVersion();
  const row: SettingRow = { id: args.key, value: args.value, updatedAt: ctx.now, updatedBy: ctx.user.id, version };
  await tx.putSetting(row);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'settings', entityId: row.id, op: 'put', before, after: row })]);
  return { id: row.id, version };
}

/** Every setting, stored values over the registry's defaults. */
export async function readSettings(tx: ReadTx): Promise<SettingValues> {
  return resolveSettings(await tx.listRows('settings'));
}

export async function regionCodes(tx: ReadTx): Promise<string[]> {
  return (await readSettings(tx)).regions.map((r) => r.code);
}
