// Child process for the kill -9 test: writes local changes and applies hub changes as fast as it
// can until it is killed. Usage: tsx kill-writer.ts <cache file>
import { openCacheDb } from '../cache/cache-db.js';
import { getCursor } from '../cache/meta.js';
import { createCaseLocally, updateCaseLocally } from '../local-writes.js';
import { applyChanges } from '../rebase.js';
import { AGENT, caseFields, confirmedCase } from './fixtures.js';

const file = process.argv[2];
if (!file) throw new Error('usage: kill-writer <cache file>');
const db = openCacheDb({ file });
const ctx = () => ({ userId: AGENT.id, now: new Date().toISOString() });
const SERVER_CASE = '01900000-0000-7000-8000-00000000ca5e';
let n = 0;
process.stdout.write('ready\n');
for (;;) {
  n += 1;
  const { id } = createCaseLocally(db, caseFields({ title: `Case ${n}` }), ctx());
  updateCaseLocally(db, id, { description: `Edited ${n}` }, ctx());
  // A hub change: the confirmed row and the cursor move together.
  const version = (getCursor(db)?.version ?? 0) + 1;
  applyChanges(db, [{ version, entity: 'cases', id: SERVER_CASE, op: 'put', row: confirmedCase(SERVER_CASE, version) }], { epoch: 'e1', version }, ctx());
}
