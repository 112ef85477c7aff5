import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRow } from '../../shared/domain.js';
import { SETTINGS } from '../../shared/settings.js';
import type { Mutation } from '../../shared/sync/mutations.js';
import type { MutationResult } from '../../shared/sync/protocol.js';
import { createTestDb, newCaseArgs, type TestDb } from '../testing/fixtures.js';
import { createWorld } from '../testing/sync-world.js';
import { buildNewCase } from '../../shared/case-lifecycle.js';
import { recordFirstResponse } from './cases.js';
import type { CommandContext } from './command-context.js';
import { applyPush } from './push.js';
import { backfilledSlaEvents, backfillSlaEvents } from './sla.js';

let db: TestDb;
// Monday 2 March 2026, 09:00 in London (GMT): inside the default business hours (08:00–18:00).
let now = Date.UTC(2026, 2, 2, 9);
const clock = () => now;
const nextIds = new Map<string, number>();

async function push(role: 'agent' | 'manager' | 'admin', name: Mutation['name'], args: unknown): Promise<MutationResult> {
  const clientId = `client-${role}-0001`;
  const id = (nextIds.get(clientId) ?? 0) + 1;
  nextIds.set(clientId, id);
  const out = await applyPush(db.repo, db.users[role], clientId, 'group-0001', [{ id, name, args, baseVersions: {}, createdAt: '2026-03-02T09:00:00.000Z' }], { clock });
  return out.results[0] as MutationResult;
}

async function mustPush(role: 'agent' | 'manager' | 'admin', name: Mutation['name'], args: unknown): Promise<unknown> {
  const result = await push(role, name, args);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.result;
}

const getCase = async (id: string): Promise<CaseRow> => {
  const row = await db.repo.read((tx) => tx.getCase(id));
  if (!row) throw new Error('case missing');
  return row;
};

async function createCase(overrides: Parameters<typeof newCaseArgs>[0]): Promise<CaseRow> {
  const args = newCaseArgs(overrides);
  await mustPush('agent', 'createCase', args);
  return getCase(args.id);
}

beforeEach(async () => {
  db = await createTestDb();
  now = Date.UTC(2026, 2, 2, 9);
  nextIds.clear();
});
afterEach(async () => {
  await db.cleanup();
});

describe('slaDueAt on case writes', () => {
  it('is the nearest running deadline: follows priority, pauses while waiting, moves on after a phone response', async () => {
    const email = await createCase({ channel: 'email', priority: 'P3' });
    // P3: first response within 4 business hours.
    expect(email.slaEvents).toEqual([{ at: '2026-03-02T09:00:00.000Z', kind: 'created', priority: 'P3' }]);
    expect(email.slaDueAt).toBe('2026-03-02T13:00:00.000Z');
    // A phone case is answered at once: the resolution clock (P3: 50 business hours) is what is due.
    const phone = await createCase({ channel: 'phone', priority: 'P1' });
    expect(phone.slaDueAt).toBe('2026-03-02T17:00:00.000Z');

    await mustPush('manager', 'updateCase', { id: email.id, patch: { priority: 'P1' } });
    expect(await getCase(email.id)).toMatchObject({ priority: 'P1', slaDueAt: '2026-03-02T09:30:00.000Z' });
    await mustPush('manager', 'updateCase', { id: email.id, patch: { waitingFor: 'customer' } });
    const paused = await getCase(email.id);
    expect(paused.slaDueAt).toBeNull();
    expect(paused.slaEvents.at(-1)).toEqual({ at: '2026-03-02T09:00:00.000Z', kind: 'paused', reason: 'customer' });
    // The change-log entry carries the new deadline, so consoles sort by it too.
    const entry = await db.repo.read(async (tx) => tx.getChange(paused.version));
    expect(entry?.after).toMatchObject({ slaDueAt: null, waitingFor: 'customer' });

    now = Date.UTC(2026, 2, 2, 10);
    await mustPush('manager', 'updateCase', { id: email.id, patch: { waitingFor: null } });
    // Paused for an hour: the 30 minutes run from 10:00.
    expect((await getCase(email.id)).slaDueAt).toBe('2026-03-02T10:30:00.000Z');
  });

  it('recordFirstResponse stops the first-response clock once (the mail helper calls it for a person’s reply)', async () => {
    const row = await createCase({ channel: 'email', priority: 'P1' });
    now = Date.UTC(2026, 2, 2, 9, 20);
    const ctx: CommandContext = { user: db.users.agent, now: '2026-03-02T09:20:00.000Z', clientId: null, mutationId: null, clientCreatedAt: null };
    expect(await db.repo.write((tx) => recordFirstResponse(tx, ctx, row.id))).toBe(true);
    const answered = await getCase(row.id);
    expect(answered.slaEvents.at(-1)).toEqual({ at: '2026-03-02T09:20:00.000Z', kind: 'responded' });
    // P1 resolution: 8 business hours from 09:00.
    expect(answered.slaDueAt).toBe('2026-03-02T17:00:00.000Z');
    expect(await db.repo.read(async (tx) => (await tx.getChange(answered.version))?.after)).toEqual(answered);
    expect(await db.repo.write((tx) => recordFirstResponse(tx, { ...ctx, now: '2026-03-02T09:40:00.000Z' }, row.id))).toBe(false);
    expect(await getCase(row.id)).toEqual(answered);
  });
});

