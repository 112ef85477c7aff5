import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_WORKING_HOURS, type EngineerProfile } from '../domain.js';
import { caseUrgency, pickAssignee, recommend } from './recommend.js';
import type { CaseForAssignment, EngineerCandidate, EngineerLoad, RecommendContext, RecommendWeights } from './types.js';

// shared/ compiles without DOM or Node types; both globals exist in every runtime the tests run in.
declare const performance: { now(): number };

// 2026-03-04 is a Wednesday; London is on GMT (= UTC) then.
const NOW = '2026-03-04T10:00:00.000Z';
const WEIGHTS: RecommendWeights = { workload: 3, slaUrgency: 2, modelExperience: 2, travel: 1 };

const hours = (): EngineerProfile['workingHours'] => DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null));
const profile = (over: Partial<EngineerProfile> = {}): EngineerProfile => ({ skills: ['SP4K-25', 'DP2K'], dailyCapacity: 5, workingHours: hours(), timeOff: [], ...over });

let seq = 0;
const engineer = (name: string, over: Partial<EngineerCandidate> = {}): EngineerCandidate => ({
  id: `id-${name}-${++seq}`,
  name,
  active: true,
  regions: ['North'],
  profile: profile(),
  ...over,
});

const kase = (over: Partial<CaseForAssignment> = {}): CaseForAssignment => ({
  id: 'case-1',
  priority: 'P3',
  severity: 'minor',
  region: 'North',
  model: 'SP4K-25',
  slaDueAt: null,
  createdAt: '2026-03-04T09:00:00.000Z',
  ...over,
});

const load = (open: number, over: Partial<EngineerLoad> = {}): EngineerLoad => ({ open, dueToday: 0, week: open, openRegions: [], ...over });

const context = (over: Partial<RecommendContext> = {}): RecommendContext => ({
  now: NOW,
  timeZone: 'Europe/London',
  weights: WEIGHTS,
  loads: new Map(),
  pastFixes: new Map(),
  ...over,
});

