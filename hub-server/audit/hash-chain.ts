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
 * This is the reference definition; `canonicalJson` is the same output, faster.
 */
export function canonicalJsonReference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  }) ?? 'null';
}

/**
 * One value as `canonicalJsonReference` writes it, or undefined where JSON.stringify drops it.
 * Plain objects and arrays are written here (every imported row hashes two of them, so the
 * replacer's sorted copies at every depth were most of the chain's cost); anything else that is an
 * object (toJSON, class instances, boxed values, array-index keys whose order JSON.stringify
 * decides, `__proto__`) takes the reference path, which is the definition.
 */
function canonicalValue(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      // undefined, functions and symbols are dropped; bigint throws as JSON.stringify does.
      return JSON.stringify(v);
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype || typeof (v as { toJSON?: unknown }).toJSON === 'function') return canonicalJsonReference(v);
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += canonicalValue(v[i]) ?? 'null';
    }
    return out + ']';
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return canonicalJsonReference(v);
  const keys = Object.keys(v);
  for (const key of keys) {
    const first = key.charCodeAt(0);
    // Digit-first keys: JSON.stringify orders array-index keys itself; `__proto__`: the reference's
    // sorted copy cannot hold it as an own key (it drops it). Both are the reference's to write.
    if ((first >= 48 && first <= 57) || key === '__proto__') return canonicalJsonReference(v);
  }
  keys.sort();
  let out = '{';
  let members = 0;
  for (const key of keys) {
    const member = canonicalValue((v as Record<string, unknown>)[key]);
    if (member === undefined) continue;
    out += (members++ > 0 ? ',' : '') + JSON.stringify(key) + ':' + member;
  }
  return out + '}';
}

/**
 * JSON with object keys sorted at every depth and no whitespace; otherwise JSON.stringify's rules
 * (undefined members dropped, toJSON honoured), so a value and its JSON round trip agree.
 */
export function canonicalJson(value: unknown): string {
  return canonicalValue(value) ?? 'null';
}

/**
 * The canonical JSON of the fields a hash covers, normalised the way the database returns them:
 * the same text as `canonicalJson(hashedFields(entry))` (members in sorted key order), written
 * without building the object first.
 */
function hashedJson(entry: ChangeLogEntry): string {
  let out = '{';
  let members = 0;
  const member = (key: string, value: unknown) => {
    const text = canonicalValue(value);
    if (text === undefined) return;
    out += (members++ > 0 ? ',"' : '"') + key + '":' + text;
  };
  member('after', entry.after ?? null);
  member('before', entry.before ?? null);
  member('clientCreatedAt', entry.clientCreatedAt ?? null);
  member('clientId', entry.clientId ?? null);
  member('createdAt', entry.createdAt);
  member('entity', entry.entity);
  member('entityId', entry.entityId);
  member('mutationId', entry.mutationId ?? null);
  member('offline', entry.offline ?? false);
  member('op', entry.op);
  member('sessionId', entry.sessionId ?? null);
  member('userId', entry.userId ?? null);
  member('version', entry.version);
  return out + '}';
}

/** The fields a hash covers, normalised the way the database returns them (the reference form of `hashedJson`). */
export function hashedFields(entry: ChangeLogEntry): unknown {
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
  // One update of the joined text: the same bytes as updating with each part in turn.
  return (previousHash, entry) => crypto.createHmac('sha256', keyObject).update(`${previousHash}\n${hashedJson(entry)}`).digest('hex');
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
