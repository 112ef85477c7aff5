// Test helper for service visits and reports: pushes mutations as a role against a test database
// and builds a case assigned to the fixture's FSE at its North site.
import crypto from 'node:crypto';
import type { CaseRow, Role } from '../../shared/domain.js';
import type { ReportFields } from '../../shared/service.js';
import type { Mutation } from '../../shared/sync/mutations.js';
import type { MutationResult } from '../../shared/sync/protocol.js';
import { applyPush } from '../domain/push.js';
import { newCaseArgs, type TestDb } from './fixtures.js';

export type ServiceKit = Readonly<{
  push(role: Role, name: Mutation['name'], args: unknown): Promise<MutationResult>;
  ok<T = unknown>(result: MutationResult): T;
  /** A case at the North site, assigned to the FSE (status assigned). */
  assignedCase(): Promise<CaseRow>;
  getCase(id: string): Promise<CaseRow>;
  /** Forgets the mutation ids (call with each fresh database). */
  reset(): void;
}>;

export function serviceKit(db: () => TestDb, clock: () => number): ServiceKit {
  const nextIds = new Map<string, number>();
  const push = async (role: Role, name: Mutation['name'], args: unknown): Promise<MutationResult> => {
    const clientId = `client-${role}-0001`;
    const id = (nextIds.get(clientId) ?? 0) + 1;
    nextIds.set(clientId, id);
    const out = await applyPush(db().repo, db().users[role], clientId, 'group-0001', [{ id, name, args, baseVersions: {}, createdAt: '2026-03-02T08:59:00.000Z' }], { clock });
    const result = out.results[0];
    if (!result) throw new Error('no result');
    return result;
  };
  const ok = <T = unknown>(result: MutationResult): T => {
    if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
    return result.result as T;
  };
  const getCase = async (id: string) => {
    const row = await db().repo.read((tx) => tx.getCase(id));
    if (!row) throw new Error('case missing');
    return row;
  };
  return {
    push,
    ok,
    getCase,
    reset: () => nextIds.clear(),
    async assignedCase() {
      const args = newCaseArgs({ serial: db().projector.serial, projectorId: db().projector.id });
      ok(await push('agent', 'createCase', args));
      ok(await push('manager', 'updateCase', { id: args.id, patch: { assigneeId: db().users.fse.id } }));
      return getCase(args.id);
    },
  };
}

/** Fields that pass submitProblems (the customer could not sign, with the reason). */
export function completeFields(overrides: Partial<ReportFields> = {}): ReportFields {
  return {
    checkInAt: '2026-03-02T09:10:00.000Z',
    checkOutAt: '2026-03-02T11:40:00.000Z',
    diagnosis: 'Lamp at end of life, arc unstable.',
    workPerformed: 'Replaced the lamp, reset the lamp hours, cleaned the filters.',
    testsPerformed: 'Colour and light output measured.',
    rootCause: 'Lamp past rated hours.',
    resolution: 'New lamp fitted; picture back to specification.',
    parts: [],
    timeSpentMinutes: 150,
    nextSteps: '',
    followUpNeeded: false,
    customerFeedback: 'Quick and tidy.',
    satisfaction: 5,
    signature: null,
    noSignatureReason: 'The site manager had left for the day.',
    ...overrides,
  };
}

export const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
