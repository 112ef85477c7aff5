// How audit entries read: entity and action labels, a name for the record, the before/after rows
// of the changed fields, and the viewer's filters turned into the hub's query. Values are plain
// text (JSON pretty-printed), never HTML.
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditQuerySchema, type AuditAction, type AuditEntry, type AuditQuery } from '../../../../shared/admin.js';
import { validationError } from '../../../../shared/errors.js';
import { SETTINGS, type SettingKey } from '../../../../shared/settings.js';
import type { EntityName } from '../../../../shared/sync/entities.js';

export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const ENTITY_LABELS: Readonly<Record<EntityName, string>> = {
  cases: 'Case',
  projectors: 'Projector',
  sites: 'Site',
  customers: 'Customer',
  users: 'Person',
  settings: 'Setting',
  conflicts: 'Conflict',
  caseEvents: 'Case event',
  notifications: 'Notification',
  parts: 'Part',
  visits: 'Visit',
  serviceReports: 'Service report',
  reportPhotos: 'Report photo',
};

export const ACTION_LABELS: Readonly<Record<AuditAction, string>> = { create: 'Created', update: 'Changed', delete: 'Deleted' };

export const ENTITY_OPTIONS = AUDIT_ENTITIES.map((e) => ({ value: e, label: ENTITY_LABELS[e] }));
export const ACTION_OPTIONS = AUDIT_ACTIONS.map((a) => ({ value: a, label: ACTION_LABELS[a] }));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** A name a person recognises for the changed record: a case's number and title, a person's name, ... */
export function recordLabel(entry: Pick<AuditEntry, 'entity' | 'entityId' | 'before' | 'after'>): string {
  const row = isRecord(entry.after) ? entry.after : isRecord(entry.before) ? entry.before : {};
  switch (entry.entity) {
    case 'cases': {
      const parts = [text(row.number), text(row.title)].filter((p): p is string => p !== null);
      return parts.length ? parts.join(' · ') : entry.entityId;
    }
    case 'projectors':
      return text(row.serial) ?? entry.entityId;
    case 'settings':
      return entry.entityId in SETTINGS ? SETTINGS[entry.entityId as SettingKey].label : entry.entityId;
    case 'conflicts':
      return text(row.field) ? `${String(row.field)} on case ${String(row.caseId ?? '')}`.trim() : entry.entityId;
    case 'users':
    case 'sites':
    case 'customers':
      return text(row.name) ?? entry.entityId;
    case 'parts': {
      const parts = [text(row.partNumber), text(row.description)].filter((p): p is string => p !== null);
      return parts.length ? parts.join(' · ') : entry.entityId;
    }
    case 'visits':
      return text(row.date) ? `Visit on ${String(row.date)}${text(row.start) ? ` at ${String(row.start)}` : ''}` : entry.entityId;
    case 'serviceReports':
      return text(row.number) ? `${String(row.number)}${typeof row.revision === 'number' && row.revision > 1 ? ` (revision ${row.revision})` : ''}` : `Draft report ${entry.entityId}`;
    case 'reportPhotos':
      return text(row.caption) ?? (text(row.tag) ? `Photo (${String(row.tag)})` : entry.entityId);
    default:
      return entry.entityId;
  }
}

/** A value as text: strings as they are, anything else as indented JSON. */
export function formatAuditValue(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return '—';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

export type DiffRow = Readonly<{ field: string; before: string; after: string; changed: boolean }>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The before/after table of an entry: every top-level field, the changed ones first (as the hub
 * listed them, or as they differ when it did not), `version` left out because every change bumps it.
 */
export function diffRows(entry: Pick<AuditEntry, 'before' | 'after' | 'changedFields'>): DiffRow[] {
  const before = isRecord(entry.before) ? entry.before : {};
  const after = isRecord(entry.after) ? entry.after : {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => f !== 'version');
  const listed = new Set(entry.changedFields);
  const rows = fields.map((field) => ({
    field,
    before: field in before ? formatAuditValue(before[field]) : '—',
    after: field in after ? formatAuditValue(after[field]) : '—',
    changed: listed.size ? listed.has(field) : !same(before[field], after[field]),
  }));
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}

export type AuditFilters = Readonly<{
  userId: string | null;
  entity: AuditEntity | null;
  entityId: string;
  action: AuditAction | null;
  /** YYYY-MM-DD from the date inputs, '' when empty; both days inclusive. */
  from: string;
  to: string;
}>;

export const NO_AUDIT_FILTERS: AuditFilters = { userId: null, entity: null, entityId: '', action: null, from: '', to: '' };

/** Local midnight of a YYYY-MM-DD day as an instant; `plusDays` moves to a later day. */
export function localDayStart(day: string, plusDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export type AuditQueryResult =
  | Readonly<{ ok: true; query: Omit<AuditQuery, 'beforeVersion'> }>
  | Readonly<{ ok: false; errors: Partial<Record<keyof AuditFilters, string>> }>;

/**
 * The hub's query for the filters. Dates are the user's local days: "to" includes its whole day,
 * so it becomes the next local midnight (the hub's upper bound is exclusive).
 */
export function toAuditQuery(filters: AuditFilters, limit = 50): AuditQueryResult {
  const from = filters.from ? localDayStart(filters.from) : null;
  const to = filters.to ? localDayStart(filters.to, 1) : null;
  const errors: Partial<Record<keyof AuditFilters, string>> = {};
  if (filters.from && !from) errors.from = 'Use a date like 2026-01-31.';
  if (filters.to && !to) errors.to = 'Use a date like 2026-01-31.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const candidate: AuditQuery = {
    limit,
    ...(filters.userId ? { userId: filters.userId } : {}),
    ...(filters.entity ? { entity: filters.entity } : {}),
    ...(filters.entityId.trim() ? { entityId: filters.entityId.trim() } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const parsed = auditQuerySchema.safeParse(candidate);
  if (!parsed.success) {
    const fields = validationError(parsed.error.issues).details?.fields ?? {};
    const known: (keyof AuditFilters)[] = ['userId', 'entity', 'entityId', 'action', 'from', 'to'];
    for (const key of known) if (fields[key]) errors[key] = fields[key];
    if (!Object.keys(errors).length) errors.entityId = Object.values(fields)[0] ?? 'Check the filters.';
    return { ok: false, errors };
  }
  return { ok: true, query: candidate };
}

export function parseEntity(value: string | null): AuditEntity | null {
  return value && (AUDIT_ENTITIES as readonly string[]).includes(value) ? (value as AuditEntity) : null;
}

export function parseAction(value: string | null): AuditAction | null {
  return value && (AUDIT_ACTIONS as readonly string[]).includes(value) ? (value as AuditAction) : null;
}
