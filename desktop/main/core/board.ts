// The assignment board and its recommendations, read from the local cache: open cases as cards (the
// unassigned queue, the escalated list, one column per active engineer), engineers' loads against
// their capacity, and past fixes per model for the recommender. One pass of prepared statements.
import type Database from 'better-sqlite3';
import type { BoardCard, BoardColumn, BoardQuery, BoardView } from '../../../shared/console-api.js';
import { readEngineerProfile, type CaseEscalation, type CaseStatus, type EngineerProfile, type Priority, type Severity } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import { addDays, availabilityText, capacityThisWeek, capacityToday, isWorkingOn, localDateIn, weekOf } from '../../../shared/assignment/availability.js';
import { zoneOffset } from '../../../shared/sla/calendar.js';
import { recommend } from '../../../shared/assignment/recommend.js';
import type { CaseForAssignment, EngineerCandidate, EngineerLoad, Recommendation, RecommendWeights } from '../../../shared/assignment/types.js';
import { readStatement, type ReadableDb } from './cache/cache-db.js';
import { slaFromText, type SlaContext, type SlaMemo } from './sla-view.js';

/** What the board needs besides the cache: the SLA context (with its memo), the zone, and now. */
export type BoardContext = Readonly<{ sla: SlaContext; timeZone: string }>;

/** One case row as the board query returns it (raw: an array, in CARD_SELECT's column order). */
type CardRow = [
  id: string,
  number: string | null,
  title: string,
  priority: Priority,
  severity: Severity,
  status: CaseStatus,
  slaEvents: string | null,
  slaDueAt: string | null,
  createdAt: string,
  assigneeId: string | null,
  escalation: string | null,
  pending: number,
  siteName: string | null,
  region: string | null,
  model: string | null,
];
const ID = 0, NUMBER = 1, TITLE = 2, PRIORITY = 3, SEVERITY = 4, STATUS = 5, SLA_EVENTS = 6, SLA_DUE_AT = 7, CREATED_AT = 8;
const ASSIGNEE = 9, ESCALATION = 10, PENDING = 11, SITE_NAME = 12, REGION = 13, MODEL = 14;

type EngineerRow = { id: string; name: string; role: string; active: number; regions: string; engineer: string | null };

type Statements = Readonly<{
  openCases: Database.Statement<[], CardRow>;
  oneCase: Database.Statement<[string], CardRow>;
  engineers: Database.Statement<[], EngineerRow>;
  /** Assigned cases that stopped being open since a bound (refined to "this week" in code). */
  closedSince: Database.Statement<[string], { assigneeId: string; updatedAt: string }>;
  pastFixes: Database.Statement<[], { assigneeId: string; model: string; n: number }>;
}>;

const CARD_SELECT = `SELECT c.id, c.number, c.title, c.priority, c.severity, c.status, c.sla_events, c.sla_due_at, c.created_at,
    c.assignee_id, c.escalation, c.pending, s.name, s.region, p.model
  FROM cases c LEFT JOIN sites s ON s.id = c.site_id LEFT JOIN projectors p ON p.id = c.projector_id`;

