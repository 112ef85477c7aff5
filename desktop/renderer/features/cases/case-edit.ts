// What the case detail lets a user change: permitted controls by role, allowed next statuses, and
// the patch for edited text fields (only what actually changed, so conflicts stay per field).
import { CASE_TRANSITIONS } from '../../../../shared/case-lifecycle.js';
import { CASE_STATUS_LABELS, type CasePatch, type CaseStatus, type Role } from '../../../../shared/domain.js';
import { can } from '../../../../shared/permissions.js';

export type EditRights = Readonly<{ canEdit: boolean; canChangeStatus: boolean }>;

export function editRights(role: Role): EditRights {
  return { canEdit: can(role, 'case.edit'), canChangeStatus: can(role, 'case.changeStatus') };
}

/** The current status first, then the statuses the lifecycle allows next. */
export function statusOptions(current: CaseStatus): { value: CaseStatus; label: string }[] {
  return [current, ...CASE_TRANSITIONS[current]].map((value) => ({ value, label: CASE_STATUS_LABELS[value] }));
}

export type TextFields = Readonly<{ title: string; description: string }>;

export function textPatch(original: TextFields, edited: TextFields): CasePatch | null {
  const patch: { title?: string; description?: string } = {};
  if (edited.title.trim() !== original.title.trim()) patch.title = edited.title.trim();
  if (edited.description.trim() !== original.description.trim()) patch.description = edited.description.trim();
  return Object.keys(patch).length ? patch : null;
}
