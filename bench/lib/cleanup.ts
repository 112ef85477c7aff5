// Every child process and temp dir a benchmark makes is registered here and undone in reverse
// order, also on Ctrl+C, so a failed or interrupted run leaves nothing behind.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Last resort if the orchestrator dies without running its cleanups: no stray hub, no temp dir. */
const onExitKill = new Set<ChildProcess>();
const onExitDirs = new Set<string>();
process.on('exit', () => {
  for (const child of onExitKill) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of onExitDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function killOnExit(child: ChildProcess): void {
  onExitKill.add(child);
  child.once('exit', () => onExitKill.delete(child));
}

export class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  dir(dir: string): string {
    onExitDirs.add(dir);
    this.add(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      onExitDirs.delete(dir);
    });
    return dir;
  }

  async run(): Promise<void> {
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step();
      } catch (error) {
        process.stderr.write(`bench cleanup: ${(error as Error).message}\n`);
      }
    }
  }
}