/** The board's prepared statements on this connection (built once, then reused each call). */
function statementsFor(db: ReadableDb): Statements {
  return {
    openCases: readStatement(db, `${CARD_SELECT} WHERE c.status NOT IN ('resolved', 'closed')`, { raw: true }),
    oneCase: readStatement(db, `${CARD_SELECT} WHERE c.id = ?`, { raw: true }),
    engineers: readStatement(db, "SELECT id, name, role, active, regions, engineer FROM users WHERE engineer IS NOT NULL OR role = 'fse' ORDER BY name COLLATE NOCASE, id"),
    closedSince: readStatement(
      db,
      "SELECT assignee_id AS assigneeId, updated_at AS updatedAt FROM cases WHERE status IN ('resolved', 'closed') AND assignee_id IS NOT NULL AND updated_at >= ?",
    ),
    pastFixes: readStatement(
      db,
      `SELECT c.assignee_id AS assigneeId, p.model AS model, count(*) AS n FROM cases c JOIN projectors p ON p.id = c.projector_id
        WHERE c.status IN ('resolved', 'closed') AND c.assignee_id IS NOT NULL GROUP BY c.assignee_id, p.model`,
    ),
  };
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

type Engineer = Readonly<{ id: string; name: string; active: boolean; regions: readonly string[]; profile: EngineerProfile | null }>;

function readEngineers(s: Statements): Engineer[] {
  return s.engineers.all().map((u) => ({
    id: u.id,
    name: u.name,
    active: u.active === 1,
    regions: parseJson<string[]>(u.regions, []),
    // Profiles stored before working hours and time off existed read with their defaults.
    profile: readEngineerProfile(parseJson<unknown>(u.engineer, null)),
  }));
}

function toCard(row: CardRow, sla: SlaContext): BoardCard {
  return {
    caseId: row[ID],
    number: row[NUMBER],
    title: row[TITLE],
    priority: row[PRIORITY],
    severity: row[SEVERITY],
    status: row[STATUS],
    sla: slaFromText(row[SLA_EVENTS], sla),
    slaDueAt: row[SLA_DUE_AT],
    siteName: row[SITE_NAME],
    region: row[REGION],
    model: row[MODEL],
    createdAt: row[CREATED_AT],
    assigneeId: row[ASSIGNEE],
    escalation: parseJson<CaseEscalation | null>(row[ESCALATION], null),
    pending: row[PENDING] === 1,
  };
}

/** SLA risk: the nearest deadline first, cases without a running clock last; then the oldest. */
function bySlaRisk(a: BoardCard, b: BoardCard): number {
  if (a.slaDueAt !== b.slaDueAt) {
    if (a.slaDueAt === null) return 1;
    if (b.slaDueAt === null) return -1;
    return a.slaDueAt < b.slaDueAt ? -1 : 1;
  }
  return byAge(a, b);
}

function byAge(a: BoardCard, b: BoardCard): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
}

const DAY_MS = 86_400_000;

/**
 * The first instant (ISO, as the hub writes them) of a local date, or null when a time-zone
 * transition makes it ambiguous (then callers judge instant by instant with localDateIn).
 */
function startOfLocalDate(timeZone: string, localDate: string): string | null {
  const utcMidnight = Date.parse(`${localDate}T00:00:00.000Z`);
  const offset = zoneOffset(timeZone, utcMidnight - zoneOffset(timeZone, utcMidnight));
  const start = utcMidnight - offset;
  if (localDateIn(timeZone, new Date(start).toISOString()) !== localDate) return null;
  if (localDateIn(timeZone, new Date(start - 1).toISOString()) === localDate) return null;
  return new Date(start).toISOString();
}

type Calendar = Readonly<{
  today: string;
  week: readonly string[];
  /** Today as a half-open range of ISO instants (string comparison), or null: judge each instant. */
  todayRange: readonly [string, string] | null;
  /** The first instant of this local week, or null (with weekBound a day early, refined per row). */
  weekStart: string | null;
  weekBound: string;
}>;

/** Today and this week in the organisation's zone, as instants the rows can be compared with. */
function calendarNow(ctx: BoardContext): Calendar {
  const today = localDateIn(ctx.timeZone, ctx.sla.now);
  const week = weekOf(today);
  const start = startOfLocalDate(ctx.timeZone, today);
  const end = startOfLocalDate(ctx.timeZone, addDays(today, 1));
  const weekStart = startOfLocalDate(ctx.timeZone, week[0]!);
  // A day before the local Monday in UTC covers every zone's offset.
  const weekBound = weekStart ?? new Date(Date.parse(`${week[0]}T00:00:00.000Z`) - DAY_MS).toISOString();
  return { today, week, todayRange: start && end ? [start, end] : null, weekStart, weekBound };
}

type MutableLoad = { open: number; dueToday: number; week: number; openRegions: Set<string> };

/**
 * Loads of every engineer: open cases assigned to them, those due today, cases open at some point
 * this week (open now, or resolved/closed this local week) and the regions of their open cases.
 */
