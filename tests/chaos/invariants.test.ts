// The chaos invariants on small hand-made states: each check passes on a consistent state and
// names the broken property with an example when one is broken.
import { describe, expect, it } from 'vitest';
import type { CoreSnapshot } from './core-state.js';
import type { ChangeEntry, HubState, HubUser, StoredResult } from './hub-state.js';
import { checkInvariants, type AcknowledgedWrite } from './invariants.js';

const agent: HubUser = { id: 'u-agent', email: 'agent@demo.test', name: 'A', role: 'agent', regions: [] };
const fse: HubUser = { id: 'u-fse', email: 'fse1@demo.test', name: 'F', role: 'fse', regions: ['North'] };

const caseRow = (version: number, extra: Record<string, unknown> = {}) => ({ id: 'c1', title: 't', priority: 'P2', status: 'new', fieldVersions: { title: 1, priority: 1 }, version, ...extra });

function entry(version: number, mutationId: number, after: Record<string, unknown>, before: Record<string, unknown> | null = null): ChangeEntry {
  return { version, entity: 'cases', entityId: 'c1', op: 'put', before, after, userId: agent.id, clientId: 'k1', mutationId, createdAt: `t${version}` };
}

function state(changeLog: ChangeEntry[], results: [number, StoredResult][], caseVersion: number): HubState {
  return {
    users: [agent, fse],
    siteRegions: new Map(),
    cases: new Map([['c1', { id: 'c1', version: caseVersion, siteId: null, assigneeId: null, status: 'new', row: {} }]]),
    changeLog,
    clients: new Map([['k1', { userId: agent.id, lastMutationId: results.length }]]),
    results: new Map([['k1', new Map(results)]]),
    conflicts: [],
  };
}

const snapshot = (cases: [string, number][], outbox = 0): CoreSnapshot => ({ cases: new Map(cases), conflicts: null, outbox, cursorVersion: null, source: 'cache-file' });

const create: AcknowledgedWrite = { client: 0, clientId: 'k1', mutationId: 1, name: 'createCase', caseId: 'c1', args: { id: 'c1' }, baseVersions: {} };
const update: AcknowledgedWrite = { client: 0, clientId: 'k1', mutationId: 2, name: 'updateCase', caseId: 'c1', args: { id: 'c1', patch: { title: 'new' } }, baseVersions: { title: 1 } };

describe('chaos invariants', () => {
  const good = state(
    [entry(1, 1, caseRow(1)), entry(2, 2, caseRow(2, { title: 'new' }), caseRow(1))],
    [
      [1, { ok: true, result: { id: 'c1' } }],
      [2, { ok: true, result: { id: 'c1', conflicts: [] } }],
    ],
    2,
  );

  it('passes a consistent run, and an FSE sees only what is assigned to it', () => {
    const report = checkInvariants({ hub: good, cores: [{ index: 0, user: agent, snapshot: snapshot([['c1', 2]]), rejections: [] }, { index: 1, user: fse, snapshot: snapshot([]), rejections: [] }], acknowledged: [create, update] });
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ lost: 0, duplicated: 0, converged: true, acknowledged: 2, mutations: 2 });
  });

  it('finds a stale or extra case in a cache and a still-pending outbox', () => {
    const report = checkInvariants({ hub: good, cores: [{ index: 0, user: agent, snapshot: snapshot([['c1', 1]], 1), rejections: [] }, { index: 1, user: fse, snapshot: snapshot([['c1', 2]]), rejections: [] }], acknowledged: [] });
    expect(report.converged).toBe(false);
    expect(report.violations.map((v) => v.message).join('\n')).toMatch(/core 0 .*another version.*hub v2, core v1.*1 outbox rows[\s\S]*core 1 .*1 extra.*not visible to this user/);
  });

  it('finds a mutation applied twice and a version gap', () => {
    const hub = state([entry(1, 1, caseRow(1)), entry(3, 1, caseRow(3))], [[1, { ok: true, result: { id: 'c1' } }]], 3);
    const report = checkInvariants({ hub, cores: [], acknowledged: [create] });
    expect(report.duplicated).toBe(1);
    expect(report.violations.map((v) => v.invariant)).toEqual(expect.arrayContaining(['exactly-once', 'versions-gap-free']));
  });

  it('finds an acknowledged write the hub never got, and a gap in stored results', () => {
    const hub = { ...good, clients: new Map([['k1', { userId: agent.id, lastMutationId: 3 }]]) };
    const lostWrite: AcknowledgedWrite = { ...update, mutationId: 4 };
    const report = checkInvariants({ hub, cores: [], acknowledged: [create, update, lostWrite] });
    expect(report.lost).toBe(1);
    expect(report.violations.find((v) => v.invariant === 'none-lost')?.message).toMatch(/#4 .*no result/);
    expect(report.violations.find((v) => v.invariant === 'exactly-once')?.message).toMatch(/no stored result for mutation 3/);
  });

  it('finds an update the hub said ok to but did not apply, and a rejection nobody was told about', () => {
    const silent = state(
      [entry(1, 1, caseRow(1)), entry(2, 2, caseRow(2, { title: 'other' }), caseRow(1))],
      [
        [1, { ok: true, result: { id: 'c1' } }],
        [2, { ok: true, result: { id: 'c1', conflicts: [] } }],
        [3, { ok: false, error: { code: 'NOT_FOUND', message: 'deleted' } }],
      ],
      2,
    );
    const refused: AcknowledgedWrite = { ...update, mutationId: 3 };
    const report = checkInvariants({ hub: silent, cores: [{ index: 0, user: agent, snapshot: snapshot([['c1', 2]]), rejections: [] }], acknowledged: [create, update, refused] });
    expect(report.lost).toBe(1);
    expect(report.rejected).toBe(1);
    expect(report.violations.map((v) => v.invariant)).toEqual(expect.arrayContaining(['none-lost', 'rejections-reported']));
  });

  it('finds a confirm field overwritten although it changed after the base version', () => {
    const before = caseRow(5, { priority: 'P1', fieldVersions: { title: 1, priority: 5 } });
    const hub = state(
      [entry(1, 1, caseRow(1)), entry(2, 3, caseRow(2)), entry(3, 3, caseRow(3)), entry(4, 3, caseRow(4)), entry(5, 3, before), entry(6, 2, { ...before, priority: 'P4', version: 6 }, before)],
      [
        [1, { ok: true, result: { id: 'c1' } }],
        [2, { ok: true, result: { id: 'c1', conflicts: [] } }],
      ],
      6,
    );
    const racing: AcknowledgedWrite = { ...update, args: { id: 'c1', patch: { priority: 'P4' } }, baseVersions: { priority: 1 } };
    const report = checkInvariants({ hub, cores: [], acknowledged: [racing] });
    expect(report.violations.some((v) => v.invariant === 'conflicts-recorded' && /changed at v5 after base v1/.test(v.message))).toBe(true);
  });
});
