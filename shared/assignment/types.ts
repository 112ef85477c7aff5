// Contracts of the assignment board: what the recommender (shared/assignment/recommend.ts) and the
// escalation rules (shared/assignment/escalation.ts) take and give. Pure data, so the hub (automatic
// assignment, escalation) and the console (board, suggestions) compute exactly the same thing.
import type { EngineerProfile, Priority, Severity } from '../domain.js';

/** An engineer as the recommender sees them. */
export type EngineerCandidate = Readonly<{
  id: string;
  name: string;
  active: boolean;
  regions: readonly string[];
  /** Null: not an engineer (filtered out). */
  profile: EngineerProfile | null;
}>;

/** What an engineer has on their plate now. */
export type EngineerLoad = Readonly<{
  /** Open (not resolved or closed) cases assigned to them. */
  open: number;
  /** Of those, the ones whose SLA deadline falls today (local date in the organisation's zone). */
  dueToday: number;
  /** Cases assigned to them that were open at some point this week (Monday to now). */
  week: number;
  /** The regions of their open cases: where they are already travelling. */
  openRegions: readonly string[];
}>;

/** The case being assigned. */
export type CaseForAssignment = Readonly<{
  id: string;
  priority: Priority;
  severity: Severity;
  /** The region of the case's site (null: unknown site, every region is acceptable). */
  region: string | null;
  /** The projector model (null: unknown projector, no skill can be required). */
  model: string | null;
  /** The nearest SLA deadline (ISO) of a running clock, or null. */
  slaDueAt: string | null;
  createdAt: string;
}>;

export type RecommendWeights = Readonly<{ workload: number; slaUrgency: number; modelExperience: number; travel: number }>;

export type RecommendContext = Readonly<{
  /** ISO instant the recommendation is for. */
  now: string;
  /** The organisation's time zone: "working that day" and "on leave" are judged in it. */
  timeZone: string;
  weights: RecommendWeights;
  loads: ReadonlyMap<string, EngineerLoad>;
  /** Resolved cases per engineer per projector model (past fixes). */
  pastFixes: ReadonlyMap<string, ReadonlyMap<string, number>>;
}>;

export type RankedEngineer = Readonly<{
  engineerId: string;
  name: string;
  rank: number;
  /** Higher is better; comparable within one recommendation only. */
  score: number;
  /** Why this rank, in words a manager reads ("2 of 5 visits today", "fixed this model 4 times"). */
  reasons: readonly string[];
}>;

export type FilteredEngineer = Readonly<{ engineerId: string; name: string; reasons: readonly string[] }>;

export type Recommendation = Readonly<{
  caseId: string;
  ranked: readonly RankedEngineer[];
  /** Everyone the hard filters removed, each with every filter they failed. */
  filtered: readonly FilteredEngineer[];
}>;

/** Why a case escalates now (empty: it does not). Each reason is a sentence for the timeline. */
export type EscalationCheck = Readonly<{ reasons: readonly string[] }>;
