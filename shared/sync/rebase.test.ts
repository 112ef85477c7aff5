import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { replayPending, type PendingMutation } from './rebase.js';
import { buildNewCase } from '../case-lifecycle.js';
import { PRIORITIES, SEVERITIES, type CaseRow, type CreateCaseArgs } from '../domain.js';

const USER = '0190a5e0-0000-7000-8000-0000000000aa';
const CASE_ID = '0190a5e0-0000-7000-8000-000000000001';
const createArgs: CreateCaseArgs = {
  id: CASE_ID,
  serial: 'BRX-2201-00001',
  projectorId: null,
  siteId: null,
  customerId: null,
  contactName: 'Dana',
  contactPhone: '',
  contactEmail: 'dana@example.com',
  channel: 'phone',
  title: 'No picture',
  description: '',
  priority: 'P3',
  severity: 'minor',
};
const confirmed: CaseRow = { ...buildNewCase(createArgs, { userId: USER, now: '2026-11-28T09:00:00.000Z', version: 7, number: 'DTR-2026-000007' }) };
const at = (i: number) => `2026-11-28T10:00:${String(i % 60).padStart(2, '0')}.000Z`;
const update = (patch: Record<string, unknown>, i = 0): PendingMutation => ({ name: 'updateCase', args: { id: CASE_ID, patch }, createdAt: at(i) });
const ctx = { userId: USER };

/** Random pending mutations of every kind the outbox holds, some invalid for the state they meet. */
const pendingMutation: fc.Arbitrary<PendingMutation> = fc.oneof(
  fc.record({ priority: fc.constantFrom(...PRIORITIES) }).map((p) => update(p)),
  fc.record({ severity: fc.constantFrom(...SEVERITIES) }).map((p) => update(p)),
  fc.record({ title: fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim().length > 0) }).map((p) => update(p)),
  fc.constantFrom('in_progress', 'resolved', 'closed', 'new').map((status) => update({ status })),
  fc.constant<PendingMutation>({ name: 'deleteCase', args: { id: CASE_ID, reason: '' }, createdAt: at(1) }),
  fc.constant<PendingMutation>({ name: 'createCase', args: createArgs, createdAt: at(2) }),
);

describe('replayPending (rebase)', () => {
  it('shows the confirmed row when nothing is pending', () => {
    expect(replayPending(confirmed, [], ctx)).toBe(confirmed);
  });

  it('shows a case created offline as pending, without a hub number', () => {
    const row = replayPending(null, [{ name: 'createCase', args: createArgs, createdAt: at(0) }], ctx);
    expect(row).toMatchObject({ id: CASE_ID, number: null, status: 'new', createdBy: USER });
  });

  it('keeps the pending value on top of a newer confirmed row, with the confirmed versions', () => {
    const newer: CaseRow = { ...confirmed, description: 'Their text', fieldVersions: { ...confirmed.fieldVersions, description: 9 }, version: 9 };
    const row = replayPending(newer, [update({ title: 'My title' })], ctx)!;
    expect(row.title).toBe('My title');
    expect(row.description).toBe('Their text');
    expect(row.version).toBe(9);
    expect(row.fieldVersions).toEqual(newer.fieldVersions);
  });

  it('lets a delete win over later pending edits', () => {
    expect(replayPending(confirmed, [{ name: 'deleteCase', args: { id: CASE_ID, reason: '' }, createdAt: at(0) }, update({ title: 'x' })], ctx)).toBeNull();
  });

  it('skips a pending change the newer state no longer allows, leaving it for the hub to refuse', () => {
    const closed: CaseRow = { ...confirmed, status: 'closed' };
    expect(replayPending(closed, [update({ status: 'resolved' })], ctx)?.status).toBe('closed');
  });

  it('property: replaying in two steps is the same as replaying at once', () => {
    fc.assert(
      fc.property(fc.option(fc.constant(confirmed), { nil: null }), fc.array(pendingMutation, { maxLength: 8 }), fc.array(pendingMutation, { maxLength: 8 }), (base, first, second) => {
        const atOnce = replayPending(base, [...first, ...second], ctx);
        const inSteps = replayPending(replayPending(base, first, ctx), second, ctx);
        expect(inSteps).toEqual(atOnce);
      }),
    );
  });

  it('property: versions shown are always the confirmed ones (they are the base of the next edit)', () => {
    // (A create replayed after a pending delete of the same id is a new row, version 0: left out.)
    const edits = pendingMutation.filter((m) => m.name !== 'createCase');
    fc.assert(
      fc.property(fc.array(edits, { maxLength: 10 }), (pending) => {
        const row = replayPending(confirmed, pending, ctx);
        if (row) {
          expect(row.version).toBe(confirmed.version);
          expect(row.fieldVersions).toEqual(confirmed.fieldVersions);
        }
      }),
    );
  });

  it('property: the last pending title wins when nothing deletes the case', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((t) => t.trim().length > 0), { minLength: 1, maxLength: 6 }), (titles) => {
        const row = replayPending(confirmed, titles.map((title, i) => update({ title }, i)), ctx);
        expect(row?.title).toBe(titles[titles.length - 1]!.trim());
      }),
    );
  });
});

describe('replayPending: handleEscalation', () => {
  it('clears the escalation of its own case only, while the hub has not confirmed', () => {
    const replay = replayPending;
    const base = buildNewCase(
      { id: '0190a000-0000-7000-8000-000000000001', serial: 'X-1', projectorId: null, siteId: null, customerId: null, contactName: 'A', contactPhone: '1', contactEmail: '', channel: 'phone', title: 'T', description: '', priority: 'P1', severity: 'critical' },
      { userId: 'u', now: '2026-03-02T09:00:00.000Z', version: 5, number: 'DTR-2026-000001' },
    );
    const escalated = { ...base, escalation: { at: '2026-03-02T09:10:00.000Z', reasons: ['P1 case'] } };
    const mine = { name: 'handleEscalation', args: { caseId: base.id, note: '' }, createdAt: '2026-03-02T09:20:00.000Z' };
    const other = { name: 'handleEscalation', args: { caseId: '0190a000-0000-7000-8000-000000000002', note: '' }, createdAt: '2026-03-02T09:20:00.000Z' };
    expect(replay(escalated, [mine], { userId: 'u' })?.escalation).toBeNull();
    expect(replay(escalated, [other], { userId: 'u' })?.escalation).toEqual(escalated.escalation);
  });
});
