// Organisation settings as this console shows them: the confirmed rows with any updateSetting still
// in the outbox on top (the last pending value per key wins), defaults for keys never set.
import { asc, eq } from 'drizzle-orm';
import type { SettingsView } from '../../../shared/console-api.js';
import { SETTING_KEYS, resolveSettings, updateSettingArgsSchema, type SettingKey, type SettingValues } from '../../../shared/settings.js';
import type { ReadableDb } from './cache/cache-db.js';
import { outbox, settings, users } from './cache/schema.js';

type Meta = SettingsView['meta'][SettingKey];

function pendingSettings(db: ReadableDb): Map<SettingKey, { value: unknown; at: string }> {
  const pending = new Map<SettingKey, { value: unknown; at: string }>();
  for (const m of db.select({ args: outbox.args, createdAt: outbox.createdAt }).from(outbox).where(eq(outbox.name, 'updateSetting')).orderBy(asc(outbox.mutationId)).all()) {
    const args = updateSettingArgsSchema.safeParse(m.args);
    if (args.success) pending.set(args.data.key, { value: args.data.value, at: m.createdAt });
  }
  return pending;
}

function effectiveValues(confirmed: readonly Readonly<{ id: string; value: unknown }>[], pending: ReadonlyMap<SettingKey, { value: unknown }>): SettingValues {
  const effective = new Map<string, unknown>();
  for (const row of confirmed) effective.set(row.id, row.value);
  for (const [key, p] of pending) effective.set(key, p.value);
  return resolveSettings([...effective].map(([id, value]) => ({ id, value })));
}

/** The settings in effect on this console (confirmed with pending changes on top, defaults elsewhere). */
export function resolvedSettingValues(db: ReadableDb): SettingValues {
  return effectiveValues(db.select({ id: settings.id, value: settings.value }).from(settings).all(), pendingSettings(db));
}

/** `me`: the signed-in user, named as the author of their own pending changes. */
export function getSettingsView(db: ReadableDb, me: Readonly<{ name: string }>): SettingsView {
  const confirmed = db
    .select({ id: settings.id, value: settings.value, updatedAt: settings.updatedAt, updatedByName: users.name })
    .from(settings)
    .leftJoin(users, eq(users.id, settings.updatedBy))
    .all();
  const pending = pendingSettings(db);
  const values = effectiveValues(confirmed, pending);

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
