// How held-back changes read on screen: field labels, values as names and labels (never raw ids or
// codes), the header badge count, the "change not applied" notice, and what a merge may offer.
import type { ConflictSummary } from '../../../../shared/console-api.js';
import { CASE_TRANSITIONS } from '../../../../shared/case-lifecycle.js';
import {
  CASE_STATUSES,
  CASE_STATUS_LABELS,
  PRIORITIES,
  SEVERITIES,
  casePatchSchema,
  type CasePatchField,
  type CaseStatus,
  type ConflictResolution,
  type Role,
} from '../../../../shared/domain.js';
import { actionsForMutation, can } from '../../../../shared/permissions.js';
import { SEVERITY_LABELS, formatDateTime } from '../cases/case-format.js';

export const FIELD_LABELS: Readonly<Record<CasePatchField, string>> = {
  title: 'Title',
  description: 'Description',
  contactName: 'Contact name',
  contactPhone: 'Phone',
  contactEmail: 'Email',
  priority: 'Priority',
  severity: 'Severity',
  status: 'Status',
  assigneeId: 'Assignee',
  waitingFor: 'Waiting for',
};

/** User id → display name, from whatever this window knows (the session, the case's assignee). */
export type UserNames = ReadonlyMap<string, string>;

export const UNASSIGNED_LABEL = 'Unassigned';
export const UNKNOWN_USER_LABEL = 'Another user';

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);

/** One value of a field as a person reads it: "Critical", "In progress", "Sam Field", "Unassigned". */
export function formatConflictValue(field: CasePatchField, value: unknown, names: UserNames): string {
  switch (field) {
    case 'priority':
      return isOneOf(PRIORITIES, value) ? value : '—';
    case 'severity':
      return isOneOf(SEVERITIES, value) ? SEVERITY_LABELS[value] : '—';
    case 'status':
      return isOneOf(CASE_STATUSES, value) ? CASE_STATUS_LABELS[value] : '—';
    case 'waitingFor':
      return value === 'customer' ? 'The customer' : value === 'parts' ? 'Parts' : 'Nothing';
    case 'assigneeId':
      if (value === null || value === undefined || value === '') return UNASSIGNED_LABEL;
      return typeof value === 'string' ? (names.get(value) ?? UNKNOWN_USER_LABEL) : '—';
    default:
      if (typeof value === 'string') return value.trim() === '' ? '(empty)' : value;
      return value === null || value === undefined ? '(empty)' : '—';
  }
}

/** Who made the change that won the race. */
export function theirAuthorLabel(conflict: Pick<ConflictSummary, 'theirUserName'>): string {
  return conflict.theirUserName?.trim() || 'someone else';
}

export function isUnresolved(conflict: Pick<ConflictSummary, 'resolvedAt'>): boolean {
  return conflict.resolvedAt === null;
}

export function unresolvedCount(conflicts: readonly Pick<ConflictSummary, 'resolvedAt'>[] | undefined): number {
  return conflicts ? conflicts.filter(isUnresolved).length : 0;
}

/** The header button's accessible name: "Conflicts (2)", or just "Conflicts" when none wait. */
export function conflictsButtonLabel(count: number): string {
  return count > 0 ? `Conflicts (${count})` : 'Conflicts';
}

/** Unresolved conflicts not seen before, in the order the core listed them. */
export function newUnresolved(knownIds: ReadonlySet<string>, conflicts: readonly ConflictSummary[]): ConflictSummary[] {
  return conflicts.filter((c) => isUnresolved(c) && !knownIds.has(c.id));
}

export function conflictNoticeText(conflict: ConflictSummary): string {
  return `Your change to ${conflict.caseLabel} was not applied: ${theirAuthorLabel(conflict)} changed ${FIELD_LABELS[conflict.field].toLowerCase()} first. Review it in Conflicts.`;
}

export type ConflictNotice = Readonly<{ id: string; title: string; message: string }>;

/** At most this many conflicts get a notification each; more arrive as one summary. */
export const MAX_SEPARATE_NOTICES = 3;

export function conflictNotices(fresh: readonly ConflictSummary[]): ConflictNotice[] {
  if (fresh.length === 0) return [];
  if (fresh.length > MAX_SEPARATE_NOTICES) {
    return [
      {
        id: `conflicts-${fresh.map((c) => c.id).join('-').slice(0, 80)}`,
        title: 'Changes not applied',
        message: `${fresh.length} of your changes were not applied because someone else changed the same fields first. Review them in Conflicts.`,
      },
    ];
  }
  return fresh.map((c) => ({ id: `conflict-${c.id}`, title: 'Change not applied', message: conflictNoticeText(c) }));
}

export type MergeOption = Readonly<{ value: string; label: string }>;
export type MergeEditor =
  | Readonly<{ kind: 'select'; options: readonly MergeOption[] }>
  | Readonly<{ kind: 'text' }>
  | Readonly<{ kind: 'none'; reason: string }>;

export const ASSIGNEE_MERGE_REASON =
  'An assignee can only be kept or taken here: this console has no list of engineers to pick a third one from. Change the assignee on the case afterwards if neither is right.';

