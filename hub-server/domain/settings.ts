// Organisation settings on the hub: the `updateSetting` mutation (admins; last writer wins; one
// `settings` change-log entry; a change to the SLA policy or calendar re-derives the deadline of
// every open case in the same transaction) and reading resolved values for the hub's own checks.
import { resolveSettings, type SettingRow, type SettingValues, type UpdateSettingArgs } from '../../shared/settings.js';
import type { ReadTx, WriteTx } from '../db/repository.js';
import { changeEntry, type CommandContext } from './command-context.js';
import { recomputeOpenCases, SLA_SETTING_KEYS } from './sla.js';

/** `casesRecomputed`: open cases whose SLA deadline moved with this change. */
export type UpdateSettingResult = Readonly<{ id: string; version: number; casesRecomputed: number }>;

export async function updateSetting(tx: WriteTx, ctx: CommandContext, args: UpdateSettingArgs): Promise<UpdateSettingResult> {
  const before = await tx.getSetting(args.key);
  const version = await tx.allocateVersion();
  const row: SettingRow = { id: args.key, value: args.value, updatedAt: ctx.now, updatedBy: ctx.user.id, version };
  await tx.putSetting(row);
  await tx.appendChanges([changeEntry(ctx, { version, entity: 'settings', entityId: row.id, op: 'put', before, after: row })]);
  const casesRecomputed = SLA_SETTING_KEYS.includes(args.key) ? await recomputeOpenCases(tx, ctx) : 0;
  return { id: row.id, version, casesRecomputed };
}

/** Every setting, stored values over the registry's defaults. */
export async function readSettings(tx: ReadTx): Promise<SettingValues> {
  return resolveSettings(await tx.listRows('settings'));
}

export async function regionCodes(tx: ReadTx): Promise<string[]> {
  return (await readSettings(tx)).regions.map((r) => r.code);
}
