// Organisation settings as this console shows them: the confirmed rows with any updateSetting still
// in the outbox on top (the last pending value per key wins), defaults for keys never set.
import { asc, eq } from 'drizzle-orm';
import type { SettingsView } from '../../../shared/console-api.js';
import { SETTING_KEYS, resolveSettings, updateSettingArgsSchema, type SettingKey } from '../../../shared/settings.js';
import type { ReadableDb } from './cache/cache-db.js';
import { outbox, settings, users } from './cache/schema.js';

type Meta = SettingsView['meta'][SettingKey];

/** `me`: the signed-in user, named as the author of their own pending changes. */
export function getSettingsView(db: ReadableDb, me: Readonly<{ name: string }>): SettingsView {
  const confirmed = db
    .select({ id: settings.id, value: settings.value, updatedAt: settings.updatedAt, updatedByName: users.name })
    .from(settings)
    .leftJoin(users, eq(users.id, settings.updatedBy))
    .all();
  const pending = new Map<SettingKey, { value: unknown; at: string }>();
  for (const m of db.select({ args: outbox.args, createdAt: outbox.createdAt }).from(outbox).where(eq(outbox.name, 'updateSetting')).orderBy(asc(outbox.mutationId)).all()) {
    const args = updateSettingArgsSchema.safeParse(m.args);
    if (args.success) pending.set(args.data.key, { value: args.data.value, at: m.createdAt });
  }
  const effective = new Map<string, unknown>();
  for (const row of confirmed) effective.set(row.id, row.value);
  for (const [key, p] of pending) effective.set(key, p.value);
  const values = resolveSettings([...effective].map(([id, value]) => ({ id, value })));

  const meta = {} as Record<SettingKey, Meta>;
  for (const key of SETTING_KEYS) {
    const local = pending.get(key);
    const row = confirmed.find((r) => r.id === key);
    meta[key] = local
      ? { updatedAt: local.at, updatedByName: me.name, pending: true }
      : { updatedAt: row?.updatedAt ?? null, updatedByName: row?.updatedByName ?? null, pending: false };
  }
  return { values, meta };
}