describe('SLA settings changes', () => {
  it('re-derive the deadline of every open case in the same transaction; unchanged and resolved cases keep their version', async () => {
    const p1 = await createCase({ channel: 'email', priority: 'P1' });
    const p4 = await createCase({ channel: 'email', priority: 'P4' });
    const done = await createCase({ channel: 'phone', priority: 'P1' });
    await mustPush('manager', 'updateCase', { id: done.id, patch: { status: 'closed' } });
    const closed = await getCase(done.id);
    expect(closed.slaDueAt).toBeNull();
    const unrelated = await mustPush('admin', 'updateSetting', { key: 'organisation', value: { name: 'Other name', address: '', phone: '', email: '', logo: null } });
    expect(unrelated).toMatchObject({ casesRecomputed: 0 });

    const head = await db.repo.read((tx) => tx.headVersion());
    const policies = SETTINGS.slaPolicies.defaultValue;
    const value = { ...policies, targets: { ...policies.targets, P1: { firstResponseMinutes: 60, resolutionMinutes: 480 } } };
    expect(await mustPush('admin', 'updateSetting', { key: 'slaPolicies', value })).toMatchObject({ casesRecomputed: 1 });
    expect(await getCase(p1.id)).toMatchObject({ slaDueAt: '2026-03-02T10:00:00.000Z', updatedAt: p1.updatedAt, fieldVersions: p1.fieldVersions });
    expect(await getCase(p4.id)).toEqual(p4);
    expect(await getCase(done.id)).toEqual(closed);
    const entries = await db.repo.read((tx) => tx.changesSince(head, 10));
    expect(entries.map((e) => [e.entity, e.entityId])).toEqual([
      ['settings', 'slaPolicies'],
      ['cases', p1.id],
    ]);

    // Opening on Mondays only from 10:00 moves both open cases.
    const days = [{ start: '10:00', end: '18:00' }, ...SETTINGS.businessHours.defaultValue.days.slice(1)];
    expect(await mustPush('admin', 'updateSetting', { key: 'businessHours', value: { days } })).toMatchObject({ casesRecomputed: 2 });
    expect((await getCase(p1.id)).slaDueAt).toBe('2026-03-02T11:00:00.000Z');
    expect((await getCase(p4.id)).slaDueAt).toBe('2026-03-02T18:00:00.000Z');
  });
});

