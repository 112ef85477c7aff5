// Automatic assignment (the `assignmentRules` setting): a new case that the first matching rule
// covers is assigned by the shared recommender (shared/assignment/recommend.ts) in the transaction
// that created it, as the hub's own assigneeId change plus an `auto_assigned` event saying why.
// P1 cases always wait for a manager, whatever the rules say.
import { addDays, localDateIn, weekOf } from '../../shared/assignment/availability.js';
import { pickAssignee } from '../../shared/assignment/recommend.js';
import type { CaseForAssignment, EngineerCandidate, EngineerLoad, RecommendContext } from '../../shared/assignment/types.js';
import { readEngineerProfile, type CaseRow } from '../../shared/domain.js';
import type { AssignmentMode, SettingValues } from '../../shared/settings.js';
import type { ReadTx, WriteTx } from '../db/repository.js';
import { systemContextOrNull } from '../mail/system-context.js';
import { appendCaseEvent } from './case-events.js';
import { updateCase } from './cases.js';
import type { CommandContext } from './command-context.js';
import { readSettings } from './settings.js';

type AssignmentRule = SettingValues['assignmentRules']['rules'][number];

export type AutoAssignment = Readonly<{ assigneeId: string; mode: AssignmentMode; reasons: readonly string[]; rule: number }>;

const isDone = (status: CaseRow['status']) => status === 'resolved' || status === 'closed';

/** The meta key remembering a round-robin rule's last assignee (by what the rule covers, not its position). */
export function roundRobinKey(rule: Pick<AssignmentRule, 'regions' | 'priorities'>): string {
  return `autoAssign.lastAssignee:${JSON.stringify({ regions: [...rule.regions].sort(), priorities: [...rule.priorities].sort() })}`;
}

/** The first rule covering the case (regions empty = every region, a case without a region included). */
export function matchingRule(rules: readonly AssignmentRule[], row: Pick<CaseRow, 'priority'>, region: string | null): number {
  return rules.findIndex((rule) => rule.priorities.includes(row.priority) && (rule.regions.length === 0 || (region !== null && rule.regions.includes(region))));
}

/** Every engineer (FSE) as the recommender sees them; stored profiles are read with today's defaults. */
export async function engineerCandidates(tx: ReadTx): Promise<EngineerCandidate[]> {
  return (await tx.listUsers())
    .filter((u) => u.role === 'fse')
    .map((u) => ({ id: u.id, name: u.name, active: u.active, regions: [...u.regions], profile: readEngineerProfile(u.engineer) }));
}

/**
 * What the recommender needs beyond the engineers: their loads (open cases, due today, this week,
 * regions they already travel to) and past fixes per model, from two indexed queries.
 */
export async function recommendContext(tx: ReadTx, now: string, values: SettingValues): Promise<RecommendContext> {
  const timeZone = values.timeZone;
  const today = localDateIn(timeZone, now);
  const monday = weekOf(today)[0] ?? today;
  // A day early as text: the local Monday starts at most a day before the UTC one; the exact cut is below.
  const rows = await tx.assignmentLoadRows(addDays(monday, -1));
  const loads = new Map<string, { open: number; dueToday: number; week: number; openRegions: string[] }>();
  for (const row of rows) {
    let load = loads.get(row.assigneeId);
    if (!load) {
      load = { open: 0, dueToday: 0, week: 0, openRegions: [] };
      loads.set(row.assigneeId, load);
    }
    if (!isDone(row.status)) {
      load.open += 1;
      load.week += 1;
      if (row.slaDueAt && localDateIn(timeZone, row.slaDueAt) === today) load.dueToday += 1;
      if (row.region && !load.openRegions.includes(row.region)) load.openRegions.push(row.region);
    } else if (localDateIn(timeZone, row.updatedAt) >= monday) {
      // Resolved this week: it was open at some point this week.
      load.week += 1;
    }
  }
  const pastFixes = new Map<string, Map<string, number>>();
  for (const fix of await tx.pastFixes()) {
    let byModel = pastFixes.get(fix.assigneeId);
    if (!byModel) {
      byModel = new Map();
      pastFixes.set(fix.assigneeId, byModel);
    }
    byModel.set(fix.model, (byModel.get(fix.model) ?? 0) + fix.count);
  }
  return { now, timeZone, weights: values.assignmentRules.weights, loads: loads as ReadonlyMap<string, EngineerLoad>, pastFixes };
}

/** The case as the recommender sees it: its site's region and its projector's model. */
export async function caseForAssignment(tx: ReadTx, row: CaseRow): Promise<CaseForAssignment> {
  const region = row.siteId ? ((await tx.getSite(row.siteId))?.region ?? null) : null;
  const model = row.projectorId ? ((await tx.getProjector(row.projectorId))?.model ?? null) : null;
  return { id: row.id, priority: row.priority, severity: row.severity, region, model, slaDueAt: row.slaDueAt, createdAt: row.createdAt };
}

/**
 * Assigns an unassigned open case when automatic assignment is on and a rule covers it; returns
 * what was done, or null when the case waits for a manager (no rule, P1, or nobody eligible).
 * `ctx` is the caller's (its time is used); the write itself is the hub's own.
 */
export async function autoAssignCase(tx: WriteTx, ctx: CommandContext, caseId: string): Promise<AutoAssignment | null> {
  const values = await readSettings(tx);
  const settings = values.assignmentRules;
  if (!settings.enabled || settings.rules.length === 0) return null;
  const row = await tx.getCase(caseId);
  // "P1 always waits for a manager."
  if (!row || row.assigneeId !== null || row.priority === 'P1' || isDone(row.status)) return null;
  const caseInfo = await caseForAssignment(tx, row);
  const index = matchingRule(settings.rules, row, caseInfo.region);
  const rule = settings.rules[index];
  if (!rule) return null;
  const key = roundRobinKey(rule);
  const last = rule.mode === 'round-robin' ? await tx.getMeta(key) : null;
  const hub = await systemContextOrNull(tx, ctx.now);
  if (!hub) return null;
  const pick = pickAssignee(rule.mode, caseInfo, await engineerCandidates(tx), await recommendContext(tx, ctx.now, values), last);
  if (!pick) return null;
  await updateCase(tx, hub, { id: row.id, patch: { assigneeId: pick.engineerId } });
  await appendCaseEvent(tx, hub, row.id, 'auto_assigned', { assigneeId: pick.engineerId, mode: rule.mode, reasons: pick.reasons });
  if (rule.mode === 'round-robin') await tx.setMeta(key, pick.engineerId);
  return { assigneeId: pick.engineerId, mode: rule.mode, reasons: pick.reasons, rule: index };
}
