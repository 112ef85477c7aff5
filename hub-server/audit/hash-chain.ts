// The audit log's tamper evidence: every change-log entry carries an HMAC-SHA256 over the previous
// entry's hash and its own canonical JSON, keyed by a secret that lives beside the database (not in
// it), so whoever edits or deletes rows in hub.db cannot recompute the chain.
import crypto from 'node:crypto';
import path from 'node:path';
import { resolveKeyFile } from '../key-file.js';
import type { ChangeLogEntry } from '../db/repository.js';

/** Meta key of the last compacted entry `{version, hash}`: the chain continues from it. */
export const AUDIT_ANCHOR_KEY = 'auditAnchor';
export const AUDIT_KEY_FILE = 'audit-key';

export type AuditAnchor = Readonly<{ version: number; hash: string }>;

/**
 * JSON with object keys sorted at every depth and no whitespace; otherwise JSON.stringify's rules
 * (undefined members dropped, toJSON honoured), so a value and its JSON round trip agree.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  }) ?? 'null';
}

/** The fields a hash covers, normalised the way the database returns them. */
function hashedFields(entry: ChangeLogEntry): unknown {
  return {
    version: entry.version,
    entity: entry.entity,
    entityId: entry.entityId,
    op: entry.op,
    before: entry.before ?? null,
    after: entry.after ?? null,
    userId: entry.userId ?? null,
    clientId: entry.clientId ?? null,
    mutationId: entry.mutationId ?? null,
    clientCreatedAt: entry.clientCreatedAt ?? null,
    createdAt: entry.createdAt,
    sessionId: entry.sessionId ?? null,
    offline: entry.offline ?? false,
  };
}

export type AuditHasher = (previousHash: string, entry: ChangeLogEntry) => string;

export function createAuditHasher(key: Buffer): AuditHasher {
  const keyObject = crypto.createSecretKey(key);
  return (previousHash, entry) => crypto.createHmac('sha256', keyObject).update(previousHash).update('\n').update(canonicalJson(hashedFields(entry))).digest('hex');
}

export function parseAnchor(text: string | null): AuditAnchor | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<AuditAnchor>;
    return typeof parsed.version === 'number' && typeof parsed.hash === 'string' ? { version: parsed.version, hash: parsed.hash } : null;
  } catch {
    return null;
  }
}

/**
 * The audit key in `<dataDir>/audit-key` (32 random bytes, hex, mode 0600): read, or created once
 * when `create` is set. Losing it only means old hashes can no longer be checked, never data loss.
 */
export function resolveAuditKey(dataDir: string, create = true): Buffer {
  return resolveKeyFile(path.join(dataDir, AUDIT_KEY_FILE), create);
}
