// The `intake` benchmark suite of issue 4: keystroke search in the core, save-to-number on
// loopback, and mail-to-case through real mail servers. `--only` picks parts; `--scale` shrinks
// the search data set (1 = 1,000,000 projectors and 200,000 cases).
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Results } from '../lib/results.js';
import { benchIntakeToAck } from './ack.js';
import { benchMailToCase } from './mail.js';
import { benchIntakeSearch } from './search.js';

export const INTAKE_PARTS = ['search', 'ack', 'mail'] as const;
export type IntakePart = (typeof INTAKE_PARTS)[number];

export const INTAKE_HELP = `Usage: npm run bench -- intake [options]

  --only PARTS      comma-separated: ${INTAKE_PARTS.join(', ')} (default: all)
  --scale X         size factor for the search data (1,000,000 projectors + 200,000 cases); default 1
  --samples N       cases timed for ack (default 100) and mails for mail (default 10)
`;

export type IntakeOptions = Readonly<{ parts: readonly IntakePart[]; scale: number; samples: number | null }>;

export function parseIntakeOptions(argv: readonly string[]): IntakeOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: { only: { type: 'string' }, scale: { type: 'string' }, samples: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  const parts = values.only ? values.only.split(',').map((p) => p.trim()) : [...INTAKE_PARTS];
  for (const p of parts) if (!(INTAKE_PARTS as readonly string[]).includes(p)) throw new Error(`unknown part "${p}" (choose from ${INTAKE_PARTS.join(', ')})`);
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isFinite(scale) || scale < 0.001 || scale > 10) throw new Error(`--scale must be a number from 0.001 to 10, not "${values.scale}"`);
  const samples = values.samples === undefined ? null : Number(values.samples);
  if (samples !== null && (!Number.isInteger(samples) || samples < 1 || samples > 10_000)) throw new Error(`--samples must be a whole number from 1 to 10000`);
  return { parts: parts as IntakePart[], scale, samples };
}

export async function runIntakeSuite(options: IntakeOptions, log: (line: string) => void): Promise<Results> {
  const results: Results = {};
  for (const part of options.parts) {
    const t0 = Date.now();
    log(`--- ${part} (load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPUs)`);
    switch (part) {
      case 'search':
        Object.assign(results, await benchIntakeSearch({ projectors: Math.round(1_000_000 * options.scale), cases: Math.round(200_000 * options.scale), scale: options.scale, log }));
        break;
      case 'ack':
        Object.assign(results, await benchIntakeToAck({ samples: options.samples ?? 100, log }));
        break;
      case 'mail':
        Object.assign(results, await benchMailToCase({ samples: options.samples ?? 10, log }));
        break;
    }
    log(`--- ${part} done in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  return results;
}
