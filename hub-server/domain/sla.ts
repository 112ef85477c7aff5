// SLA upkeep on the hub: every case write stores `slaDueAt`, the sort key computeSla derives from the
// case's SLA events under the current settings; a change of those settings re-derives it for every
// open case; a database from before SLA events gets them back-filled once at start-up.
import type { CaseRow } from '../../shared/domain.js';
import { resolveSettings, type SettingKey, type SettingValues } from '../../shared/settings.js';
import { calendarFromSettings, computeSla, policiesFromSettings, slaDueAt } from '../../shared/sla/compute.js';
import type { BusinessCalendar, SlaEvent, SlaPolicies } from '../../shared/sla/types.js';
import { isoAt, type Clock } from '../clock.js';
import type { ChangeLogEntry, HubRepository, ReadTx, WriteTx } from '../db/repository.js';
import { silentLogger, type HubLogger } from '../logger.js';
import { changeEntry, type CommandContext } from './command-context.js';

/** The settings the clocks depend on: changing one re-derives every open case's deadline. */
export const SLA_SETTING_KEYS: readonly SettingKey[] = ['slaPolicies', 'businessHours', 'holidays', 'timeZone'];

export type SlaRules = Readonly<{ policies: SlaPolicies; calendar: BusinessCalendar }>;

export function slaRulesOf(values: SettingValues): SlaRules {
  return { policies: policiesFromSettings(values), calendar: calendarFromSettings(values) };
}

// Per transaction: a push batch of many case writes reads the settings rows once.
const rulesByTx = new WeakMap<ReadTx, Promise<SlaRules>>();

export function slaRules(tx: ReadTx): Promise<SlaRules> {
  let rules = rulesByTx.get(tx);
  if (!rules) {
    rules = tx.listRows('settings').then((rows) => slaRulesOf(resolveSettings(rows)));
    rulesByTx.set(tx, rules);
  }
  return rules;
}

/** After a setting changed inside the transaction, the next read sees the new value. */
export function forgetSlaRules(tx: ReadTx): void {
  rulesByTx.delete(tx);
}

export function dueAtOf(events: readonly SlaEvent[], rules: SlaRules, now: string): string | null {
  return slaDueAt(computeSla(events, rules.policies, rules.calendar, now));
}

/** The row with its `slaDueAt` derived again (called on every case write before it is stored). */
export async function withSlaDueAt(tx: ReadTx, row: CaseRow, now: string): Promise<CaseRow> {
  const slaDue = dueAtOf(row.slaEvents, await slaRules(tx), now);
  return slaDue === row.slaDueAt ? row : { ...row, slaDueAt: slaDue };
}

/**
 * Re-derives `slaDueAt` of every open case under the rules now in force (after a change to one of
 * SLA_SETTING_KEYS); only cases whose deadline moves get a new version and a change-log entry.
 */
export async function recomputeOpenCases(tx: WriteTx, ctx: CommandContext): Promise<number> {
  forgetSlaRules(tx);
  const rules = await slaRules(tx);
  const entries: ChangeLogEntry[] = [];
  for (const row of await tx.openCases()) {
    const slaDue = dueAtOf(row.slaEvents, rules, ctx.now);
    if (slaDue === row.slaDueAt) continue;
    const version = await tx.allocateVersion();
    // Not a field anyone edits: updatedAt and fieldVersions stay, so no conflict is provoked.
    const next: CaseRow = { ...row, slaDueAt: slaDue, version };
    await tx.replaceCase(next);
    entries.push(changeEntry(ctx, { version, entity: 'cases', entityId: row.id, op: 'put', before: row, after: next }));
  }
  await tx.appendChanges(entries);
  return entries.length;
}

/**
 * The SLA history a case stored before SLA events existed most likely had: created at creation with
 * its (current) priority, answered at creation when it came by phone, resolved at its last change
 * when it is resolved or closed. Pauses and priority changes were not recorded and are not invented.
 */
export function backfilledSlaEvents(row: CaseRow): SlaEvent[] {
  const events: SlaEvent[] = [{ at: row.createdAt, kind: 'created', priority: row.priority }];
  if (row.channel === 'phone') events.push({ at: row.createdAt, kind: 'responded' });
  if (row.status === 'resolved' || row.status === 'closed') events.push({ at: row.updatedAt, kind: 'resolved' });
  return events;
}

/**
 * Start-up: gives every case stored with `slaEvents` `[]` its back-filled history and deadline, in
 * one transaction, change-logged as the hub's own write so consoles receive the rows.
 */
export async function backfillSlaEvents(repo: HubRepository, clock: Clock, log: HubLogger = silentLogger): Promise<number> {
  const count = await repo.write(async (tx) => {
    const legacy = await tx.casesWithoutSlaEvents();
    if (legacy.length === 0) return 0;
    const now = isoAt(clock());
    const rules = await slaRules(tx);
    const entries: ChangeLogEntry[] = [];
    for (const row of legacy) {
      const slaEvents = backfilledSlaEvents(row);
      const version = await tx.allocateVersion();
      const next: CaseRow = { ...row, slaEvents, slaDueAt: dueAtOf(slaEvents, rules, now), version };
      await tx.replaceCase(next);
      entries.push({
        version,
        entity: 'cases',
        entityId: row.id,
        op: 'put',
        before: row,
        after: next,
        userId: null,
        clientId: null,
        mutationId: null,
        clientCreatedAt: null,
        createdAt: now,
      });
    }
    await tx.appendChanges(entries);
    return entries.length;
  });
  if (count > 0) log.info('SLA: back-filled the SLA history of cases stored before SLA clocks', { cases: count });
  return count;
}
