import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CASE_TRANSITIONS, applyCasePatch, assertTransition, buildNewCase, canTransition, initialSlaEvents, slaEventsForChange } from './case-lifecycle.js';
import { CASE_STATUSES, CHANNELS, PRIORITIES, SEVERITIES, type CasePatch, type CaseRow, type CaseStatus, type CreateCaseArgs } from './domain.js';
import { isAppError } from './errors.js';
import { computeSla, calendarFromSettings, policiesFromSettings } from './sla/compute.js';
import type { SlaEvent } from './sla/types.js';
import { resolveSettings } from './settings.js';

const CASE_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const USER_ID = '0190a1b2-c3d4-7e5f-8a9b-00000000000a';
const OTHER_USER_ID = '0190a1b2-c3d4-7e5f-8a9b-00000000000b';

const args: CreateCaseArgs = {
  id: CASE_ID,
  serial: 'SN-1',
  projectorId: null,
  siteId: null,
  customerId: null,
  contactName: 'Ann',
  contactPhone: '0123',
  contactEmail: '',
  channel: 'phone',
  title: 'Lamp flickers',
  description: '',
  priority: 'P2',
  severity: 'major',
};

function rowWith(overrides: Partial<CaseRow> = {}): CaseRow {
  return { ...buildNewCase(args, { userId: USER_ID, now: '2026-01-01T00:00:00.000Z', version: 10, number: 'DTR-2026-000001' }), ...overrides };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const status = fc.constantFrom(...CASE_STATUSES);

describe('canTransition / assertTransition', () => {
  it('matches the CASE_TRANSITIONS table for every pair, allowing a status to stay as it is', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        const expected = from === to || CASE_TRANSITIONS[from].includes(to);
        expect(canTransition(from, to)).toBe(expected);
        const error = caught(() => assertTransition(from, to));
        if (expected) expect(error).toBeUndefined();
        else {
          expect(isAppError(error) && error.code).toBe('VALIDATION');
          expect(isAppError(error) && error.details?.fields?.status).toMatch(/^Allowed next: /);
        }
      }),
    );
  });

  it('follows the workflow people rely on', () => {
    expect(canTransition('new', 'assigned')).toBe(true);
    expect(canTransition('in_progress', 'resolved')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
    expect(canTransition('closed', 'in_progress')).toBe(true);
    expect(canTransition('new', 'resolved')).toBe(false);
    expect(canTransition('closed', 'new')).toBe(false);
    expect(canTransition('awaiting_approval', 'closed')).toBe(false);
  });

  it('only names known statuses in the table, and every status has a way out', () => {
    for (const from of CASE_STATUSES) {
      expect(CASE_TRANSITIONS[from].length).toBeGreaterThan(0);
      for (const to of CASE_TRANSITIONS[from]) expect(CASE_STATUSES).toContain(to);
    }
  });

  it('tells the user which statuses are allowed next', () => {
    const error = caught(() => assertTransition('closed', 'new'));
    expect(isAppError(error)).toBe(true);
    if (!isAppError(error)) return;
    expect(error.message).toBe('A case that is closed cannot become new.');
    expect(error.details?.fields).toEqual({ status: 'Allowed next: In progress.' });
  });
});

describe('buildNewCase', () => {
  const ctx = { userId: USER_ID, now: '2026-03-04T05:06:07.000Z', version: 42, number: 'DTR-2026-000123' };

  it('makes a new, unassigned case numbered and stamped from the context', () => {
    const row = buildNewCase(args, ctx);
    expect(row).toEqual({
      ...args,
      number: 'DTR-2026-000123',
      status: 'new',
      assigneeId: null,
      waitingFor: null,
      createdBy: USER_ID,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      // A phone case is answered by the agent taking the call.
      slaEvents: [
        { at: ctx.now, kind: 'created', priority: 'P2' },
        { at: ctx.now, kind: 'responded' },
      ],
      slaDueAt: null,
      // Escalation is hub-owned: a new case has none until the hub's evaluator sets it.
      escalation: null,
      resolvedAt: null,
      fieldVersions: row.fieldVersions,
      version: 42,
    });
  });

  it('starts only the clocks of an email case: its first response is still owed', () => {
    expect(buildNewCase({ ...args, channel: 'email', priority: 'P1' }, ctx).slaEvents).toEqual([{ at: ctx.now, kind: 'created', priority: 'P1' }]);
  });

  it('keeps number null when the hub has not assigned one yet', () => {
    expect(buildNewCase(args, { ...ctx, number: null }).number).toBeNull();
  });

  it('records the creating version for every field, including status and assignee, but not the id', () => {
    const row = buildNewCase(args, ctx);
    const expectedFields = [...Object.keys(args).filter((k) => k !== 'id'), 'status', 'assigneeId', 'waitingFor'].sort();
    expect(Object.keys(row.fieldVersions).sort()).toEqual(expectedFields);
    for (const v of Object.values(row.fieldVersions)) expect(v).toBe(42);
  });
});

