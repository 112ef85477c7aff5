// The properties a chaos run must end with, checked over the hub's database and each core's
// confirmed cache: converged, exactly once, none lost, every confirm conflict recorded, versions
// gap-free. Pure: state in, violations out, so each check can be unit-tested on small inputs.
import { CASE_FIELD_POLICY } from '../../shared/sync/field-policy.js';
import { isCaseVisible, isConflictVisible } from '../../shared/sync/visibility.js';
import type { ConsoleEvents } from '../../shared/console-api.js';
import type { CoreSnapshot } from './core-state.js';
import type { ChangeEntry, HubState, HubUser, StoredResult } from './hub-state.js';
import type { WriteRecord } from './runner-protocol.js';
import { STORED_RESULTS_KEPT } from '../../hub-server/domain/push.js';

export type InvariantName = 'converged' | 'exactly-once' | 'none-lost' | 'conflicts-recorded' | 'versions-gap-free' | 'rejections-reported' | 'no-internal-errors';

export type Violation = Readonly<{ invariant: InvariantName; message: string }>;

export type CoreView = Readonly<{ index: number; user: HubUser; snapshot: CoreSnapshot; rejections: readonly ConsoleEvents['mutation.rejected'][] }>;

export type AcknowledgedWrite = WriteRecord & Readonly<{ client: number }>;

export type InvariantInput = Readonly<{ hub: HubState; cores: readonly CoreView[]; acknowledged: readonly AcknowledgedWrite[] }>;

export type InvariantReport = Readonly<{
  violations: readonly Violation[];
  mutations: number;
  acknowledged: number;
  rejected: number;
  lost: number;
  duplicated: number;
  conflicts: number;
  converged: boolean;
  /** Errors by code among the stored results of acknowledged writes. */
  rejectedByCode: Readonly<Record<string, number>>;
}>;

const MAX_EXAMPLES = 5;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Fields a stored updateCase result says were held back (ids of conflict rows, or objects). */
function conflictFieldsOf(result: unknown, hub: HubState): { fields: string[]; ids: string[] } {
  const list = (result as { conflicts?: unknown } | null)?.conflicts;
  if (!Array.isArray(list)) return { fields: [], ids: [] };
  const fields: string[] = [];
  const ids: string[] = [];
  for (const item of list as unknown[]) {
    if (typeof item === 'string') {
      ids.push(item);
      const row = hub.conflicts?.find((c) => c.id === item);
      if (row) fields.push(row.field);
    } else if (item && typeof item === 'object' && typeof (item as { field?: unknown }).field === 'string') {
      fields.push((item as { field: string }).field);
      if (typeof (item as { id?: unknown }).id === 'string') ids.push((item as { id: string }).id);
    }
  }
  return { fields, ids };
}

