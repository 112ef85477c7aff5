// SLA clocks as the console shows them: computeSla (shared, pure) over a case's SLA events with the
// organisation's policies and calendar. The policies and calendar are derived from the settings once
// per settings change (SettingsCache), not once per case row.
import type { SettingValues } from '../../../shared/settings.js';
import { calendarFromSettings, computeSla, policiesFromSettings } from '../../../shared/sla/compute.js';
import type { BusinessCalendar, SlaEvent, SlaPolicies, SlaStatus } from '../../../shared/sla/types.js';
import type { ReadableDb } from './cache/cache-db.js';
import { resolvedSettingValues } from './settings-view.js';

/**
 * `memo`: statuses by the stored text of their SLA events. computeSla walks the business calendar
 * and costs 15-40 µs a case, so a 5,000-row list would spend ~100 ms on it. A status whose clocks
 * have both stopped no longer depends on `now` and is kept until the settings change; a running one
 * is reused for RUNNING_REUSE_MS only, which covers every window refetching the same list after one
 * data.changed without showing a clock more than a second old.
 */
export type SlaMemo = Map<string, Readonly<{ status: SlaStatus; at: number; stopped: boolean }>>;
export type SlaContext = Readonly<{ policies: SlaPolicies; calendar: BusinessCalendar; now: string; memo?: SlaMemo }>;

/** Most remembered statuses; past it the memo starts again (a cache, not a store). */
const MEMO_MAX = 100_000;
export const RUNNING_REUSE_MS = 1000;

const isStopped = (s: SlaStatus) => s.firstResponse.stoppedAt !== null && s.resolution.stoppedAt !== null;

export function slaFor(events: readonly SlaEvent[] | null | undefined, ctx: SlaContext): SlaStatus {
  return computeSla(events ?? [], ctx.policies, ctx.calendar, ctx.now);
}

/** The status from the stored JSON text of a case's SLA events (parsed only when not remembered). */
export function slaFromText(text: string | null | undefined, ctx: SlaContext): SlaStatus {
  const key = text ?? '[]';
  const nowMs = Date.parse(ctx.now);
  const known = ctx.memo?.get(key);
  if (known && (known.stopped || (nowMs >= known.at && nowMs - known.at < RUNNING_REUSE_MS))) return known.status;
  let events: SlaEvent[] = [];
  try {
    const parsed: unknown = JSON.parse(key);
    if (Array.isArray(parsed)) events = parsed as SlaEvent[];
  } catch {
    // A broken row counts as no history: full targets, never breached (computeSla's rule).
  }
  const status = slaFor(events, ctx);
  if (ctx.memo) {
    if (ctx.memo.size >= MEMO_MAX) ctx.memo.clear();
    ctx.memo.set(key, { status, at: nowMs, stopped: isStopped(status) });
  }
  return status;
}

/** The SLA context straight from the cache's settings (tests, one-off reads). */
export function slaContextNow(db: ReadableDb, now = new Date().toISOString()): SlaContext {
  const values = resolvedSettingValues(db);
  return { policies: policiesFromSettings(values), calendar: calendarFromSettings(values), now };
}

export type SettingsCache = Readonly<{
  /** Effective settings (confirmed + pending), read from the cache only after a change. */
  values(db: ReadableDb): SettingValues;
  /** The SLA context for now, from the cached policies and calendar. */
  sla(db: ReadableDb, now?: string): SlaContext;
  /** Settings changed (a synced change, a local update, a rejected one): read them again next time. */
  invalidate(): void;
}>;

export function createSettingsCache(): SettingsCache {
  let cached: { values: SettingValues; policies: SlaPolicies; calendar: BusinessCalendar; memo: SlaMemo } | null = null;
  const load = (db: ReadableDb) => {
    if (!cached) {
      const values = resolvedSettingValues(db);
      cached = { values, policies: policiesFromSettings(values), calendar: calendarFromSettings(values), memo: new Map() };
    }
    return cached;
  };
  return {
    values: (db) => load(db).values,
    sla(db, now = new Date().toISOString()) {
      const c = load(db);
      return { policies: c.policies, calendar: c.calendar, now, memo: c.memo };
    },
    invalidate() {
      cached = null;
    },
  };
}