describe('recommend: hard filters', () => {
  it('lists every filter each removed engineer failed, in words', () => {
    const ok = engineer('Ann');
    const inactive = engineer('Bob', { active: false });
    const notEngineer = engineer('Cat', { profile: null });
    const offToday = engineer('Dan', { profile: profile({ workingHours: [{ start: '08:00', end: '17:00' }, null, null, null, null, null, null] }) });
    const onLeave = engineer('Eve', { profile: profile({ timeOff: [{ from: '2026-03-02', to: '2026-03-06', reason: 'Holiday' }] }) });
    const otherRegion = engineer('Fay', { regions: ['South'] });
    const noSkill = engineer('Gus', { profile: profile({ skills: ['DP2K'] }) });
    const full = engineer('Hal');
    const everything = engineer('Ivy', { active: false, regions: ['South'], profile: profile({ skills: [], timeOff: [{ from: '2026-03-04', to: '2026-03-04', reason: '' }] }) });
    const ctx = context({ loads: new Map([[full.id, load(5)]]) });

    const r = recommend(kase(), [ok, inactive, notEngineer, offToday, onLeave, otherRegion, noSkill, full, everything], ctx);

    expect(r.caseId).toBe('case-1');
    expect(r.ranked.map((x) => x.name)).toEqual(['Ann']);
    expect(r.filtered).toEqual([
      { engineerId: inactive.id, name: 'Bob', reasons: ['Not active'] },
      { engineerId: notEngineer.id, name: 'Cat', reasons: ['Not an engineer'] },
      { engineerId: offToday.id, name: 'Dan', reasons: ['Off today'] },
      { engineerId: onLeave.id, name: 'Eve', reasons: ['On leave until 2026-03-06'] },
      { engineerId: otherRegion.id, name: 'Fay', reasons: ['Does not cover North'] },
      { engineerId: noSkill.id, name: 'Gus', reasons: ['No skill for SP4K-25'] },
      { engineerId: full.id, name: 'Hal', reasons: ['At capacity today (5 of 5 visits)'] },
      { engineerId: everything.id, name: 'Ivy', reasons: ['Not active', 'On leave until 2026-03-04', 'Does not cover North', 'No skill for SP4K-25'] },
    ]);
  });

  it('lets a case without region or model pass the region and skill filters', () => {
    const south = engineer('Ann', { regions: ['South'], profile: profile({ skills: [] }) });
    const r = recommend(kase({ region: null, model: null }), [south], context());
    expect(r.ranked.map((x) => x.engineerId)).toEqual([south.id]);
    expect(r.filtered).toEqual([]);
  });

  it('matches skills to the model case-insensitively, and treats a blank model as none', () => {
    const ann = engineer('Ann', { profile: profile({ skills: ['sp4k-25'] }) });
    expect(recommend(kase({ model: 'SP4K-25' }), [ann], context()).ranked).toHaveLength(1);
    expect(recommend(kase({ model: ' NX-9 ' }), [ann], context()).filtered[0]?.reasons).toEqual(['No skill for NX-9']);
    expect(recommend(kase({ model: '  ' }), [ann], context()).ranked[0]?.reasons).toEqual(['0 of 5 visits today']);
  });

  it('judges "working today" in the organisation time zone, not UTC', () => {
    // 23:30 UTC on Friday 2026-03-06 is already Saturday in Tokyo: a weekday-only engineer is off there.
    const ann = engineer('Ann');
    const friday = '2026-03-06T23:30:00.000Z';
    expect(recommend(kase(), [ann], context({ now: friday, timeZone: 'Europe/London' })).ranked).toHaveLength(1);
    expect(recommend(kase(), [ann], context({ now: friday, timeZone: 'Asia/Tokyo' })).filtered[0]?.reasons).toEqual(['Off today']);
  });

  it('takes an engineer below capacity and refuses one at or above it', () => {
    const a = engineer('Ann');
    const b = engineer('Bob');
    const c = engineer('Cat');
    const ctx = context({ loads: new Map([[a.id, load(4)], [b.id, load(5)], [c.id, load(7)]]) });
    const r = recommend(kase(), [a, b, c], ctx);
    expect(r.ranked.map((x) => x.name)).toEqual(['Ann']);
    expect(r.filtered.map((x) => x.name)).toEqual(['Bob', 'Cat']);
  });
});

