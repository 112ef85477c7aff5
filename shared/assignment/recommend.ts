// The assignment recommender: which engineers may take a case (hard filters, each failure a reason)
// and how well each fits (a weighted score explained in plain words). Pure and synchronous, so the
// hub's automatic assignment and the console's board suggestions always agree.
//
// Rules (tested in recommend.test.ts):
// - Hard filters, all checked so a manager sees every reason: not active; not an engineer (no
//   profile); not working today in the organisation's zone ("Off today", "On leave until …");
//   does not cover the case's region (a case without a region passes); lacks the skill for the
//   projector model (case-insensitive; a case without a model passes); at or above today's
//   capacity (open cases ≥ dailyCapacity; only said of someone working today).
// - Score = Σ weight × factor, each factor in [0, 1]:
//   workload   1 − open / capacity today (a lighter day is better);
//   slaUrgency urgency × free / (free + 2 + dueToday): an urgent case (P1/P2, critical/major, or an
//              SLA deadline within 8 h) prefers someone with more visits free today and fewer other
//              cases due today; a case that is not urgent scores 0 here for everyone;
//   modelExperience  n / (n + 3) for n past fixes of the model (diminishing returns);
//   travel     1 when the engineer already has an open case in the case's region.
// - Ties: higher score first, then name, then id (plain code-unit order: the same on every runtime).
import type { Priority, Severity } from '../domain.js';
import type { AssignmentMode } from '../settings.js';
import { availabilityText, isOnLeave, localDateIn, weekdayIndex } from './availability.js';
import type { CaseForAssignment, EngineerCandidate, EngineerLoad, FilteredEngineer, RankedEngineer, Recommendation, RecommendContext } from './types.js';

export { isWorkingOn, localDateIn } from './availability.js';

const HOUR_MS = 3_600_000;
const NO_LOAD: EngineerLoad = { open: 0, dueToday: 0, week: 0, openRegions: [] };
const PRIORITY_URGENCY: Readonly<Record<Priority, number>> = { P1: 1, P2: 0.5, P3: 0.2, P4: 0 };
const SEVERITY_URGENCY: Readonly<Record<Severity, number>> = { critical: 0.75, major: 0.25, minor: 0, low: 0 };
/** An SLA deadline this close (wall clock) makes a case fully urgent; further ones count less. */
const URGENT_WITHIN_MS = 8 * HOUR_MS;
/** From this urgency on, the reasons mention the free visits that made the difference. */
const URGENT_ENOUGH_TO_SAY = 0.5;

/**
 * How urgent a case is, 0..1: the highest of its priority, its severity and how close its nearest
 * SLA deadline is (passed: 1; 8 h or more away: 0; linear in between).
 */
export function caseUrgency(caseInfo: Pick<CaseForAssignment, 'priority' | 'severity' | 'slaDueAt'>, now: string): number {
  let urgency = Math.max(PRIORITY_URGENCY[caseInfo.priority], SEVERITY_URGENCY[caseInfo.severity]);
  if (caseInfo.slaDueAt !== null) {
    const left = Date.parse(caseInfo.slaDueAt) - Date.parse(now);
    if (!Number.isNaN(left)) urgency = Math.max(urgency, left <= 0 ? 1 : Math.max(0, 1 - left / URGENT_WITHIN_MS));
  }
  return urgency;
}

// Lower-cased skills per profile object: profiles are immutable and reused across many cases.
const skillSets = new WeakMap<object, ReadonlySet<string>>();
function skillSet(skills: readonly string[]): ReadonlySet<string> {
  let set = skillSets.get(skills);
  if (!set) {
    set = new Set(skills.map((s) => s.trim().toLowerCase()));
    skillSets.set(skills, set);
  }
  return set;
}

