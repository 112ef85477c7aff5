// Summarises V8 .cpuprofile files (node --cpu-prof) into where the time went: self time per
// package / source folder and per function, so a missed target comes with evidence.
import fs from 'node:fs';
import path from 'node:path';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function category(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `native ${fn || '(anonymous)'}`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return url;
  const local = /\/(hub-server|desktop\/main\/core|desktop\/main|shared|bench|tests)\/(.*)$/.exec(url);
  if (local) return `${local[1]}/${local[2]!.replace(/\.ts$/, '')}`;
  return url;
}

export type ProfileSummary = Readonly<{ totalMs: number; byCategory: [string, number][]; byFunction: [string, number][] }>;

export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const cats = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    total += us;
    const cat = category(url, functionName);
    cats.set(cat, (cats.get(cat) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    fns.set(fn, (fns.get(fn) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => [k, Math.round(us / 100) / 10] as [string, number]);
  return { totalMs: Math.round(total / 1000), byCategory: sorted(cats), byFunction: sorted(fns) };
}

/** Summaries of every .cpuprofile in `dir`, as printable text. */
export function describeProfiles(dir: string, label: string): string {
  if (!fs.existsSync(dir)) return '';
  const lines: string[] = [];
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    // CPU.<date>.<time>.<pid>.<tid>.<seq>: thread 0 is the process's main thread; others are
    // tsx's module-loader thread, which only compiles sources at start-up.
    .filter((f) => f.endsWith('.cpuprofile') && !/\.\d+\.[1-9]\d*\.\d+\.cpuprofile$/.test(f))
    .sort();
  for (const name of files) {
    const s = summariseProfile(path.join(dir, name));
    const pct = (ms: number) => `${Math.round((ms / Math.max(1, s.totalMs)) * 100)}%`;
    lines.push(`${label} ${name}: ${s.totalMs} ms on CPU (not idle)`);
    lines.push(`  by package/folder: ${s.byCategory.map(([k, ms]) => `${k} ${pct(ms)}`).join(', ')}`);
    lines.push(`  top functions (self): ${s.byFunction.slice(0, 10).map(([k, ms]) => `${k} ${ms} ms`).join('; ')}`);
  }
  return lines.join('\n');
}