function computeLoads(s: Statements, open: readonly CardRow[], ctx: BoardContext, cal: Calendar): Map<string, MutableLoad> {
  const loads = new Map<string, MutableLoad>();
  const loadOf = (id: string) => {
    let l = loads.get(id);
    if (!l) {
      l = { open: 0, dueToday: 0, week: 0, openRegions: new Set() };
      loads.set(id, l);
    }
    return l;
  };
  const range = cal.todayRange;
  const isToday = (iso: string) => (range ? iso >= range[0] && iso < range[1] : localDateIn(ctx.timeZone, iso) === cal.today);
  for (const row of open) {
    const assignee = row[ASSIGNEE];
    if (assignee === null) continue;
    const l = loadOf(assignee);
    l.open += 1;
    l.week += 1;
    const region = row[REGION];
    if (region) l.openRegions.add(region);
    const due = row[SLA_DUE_AT];
    if (due !== null && isToday(due)) l.dueToday += 1;
  }
  const monday = cal.week[0]!;
  for (const row of s.closedSince.all(cal.weekBound)) {
    if (cal.weekStart !== null || localDateIn(ctx.timeZone, row.updatedAt) >= monday) loadOf(row.assigneeId).week += 1;
  }
  return loads;
}

/**
 * The board's SLA clocks are all computed at one instant, its `generatedAt`, and the window moves
 * running clocks on from there (business time). So a board asked for again within a short while
 * reuses the statuses of cases whose SLA history did not change, computed at that same instant,
 * instead of walking the business calendar for thousands of cases on every change (an assignment
 * does not touch the clocks). A case whose history has events after that instant (a new case, a
 * first response) starts a new instant for the whole board, so no clock is ever computed before
 * its own events.
 */
type BoardSlaMemo = { at: string; atMs: number; policies: SlaContext['policies']; calendar: SlaContext['calendar']; memo: SlaMemo };
const boardSlaMemos = new WeakMap<object, BoardSlaMemo>();
export const BOARD_SLA_REUSE_MS = 30_000;

/** The latest `at` of a stored SLA event list ('' when there is none or it does not parse). */
function latestEventAt(text: string): string {
  let latest = '';
  try {
    const events: unknown = JSON.parse(text);
    if (Array.isArray(events)) for (const e of events) if (typeof (e as { at?: unknown }).at === 'string' && (e as { at: string }).at > latest) latest = (e as { at: string }).at;
  } catch {
    // A broken row counts as no history (computeSla's rule).
  }
  return latest;
}

function boardSlaContext(db: ReadableDb, rows: readonly CardRow[], sla: SlaContext): SlaContext {
  const nowMs = Date.parse(sla.now);
  const fresh = (): SlaContext => {
    const memo: BoardSlaMemo = { at: sla.now, atMs: nowMs, policies: sla.policies, calendar: sla.calendar, memo: new Map() };
    boardSlaMemos.set(db, memo);
    return { policies: memo.policies, calendar: memo.calendar, now: memo.at, memo: memo.memo };
  };
  const known = boardSlaMemos.get(db);
  if (!known || known.policies !== sla.policies || known.calendar !== sla.calendar || !(nowMs >= known.atMs && nowMs - known.atMs < BOARD_SLA_REUSE_MS)) return fresh();
  for (const row of rows) {
    const key = row[SLA_EVENTS] ?? '[]';
    if (!known.memo.has(key) && latestEventAt(key) > known.at) return fresh();
  }
  return { policies: known.policies, calendar: known.calendar, now: known.at, memo: known.memo };
}

/** Skills match a model case-insensitively, as the recommender's skill filter does. */
const lower = (values: readonly string[]) => new Set(values.map((v) => v.toLowerCase()));

