// What each chaos client does: random case operations through its real core, aimed mostly at a
// small hot set of cases shared by every client so that edits of the same fields race.
import { CASE_TRANSITIONS } from '../../shared/case-lifecycle.js';
import { CONSOLE_API_METHODS } from '../../shared/console-api.js';
import { PRIORITIES, SEVERITIES, type CasePatch, type CaseStatus } from '../../shared/domain.js';
import { isAppError } from '../../shared/errors.js';
import type { Prng } from '../../hub-server/seed/prng.js';
import type { CoreProcess } from './chaos-processes.js';
import type { HubUser } from './hub-state.js';
import type { AcknowledgedWrite } from './invariants.js';

export type HotProjector = Readonly<{ projectorId: string; serial: string; siteId: string; customerId: string }>;

/** Shared by all clients of a run: the hot cases and the cases created so far. */
export type SharedTargets = {
  hot: string[];
  created: string[];
  deleted: Set<string>;
  projectors: readonly HotProjector[];
  fseIds: readonly string[];
};

export type WorkloadStats = { attempted: number; acknowledged: number; refusedLocally: number; failed: number; byOp: Record<string, number> };

export type ClientContext = Readonly<{
  index: number;
  user: HubUser;
  rng: Prng;
  core: () => CoreProcess;
  /** Resolves when the core is up (it may be down for a kill and restart). */
  coreUp: () => Promise<void>;
  targets: SharedTargets;
  acknowledged: AcknowledgedWrite[];
  stats: WorkloadStats;
  log: (line: string) => void;
}>;

export const HAS_DELETE = CONSOLE_API_METHODS.includes('cases.delete');

type Op = 'create' | 'editText' | 'editConfirm' | 'assign' | 'delete';

function chooseOp(ctx: ClientContext): Op {
  const role = ctx.user.role;
  if (role === 'fse') return 'editConfirm';
  const weights: [Op, number][] = [
    ['create', 14],
    ['editText', 30],
    ['editConfirm', 34],
  ];
  if (role === 'manager' || role === 'admin') {
    weights.push(['assign', 14]);
    if (HAS_DELETE) weights.push(['delete', 4]);
  }
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let roll = ctx.rng.next() * total;
  for (const [op, w] of weights) {
    roll -= w;
    if (roll < 0) return op;
  }
  return 'editText';
}

function pickTarget(ctx: ClientContext): string | null {
  const { hot, created } = ctx.targets;
  // Mostly the hot set (shared by everyone), sometimes a case some client created in this run.
  if (created.length && ctx.rng.chance(0.35)) return ctx.rng.pick(created.slice(-12));
  return hot.length ? ctx.rng.pick(hot) : null;
}

function otherThan<T>(rng: Prng, items: readonly T[], current: T): T {
  const choices = items.filter((i) => i !== current);
  return choices.length ? rng.pick(choices) : current;
}

/** One random operation; records the write if the core acknowledged it. */
export async function runOneOp(ctx: ClientContext, n: number): Promise<void> {
  const { rng, targets } = ctx;
  const op = chooseOp(ctx);
  const core = ctx.core();
  ctx.stats.attempted += 1;
  ctx.stats.byOp[op] = (ctx.stats.byOp[op] ?? 0) + 1;
  const tag = `c${ctx.index}#${n}`;
  try {
    let written: Awaited<ReturnType<CoreProcess['write']>>['write'] = null;
    if (op === 'create') {
      const projector = targets.projectors.length && rng.chance(0.75) ? rng.pick(targets.projectors) : null;
      const result = await core.write('cases.create', {
        serial: projector?.serial ?? `CHAOS-${ctx.index}-${n}`,
        projectorId: projector?.projectorId ?? null,
        siteId: projector?.siteId ?? null,
        customerId: projector?.customerId ?? null,
        contactName: `Chaos contact ${tag}`,
        contactPhone: '+44 20 7946 0000',
        contactEmail: '',
        channel: 'phone',
        title: `Chaos ${tag}: lamp will not strike`,
        description: `Created by chaos client ${ctx.index}, operation ${n}.`,
        priority: rng.pick(PRIORITIES),
        severity: rng.pick(SEVERITIES),
      });
      targets.created.push(result.value.id);
      written = result.write;
    } else {
      const id = op === 'delete' && targets.created.length ? rng.pick(targets.created) : pickTarget(ctx);
      if (!id) return;
      const current = await core.call('cases.get', { id });
      if (!current) {
        ctx.stats.refusedLocally += 1;
        return;
      }
      let patch: CasePatch | null = null;
      if (op === 'editText') {
        patch = rng.chance(0.5) ? { title: `Chaos ${tag}: title` } : { description: `Chaos ${tag}: description` };
      } else if (op === 'editConfirm') {
        const field = ctx.user.role === 'fse' ? 'status' : rng.pick(['priority', 'severity', 'status'] as const);
        if (field === 'priority') patch = { priority: otherThan(rng, PRIORITIES, current.priority) };
        else if (field === 'severity') patch = { severity: otherThan(rng, SEVERITIES, current.severity) };
        else {
          const next: readonly CaseStatus[] = CASE_TRANSITIONS[current.status];
          if (!next.length) return;
          patch = { status: rng.pick(next) };
        }
      } else if (op === 'assign') {
        patch = { assigneeId: rng.chance(0.15) || !targets.fseIds.length ? null : otherThan(rng, targets.fseIds, current.assigneeId ?? '') };
      }
      if (op === 'delete') {
        written = (await core.write('cases.delete', { id, reason: `chaos ${tag}` })).write;
        targets.deleted.add(id);
      } else if (patch) {
        written = (await core.write('cases.update', { id, patch })).write;
      }
    }
    if (written) {
      ctx.stats.acknowledged += 1;
      ctx.acknowledged.push({ ...written, client: ctx.index });
    } else {
      ctx.log(`client ${ctx.index}: ${op} acknowledged but its outbox row could not be read`);
    }
  } catch (error) {
    // A refusal by the core (validation, a case this user cannot see yet, a transition no longer
    // allowed) writes nothing; a dead core means the outcome is unknown to the user, so the
    // write is not counted as acknowledged (the checks read the hub itself for those).
    if (isAppError(error)) ctx.stats.refusedLocally += 1;
    else ctx.stats.failed += 1;
  }
}
