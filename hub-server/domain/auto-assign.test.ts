// Automatic assignment on the hub: rules, P1 never, round-robin order, and the events it writes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRow, EngineerProfile, Priority, PublicUser } from '../../shared/domain.js';
import type { SettingValues } from '../../shared/settings.js';
import type { MutationResult } from '../../shared/sync/protocol.js';
import { toPublicUser } from '../auth/auth-service.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';
import type { CommandContext } from './command-context.js';
import { applyPush } from './push.js';
import { updateSetting } from './settings.js';
import { insertUsersWithChanges } from './users.js';

let db: TestDb;
// Wednesday 4 March 2026, 10:00 in London: a working day for the default hours.
const NOW = Date.UTC(2026, 2, 4, 10);
const clock = () => NOW;
let mutationId = 0;

const profile = (skills: string[], dailyCapacity = 4): EngineerProfile => ({
  skills,
  dailyCapacity,
  workingHours: [
    { start: '08:00', end: '17:00' },
    { start: '08:00', end: '17:00' },
    { start: '08:00', end: '17:00' },
    { start: '08:00', end: '17:00' },
    { start: '08:00', end: '17:00' },
    null,
    null,
  ],
  timeOff: [],
});

async function addEngineers(list: readonly Readonly<{ name: string; regions: string[]; engineer: EngineerProfile }>[]): Promise<PublicUser[]> {
  const records = await db.repo.write((tx) =>
    insertUsersWithChanges(
      tx,
      list.map((e) => ({ email: `${e.name.toLowerCase()}@test.test`, name: e.name, role: 'fse' as const, regions: e.regions, passwordHash: 'x', engineer: e.engineer })),
      '2026-03-01T09:00:00.000Z',
    ),
  );
  return records.map(toPublicUser);
}

async function setRules(value: SettingValues['assignmentRules']): Promise<void> {
  const ctx: CommandContext = { user: db.users.admin, now: '2026-03-04T09:00:00.000Z', clientId: null, mutationId: null, clientCreatedAt: null };
  await db.repo.write((tx) => updateSetting(tx, ctx, { key: 'assignmentRules', value }));
}

const WEIGHTS = { workload: 3, slaUrgency: 2, modelExperience: 2, travel: 1 };

async function create(priority: Priority, extra: Parameters<typeof newCaseArgs>[0] = {}): Promise<CaseRow> {
  const args = newCaseArgs({ serial: db.projector.serial, projectorId: db.projector.id, priority, ...extra });
  const out = await applyPush(db.repo, db.users.agent, 'client-agent-0001', 'group-0001', [{ id: ++mutationId, name: 'createCase', args, baseVersions: {}, createdAt: '2026-03-04T09:59:00.000Z' }], { clock });
  const result = out.results[0] as MutationResult;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const row = await db.repo.read((tx) => tx.getCase(args.id));
  if (!row) throw new Error('case missing');
  return row;
}

beforeEach(async () => {
  db = await createTestDb();
  mutationId = 0;
});
afterEach(async () => {
  await db.cleanup();
});

describe('automatic assignment', () => {
  it('assigns a matching new case to the best match as the hub, with an auto_assigned event saying why', async () => {
    const [skilled] = await addEngineers([
      { name: 'Ada', regions: ['North'], engineer: profile(['SP4K-25']) },
      { name: 'Bo', regions: ['North'], engineer: profile(['DP4K-32B']) },
    ]);
    await setRules({ enabled: true, rules: [{ regions: [], priorities: ['P3', 'P4'], mode: 'best-match' }], weights: WEIGHTS });
    const row = await create('P3');
    expect(row.assigneeId).toBe(skilled?.id);
    expect(row.status).toBe('assigned');

    const events = await db.repo.read((tx) => tx.caseEventsOf(row.id));
    expect(events.map((e) => e.kind)).toEqual(['created', 'changed', 'auto_assigned']);
    const auto = events[2];
    expect(auto).toMatchObject({ userId: null, data: { assigneeId: skilled?.id, mode: 'best-match' } });
    expect(auto?.kind === 'auto_assigned' && auto.data.reasons[0]).toBe('Best match');
    // The assignment is the hub's own write (attributed to the admin account), not the agent's.
    const changes = await db.repo.read((tx) => tx.changesSince(0, 1000));
    const assign = changes.find((c) => c.entity === 'cases' && c.entityId === row.id && (c.after as CaseRow).assigneeId !== null);
    expect(assign).toMatchObject({ userId: db.users.admin.id, clientId: null, mutationId: null });
  });

  it('never assigns a P1 case, whatever the rules; a P2 covered by the same rule is assigned', async () => {
    await addEngineers([{ name: 'Ada', regions: ['North'], engineer: profile(['SP4K-25']) }]);
    await setRules({ enabled: true, rules: [{ regions: [], priorities: ['P1', 'P2'], mode: 'least-loaded' }], weights: WEIGHTS });
    const p1 = await create('P1');
    expect(p1.assigneeId).toBeNull();
    expect((await db.repo.read((tx) => tx.caseEventsOf(p1.id))).map((e) => e.kind)).toEqual(['created']);
    expect((await create('P2')).assigneeId).not.toBeNull();
  });

  it('leaves the case alone when disabled, when no rule covers its region or priority, or nobody is eligible', async () => {
    await addEngineers([{ name: 'Ada', regions: ['North'], engineer: profile(['SP4K-25']) }]);
    await setRules({ enabled: false, rules: [{ regions: [], priorities: ['P3'], mode: 'best-match' }], weights: WEIGHTS });
    expect((await create('P3')).assigneeId).toBeNull();
    await setRules({ enabled: true, rules: [{ regions: ['South'], priorities: ['P3'], mode: 'best-match' }, { regions: [], priorities: ['P4'], mode: 'best-match' }], weights: WEIGHTS });
    expect((await create('P3')).assigneeId).toBeNull();
    // A rule matches, but the only engineer lacks the skill for a case with a known model.
    await setRules({ enabled: true, rules: [{ regions: ['North'], priorities: ['P3'], mode: 'best-match' }], weights: WEIGHTS });
    await db.repo.write(async (tx) => {
      const fse = (await tx.listUsers()).find((u) => u.name === 'Ada');
      if (!fse) throw new Error('no Ada');
      await tx.replaceUser({ ...fse, engineer: profile(['Other-Model']) });
    });
    expect((await create('P3')).assigneeId).toBeNull();
  });

  it('round-robin goes through the eligible engineers in name order, remembering the last one', async () => {
    const engineers = await addEngineers([
      { name: 'Cy', regions: ['North'], engineer: profile(['SP4K-25'], 10) },
      { name: 'Ada', regions: ['North'], engineer: profile(['SP4K-25'], 10) },
      { name: 'Bo', regions: ['North'], engineer: profile(['SP4K-25'], 10) },
    ]);
    const byName = new Map(engineers.map((e) => [e.id, e.name]));
    await setRules({ enabled: true, rules: [{ regions: ['North'], priorities: ['P3', 'P4'], mode: 'round-robin' }], weights: WEIGHTS });
    const order: (string | undefined)[] = [];
    for (let i = 0; i < 4; i += 1) order.push(byName.get((await create(i % 2 ? 'P4' : 'P3')).assigneeId ?? ''));
    expect(order).toEqual(['Ada', 'Bo', 'Cy', 'Ada']);
  });
});
