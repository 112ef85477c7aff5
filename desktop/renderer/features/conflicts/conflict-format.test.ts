import { describe, it, expect } from 'vitest';
import type { ConflictSummary } from '../../../../shared/console-api.js';
import {
  ASSIGNEE_MERGE_REASON,
  conflictNoticeText,
  conflictNotices,
  conflictsButtonLabel,
  formatConflictValue,
  initialMergedValue,
  knownUserNames,
  mergeEditor,
  newUnresolved,
  parseMergedValue,
  resolutionRights,
  resolvedLabel,
  resolvedMessage,
  sortConflicts,
  unresolvedCount,
} from './conflict-format.js';

const SAM = '0190a000-0000-7000-8000-00000000000a';
const MARIA = '0190a000-0000-7000-8000-00000000000b';

const conflict = (over: Partial<ConflictSummary> = {}): ConflictSummary => ({
  id: '0190a000-0000-7000-8000-000000000001',
  caseId: '0190a000-0000-7000-8000-000000000002',
  caseLabel: 'DTR-2026-000004 · Lamp flickers',
  field: 'priority',
  yourValue: 'P1',
  theirValue: 'P3',
  theirUserName: 'Maria Manager',
  createdAt: '2026-03-01T12:00:00Z',
  resolvedAt: null,
  resolution: null,
  pending: false,
  ...over,
});

describe('formatConflictValue', () => {
  const names = new Map([[SAM, 'Sam Field']]);
  it('shows labels, not raw codes, for enumerations', () => {
    expect(formatConflictValue('priority', 'P2', names)).toBe('P2');
    expect(formatConflictValue('severity', 'critical', names)).toBe('Critical');
    expect(formatConflictValue('status', 'in_progress', names)).toBe('In progress');
    expect(formatConflictValue('status', 'bogus', names)).toBe('—');
  });
  it('shows assignee names, "Unassigned" for none, and never a raw id', () => {
    expect(formatConflictValue('assigneeId', SAM, names)).toBe('Sam Field');
    expect(formatConflictValue('assigneeId', null, names)).toBe('Unassigned');
    expect(formatConflictValue('assigneeId', MARIA, names)).toBe('Another user');
  });
  it('shows free text as typed and says when it is empty', () => {
    expect(formatConflictValue('title', 'Lamp flickers', names)).toBe('Lamp flickers');
    expect(formatConflictValue('description', '  ', names)).toBe('(empty)');
  });
});

describe('badge count and button name', () => {
  it('counts only unresolved conflicts', () => {
    expect(unresolvedCount([conflict(), conflict({ id: 'b', resolvedAt: '2026-03-01T13:00:00Z', resolution: 'mine' })])).toBe(1);
    expect(unresolvedCount(undefined)).toBe(0);
  });
  it('puts the count in the accessible name only when something waits', () => {
    expect(conflictsButtonLabel(2)).toBe('Conflicts (2)');
    expect(conflictsButtonLabel(0)).toBe('Conflicts');
  });
});

describe('notifications for new conflicts', () => {
  it('finds unresolved conflicts not seen before', () => {
    const a = conflict({ id: 'a' });
    const b = conflict({ id: 'b' });
    const done = conflict({ id: 'c', resolvedAt: '2026-03-01T13:00:00Z', resolution: 'theirs' });
    expect(newUnresolved(new Set(['a']), [a, b, done]).map((c) => c.id)).toEqual(['b']);
  });
  it('names the case, who won the race and the field', () => {
    expect(conflictNoticeText(conflict())).toBe(
      'Your change to DTR-2026-000004 · Lamp flickers was not applied: Maria Manager changed priority first. Review it in Conflicts.',
    );
    expect(conflictNoticeText(conflict({ theirUserName: null, field: 'assigneeId' }))).toBe(
      'Your change to DTR-2026-000004 · Lamp flickers was not applied: someone else changed assignee first. Review it in Conflicts.',
    );
  });
  it('gives each of a few conflicts its own notice and summarises many', () => {
    expect(conflictNotices([])).toEqual([]);
    expect(conflictNotices([conflict({ id: 'a' }), conflict({ id: 'b' })]).map((n) => n.id)).toEqual(['conflict-a', 'conflict-b']);
    const many = conflictNotices(['a', 'b', 'c', 'd'].map((id) => conflict({ id })));
    expect(many).toHaveLength(1);
    expect(many[0]?.message).toBe('4 of your changes were not applied because someone else changed the same fields first. Review them in Conflicts.');
  });
});