describe('recommend: score and reasons', () => {
  it('prefers the lighter day and says how full each day is', () => {
    const busy = engineer('Ann');
    const light = engineer('Bob');
    const ctx = context({ loads: new Map([[busy.id, load(3)], [light.id, load(1)]]) });
    const r = recommend(kase({ model: null, region: null }), [busy, light], ctx);
    expect(r.ranked.map((x) => [x.name, x.rank])).toEqual([
      ['Bob', 1],
      ['Ann', 2],
    ]);
    expect(r.ranked[0]?.reasons).toEqual(['1 of 5 visits today']);
    expect(r.ranked[1]?.reasons).toEqual(['3 of 5 visits today']);
  });

  it('prefers experience with the model, with diminishing returns, and says how often', () => {
    const novice = engineer('Ann');
    const some = engineer('Bob');
    const lots = engineer('Cat');
    const pastFixes = new Map([
      [some.id, new Map([['SP4K-25', 1]])],
      [lots.id, new Map([['sp4k-25', 4]])],
    ]);
    const r = recommend(kase({ region: null }), [novice, some, lots], context({ pastFixes }));
    expect(r.ranked.map((x) => x.name)).toEqual(['Cat', 'Bob', 'Ann']);
    expect(r.ranked.map((x) => x.reasons[1])).toEqual(['fixed SP4K-25 4 times', 'fixed SP4K-25 once', 'no past fixes of SP4K-25']);
    const [cat, bob, ann] = r.ranked.map((x) => x.score) as [number, number, number];
    // The first fix is worth more than the next three together would be per fix.
    expect(bob - ann).toBeGreaterThan((cat - bob) / 3);
  });

  it('prefers an engineer already working in the region', () => {
    const there = engineer('Bob');
    const elsewhere = engineer('Ann');
    const loads = new Map([
      [there.id, load(1, { openRegions: ['North'] })],
      [elsewhere.id, load(1, { openRegions: ['South'] })],
    ]);
    const r = recommend(kase({ model: null }), [elsewhere, there], context({ loads }));
    expect(r.ranked.map((x) => x.name)).toEqual(['Bob', 'Ann']);
    expect(r.ranked[0]?.reasons).toContain('already working in North');
    expect(r.ranked[1]?.reasons).not.toContain('already working in North');
  });

  it('for an urgent case prefers more free visits today, and says so', () => {
    // Same load ratio (half full); the big day has more visits free for an urgent job.
    const small = engineer('Ann', { profile: profile({ dailyCapacity: 2 }) });
    const big = engineer('Bob', { profile: profile({ dailyCapacity: 8 }) });
    const loads = new Map([
      [small.id, load(1)],
      [big.id, load(4)],
    ]);
    const urgent = recommend(kase({ priority: 'P1', model: null, region: null }), [small, big], context({ loads }));
    expect(urgent.ranked.map((x) => x.name)).toEqual(['Bob', 'Ann']);
    expect(urgent.ranked[0]?.reasons).toEqual(['4 of 8 visits today', '4 visits free today for an urgent case']);
    // Not urgent: equal scores, so the name decides.
    const calm = recommend(kase({ priority: 'P4', model: null, region: null }), [small, big], context({ loads }));
    expect(calm.ranked.map((x) => x.name)).toEqual(['Ann', 'Bob']);
    expect(calm.ranked[0]?.score).toBe(calm.ranked[1]?.score);
  });

  it('treats an imminent SLA deadline as urgent whatever the priority', () => {
    expect(caseUrgency({ priority: 'P4', severity: 'low', slaDueAt: null }, NOW)).toBe(0);
    expect(caseUrgency({ priority: 'P4', severity: 'low', slaDueAt: '2026-03-04T09:00:00.000Z' }, NOW)).toBe(1);
    expect(caseUrgency({ priority: 'P4', severity: 'low', slaDueAt: '2026-03-04T14:00:00.000Z' }, NOW)).toBeCloseTo(0.5);
    expect(caseUrgency({ priority: 'P4', severity: 'critical', slaDueAt: null }, NOW)).toBe(0.75);
  });

  it('follows the weights: with only travel weighted, travel decides over workload', () => {
    const there = engineer('Bob');
    const idle = engineer('Ann');
    const loads = new Map([[there.id, load(4, { openRegions: ['North'] })]]);
    const weights = { workload: 0, slaUrgency: 0, modelExperience: 0, travel: 1 };
    expect(recommend(kase(), [idle, there], context({ loads, weights })).ranked[0]?.name).toBe('Bob');
    expect(recommend(kase(), [idle, there], context({ loads })).ranked[0]?.name).toBe('Ann');
  });

  it('breaks ties by name, then id, and limits the list', () => {
    const names = ['Cy', 'Al', 'Bo', 'Al', 'Di', 'Ed', 'Fi'];
    const list = names.map((n, i) => engineer(n, { id: `e-${9 - i}` }));
    const r = recommend(kase(), list, context(), 3);
    expect(r.ranked.map((x) => [x.name, x.engineerId])).toEqual([
      ['Al', 'e-6'],
      ['Al', 'e-8'],
      ['Bo', 'e-7'],
    ]);
    expect(r.ranked.map((x) => x.rank)).toEqual([1, 2, 3]);
    expect(recommend(kase(), list, context(), 0).ranked).toEqual([]);
  });
});

// Arbitrary rosters: same result whatever the input order, ranked by score, every engineer accounted for.
const engineerArb = fc.record({
  name: fc.constantFrom('Ann', 'Bob', 'Cat', 'Dan', 'Eve'),
  active: fc.boolean(),
  regions: fc.subarray(['North', 'South', 'Central']),
  hasProfile: fc.boolean(),
  skills: fc.subarray(['SP4K-25', 'dp2k', 'NX-9']),
  capacity: fc.integer({ min: 1, max: 8 }),
  open: fc.integer({ min: 0, max: 9 }),
  dueToday: fc.integer({ min: 0, max: 3 }),
  fixes: fc.integer({ min: 0, max: 12 }),
  openRegions: fc.subarray(['North', 'South', 'Central']),
  offWednesday: fc.boolean(),
});