export function checkInvariants(input: InvariantInput): InvariantReport {
  const { hub, cores, acknowledged } = input;
  const violations: Violation[] = [];
  const counts = new Map<InvariantName, number>();
  const violate = (invariant: InvariantName, message: string) => {
    const n = (counts.get(invariant) ?? 0) + 1;
    counts.set(invariant, n);
    if (n <= MAX_EXAMPLES) violations.push({ invariant, message });
    else if (n === MAX_EXAMPLES + 1) violations.push({ invariant, message: '(more violations of this kind omitted)' });
  };

  // --- versions gap-free: the change log's versions are exactly 1..max.
  const versions = [...new Set(hub.changeLog.map((e) => e.version))].sort((a, b) => a - b);
  versions.forEach((v, i) => {
    if (v !== i + 1) violate('versions-gap-free', `change_log version ${i + 1} missing (found ${v} at position ${i + 1})`);
  });

  // --- exactly once: per client, stored results for 1..lastMutationId without gaps; change-log
  // entries of one (client, mutation) come from one application: one entry per row touched,
  // contiguous versions, one hub timestamp, and only for a mutation whose stored result is ok.
  let mutations = 0;
  for (const [clientId, client] of hub.clients) {
    const results = hub.results.get(clientId) ?? new Map<number, StoredResult>();
    mutations += results.size;
    // The hub keeps the newest STORED_RESULTS_KEPT results per client (older ones are never replayed).
    for (let id = Math.max(1, client.lastMutationId - STORED_RESULTS_KEPT + 1); id <= client.lastMutationId; id++) {
      if (!results.has(id)) violate('exactly-once', `client ${clientId}: no stored result for mutation ${id} (lastMutationId ${client.lastMutationId})`);
    }
    for (const id of results.keys()) {
      if (id > client.lastMutationId || id < 1) violate('exactly-once', `client ${clientId}: stored result for mutation ${id} outside 1..${client.lastMutationId}`);
    }
  }
  const byMutation = new Map<string, ChangeEntry[]>();
  for (const entry of hub.changeLog) {
    if (entry.clientId === null || entry.mutationId === null) continue;
    const key = `${entry.clientId}#${entry.mutationId}`;
    const list = byMutation.get(key) ?? [];
    list.push(entry);
    byMutation.set(key, list);
  }
  let duplicated = 0;
  for (const [key, entries] of byMutation) {
    const [clientId, mutationIdText] = key.split('#') as [string, string];
    const stored = hub.results.get(clientId)?.get(Number(mutationIdText));
    const touched = new Map<string, number>();
    for (const e of entries) touched.set(`${e.entity}/${e.entityId}`, (touched.get(`${e.entity}/${e.entityId}`) ?? 0) + 1);
    const twice = [...touched].filter(([, n]) => n > 1);
    const vs = entries.map((e) => e.version);
    const span = Math.max(...vs) - Math.min(...vs) + 1;
    const foreign = hub.changeLog.filter((e) => e.version >= Math.min(...vs) && e.version <= Math.max(...vs) && `${e.clientId}#${e.mutationId}` !== key).length;
    const stamps = new Set(entries.map((e) => e.createdAt));
    if (twice.length || foreign > 0 || stamps.size > 1) {
      duplicated += 1;
      violate(
        'exactly-once',
        `mutation ${key} was applied more than once: ${twice.map(([row, n]) => `${row} ×${n}`).join(', ') || `versions ${vs.join(',')} span ${span} with ${foreign} foreign entries, ${stamps.size} hub timestamps`}`,
      );
    }
    if (!stored) violate('exactly-once', `mutation ${key} changed the log (versions ${vs.join(',')}) but has no stored result`);
    else if (!stored.ok) violate('exactly-once', `mutation ${key} was stored as rejected (${stored.error.code}) yet changed the log (versions ${vs.join(',')})`);
  }

  // --- none lost: every write a core acknowledged reached the hub: applied, or refused with a
  // stored error that the user was told about.
  let lost = 0;
  let rejected = 0;
  const rejectedByCode: Record<string, number> = {};
  const conflictIdsSeen = new Set<string>();
  for (const w of acknowledged) {
    const stored = hub.results.get(w.clientId)?.get(w.mutationId);
    const label = `client ${w.client} ${w.name} #${w.mutationId} on case ${w.caseId}`;
    if (!stored) {
      lost += 1;
      violate('none-lost', `${label}: acknowledged locally but the hub has no result for it (lastMutationId ${hub.clients.get(w.clientId)?.lastMutationId ?? 'none'})`);
      continue;
    }
    if (!stored.ok) {
      rejected += 1;
      rejectedByCode[stored.error.code] = (rejectedByCode[stored.error.code] ?? 0) + 1;
      if (stored.error.code === 'INTERNAL') violate('no-internal-errors', `${label}: the hub failed internally: ${stored.error.message}`);
      const core = cores.find((c) => c.index === w.client);
      const told = core?.rejections.some((r) => r.mutationName === w.name && (r.caseId === w.caseId || r.caseId === null));
      if (core && !told) violate('rejections-reported', `${label}: refused by the hub (${stored.error.code}: ${stored.error.message}) but the core never emitted mutation.rejected`);
      continue;
    }
    const entries = byMutation.get(`${w.clientId}#${w.mutationId}`) ?? [];
    const caseEntry = entries.find((e) => e.entity === 'cases' && e.entityId === w.caseId);
    if (w.name === 'createCase') {
      if (!caseEntry || caseEntry.op !== 'put') {
        lost += 1;
        violate('none-lost', `${label}: hub says ok but the change log has no put of the case for it`);
      }
    } else if (w.name === 'deleteCase') {
      if (!caseEntry || caseEntry.op !== 'del') {
        lost += 1;
        violate('none-lost', `${label}: hub says ok but the change log has no del of the case for it`);
      }
    } else if (w.name === 'updateCase') {
      const patch = ((w.args as { patch?: Record<string, unknown> }).patch ?? {}) as Record<string, unknown>;
      const { fields: held, ids } = conflictFieldsOf(stored.result, hub);
      for (const id of ids) conflictIdsSeen.add(id);
      for (const [field, value] of Object.entries(patch)) {
        const applied = caseEntry?.op === 'put' && sameJson(caseEntry.after?.[field], value);
        if (!applied && !held.includes(field)) {
          lost += 1;
          violate('none-lost', `${label}: field ${field}=${JSON.stringify(value)} neither applied (${caseEntry ? `after: ${JSON.stringify(caseEntry.after?.[field])}` : 'no case entry'}) nor held as a conflict`);
        }
        // Independent of what the hub reports: with the row as it was before this mutation,
        // a confirm field changed since the base and now different must be held, never applied.
        const base = w.baseVersions[field];
        if (caseEntry?.before && base !== undefined && CASE_FIELD_POLICY[field as keyof typeof CASE_FIELD_POLICY] === 'confirm') {
          const before = caseEntry.before;
          const fieldVersions = (before.fieldVersions ?? {}) as Record<string, number>;
          const currentVersion = fieldVersions[field] ?? (before.version as number);
          const concurrent = currentVersion > base && !sameJson(before[field], value);
          if (concurrent && applied && !sameJson(before[field], value)) {
            violate('conflicts-recorded', `${label}: confirm field ${field} changed at v${currentVersion} after base v${base}, yet ${JSON.stringify(value)} overwrote ${JSON.stringify(before[field])} without a conflict`);
          }
        }
      }
    }
  }

  // --- conflicts: every confirm field the hub held back (any client, acknowledged or not) has a
  // conflict record for its author, logged as entity `conflicts`.
  let conflicts = 0;
  for (const [clientId, results] of hub.results) {
    for (const [mutationId, stored] of results) {
      if (!stored.ok) continue;
      const { fields, ids } = conflictFieldsOf(stored.result, hub);
      const reported = Math.max(fields.length, ids.length);
      conflicts += reported;
      if (!reported) continue;
      if (hub.conflicts === null) {
        violate('conflicts-recorded', `client ${clientId} mutation ${mutationId}: ${reported} confirm conflict(s) (${fields.join(', ')}) but the hub has no conflicts table`);
        continue;
      }
      const records = hub.conflicts.filter((c) => c.clientId === clientId && c.mutationId === mutationId);
      if (records.length !== reported) {
        violate('conflicts-recorded', `client ${clientId} mutation ${mutationId}: result lists ${reported} conflict(s) but ${records.length} conflict record(s) exist`);
      }
      for (const id of ids) {
        if (!hub.changeLog.some((e) => e.entity === 'conflicts' && e.entityId === id)) violate('conflicts-recorded', `conflict ${id} is not in the change log (it cannot sync to its author)`);
      }
    }
  }

  // --- converged: each core's confirmed cases are exactly the hub's cases visible to its user,
  // at the same versions; same for conflict records when both sides keep them.
  let converged = true;
  for (const core of cores) {
    const expected = new Map<string, number>();
    for (const c of hub.cases.values()) {
      if (isCaseVisible(core.user, c, c.siteId ? (hub.siteRegions.get(c.siteId) ?? null) : null)) expected.set(c.id, c.version);
    }
    const actual = core.snapshot.cases;
    const missing = [...expected.keys()].filter((id) => !actual.has(id));
    const extra = [...actual.keys()].filter((id) => !expected.has(id));
    const stale = [...expected].filter(([id, v]) => actual.has(id) && actual.get(id) !== v);
    if (missing.length || extra.length || stale.length || core.snapshot.outbox > 0) {
      converged = false;
      const parts = [
        missing.length ? `${missing.length} missing (e.g. ${missing[0]})` : '',
        extra.length ? `${extra.length} extra (e.g. ${extra[0]}${hub.cases.has(extra[0]!) ? ', not visible to this user' : ', not on the hub'})` : '',
        stale.length ? `${stale.length} at another version (e.g. ${stale[0]![0]}: hub v${stale[0]![1]}, core v${actual.get(stale[0]![0])})` : '',
        core.snapshot.outbox > 0 ? `${core.snapshot.outbox} outbox rows still pending` : '',
      ].filter(Boolean);
      violate('converged', `core ${core.index} (${core.user.email}): ${parts.join('; ')}`);
    }
    if (hub.conflicts && core.snapshot.conflicts) {
      const mine = hub.conflicts.filter((c) => isConflictVisible(core.user, c));
      const missingConflicts = mine.filter((c) => !core.snapshot.conflicts!.has(c.id));
      const wrong = mine.filter((c) => core.snapshot.conflicts!.has(c.id) && (core.snapshot.conflicts!.get(c.id) ?? null) !== (c.resolvedAt ?? null));
      const foreign = [...core.snapshot.conflicts.keys()].filter((id) => !mine.some((c) => c.id === id));
      if (missingConflicts.length || wrong.length || foreign.length) {
        converged = false;
        violate(
          'converged',
          `core ${core.index} (${core.user.email}) conflicts: ${missingConflicts.length} missing, ${wrong.length} with another resolution, ${foreign.length} not its own (e.g. ${missingConflicts[0]?.id ?? wrong[0]?.id ?? foreign[0]})`,
        );
      }
    }
  }

  return { violations, mutations, acknowledged: acknowledged.length, rejected, lost, duplicated, conflicts, converged, rejectedByCode };
}