describe('merge editor', () => {
  it('offers selects for the enumerations', () => {
    const priority = mergeEditor('priority', null);
    expect(priority.kind === 'select' && priority.options.map((o) => o.value)).toEqual(['P1', 'P2', 'P3', 'P4']);
    const severity = mergeEditor('severity', null);
    expect(severity.kind === 'select' && severity.options.map((o) => o.label)).toEqual(['Critical', 'Major', 'Minor', 'Low']);
  });
  it('offers only statuses the lifecycle allows from the current one', () => {
    const status = mergeEditor('status', 'resolved');
    expect(status.kind === 'select' && status.options.map((o) => o.value)).toEqual(['resolved', 'closed', 'in_progress']);
    const unknown = mergeEditor('status', null);
    expect(unknown.kind === 'select' && unknown.options).toHaveLength(6);
  });
  it('offers no merge for the assignee and says why', () => {
    expect(mergeEditor('assigneeId', null)).toEqual({ kind: 'none', reason: ASSIGNEE_MERGE_REASON });
  });
  it('starts from the user\'s own value when it is still allowed', () => {
    const status = mergeEditor('status', 'resolved');
    expect(initialMergedValue(status, 'closed', 'resolved')).toBe('closed');
    expect(initialMergedValue(status, 'new', 'resolved')).toBe('resolved');
    expect(initialMergedValue(mergeEditor('title', null), 'Mine', 'Theirs')).toBe('Mine');
  });
  it('validates a merged value with the field\'s own rule', () => {
    expect(parseMergedValue('priority', 'P2')).toEqual({ ok: true, value: 'P2' });
    expect(parseMergedValue('priority', 'P9')).toEqual({ ok: false, message: 'Choose a priority from P1 to P4.' });
    expect(parseMergedValue('title', '  Lamp  ')).toEqual({ ok: true, value: 'Lamp' });
    expect(parseMergedValue('title', '')).toEqual({ ok: false, message: 'Enter a title.' });
  });
});

describe('resolutionRights', () => {
  it('lets a manager keep or merge a priority', () => {
    expect(resolutionRights('manager', 'priority', mergeEditor('priority', null))).toEqual({ keepMine: true, merge: true, reason: null });
  });
  it('lets an engineer only take theirs for a priority, and keep or merge a status', () => {
    const priority = resolutionRights('fse', 'priority', mergeEditor('priority', null));
    expect(priority.keepMine).toBe(false);
    expect(priority.merge).toBe(false);
    expect(priority.reason).toBe('Your role may not change the priority, so only “Take theirs” is possible.');
    expect(resolutionRights('fse', 'status', mergeEditor('status', 'assigned')).merge).toBe(true);
  });
  it('allows keeping but not merging an assignee, with the reason', () => {
    expect(resolutionRights('manager', 'assigneeId', mergeEditor('assigneeId', null))).toEqual({ keepMine: true, merge: false, reason: ASSIGNEE_MERGE_REASON });
    expect(resolutionRights('agent', 'assigneeId', mergeEditor('assigneeId', null)).keepMine).toBe(false);
  });
});

describe('resolved state', () => {
  it('is null while open and says how and when once resolved', () => {
    expect(resolvedLabel(conflict())).toBeNull();
    const at = '2026-03-01T13:05:00Z';
    const d = new Date(at);
    const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    expect(resolvedLabel(conflict({ resolvedAt: at, resolution: 'mine' }))).toBe(`Kept yours · ${local}`);
    expect(resolvedLabel(conflict({ resolvedAt: at, resolution: 'theirs', pending: true }))).toBe(`Took theirs · ${local} (waiting to sync)`);
  });
  it('confirms each resolution in words', () => {
    expect(resolvedMessage('mine', 'severity', 'DTR-1 · X')).toBe('Kept your severity on DTR-1 · X.');
    expect(resolvedMessage('theirs', 'status', 'DTR-1 · X')).toBe('Took the other status on DTR-1 · X.');
    expect(resolvedMessage('merged', 'priority', 'DTR-1 · X')).toBe('Saved the merged priority on DTR-1 · X.');
  });
});

describe('knownUserNames', () => {
  it('names the signed-in user and the people on the case', () => {
    const names = knownUserNames(
      { id: SAM, name: 'Sam Field' },
      { assigneeId: MARIA, assigneeName: 'Maria Manager', createdBy: MARIA, createdByName: 'Maria Manager' },
    );
    expect(names.get(SAM)).toBe('Sam Field (you)');
    expect(names.get(MARIA)).toBe('Maria Manager');
    expect(knownUserNames(null, null).size).toBe(0);
  });

  it('names anyone the console knows, not only the people on the case', () => {
    const names = knownUserNames({ id: SAM, name: 'Sam Field' }, null, [
      { id: 'other-fse', name: 'Olu Engineer' },
      { id: SAM, name: 'Sam Field' },
    ]);
    expect(names.get('other-fse')).toBe('Olu Engineer');
    expect(names.get(SAM)).toBe('Sam Field (you)');
  });
});

describe('sortConflicts', () => {
  it('lists open conflicts first, newest first', () => {
    const rows = [
      conflict({ id: 'old', createdAt: '2026-03-01T10:00:00Z' }),
      conflict({ id: 'done', createdAt: '2026-03-01T12:00:00Z', resolvedAt: '2026-03-01T12:30:00Z', resolution: 'theirs' }),
      conflict({ id: 'new', createdAt: '2026-03-01T11:00:00Z' }),
    ];
    expect(sortConflicts(rows).map((c) => c.id)).toEqual(['new', 'old', 'done']);
  });
});
