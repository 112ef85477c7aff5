// The result contract of `bench/run.ts <suite>`: one JSON file per suite in bench/results/, each
// metric with value, unit and (where the issue names one) a floor measured in the same run.
// ratio = value / floor for times and sizes, floor / value for throughputs: either way it says how
// many times worse than the bare floor the system is (1 = at the floor).
import fs from 'node:fs';
import path from 'node:path';

export type Unit = 'ms' | 's' | 'mutations/s' | 'MB' | 'x';

export type Metric = {
  value: number;
  unit: Unit;
  floor?: number;
  ratio?: number;
  /** The target; `met` compares value with it (≤ for times/sizes, ≥ for throughputs). */
  target?: number;
  met?: boolean;
  /** Anything worth knowing to read the number (scale, sample count, breakdown). */
  note?: string;
};

export type Results = Record<string, Metric>;

const HIGHER_IS_BETTER: ReadonlySet<Unit> = new Set(['mutations/s']);

export function metric(value: number, unit: Unit, extra: Readonly<{ floor?: number; target?: number; note?: string }> = {}): Metric {
  const higher = HIGHER_IS_BETTER.has(unit);
  const m: Metric = { value: round3(value), unit };
  if (extra.floor !== undefined && Number.isFinite(extra.floor) && extra.floor > 0) {
    m.floor = round3(extra.floor);
    m.ratio = round3(higher ? extra.floor / value : value / extra.floor);
  }
  if (extra.target !== undefined) {
    m.target = extra.target;
    m.met = Number.isFinite(value) && (higher ? value >= extra.target : value <= extra.target);
  }
  if (extra.note) m.note = extra.note;
  return m;
}

function round3(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
}

export const RESULTS_DIR = path.resolve(import.meta.dirname, '..', 'results');

/** Merges into an existing results file, so `--only x` updates x and keeps the other metrics. */
export function writeResults(suite: string, results: Results, merge: boolean): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${suite}.json`);
  let previous: Results = {};
  if (merge && fs.existsSync(file)) {
    try {
      previous = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
    } catch {
      previous = {};
    }
  }
  fs.writeFileSync(file, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
  return file;
}
