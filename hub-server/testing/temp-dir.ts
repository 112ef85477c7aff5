// Test helper: a fresh temp folder per test, removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lamphouse-'));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