describe('back-fill of SLA events at start-up', () => {
  it('gives cases stored with no SLA events a history and a deadline, once, change-logged', async () => {
    const base = await createCase({ channel: 'email', priority: 'P2' });
    const legacy = (over: Partial<CaseRow>): CaseRow => ({ ...base, id: crypto.randomUUID(), number: null, slaEvents: [], slaDueAt: null, ...over });
    const open = legacy({ channel: 'email', priority: 'P3', status: 'new', createdAt: '2026-03-02T08:00:00.000Z', updatedAt: '2026-03-02T08:30:00.000Z' });
    const phone = legacy({ channel: 'phone', priority: 'P1', status: 'in_progress', createdAt: '2026-03-02T08:00:00.000Z', updatedAt: '2026-03-02T08:30:00.000Z' });
    const resolved = legacy({ channel: 'other', priority: 'P2', status: 'resolved', createdAt: '2026-02-27T08:00:00.000Z', updatedAt: '2026-02-27T12:00:00.000Z' });
    await db.repo.write((tx) => tx.insertCases([open, phone, resolved]));

    expect(backfilledSlaEvents(resolved)).toEqual([
      { at: '2026-02-27T08:00:00.000Z', kind: 'created', priority: 'P2' },
      { at: '2026-02-27T12:00:00.000Z', kind: 'resolved' },
    ]);
    const head = await db.repo.read((tx) => tx.headVersion());
    expect(await backfillSlaEvents(db.repo, clock)).toBe(3);
    expect(await getCase(open.id)).toMatchObject({ slaEvents: [{ at: open.createdAt, kind: 'created', priority: 'P3' }], slaDueAt: '2026-03-02T12:00:00.000Z' });
    expect(await getCase(phone.id)).toMatchObject({
      slaEvents: [
        { at: phone.createdAt, kind: 'created', priority: 'P1' },
        { at: phone.createdAt, kind: 'responded' },
      ],
      slaDueAt: '2026-03-02T16:00:00.000Z',
    });
    expect(await getCase(resolved.id)).toMatchObject({ slaDueAt: null });
    const entries = await db.repo.read((tx) => tx.changesSince(head, 10));
    expect(entries.map((e) => e.entityId).sort()).toEqual([open.id, phone.id, resolved.id].sort());
    expect(entries.every((e) => e.entity === 'cases' && e.userId === null && (e.before as CaseRow).slaEvents.length === 0)).toBe(true);
    // The case created normally was left alone, and a second start finds nothing to do.
    expect(await getCase(base.id)).toEqual(base);
    expect(await backfillSlaEvents(db.repo, clock)).toBe(0);
    expect(await db.repo.read((tx) => tx.headVersion())).toBe(head + 3);
  });
});

describe('hub start-up', () => {
  it('back-fills the SLA history of a database written before SLA clocks before consoles sync', async () => {
    const id = crypto.randomUUID();
    const world = await createWorld(async (repo) => {
      await repo.write(async (tx) => {
        const creator = (await tx.listUsers())[0];
        if (!creator) throw new Error('no users');
        const row = buildNewCase(newCaseArgs({ id, channel: 'phone', priority: 'P2' }), { userId: creator.id, now: '2026-03-02T08:00:00.000Z', version: 1, number: null });
        // As migration 0003 left an existing row: no SLA events, no deadline.
        await tx.insertCases([{ ...row, slaEvents: [], slaDueAt: null }]);
      });
    });
    try {
      const row = await world.hub.repo.read((tx) => tx.getCase(id));
      expect(row?.slaEvents).toEqual([
        { at: '2026-03-02T08:00:00.000Z', kind: 'created', priority: 'P2' },
        { at: '2026-03-02T08:00:00.000Z', kind: 'responded' },
      ]);
      // P2 resolution: 20 business hours from Monday 08:00 → Tuesday 18:00.
      expect(row?.slaDueAt).toBe('2026-03-03T18:00:00.000Z');
    } finally {
      await world.close();
    }
  });
});
