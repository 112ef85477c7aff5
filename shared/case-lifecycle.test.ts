import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CASE_TRANSITIONS, applyCasePatch, assertTransition, buildNewCase, canTransition } from './case-lifecycle.js';
import { CASE_STATUSES, CHANNELS, PRIORITIES, SEVERITIES, type CasePatch, type CaseRow, type CaseStatus, type CreateCaseArgs } from './domain.js';
import { isAppError } from './errors.js';

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
      createdBy: USER_ID,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      fieldVersions: row.fieldVersions,
      version: 42,
    });
  });

  it('keeps number null when the hub has not assigned one yet', () => {
    expect(buildNewCase(args, { ...ctx, number: null }).number).toBeNull();
  });

  it('records the creating version for every field, including status and assignee, but not the id', () => {
    const row = buildNewCase(args, ctx);
    const expectedFields = [...Object.keys(args).filter((k) => k !== 'id'), 'status', 'assigneeId'].sort();
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
      updatedAt: ctx.now,
      version: 11,
    });
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
    },
    { requiredKeys: [] },
  );

  it('never changes a field that is not in the patch (status only by the assignment rule)', () => {
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
        for (const key of Object.keys(row)) {
          if (['status', 'updatedAt', 'version', 'fieldVersions'].includes(key)) continue;
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