/** Past fixes of a model, matching the model name case-insensitively. */
function fixesOf(byModel: ReadonlyMap<string, number> | undefined, model: string, modelLower: string): number {
  if (!byModel) return 0;
  const exact = byModel.get(model);
  if (exact !== undefined) return exact;
  let n = 0;
  for (const [m, count] of byModel) if (m.toLowerCase() === modelLower) n += count;
  return n;
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

type Scored = {
  engineer: EngineerCandidate;
  load: EngineerLoad;
  capacity: number;
  score: number;
  /** What the reasons are built from, only for the engineers shown (building text costs more than scoring). */
  urgency: number;
  fixes: number | null;
  travels: boolean;
  model: string | null;
  region: string | null;
};

type Evaluation = { eligible: Scored[]; filtered: FilteredEngineer[] };

const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const byScore = (a: Scored, b: Scored) => b.score - a.score || byName(a.engineer, b.engineer);

/** An engineer's day, the same for every case of one recommendation context. */
type DayInfo = Readonly<{ working: boolean; offText: string; capacity: number }>;
const dayInfos = new WeakMap<RecommendContext, Map<EngineerCandidate, DayInfo>>();

function dayInfo(ctx: RecommendContext, engineer: EngineerCandidate, profile: NonNullable<EngineerCandidate['profile']>, today: string, weekday: number): DayInfo {
  let byEngineer = dayInfos.get(ctx);
  if (!byEngineer) {
    byEngineer = new Map();
    dayInfos.set(ctx, byEngineer);
  }
  let info = byEngineer.get(engineer);
  if (!info) {
    // isWorkingOn's rule, with the weekday computed once for all engineers.
    const working = profile.workingHours[weekday] != null && !isOnLeave(profile, today);
    info = { working, offText: working ? '' : availabilityText(profile, today), capacity: working ? profile.dailyCapacity : 0 };
    byEngineer.set(engineer, info);
  }
  return info;
}

/** The words behind a rank, built only for the engineers a recommendation shows. */
function reasonsOf(s: Scored): string[] {
  const { load, capacity } = s;
  const free = capacity - load.open;
  const reasons: string[] = [`${load.open} of ${capacity} visits today`];
  if (s.urgency >= URGENT_ENOUGH_TO_SAY) {
    reasons.push(`${plural(free, 'visit', 'visits')} free today for an urgent case`);
    if (load.dueToday > 0) reasons.push(`${plural(load.dueToday, 'other case', 'other cases')} due today`);
  }
  if (s.model !== null && s.fixes !== null) reasons.push(s.fixes > 0 ? `fixed ${s.model} ${times(s.fixes)}` : `no past fixes of ${s.model}`);
  if (s.travels && s.region !== null) reasons.push(`already working in ${s.region}`);
  return reasons;
}

/** Runs the hard filters over every engineer and scores the ones left (unsorted). */
function evaluate(caseInfo: CaseForAssignment, engineers: readonly EngineerCandidate[], ctx: RecommendContext): Evaluation {
  const today = localDateIn(ctx.timeZone, ctx.now);
  const weekday = weekdayIndex(today);
  const region = caseInfo.region;
  // A blank model names no projector: no skill can be required for it.
  const model = caseInfo.model?.trim() || null;
  const modelLower = model?.toLowerCase() ?? null;
  const urgency = caseUrgency(caseInfo, ctx.now);
  const w = ctx.weights;
  const eligible: Scored[] = [];
  const filtered: FilteredEngineer[] = [];

  for (const engineer of engineers) {
    const failed: string[] = [];
    if (!engineer.active) failed.push('Not active');
    const profile = engineer.profile;
    const load = ctx.loads.get(engineer.id) ?? NO_LOAD;
    let capacity = 0;
    if (!profile) failed.push('Not an engineer');
    else {
      const day = dayInfo(ctx, engineer, profile, today, weekday);
      if (!day.working) failed.push(day.offText);
      if (region !== null && !engineer.regions.includes(region)) failed.push(`Does not cover ${region}`);
      if (model !== null && modelLower !== null && !skillSet(profile.skills).has(modelLower)) failed.push(`No skill for ${model}`);
      capacity = day.capacity;
      // Someone off today has no capacity by definition; saying so again would be noise.
      if (day.working && load.open >= capacity) failed.push(`At capacity today (${load.open} of ${capacity} visits)`);
    }
    if (failed.length) {
      filtered.push({ engineerId: engineer.id, name: engineer.name, reasons: failed });
      continue;
    }

    const workload = 1 - load.open / capacity;
    const free = capacity - load.open;
    const slaFit = urgency * (free / (free + 2 + load.dueToday));
    let experience = 0;
    let fixes: number | null = null;
    if (model !== null && modelLower !== null) {
      fixes = fixesOf(ctx.pastFixes.get(engineer.id), model, modelLower);
      experience = fixes / (fixes + 3);
    }
    const travels = region !== null && load.openRegions.includes(region);
    const score = w.workload * workload + w.slaUrgency * slaFit + w.modelExperience * experience + w.travel * (travels ? 1 : 0);
    eligible.push({ engineer, load, capacity, score, urgency, fixes, travels, model, region });
  }
  return { eligible, filtered };
}

const toRanked = (s: Scored, i: number): RankedEngineer => ({
  engineerId: s.engineer.id,
  name: s.engineer.name,
  rank: i + 1,
  score: s.score,
  reasons: reasonsOf(s),
});

/** Picks the best `limit` by score without sorting everyone (the board asks for 5 of hundreds). */
function topByScore(items: Scored[], limit: number): Scored[] {
  if (limit <= 0) return [];
  if (items.length <= limit * 4) return items.sort(byScore).slice(0, limit);
  const top: Scored[] = [];
  for (const item of items) {
    if (top.length === limit && byScore(item, top[limit - 1] as Scored) >= 0) continue;
    let i = top.length < limit ? top.length : limit - 1;
    top[i] = item;
    while (i > 0 && byScore(top[i] as Scored, top[i - 1] as Scored) < 0) {
      const t = top[i - 1] as Scored;
      top[i - 1] = top[i] as Scored;
      top[i] = t;
      i--;
    }
  }
  return top;
}

/**
 * The engineers who may take a case, best first (at most `limit`), each with the reasons for its
 * rank, and everyone the hard filters removed with every filter they failed (by name).
 */
export function recommend(caseInfo: CaseForAssignment, engineers: readonly EngineerCandidate[], ctx: RecommendContext, limit = 5): Recommendation {
  const { eligible, filtered } = evaluate(caseInfo, engineers, ctx);
  filtered.sort((a, b) => byName({ name: a.name, id: a.engineerId }, { name: b.name, id: b.engineerId }));
  return { caseId: caseInfo.id, ranked: topByScore(eligible, Math.max(0, Math.floor(limit))).map(toRanked), filtered };
}

export type AssigneePick = Readonly<{ engineerId: string; reasons: readonly string[] }>;

/**
 * Whom an automatic rule assigns the case to, or null when nobody passes the hard filters.
 * - best-match: the top of `recommend`.
 * - round-robin: among the eligible in name order, the first after `lastAssignedId` (wrapping round;
 *   from the start when there was none or they are not among `engineers`).
 * - least-loaded: the eligible with the fewest open cases; ties go to the better score.
 */
export function pickAssignee(
  mode: AssignmentMode,
  caseInfo: CaseForAssignment,
  engineers: readonly EngineerCandidate[],
  ctx: RecommendContext,
  lastAssignedId?: string | null,
): AssigneePick | null {
  const { eligible } = evaluate(caseInfo, engineers, ctx);
  if (!eligible.length) return null;
  switch (mode) {
    case 'best-match': {
      const [best] = topByScore(eligible, 1);
      return best ? { engineerId: best.engineer.id, reasons: ['Best match', ...reasonsOf(best)] } : null;
    }
    case 'round-robin': {
      eligible.sort((a, b) => byName(a.engineer, b.engineer));
      const last = lastAssignedId == null ? undefined : engineers.find((e) => e.id === lastAssignedId);
      const next = (last && eligible.find((s) => byName(s.engineer, last) > 0)) ?? (eligible[0] as Scored);
      const turn = last ? `Round robin: next after ${last.name}` : 'Round robin: first in name order';
      return { engineerId: next.engineer.id, reasons: [turn, ...reasonsOf(next)] };
    }
    case 'least-loaded': {
      eligible.sort((a, b) => a.load.open - b.load.open || byScore(a, b));
      const least = eligible[0] as Scored;
      return { engineerId: least.engineer.id, reasons: [`Fewest open cases (${least.load.open})`, ...reasonsOf(least)] };
    }
    default:
      return assertNever(mode);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown assignment mode: ${String(value)}`);
}