/** The board from the local cache (open cases only), filtered as asked. */
export function getBoard(db: ReadableDb, query: BoardQuery, ctx: BoardContext): BoardView {
  const s = statementsFor(db);
  const rows = s.openCases.all();
  const cal = calendarNow(ctx);
  const loads = computeLoads(s, rows, ctx, cal);
  const engineers = readEngineers(s).filter((e) => e.active && e.profile !== null);
  const slaCtx = boardSlaContext(db, rows, ctx.sla);

  const regions = query.regions?.length ? new Set(query.regions) : null;
  const skills = query.skills?.length ? lower(query.skills) : null;
  const priorities = query.priorities?.length ? new Set<string>(query.priorities) : null;
  const statuses = query.statuses?.length ? new Set<string>(query.statuses) : null;

  const columnCards = new Map<string, BoardCard[]>(engineers.map((e) => [e.id, []]));
  const unassigned: BoardCard[] = [];
  const escalated: BoardCard[] = [];
  for (const row of rows) {
    const region = row[REGION];
    const model = row[MODEL];
    if (regions && (region === null || !regions.has(region))) continue;
    if (skills && (model === null || !skills.has(model.toLowerCase()))) continue;
    if (priorities && !priorities.has(row[PRIORITY])) continue;
    if (statuses && !statuses.has(row[STATUS])) continue;
    const card = toCard(row, slaCtx);
    if (card.escalation) escalated.push(card);
    if (card.assigneeId === null) unassigned.push(card);
    else columnCards.get(card.assigneeId)?.push(card);
  }
  unassigned.sort(query.sort === 'age' ? byAge : bySlaRisk);
  escalated.sort((a, b) => (a.escalation!.at < b.escalation!.at ? -1 : a.escalation!.at > b.escalation!.at ? 1 : bySlaRisk(a, b)));

  const columns: BoardColumn[] = [];
  for (const e of engineers) {
    const profile = e.profile!;
    if (regions && !e.regions.some((r) => regions.has(r))) continue;
    if (skills && !profile.skills.some((k) => skills.has(k.toLowerCase()))) continue;
    const load = loads.get(e.id);
    const cards = columnCards.get(e.id)!;
    cards.sort(bySlaRisk);
    columns.push({
      engineerId: e.id,
      name: e.name,
      regions: e.regions,
      skills: profile.skills,
      availableToday: isWorkingOn(profile, cal.today),
      availability: availabilityText(profile, cal.today),
      load: { today: load?.open ?? 0, capacityToday: capacityToday(profile, cal.today), week: load?.week ?? 0, capacityWeek: capacityThisWeek(profile, cal.today) },
      cards,
    });
  }
  return { unassigned, escalated, columns, generatedAt: slaCtx.now };
}

export type RecommendOptions = Readonly<{ limit?: number; weights: RecommendWeights }>;

/**
 * Ranked engineers for one case (shared recommender) with loads and past fixes from the cache: the
 * same inputs the hub's automatic assignment uses, so a suggestion here matches what it would pick.
 */
export function recommendForCase(db: ReadableDb, caseId: string, options: RecommendOptions, ctx: BoardContext): Recommendation {
  const s = statementsFor(db);
  const row = s.oneCase.get(caseId);
  if (!row) throw new AppError('NOT_FOUND', 'This case does not exist (it may have been removed).');
  const cal = calendarNow(ctx);
  const loads = computeLoads(s, s.openCases.all(), ctx, cal);
  const engineerLoads = new Map<string, EngineerLoad>();
  for (const [id, l] of loads) engineerLoads.set(id, { open: l.open, dueToday: l.dueToday, week: l.week, openRegions: [...l.openRegions] });
  const pastFixes = new Map<string, Map<string, number>>();
  for (const f of s.pastFixes.all()) {
    let byModel = pastFixes.get(f.assigneeId);
    if (!byModel) {
      byModel = new Map();
      pastFixes.set(f.assigneeId, byModel);
    }
    byModel.set(f.model, f.n);
  }
  const caseInfo: CaseForAssignment = {
    id: row[ID],
    priority: row[PRIORITY],
    severity: row[SEVERITY],
    region: row[REGION],
    model: row[MODEL],
    slaDueAt: row[SLA_DUE_AT],
    createdAt: row[CREATED_AT],
  };
  const engineers: EngineerCandidate[] = readEngineers(s);
  return recommend(caseInfo, engineers, { now: ctx.sla.now, timeZone: ctx.timeZone, weights: options.weights, loads: engineerLoads, pastFixes }, options.limit);
}