describe('applyCasePatch', () => {
  const ctx = { now: '2026-05-01T12:00:00.000Z', version: 11 };

  it('updates the patched fields and their fieldVersions only, and bumps version and updatedAt', () => {
    const row = rowWith();
    const next = applyCasePatch(row, { title: 'Lamp dead', priority: 'P1' }, ctx);
    expect(next).toEqual({
      ...row,
      title: 'Lamp dead',
      priority: 'P1',
      fieldVersions: { ...row.fieldVersions, title: 11, priority: 11 },
      slaEvents: [...row.slaEvents, { at: ctx.now, kind: 'priority', priority: 'P1' }],
      updatedAt: ctx.now,
      version: 11,
    });
  });

  it('keeps the SLA history as it is when nothing that moves the clocks changes', () => {
    const row = rowWith({ status: 'in_progress' });
    const next = applyCasePatch(row, { title: 'Lamp dead', priority: 'P2', assigneeId: OTHER_USER_ID, status: 'awaiting_approval' }, ctx);
    expect(next.slaEvents).toEqual(row.slaEvents);
    expect(next.slaDueAt).toBe(row.slaDueAt);
  });

  it('pauses the clocks while waiting, resumes them, and records resolving and reopening', () => {
    const row = rowWith({ status: 'in_progress' });
    const waiting = applyCasePatch(row, { waitingFor: 'customer' }, { now: '2026-05-01T10:00:00.000Z', version: 12 });
    expect(waiting.waitingFor).toBe('customer');
    expect(waiting.fieldVersions.waitingFor).toBe(12);
    const back = applyCasePatch(waiting, { waitingFor: null }, { now: '2026-05-01T11:00:00.000Z', version: 13 });
    const done = applyCasePatch(back, { status: 'resolved' }, { now: '2026-05-01T12:00:00.000Z', version: 14 });
    const reopened = applyCasePatch(done, { status: 'in_progress' }, { now: '2026-05-04T09:00:00.000Z', version: 15 });
    expect(reopened.slaEvents).toEqual([
      ...row.slaEvents,
      { at: '2026-05-01T10:00:00.000Z', kind: 'paused', reason: 'customer' },
      { at: '2026-05-01T11:00:00.000Z', kind: 'resumed' },
      { at: '2026-05-01T12:00:00.000Z', kind: 'resolved' },
      { at: '2026-05-04T09:00:00.000Z', kind: 'reopened' },
    ]);
    // The rows it was built from keep their own histories.
    expect(done.slaEvents).toHaveLength(row.slaEvents.length + 3);
  });

  it('produces a history computeSla turns into the clocks people expect', () => {
    // An email case at 09:00 on Monday 2026-01-05 (London, 08:00–18:00), P3: 4 h response, 50 h resolution.
    const settings = resolveSettings([]);
    const row = buildNewCase({ ...args, channel: 'email', priority: 'P3' }, { userId: USER_ID, now: '2026-01-05T09:00:00.000Z', version: 1, number: null });
    let next = applyCasePatch(row, { status: 'in_progress', waitingFor: 'parts' }, { now: '2026-01-05T10:00:00.000Z', version: 2 });
    next = applyCasePatch(next, { waitingFor: null, priority: 'P2' }, { now: '2026-01-06T10:00:00.000Z', version: 3 });
    const sla = computeSla(next.slaEvents, policiesFromSettings(settings), calendarFromSettings(settings), '2026-01-06T11:00:00.000Z');
    expect(sla.priority).toBe('P2');
    expect(sla.firstResponse).toMatchObject({ targetMinutes: 120, elapsedMs: 2 * 3_600_000, state: 'warning', dueAt: '2026-01-06T11:00:00.000Z' });
    expect(sla.resolution).toMatchObject({ targetMinutes: 1200, elapsedMs: 2 * 3_600_000, state: 'running' });
  });

  it('does not modify the row it was given', () => {
    const row = rowWith();
    const before = JSON.stringify(row);
    applyCasePatch(row, { title: 'Changed', assigneeId: OTHER_USER_ID }, ctx);
    expect(JSON.stringify(row)).toBe(before);
  });

  it('applies an allowed status change', () => {
    const next = applyCasePatch(rowWith({ status: 'in_progress' }), { status: 'resolved' }, ctx);
    expect(next.status).toBe('resolved');
    expect(next.fieldVersions.status).toBe(11);
  });

  it('refuses a disallowed status transition with VALIDATION', () => {
    const error = caught(() => applyCasePatch(rowWith({ status: 'new' }), { status: 'resolved' }, ctx));
    expect(isAppError(error) && error.code).toBe('VALIDATION');
    expect(isAppError(error) && error.details?.fields).toHaveProperty('status');
  });

  it('moves a new case to assigned when it gets an assignee', () => {
    const next = applyCasePatch(rowWith({ status: 'new' }), { assigneeId: OTHER_USER_ID }, ctx);
    expect(next.status).toBe('assigned');
    expect(next.assigneeId).toBe(OTHER_USER_ID);
    expect(next.fieldVersions.status).toBe(11);
    expect(next.fieldVersions.assigneeId).toBe(11);
  });

  it('moves an assigned case back to new when its assignee is removed', () => {
    const next = applyCasePatch(rowWith({ status: 'assigned', assigneeId: OTHER_USER_ID }), { assigneeId: null }, ctx);
    expect(next.status).toBe('new');
    expect(next.assigneeId).toBeNull();
    expect(next.fieldVersions.status).toBe(11);
  });

  it('leaves status alone when reassigning a case that is already being worked on', () => {
    for (const from of ['in_progress', 'awaiting_approval', 'resolved', 'closed'] as const) {
      const row = rowWith({ status: from, assigneeId: USER_ID });
      expect(applyCasePatch(row, { assigneeId: OTHER_USER_ID }, ctx).status).toBe(from);
      const unassigned = applyCasePatch(row, { assigneeId: null }, ctx);
      expect(unassigned.status).toBe(from);
      expect(unassigned.fieldVersions.status).toBe(row.fieldVersions.status);
    }
  });

  it('lets an explicit status in the same patch win over the assignment rule', () => {
    const next = applyCasePatch(rowWith({ status: 'new' }), { assigneeId: OTHER_USER_ID, status: 'in_progress' }, ctx);
    expect(next.status).toBe('in_progress');
  });

  const text = fc.string({ maxLength: 20 });
  const uuid = fc.uuid();
  const rowArb = fc
    .record({
      status,
      assigneeId: fc.option(uuid, { nil: null }),
      title: text,
      description: text,
      contactName: text,
      contactPhone: text,
      contactEmail: text,
      serial: text,
      priority: fc.constantFrom(...PRIORITIES),
      severity: fc.constantFrom(...SEVERITIES),
      channel: fc.constantFrom(...CHANNELS),
      projectorId: fc.option(uuid, { nil: null }),
      number: fc.option(text, { nil: null }),
      waitingFor: fc.constantFrom('customer' as const, 'parts' as const, null),
      version: fc.nat({ max: 1000 }),
    })
    .map((r): CaseRow => {
      const base = rowWith(r);
      return { ...base, fieldVersions: Object.fromEntries(Object.keys(base.fieldVersions).map((k, i) => [k, i])) };
    });
  const patchArb: fc.Arbitrary<CasePatch> = fc.record(
    {
      title: text,
      description: text,
      contactName: text,
      contactPhone: text,
      contactEmail: text,
      priority: fc.constantFrom(...PRIORITIES),
      severity: fc.constantFrom(...SEVERITIES),
      status,
      assigneeId: fc.option(uuid, { nil: null }),
      waitingFor: fc.constantFrom('customer' as const, 'parts' as const, null),
    },
    { requiredKeys: [] },
  );

  it('never changes a field that is not in the patch (status only by the assignment rule, SLA events only appended)', () => {
    fc.assert(
      fc.property(rowArb, patchArb, fc.integer({ min: 1001, max: 2000 }), (row, patch, version) => {
        const now = '2026-06-01T00:00:00.000Z';
        if (patch.status !== undefined && !canTransition(row.status, patch.status)) {
          expect(isAppError(caught(() => applyCasePatch(row, patch, { now, version })))).toBe(true);
          return;
        }
        const next = applyCasePatch(row, patch, { now, version });
        const patched = new Set(Object.keys(patch));

        let expectedStatus: CaseStatus = row.status;
        if (patch.status !== undefined) expectedStatus = patch.status;
        else if (patch.assigneeId !== undefined && patch.assigneeId !== null && row.status === 'new') expectedStatus = 'assigned';
        else if (patch.assigneeId === null && row.status === 'assigned') expectedStatus = 'new';
        expect(next.status).toBe(expectedStatus);
        expect(next.version).toBe(version);
        expect(next.updatedAt).toBe(now);

        const rowRecord: Record<string, unknown> = row;
        const nextRecord: Record<string, unknown> = next;
        const patchRecord: Record<string, unknown> = patch;
        expect(Object.keys(next).sort()).toEqual(Object.keys(row).sort());
        // SLA events: the old history, then one event per kind of clock-moving change, in this order.
        const done = (st: CaseStatus) => st === 'resolved' || st === 'closed';
        const added: SlaEvent[] = [];
        if (next.priority !== row.priority) added.push({ at: now, kind: 'priority', priority: next.priority });
        if (next.waitingFor !== row.waitingFor) added.push(next.waitingFor ? { at: now, kind: 'paused', reason: next.waitingFor } : { at: now, kind: 'resumed' });
        if (done(expectedStatus) && !done(row.status)) added.push({ at: now, kind: 'resolved' });
        if (!done(expectedStatus) && done(row.status)) added.push({ at: now, kind: 'reopened' });
        expect(next.slaEvents).toEqual([...row.slaEvents, ...added]);
        for (const key of Object.keys(row)) {
          if (['status', 'updatedAt', 'version', 'fieldVersions', 'slaEvents'].includes(key)) continue;
          expect(nextRecord[key]).toEqual(patched.has(key) ? patchRecord[key] : rowRecord[key]);
        }
        for (const key of Object.keys(row.fieldVersions)) {
          const touched = patched.has(key) || (key === 'status' && expectedStatus !== row.status);
          expect(next.fieldVersions[key]).toBe(touched ? version : row.fieldVersions[key]);
        }
      }),
    );
  });
});

