// Audit routes: the change log as the audit viewer shows it (filters, newest first, paged by
// version) and the hash-chain check.
import type { AuditAction, AuditEntry } from '../../shared/admin.js';
import { canonicalJson } from '../audit/hash-chain.js';
import { isoAt } from '../clock.js';
import type { AuditRecord } from '../db/repository.js';
import type { HubRouteHandlers, RouteDeps } from './hub-routes.js';

export function auditAction(entry: Pick<AuditRecord, 'op' | 'before'>): AuditAction {
  if (entry.op === 'del') return 'delete';
  return entry.before === null || entry.before === undefined ? 'create' : 'update';
}

/** Top-level fields whose JSON differs between before and after (`version` always moves, so it is left out). */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  keys.delete('version');
  return [...keys].filter((key) => canonicalJson(b[key] ?? null) !== canonicalJson(a[key] ?? null)).sort();
}

export function toAuditEntry(r: AuditRecord): AuditEntry {
  return {
    version: r.version,
    at: r.createdAt,
    entity: r.entity,
    entityId: r.entityId,
    action: auditAction(r),
    userId: r.userId,
    userName: r.userName,
    clientId: r.clientId,
    consoleName: r.consoleName,
    address: r.address,
    offline: r.offline ?? false,
    clientCreatedAt: r.clientCreatedAt,
    before: r.before ?? null,
    after: r.after ?? null,
    changedFields: changedFields(r.before, r.after),
    hash: r.hash ?? '',
  };
}

const instant = (value: string | undefined) => (value === undefined ? undefined : new Date(Date.parse(value)).toISOString());

export function createAuditHandlers(deps: RouteDeps): Pick<HubRouteHandlers, 'audit.query' | 'audit.verify'> {
  const { repo, clock } = deps;
  return {
    'audit.query': async ({ body }) => {
      // One more than asked tells whether another page follows.
      const rows = await repo.read((tx) =>
        tx.queryAudit({ userId: body.userId, entity: body.entity, entityId: body.entityId, action: body.action, from: instant(body.from), to: instant(body.to), beforeVersion: body.beforeVersion, limit: body.limit + 1 }),
      );
      const page = rows.slice(0, body.limit);
      return { entries: page.map(toAuditEntry), nextBeforeVersion: rows.length > body.limit ? (page.at(-1)?.version ?? null) : null };
    },
    'audit.verify': async () => {
      const report = await repo.verifyAudit(isoAt(clock()));
      return { ok: report.ok, checked: report.checked, headVersion: report.headVersion, firstBroken: report.firstBroken, checkedAt: report.checkedAt };
    },
  };
}
