// A short chaos run inside `npm test`: fixed seeds, three real cores behind fault proxies, a real
// hub that may be SIGKILLed; nothing acknowledged may be lost or applied twice, and every cache
// must converge to what its user may see. Longer runs: `npm run test:chaos -- --seed N`.
import { afterAll, describe, expect, it } from 'vitest';
import { releaseAllChaosRuns, runChaos } from './run.js';

const SEEDS = [1, 2, 3];

describe('sync under faults (chaos)', () => {
  afterAll(async () => {
    await releaseAllChaosRuns();
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: loses nothing, duplicates nothing, converges`, async () => {
      const lines: string[] = [];
      const summary = await runChaos({ seed, clients: 3, ops: 20, durationMs: 12_000, healTimeoutMs: 30_000, killRate: 0.12, maxHubKills: 1, log: (line) => lines.push(line) });
      const explain = `seed ${seed}\n${summary.violations.map((v) => `${v.invariant}: ${v.message}`).join('\n')}\n${lines.slice(-40).join('\n')}`;
      expect(summary.acknowledged, explain).toBeGreaterThan(0);
      expect(summary.violations, explain).toEqual([]);
      expect(summary.lost, explain).toBe(0);
      expect(summary.duplicated, explain).toBe(0);
      expect(summary.converged, explain).toBe(true);
    }, 100_000);
  }
});