describe('initialSlaEvents / slaEventsForChange', () => {
  const now = '2026-02-02T09:00:00.000Z';

  it('starts every case at creation with its priority, and answers phone cases at once', () => {
    for (const channel of CHANNELS) {
      const events = initialSlaEvents({ priority: 'P4', channel }, now);
      expect(events[0]).toEqual({ at: now, kind: 'created', priority: 'P4' });
      expect(events.slice(1)).toEqual(channel === 'phone' ? [{ at: now, kind: 'responded' }] : []);
    }
  });

  const base = rowWith({ status: 'in_progress', priority: 'P2', waitingFor: null });
  const change = (before: Partial<CaseRow>, after: Partial<CaseRow>) => slaEventsForChange({ ...base, ...before }, { ...base, ...after }, now);

  it('adds nothing when no clock-moving field changes', () => {
    expect(change({}, { title: 'other', assigneeId: OTHER_USER_ID, severity: 'low' })).toEqual([]);
    expect(change({ status: 'resolved' }, { status: 'closed' })).toEqual([]);
    expect(change({ status: 'new' }, { status: 'in_progress' })).toEqual([]);
    expect(change({ waitingFor: 'parts' }, { waitingFor: 'parts' })).toEqual([]);
  });

  it('records a priority change with the new priority', () => {
    expect(change({ priority: 'P2' }, { priority: 'P1' })).toEqual([{ at: now, kind: 'priority', priority: 'P1' }]);
  });

  it('pauses when the case starts waiting or waits for something else, and resumes when it stops', () => {
    expect(change({ waitingFor: null }, { waitingFor: 'customer' })).toEqual([{ at: now, kind: 'paused', reason: 'customer' }]);
    expect(change({ waitingFor: 'customer' }, { waitingFor: 'parts' })).toEqual([{ at: now, kind: 'paused', reason: 'parts' }]);
    expect(change({ waitingFor: 'parts' }, { waitingFor: null })).toEqual([{ at: now, kind: 'resumed' }]);
  });

  it('resolves on resolved or closed, and reopens when a done case goes back to work', () => {
    expect(change({ status: 'in_progress' }, { status: 'resolved' })).toEqual([{ at: now, kind: 'resolved' }]);
    expect(change({ status: 'new' }, { status: 'closed' })).toEqual([{ at: now, kind: 'resolved' }]);
    expect(change({ status: 'closed' }, { status: 'in_progress' })).toEqual([{ at: now, kind: 'reopened' }]);
    expect(change({ status: 'resolved' }, { status: 'in_progress' })).toEqual([{ at: now, kind: 'reopened' }]);
  });

  it('orders several changes at once: priority, waiting, then resolution', () => {
    expect(change({ priority: 'P3', waitingFor: 'customer', status: 'in_progress' }, { priority: 'P1', waitingFor: null, status: 'resolved' })).toEqual([
      { at: now, kind: 'priority', priority: 'P1' },
      { at: now, kind: 'resumed' },
      { at: now, kind: 'resolved' },
    ]);
  });
});
