// Migration 0002 (admin console) on a database written by the previous version: users gain
// their new columns with safe defaults, and the existing change log is hashed into the audit chain.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../testing/temp-dir.js';
import { openSqliteRepository } from './sqlite-repository.js';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeTempDir));

/** A copy of the migrations folder that stops before the given tag. */
function migrationsBefore(tag: string, dir: string): string {
  const folder = path.join(dir, 'migrations');
  fs.cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  if (index < 0) throw new Error(`no migration ${tag}`);
  journal.entries = journal.entries.slice(0, index);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe('migration 0002_admin', () => {
  it('keeps existing users and change-log entries, adds defaults and hashes the old log', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = path.join(dir, 'hub.db');
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: migrationsBefore('0002_admin', dir) });
    const user = { id: '0b9a5b43-7f0e-4f6b-9a57-0b7d51a1f2a1', email: 'old@example.com', name: 'Old Admin', role: 'admin', regions: '[]', active: 1, password_hash: 'scrypt$x', version: 1, created_at: '2026-01-01T00:00:00.000Z' };
    old.prepare('INSERT INTO users (id, email, name, role, regions, active, password_hash, version, created_at) VALUES (@id, @email, @name, @role, @regions, @active, @password_hash, @version, @created_at)').run(user);
    const after = JSON.stringify({ id: user.id, email: user.email, name: user.name, role: 'admin', regions: [], active: true, version: 1 });
    old.prepare("INSERT INTO change_log (version, entity, entity_id, op, before, after, user_id, created_at) VALUES (1, 'users', ?, 'put', NULL, ?, ?, ?)").run(user.id, after, user.id, user.created_at);
    old.close();

    const repo = openSqliteRepository({ file });
    try {
      const migrated = await repo.read((tx) => tx.getUser(user.id));
      expect(migrated).toMatchObject({ email: 'old@example.com', phone: '', engineer: null, mustChangePassword: false, passwordChangedAt: null, viewVersion: 0, lastSignInAt: null });
      const [entry] = await repo.read((tx) => tx.changesSince(0, 10));
      expect(entry).toMatchObject({ version: 1, sessionId: null, offline: false });
      expect(entry?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await repo.verifyAudit('2026-03-01T00:00:00.000Z')).toMatchObject({ ok: true, checked: 1 });
    } finally {
      await repo.close();
    }
  });
});
