// kill -9 at an arbitrary moment: every local write is there with its outbox row (or neither), the
// outbox ids have no gaps, and the cursor matches the confirmed rows written with it.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeCacheDb, openCacheDb } from './cache/cache-db.js';
import { getCursor } from './cache/meta.js';
import { outbox } from './cache/schema.js';
import { getCaseDetail, listCases } from './queries.js';
import { tempDataDir } from './testing/fixtures.js';

const WRITER = fileURLToPath(new URL('./testing/kill-writer.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

describe('durability', () => {
  it('survives SIGKILL mid-write with outbox, view and cursor consistent', async () => {
    const dir = tempDataDir();
    try {
      const file = path.join(dir, 'cache.sqlite');
      // The tsx loader in this very process (not the tsx CLI, which would put a second process
      // between the test and the writer, so the SIGKILL would miss it).
      const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((r) => child.once('exit', r));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.once('data', () => resolve());
          child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
        });
        await new Promise((r) => setTimeout(r, 400));
      } finally {
        child.kill('SIGKILL');
        await exited;
      }

      const db = openCacheDb({ file });
      try {
        const rows = db.select().from(outbox).all();
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.map((r) => r.mutationId)).toEqual(rows.map((_, i) => i + 1));
        // Each create has its case in the view, and each case's edit is either fully there or not at all.
        const creates = rows.filter((r) => r.name === 'createCase');
        for (const c of creates) {
          const detail = getCaseDetail(db, c.caseId!);
          const edited = rows.some((r) => r.name === 'updateCase' && r.caseId === c.caseId);
          expect(detail?.pending).toBe(true);
          expect(detail?.description.startsWith('Edited')).toBe(edited);
        }
        expect(listCases(db, {}).filter((c) => c.pending)).toHaveLength(creates.length);
        const cursor = getCursor(db);
        expect(cursor).not.toBeNull();
        expect(getCaseDetail(db, '01900000-0000-7000-8000-00000000ca5e')?.version).toBe(cursor!.version);
      } finally {
        closeCacheDb(db);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