describe('recommend: properties', () => {
  it('is order-independent, ranks by score and accounts for every engineer once', () => {
    fc.assert(
      fc.property(
        fc.array(engineerArb, { maxLength: 25 }),
        fc.constantFrom(null, 'North', 'South'),
        fc.constantFrom(null, 'SP4K-25', 'DP2K'),
        fc.constantFrom('P1', 'P2', 'P3', 'P4' as const),
        fc.integer({ min: 1, max: 30 }),
        (rows, region, model, priority, limit) => {
          const list: EngineerCandidate[] = rows.map((r, i) => {
            const wh = hours();
            if (r.offWednesday) wh[2] = null;
            return { id: `e-${i}`, name: r.name, active: r.active, regions: r.regions, profile: r.hasProfile ? profile({ skills: r.skills, dailyCapacity: r.capacity, workingHours: wh }) : null };
          });
          const loads = new Map(rows.map((r, i) => [`e-${i}`, load(r.open, { dueToday: r.dueToday, openRegions: r.openRegions })]));
          const pastFixes = new Map(rows.map((r, i) => [`e-${i}`, new Map([['SP4K-25', r.fixes]])]));
          const ctx = context({ loads, pastFixes });
          const c = kase({ region, model, priority });
          const a = recommend(c, list, ctx, limit);
          const b = recommend(c, [...list].reverse(), ctx, limit);
          expect(b).toEqual(a);
          const full = recommend(c, list, ctx, list.length);
          expect(full.ranked.length + full.filtered.length).toBe(list.length);
          expect(new Set([...full.ranked, ...full.filtered].map((x) => x.engineerId)).size).toBe(list.length);
          expect(a.ranked).toEqual(full.ranked.slice(0, limit));
          for (let i = 1; i < full.ranked.length; i++) expect((full.ranked[i - 1] as { score: number }).score).toBeGreaterThanOrEqual((full.ranked[i] as { score: number }).score);
          for (const f of full.filtered) expect(f.reasons.length).toBeGreaterThan(0);
          for (const x of full.ranked) {
            const row = rows[Number(x.engineerId.slice(2))];
            expect(row?.active && row.hasProfile && row.open < row.capacity && !row.offWednesday).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('pickAssignee', () => {
  const ann = engineer('Ann');
  const bob = engineer('Bob');
  const cat = engineer('Cat');
  const dan = engineer('Dan', { active: false });
  const all = [cat, dan, bob, ann];
  const loads = new Map([
    [ann.id, load(3)],
    [bob.id, load(1)],
    [cat.id, load(1, { openRegions: ['North'] })],
  ]);
  const ctx = context({ loads });

  it('best-match takes the top recommendation with its reasons', () => {
    const top = recommend(kase(), all, ctx).ranked[0];
    expect(top?.name).toBe('Cat');
    expect(pickAssignee('best-match', kase(), all, ctx)).toEqual({ engineerId: cat.id, reasons: ['Best match', ...(top?.reasons ?? [])] });
  });

  it('round-robin takes the next eligible engineer in name order after the last one, wrapping round', () => {
    expect(pickAssignee('round-robin', kase(), all, ctx)?.engineerId).toBe(ann.id);
    expect(pickAssignee('round-robin', kase(), all, ctx, ann.id)?.engineerId).toBe(bob.id);
    expect(pickAssignee('round-robin', kase(), all, ctx, bob.id)?.engineerId).toBe(cat.id);
    // Dan (inactive) is skipped, and after the last name it starts again.
    expect(pickAssignee('round-robin', kase(), all, ctx, cat.id)?.engineerId).toBe(ann.id);
    expect(pickAssignee('round-robin', kase(), all, ctx, dan.id)?.engineerId).toBe(ann.id);
    expect(pickAssignee('round-robin', kase(), all, ctx, 'someone-gone')?.engineerId).toBe(ann.id);
    expect(pickAssignee('round-robin', kase(), all, ctx, ann.id)?.reasons[0]).toBe('Round robin: next after Ann');
  });

  it('least-loaded takes the fewest open cases, the better score breaking ties', () => {
    const pick = pickAssignee('least-loaded', kase(), all, ctx);
    // Bob and Cat both have 1 open; Cat is already working in North.
    expect(pick?.engineerId).toBe(cat.id);
    expect(pick?.reasons).toEqual(['Fewest open cases (1)', '1 of 5 visits today', 'no past fixes of SP4K-25', 'already working in North']);
  });

  it('returns null when nobody passes the hard filters, in every mode', () => {
    for (const mode of ['best-match', 'round-robin', 'least-loaded'] as const) {
      expect(pickAssignee(mode, kase({ region: 'South' }), all, ctx)).toBeNull();
      expect(pickAssignee(mode, kase(), [], ctx)).toBeNull();
    }
  });
});

describe('recommend: speed', () => {
  // Generous bounds (a loaded CI machine); the measured numbers are printed for the report.
  const roster = (n: number): EngineerCandidate[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `eng-${i}`,
      name: `Engineer ${String(i).padStart(4, '0')}`,
      active: i % 17 !== 0,
      regions: [['North', 'South', 'Central'][i % 3] as string],
      profile: profile({
        skills: ['SP4K-25', 'DP2K', 'NX-9', 'CP4440', 'S2K'].filter((_, k) => (i + k) % 3 !== 0),
        dailyCapacity: 3 + (i % 5),
        timeOff: i % 11 === 0 ? [{ from: '2026-03-02', to: '2026-03-10', reason: '' }] : [],
      }),
    }));
  const ctxFor = (list: readonly EngineerCandidate[]) =>
    context({
      loads: new Map(list.map((e, i) => [e.id, load(i % 6, { dueToday: i % 2, openRegions: [['North', 'South', 'Central'][(i + 1) % 3] as string] })])),
      pastFixes: new Map(list.map((e, i) => [e.id, new Map([['SP4K-25', i % 7], ['DP2K', i % 4]])])),
    });
  const cases = Array.from({ length: 2000 }, (_, i) =>
    kase({
      id: `case-${i}`,
      priority: (['P1', 'P2', 'P3', 'P4'] as const)[i % 4],
      region: [null, 'North', 'South', 'Central'][i % 4] ?? null,
      model: [null, 'SP4K-25', 'DP2K', 'NX-9', 'cp4440'][i % 5] ?? null,
      slaDueAt: i % 3 === 0 ? '2026-03-04T12:00:00.000Z' : null,
    }),
  );

  it('recommends for one case among 500 engineers within 2 ms (median of 200 runs)', () => {
    const list = roster(500);
    const ctx = ctxFor(list);
    for (let i = 0; i < 50; i++) recommend(cases[i % cases.length] as CaseForAssignment, list, ctx);
    const samples: number[] = [];
    let ranked = 0;
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const r = recommend(cases[i % cases.length] as CaseForAssignment, list, ctx);
      samples.push(performance.now() - t);
      ranked += r.ranked.length;
    }
    samples.sort((a, b) => a - b);
    const median = samples[100] as number;
    // The roster is realistic enough that most cases find someone.
    expect(ranked).toBeGreaterThan(200);
    // The 2 ms target is measured by `npm run bench -- board`; here a bound a loaded CI machine keeps.
    expect(median).toBeLessThan(8);
  });

  it('recommends for 2,000 cases among 100 engineers within 1 s', () => {
    const list = roster(100);
    const ctx = ctxFor(list);
    for (let i = 0; i < 200; i++) recommend(cases[i] as CaseForAssignment, list, ctx);
    const t = performance.now();
    let ranked = 0;
    for (const c of cases) ranked += recommend(c, list, ctx).ranked.length;
    const ms = performance.now() - t;
    expect(ranked).toBeGreaterThan(0);
    // The 1 s target is measured by `npm run bench -- board`; here a bound a loaded CI machine keeps.
    expect(ms).toBeLessThan(4000);
  });
});
