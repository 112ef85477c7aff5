// The `board` benchmark suite of issue 5: the recommender, and the board in Chromium (first render
// with 2,000 open cases and 100 engineers, drag to committed).
import { parseArgs } from 'node:util';
import type { Results } from '../lib/results.js';
import { benchRecommend } from './recommend.js';
import { benchBoardRender } from './render.js';

export const BOARD_PARTS = ['recommend', 'render'] as const;
export type BoardPart = (typeof BOARD_PARTS)[number];

export const BOARD_HELP = `Usage: npm run bench -- board [options]

  --only PARTS      comma-separated: ${BOARD_PARTS.join(', ')} (default: all)
  --cases N         open cases on the board (default 2000)
  --engineers N     engineers on the board (default 100)
  --drags N         drags timed (default 10)
`;

export type BoardOptions = Readonly<{ parts: readonly BoardPart[]; cases: number; engineers: number; drags: number }>;

export function parseBoardOptions(argv: readonly string[]): BoardOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: { only: { type: 'string' }, cases: { type: 'string' }, engineers: { type: 'string' }, drags: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  const parts = values.only ? values.only.split(',').map((p) => p.trim()) : [...BOARD_PARTS];
  for (const p of parts) if (!(BOARD_PARTS as readonly string[]).includes(p)) throw new Error(`unknown part "${p}" (choose from ${BOARD_PARTS.join(', ')})`);
  const whole = (text: string | undefined, fallback: number, name: string) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error(`--${name} must be a whole number from 1 to 100000`);
    return n;
  };
  return { parts: parts as BoardPart[], cases: whole(values.cases, 2000, 'cases'), engineers: whole(values.engineers, 100, 'engineers'), drags: whole(values.drags, 10, 'drags') };
}

export async function runBoardSuite(options: BoardOptions, log: (line: string) => void): Promise<Results> {
  const results: Results = {};
  for (const part of options.parts) {
    log(`--- ${part}`);
    if (part === 'recommend') Object.assign(results, benchRecommend(log));
    else Object.assign(results, await benchBoardRender({ cases: options.cases, engineers: options.engineers, drags: options.drags, log }));
  }
  return results;
}
