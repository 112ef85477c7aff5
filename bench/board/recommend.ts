// recommend_ms and recommend_all_ms: the shared recommender (the same code the board and the hub's
// automatic assignment run) for one case among 500 engineers, and for all 2,000 open cases among
// those 500, on a generated roster: three regions, mixed skills and capacities, some on leave,
// loads and past fixes for everyone. No floor: there is no bare library doing this work.
import { DEFAULT_WORKING_HOURS, PRIORITIES, type EngineerProfile } from '../../shared/domain.js';
import { recommend } from '../../shared/assignment/recommend.js';
import type { CaseForAssignment, EngineerCandidate, EngineerLoad, RecommendContext } from '../../shared/assignment/types.js';
import { metric, type Results } from '../lib/results.js';
import { percentile } from '../lib/stats.js';

const REGIONS = ['North', 'Central', 'South'] as const;
const MODELS = ['SP4K-25', 'CP4440-RGB', 'NC1402L', 'SRX-R815P', 'EB-PU2220B', 'DP4K-40LHC'] as const;
const NOW = '2026-03-04T10:00:00.000Z';

function roster(n: number): EngineerCandidate[] {
  return Array.from({ length: n }, (_, i) => {
    const profile: EngineerProfile = {
      skills: MODELS.filter((_, k) => (i + k) % 3 !== 0),
      dailyCapacity: 3 + (i % 5),
      workingHours: DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null)),
      timeOff: i % 11 === 0 ? [{ from: '2026-03-02', to: '2026-03-10', reason: 'Leave' }] : [],
    };
    return { id: `eng-${i}`, name: `Engineer ${String(i).padStart(4, '0')}`, active: i % 17 !== 0, regions: [REGIONS[i % 3]!], profile };
  });
}

function context(list: readonly EngineerCandidate[]): RecommendContext {
  const loads = new Map<string, EngineerLoad>(list.map((e, i) => [e.id, { open: i % 6, dueToday: i % 2, week: (i % 6) + 2, openRegions: [REGIONS[(i + 1) % 3]!] }]));
  const pastFixes = new Map(list.map((e, i) => [e.id, new Map<string, number>([[MODELS[i % MODELS.length]!, i % 7], [MODELS[(i + 1) % MODELS.length]!, i % 4]])]));
  return { now: NOW, timeZone: 'Europe/London', weights: { workload: 3, slaUrgency: 2, modelExperience: 2, travel: 1 }, loads, pastFixes };
}

function openCases(n: number): CaseForAssignment[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `case-${i}`,
    priority: PRIORITIES[i % 4]!,
    severity: (['critical', 'major', 'minor', 'low'] as const)[i % 4]!,
    region: i % 10 === 0 ? null : REGIONS[i % 3]!,
    model: i % 13 === 0 ? null : MODELS[i % MODELS.length]!,
    slaDueAt: i % 3 === 0 ? '2026-03-04T12:00:00.000Z' : null,
    createdAt: '2026-03-03T09:00:00.000Z',
  }));
}

export function benchRecommend(log: (line: string) => void): Results {
  const engineers = roster(500);
  const ctx = context(engineers);
  const cases = openCases(2000);
  for (let i = 0; i < 200; i++) recommend(cases[i]!, engineers, ctx); // warm the JIT and zone caches
  const one: number[] = [];
  let ranked = 0;
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    ranked += recommend(cases[i % cases.length]!, engineers, ctx).ranked.length;
    one.push(performance.now() - t0);
  }
  const t1 = performance.now();
  for (const c of cases) ranked += recommend(c, engineers, ctx).ranked.length;
  const all = performance.now() - t1;
  const p50 = percentile(one, 50);
  log(`recommend: one case among 500 engineers p50 ${p50.toFixed(3)} ms, p95 ${percentile(one, 95).toFixed(3)} ms; all 2,000 cases ${all.toFixed(0)} ms (${ranked} rankings)`);
  return {
    recommend_ms: metric(p50, 'ms', { target: 2, note: `median of 500 cases, 500 engineers each; p95 ${percentile(one, 95).toFixed(3)} ms` }),
    recommend_all_ms: metric(all, 'ms', { target: 1000, note: 'all 2,000 open cases, 500 engineers each, one after another' }),
  };
}
