// Migration tests build a cache at an older schema: a copy of the migrations folder whose journal
// stops after the first `count` migrations, opened like any cache, then reopened with all of them.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MIGRATIONS_FOLDER } from '../cache/cache-db.js';

/** A migrations folder in `dir` holding only the first `count` migrations of the journal. */
export function migrationsUpTo(dir: string, count: number): string {
  const folder = path.join(dir, 'migrations');
  fs.cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}
