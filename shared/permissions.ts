// Who may do what, declared once as data. The hub enforces it on every mutation and route; the
// console only uses it to hide what the user may not do.
import type { Role } from './domain.js';
import type { MutationName } from './sync/mutations.js';

export const ACTIONS = [
  'case.create',
  'case.edit',
  'case.changeStatus',
  'case.assign',
  'case.delete',
  /** See the people of one's own regions (managers) or everyone (admins) in the admin screens. */
  'user.view',
  /** Create, edit, deactivate people and reset their passwords. */
  'user.manage',
  /** See and end anyone's sessions; read the sign-in history. */
  'session.manage',
  'audit.read',
  'settings.manage',
  /** Add an internal note to a case one can see. */
  'case.note',
  /** Email the case's contact from its timeline. */
  'case.reply',
  /** Configure the support mailboxes the hub reads. */
  'mailbox.manage',
  /** Edit engineers' records: skills, regions' capacity, working hours, time off. */
  'engineer.manage',
  /** Take an escalated case on. */
  'case.escalation',
  /** Bulk-import projectors, sites, customers and engineers from Excel, and undo an import. */
  'data.import',
  /** Plan, move and cancel site visits. */
  'visit.schedule',
  /** Write service reports and their photos (an FSE: only for cases assigned to them; the hub checks). */
  'report.write',
  /** Approve or return submitted service reports. */
  'report.review',
  /** Close a resolved case, or reopen a resolved or closed one. */
  'case.close',
  /** Keep the parts catalogue. */
  'part.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export const PERMISSIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  admin: new Set<Action>(ACTIONS),
  manager: new Set<Action>([
    'case.create',
    'case.edit',
    'case.changeStatus',
    'case.assign',
    'case.delete',
    'user.view',
    'case.note',
    'case.reply',
    'engineer.manage',
    'case.escalation',
    'visit.schedule',
    'report.review',
    'case.close',
    'part.manage',
  ]),
  agent: new Set<Action>(['case.create', 'case.edit', 'case.changeStatus', 'case.note', 'case.reply', 'visit.schedule', 'case.close']),
  fse: new Set<Action>(['case.changeStatus', 'case.note', 'report.write']),
};

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].has(action);
}

/** The actions a mutation needs, given its arguments (an update needs one action per kind of field). */
export function actionsForMutation(name: MutationName, args: unknown): Action[] {
  switch (name) {
    case 'createCase':
      return ['case.create'];
    case 'deleteCase':
      return ['case.delete'];
    case 'updateSetting':
      return ['settings.manage'];
    case 'addCaseNote':
      return ['case.note'];
    case 'sendCaseReply':
      return ['case.reply'];
    case 'handleEscalation':
      return ['case.escalation'];
    case 'savePart':
      return ['part.manage'];
    case 'scheduleVisit':
    case 'updateVisit':
    case 'cancelVisit':
      return ['visit.schedule'];
    case 'saveServiceReport':
    case 'submitServiceReport':
    case 'addReportPhoto':
    case 'removeReportPhoto':
      return ['report.write'];
    case 'reviewServiceReport':
      return ['report.review'];
    case 'closeCase':
    case 'reopenCase':
      return ['case.close'];
    case 'markNotificationsRead':
      // One's own notifications only: the hub checks they are the caller's.
      return [];
    case 'resolveConflict':
      // Keeping or merging re-applies the author's change: the hub also checks the field's own
      // right and that the conflict is the caller's. Taking theirs needs no extra right.
      return [];
    case 'updateCase': {
      const patch = (args as { patch?: Record<string, unknown> } | null)?.patch ?? {};
      const actions = new Set<Action>();
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue; // an absent field needs no right
        if (field === 'assigneeId') actions.add('case.assign');
        // Marking a case as waiting for the customer or parts is part of working it.
        else if (field === 'status' || field === 'waitingFor') actions.add('case.changeStatus');
        else actions.add('case.edit');
      }
      return actions.size ? [...actions] : ['case.edit'];
    }
  }
}

export function canMutate(role: Role, name: MutationName, args: unknown): boolean {
  return actionsForMutation(name, args).every((action) => can(role, action));
}
