// The assignment board through the ConsoleApi against the fake hub on a real socket: assigning by
// cases.update (and how long the core takes to commit and announce it), taking an escalation on
// (optimistic, confirmed or rolled back), presence between two managers' consoles (re-sent after a
// reconnect, dropped when a console leaves) and editing an engineer's record online.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { ConsoleEvents } from '../../../shared/console-api.js';
import type { PublicUser, SyncedUser } from '../../../shared/domain.js';
import { DEFAULT_WORKING_HOURS } from '../../../shared/domain.js';
import type { EventEnvelope } from '../../../shared/ipc.js';
import { createConsoleCore } from './console-core.js';
import { silentLogger } from './logger.js';
import { CUSTOMERS, FSE_ROW, PROJECTORS, SITES, confirmedCase, tempDataDir } from './testing/fixtures.js';
import { call, coreRig, eventually, isOnline } from './testing/core-test-kit.js';

const PASSWORD = 'correct horse';
const MANAGER: PublicUser = { id: '01900000-0000-7000-8000-0000000000f1', email: 'mia@test.example', name: 'Mia Manager', role: 'manager', regions: ['north'], active: true };
const MANAGER_2: PublicUser = { id: '01900000-0000-7000-8000-0000000000f2', email: 'max@test.example', name: 'Max Manager', role: 'manager', regions: ['north'], active: true };
const extras = { phone: '', engineer: null, mustChangePassword: false, passwordChangedAt: null, version: 1 } as const;
const MANAGER_ROW: SyncedUser = { ...MANAGER, ...extras };
const MANAGER_2_ROW: SyncedUser = { ...MANAGER_2, ...extras };
const CASE_A = '01900000-0000-7000-8000-0000000ca5e1';
const CASE_B = '01900000-0000-7000-8000-0000000ca5e2';

const rows = () => ({
  users: [MANAGER_ROW, MANAGER_2_ROW, FSE_ROW],
  customers: CUSTOMERS,
  sites: SITES,
  projectors: PROJECTORS,
  cases: [
    confirmedCase(CASE_A, 5, { number: 'DTR-2026-000001' }),
    confirmedCase(CASE_B, 5, { number: 'DTR-2026-000002', priority: 'P1', escalation: { at: '2026-01-10T09:30:00.000Z', reasons: ['P1 or critical severity'] } }),
  ],
});

const presenceEvents = (events: EventEnvelope[]) => events.filter((e) => e.name === 'presence.changed').map((e) => e.payload as ConsoleEvents['presence.changed']);

