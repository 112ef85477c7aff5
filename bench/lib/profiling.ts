// Optional CPU profiling of the processes a benchmark starts (`--profile`): each hub and core
// child runs with node --cpu-prof into one folder per benchmark part, summarised after the part.
import fs from 'node:fs';
import path from 'node:path';

let root: string | null = null;
let part = 'run';

export function enableProfiling(dir: string): void {
  root = dir;
}

export function setProfilePart(name: string): void {
  part = name;
}

export function profileDir(): string | null {
  if (!root) return null;
  const dir = path.join(root, part);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** node flags for a child: profile named after its role (hub, core-0, ...). */
let counter = 0;

/** node flags for a child: its profile lands in <part>/<role>-<n>/ (node names the file). */
export function profileNodeArgs(role: string): string[] {
  const dir = profileDir();
  if (!dir) return [];
  counter += 1;
  const own = path.join(dir, `${role}-${counter}`);
  fs.mkdirSync(own, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${own}`];
}
