// Seeds a demo hub for the board benchmark: `engineers` FSEs (created through the admin route, with
// engineer profiles) and `cases` open cases (pushed over /sync like consoles do, spread over the
// demo projectors and over statuses new/assigned/in progress).
import { routePath } from '../../shared/admin.js';
import type { Mutation } from '../../shared/sync/mutations.js';
import { login, newCaseArgs, RawSyncClient } from '../lib/hub.js';

const REGIONS = ['North', 'Central', 'South'] as const;
const MODELS = ['SP4K-25', 'CP4440-RGB', 'NC1402L', 'SRX-R815P', 'EB-PU2220B', 'DP4K-40LHC'];

export type BoardSeed = Readonly<{ engineerIds: readonly string[]; caseIds: readonly string[] }>;

export async function seedBoard(hubUrl: string, engineers: number, cases: number, log: (line: string) => void): Promise<BoardSeed> {
  const admin = await login(hubUrl, 'admin@demo.test');
  const engineerIds: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < engineers; i++) {
    const response = await fetch(new URL(routePath('users.create'), hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
      body: JSON.stringify({
        name: `Bench Engineer ${String(i).padStart(3, '0')}`,
        email: `bench.fse.${i}@bench.test`,
        role: 'fse',
        regions: [REGIONS[i % REGIONS.length]],
        engineer: { skills: [MODELS[i % MODELS.length], MODELS[(i + 2) % MODELS.length]], dailyCapacity: 3 + (i % 5) },
      }),
    });
    const body = (await response.json()) as { ok: boolean; value?: { user: { id: string } }; error?: unknown };
    if (!body.ok || !body.value) throw new Error(`engineer ${i} not created: ${JSON.stringify(body.error)}`);
    engineerIds.push(body.value.user.id);
  }
  log(`created ${engineers} engineers in ${Math.round(performance.now() - t0)} ms`);

  const manager = await login(hubUrl, 'manager@demo.test');
  const client = new RawSyncClient(hubUrl, manager.accessToken);
  await client.connect();
  const caseIds: string[] = [];
  const t1 = performance.now();
  const BATCH = 100;
  for (let start = 0; start < cases; start += BATCH) {
    const batch: Omit<Mutation, 'id'>[] = [];
    for (let n = start; n < Math.min(cases, start + BATCH); n++) {
      const args = { ...newCaseArgs(client.projectorIds[n % client.projectorIds.length] ?? null, n), priority: (['P1', 'P2', 'P3', 'P4'] as const)[n % 4]! };
      caseIds.push(args.id);
      batch.push({ name: 'createCase', args, baseVersions: {}, createdAt: new Date().toISOString() });
      // A third of the open cases start assigned, spread over the engineers.
      if (n % 3 === 0) {
        const assigneeId = engineerIds[n % engineerIds.length] ?? null;
        batch.push({ name: 'updateCase', args: { id: args.id, patch: { assigneeId } }, baseVersions: {}, createdAt: new Date().toISOString() });
      }
    }
    const results = await client.push(batch);
    const failed = results.filter((r) => !r.ok);
    if (failed.length) throw new Error(`seeding cases failed: ${JSON.stringify(failed[0])}`);
  }
  await client.close();
  log(`created ${cases} open cases in ${Math.round(performance.now() - t1)} ms`);
  return { engineerIds, caseIds };
}