describe('assignment board through the console core', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  async function signedIn() {
    const rig = await coreRig({ user: MANAGER, password: PASSWORD, rows: rows() }, cleanups);
    const { core, events } = await rig.open();
    await call(core, 'session.login', { email: MANAGER.email, password: PASSWORD });
    await isOnline(core);
    await eventually(async () => (await call(core, 'board.get', {})).unassigned.length === 2, 'bootstrap');
    return { rig, core, events };
  }

  it('assigns by cases.update: the card moves at once and the hub confirms it; reports the core commit time', async () => {
    const { rig, core } = await signedIn();
    const before = await call(core, 'board.get', {});
    expect(before.columns.map((c) => c.name)).toEqual([FSE_ROW.name]);
    expect(before.escalated.map((c) => c.caseId)).toEqual([CASE_B]);

    // From the call to the reply (local write committed) and to data.changed leaving the core.
    let announcedAt: number | null = null;
    const unsubscribe = core.onEvent((e) => {
      if (e.name === 'data.changed' && announcedAt === null) announcedAt = performance.now();
    });
    const samples: { commit: number; announced: number }[] = [];
    for (const [i, assigneeId] of [FSE_ROW.id, null, FSE_ROW.id, null, FSE_ROW.id].entries()) {
      await new Promise((r) => setTimeout(r, 40)); // a quiet frame, as between two drags
      announcedAt = null;
      const t0 = performance.now();
      const reply = await core.handle(100 + i, 'cases.update', { id: CASE_A, patch: { assigneeId } });
      const commit = performance.now() - t0;
      expect(reply.ok).toBe(true);
      const at = await eventually(() => announcedAt, 'data.changed');
      samples.push({ commit, announced: at - t0 });
    }
    unsubscribe();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const commit = median(samples.map((s) => s.commit));
    const announced = median(samples.map((s) => s.announced));
    console.info(`drag_commit_core_ms commit=${commit.toFixed(2)} announced=${announced.toFixed(2)}`);
    expect(announced).toBeLessThan(16);

    const moved = await call(core, 'board.get', {});
    expect(moved.columns[0]!.cards.map((c) => c.caseId)).toEqual([CASE_A]);
    await eventually(() => rig.hub.row('cases', CASE_A) && (rig.hub.row('cases', CASE_A) as { assigneeId: string | null }).assigneeId === FSE_ROW.id, 'hub has the assignment');
    await eventually(async () => (await call(core, 'board.get', {})).columns[0]!.cards[0]?.pending === false, 'confirmed');
    expect((await call(core, 'board.get', {})).columns[0]!.load.today).toBe(1);
  });

  it('takes an escalation on at once; the hub confirms it on the timeline, or refuses and it comes back', async () => {
    const { rig, core, events } = await signedIn();
    rig.hub.control.reject = (name) => (name === 'handleEscalation' ? { code: 'FORBIDDEN', message: 'Only managers of this region may take it on.' } : null);
    await call(core, 'cases.handleEscalation', { caseId: CASE_B, note: 'Calling the site' });
    expect((await call(core, 'board.get', {})).escalated).toEqual([]);
    await eventually(() => events.some((e) => e.name === 'mutation.rejected'), 'rejection');
    expect(events.find((e) => e.name === 'mutation.rejected')?.payload).toMatchObject({ mutationName: 'handleEscalation', caseId: CASE_B, caseLabel: 'DTR-2026-000002' });
    await eventually(async () => (await call(core, 'board.get', {})).escalated.length === 1, 'escalation back');

    rig.hub.control.reject = null;
    await call(core, 'cases.handleEscalation', { caseId: CASE_B, note: 'Calling the site' });
    await eventually(() => (rig.hub.row('cases', CASE_B) as { escalation: unknown }).escalation === null, 'hub cleared it');
    const timeline = await eventually(async () => {
      const t = await call(core, 'cases.timeline', { id: CASE_B });
      return t.some((e) => e.event.kind === 'escalation_handled') ? t : null;
    }, 'timeline');
    expect(timeline.find((e) => e.event.kind === 'escalation_handled')).toMatchObject({ event: { data: { note: 'Calling the site' } }, userName: MANAGER.name });
    expect((await call(core, 'board.get', {})).escalated).toEqual([]);

    // The hub escalates again later: the board shows it live.
    rig.hub.escalate(CASE_A, ['Unassigned for more than 60 minutes']);
    await eventually(async () => (await call(core, 'board.get', {})).escalated.map((c) => c.caseId).join() === CASE_A, 'live escalation');
    const refused = await core.handle(9, 'cases.handleEscalation', { caseId: CASE_B });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('shares presence between two managers, re-sends it after a reconnect and drops a console that leaves', async () => {
    const { rig, core, events } = await signedIn();
    rig.hub.setPassword(MANAGER_2.id, PASSWORD);
    const otherDir = tempDataDir();
    cleanups.push(() => fs.rmSync(otherDir, { recursive: true, force: true }));
    const other = await createConsoleCore({ dataDir: otherDir, hubUrl: rig.hub.url }, { logger: silentLogger, backoff: { baseMs: 20, maxMs: 100, random: () => 1 } });
    const otherEvents: EventEnvelope[] = [];
    other.onEvent((e) => otherEvents.push(e));
    let otherClosed = false;
    cleanups.push(async () => {
      if (!otherClosed) await other.close();
    });
    await call(other, 'session.login', { email: MANAGER_2.email, password: PASSWORD });
    await isOnline(other);

    expect(await call(core, 'presence.get', {})).toEqual([]);
    await call(core, 'presence.set', { board: true, editingCaseId: CASE_A });
    const seen = await eventually(() => presenceEvents(otherEvents).at(-1)?.others.length === 1 && presenceEvents(otherEvents).at(-1)!, 'presence on the other console');
    expect(seen.others).toEqual([{ userId: MANAGER.id, name: MANAGER.name, board: true, editingCaseId: CASE_A }]);
    expect(await call(other, 'presence.get', {})).toEqual(seen.others);

    // The connection drops: the core says hello again and tells the hub where its user still is.
    const framesBefore = rig.hub.control.presenceFrames.filter((f) => f.userId === MANAGER.id).length;
    rig.hub.dropSessions();
    await eventually(() => rig.hub.control.presenceFrames.filter((f) => f.userId === MANAGER.id).length > framesBefore, 'presence re-sent');
    expect(rig.hub.control.presenceFrames.at(-1)).toMatchObject({ userId: MANAGER.id, board: true, editingCaseId: CASE_A });
    await eventually(async () => (await call(other, 'presence.get', {})).length === 1, 'the other sees them again');

    await call(other, 'presence.set', { board: true, editingCaseId: null });
    await eventually(() => presenceEvents(events).at(-1)?.others.some((o) => o.userId === MANAGER_2.id) === true, 'the first sees the second');
    otherClosed = true;
    await other.close();
    await eventually(async () => (await call(core, 'presence.get', {})).length === 0, 'a console that leaves is dropped');
  });

  it('changes an engineer record online and the board follows; offline it says so', async () => {
    const { rig, core } = await signedIn();
    const profile = { skills: ['DP4K-40LHC', 'NC1503L'], dailyCapacity: 6, workingHours: DEFAULT_WORKING_HOURS.map((d) => (d ? { ...d } : null)), timeOff: [] };
    const updated = await call(core, 'engineers.update', { id: FSE_ROW.id, profile });
    expect(updated).toMatchObject({ id: FSE_ROW.id, engineer: { dailyCapacity: 6 } });
    await eventually(async () => (await call(core, 'board.get', {})).columns[0]!.skills.includes('NC1503L'), 'synced profile');
    const invalid = await core.handle(2, 'engineers.update', { id: FSE_ROW.id, profile: { ...profile, dailyCapacity: 0 } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await rig.hub.stop();
    await eventually(async () => (await call(core, 'sync.status', {})).connection === 'offline', 'offline', 10_000);
    const offline = await core.handle(3, 'engineers.update', { id: FSE_ROW.id, profile });
    expect(offline.ok).toBe(false);
  });

  it('recommends engineers for a case from the cache with the settings weights', async () => {
    const { core } = await signedIn();
    const r = await call(core, 'board.recommend', { caseId: CASE_A, limit: 3 });
    expect(r.caseId).toBe(CASE_A);
    // Whether Fran is ranked depends on today's weekday; either way she is accounted for.
    expect([...r.ranked, ...r.filtered].map((e) => e.engineerId)).toEqual([FSE_ROW.id]);
  });
});