/**
 * The editor for a merged value. Statuses follow the case lifecycle from the case's current status
 * (the hub refuses any other), so that status is needed when known.
 */
export function mergeEditor(field: CasePatchField, currentStatus: CaseStatus | null): MergeEditor {
  switch (field) {
    case 'priority':
      return { kind: 'select', options: PRIORITIES.map((value) => ({ value, label: value })) };
    case 'severity':
      return { kind: 'select', options: SEVERITIES.map((value) => ({ value, label: SEVERITY_LABELS[value] })) };
    case 'status': {
      const statuses = currentStatus ? [currentStatus, ...CASE_TRANSITIONS[currentStatus]] : [...CASE_STATUSES];
      return { kind: 'select', options: statuses.map((value) => ({ value, label: CASE_STATUS_LABELS[value] })) };
    }
    case 'assigneeId':
      return { kind: 'none', reason: ASSIGNEE_MERGE_REASON };
    default:
      return { kind: 'text' };
  }
}

/** Where the merge editor starts: the user's own value when it is still a valid choice. */
export function initialMergedValue(editor: MergeEditor, yourValue: unknown, theirValue: unknown): string {
  if (editor.kind === 'select') {
    const pick = [yourValue, theirValue].find((v) => editor.options.some((o) => o.value === v));
    return typeof pick === 'string' ? pick : (editor.options[0]?.value ?? '');
  }
  return typeof yourValue === 'string' ? yourValue : typeof theirValue === 'string' ? theirValue : '';
}

export type MergedValueResult = Readonly<{ ok: true; value: unknown }> | Readonly<{ ok: false; message: string }>;

/** Checks a merged value with the field's own rule, as the hub will. */
export function parseMergedValue(field: CasePatchField, raw: string): MergedValueResult {
  const parsed = casePatchSchema.safeParse({ [field]: raw });
  if (parsed.success) return { ok: true, value: (parsed.data as Record<string, unknown>)[field] };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'This value is not allowed.' };
}

export type ResolutionRights = Readonly<{ keepMine: boolean; merge: boolean; reason: string | null }>;

/**
 * Keeping or merging re-applies a change to the field, which needs the right to change it (the hub
 * checks again); taking theirs needs no right at all.
 */
export function resolutionRights(role: Role, field: CasePatchField, editor: MergeEditor): ResolutionRights {
  const allowed = actionsForMutation('updateCase', { patch: { [field]: 'value' } }).every((action) => can(role, action));
  if (!allowed) {
    return { keepMine: false, merge: false, reason: `Your role may not change the ${FIELD_LABELS[field].toLowerCase()}, so only “Take theirs” is possible.` };
  }
  return { keepMine: true, merge: editor.kind !== 'none', reason: editor.kind === 'none' ? editor.reason : null };
}

export const RESOLUTION_LABELS: Readonly<Record<ConflictResolution, string>> = {
  mine: 'Kept yours',
  theirs: 'Took theirs',
  merged: 'Merged value',
};

/** "Kept yours · 2026-03-01 14:05", with "(waiting to sync)" until the hub confirms; null while open. */
export function resolvedLabel(conflict: Pick<ConflictSummary, 'resolution' | 'resolvedAt' | 'pending'>): string | null {
  if (conflict.resolvedAt === null) return null;
  const how = conflict.resolution ? RESOLUTION_LABELS[conflict.resolution] : 'Resolved';
  return `${how} · ${formatDateTime(conflict.resolvedAt)}${conflict.pending ? ' (waiting to sync)' : ''}`;
}

/** The confirmation after a resolution, e.g. "Kept your priority on DTR-2026-000004 · Lamp flickers." */
export function resolvedMessage(resolution: ConflictResolution, field: CasePatchField, caseLabel: string): string {
  const name = FIELD_LABELS[field].toLowerCase();
  switch (resolution) {
    case 'mine':
      return `Kept your ${name} on ${caseLabel}.`;
    case 'theirs':
      return `Took the other ${name} on ${caseLabel}.`;
    case 'merged':
      return `Saved the merged ${name} on ${caseLabel}.`;
  }
}

/** Names this window can put to user ids: the signed-in user and the people on the case. */
export function knownUserNames(
  session: Readonly<{ id: string; name: string }> | null,
  detail: Readonly<{ assigneeId: string | null; assigneeName: string | null; createdBy: string; createdByName: string | null }> | null | undefined,
  people: readonly Readonly<{ id: string; name: string }>[] = [],
): UserNames {
  const names = new Map<string, string>();
  for (const person of people) names.set(person.id, person.name);
  if (detail?.createdByName) names.set(detail.createdBy, detail.createdByName);
  if (detail?.assigneeId && detail.assigneeName) names.set(detail.assigneeId, detail.assigneeName);
  if (session) names.set(session.id, `${session.name} (you)`);
  return names;
}

/** Open conflicts first, then newest first; ties by id so the order is stable between refreshes. */
export function sortConflicts(conflicts: readonly ConflictSummary[]): ConflictSummary[] {
  return [...conflicts].sort((a, b) => {
    const open = Number(isUnresolved(b)) - Number(isUnresolved(a));
    if (open !== 0) return open;
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
