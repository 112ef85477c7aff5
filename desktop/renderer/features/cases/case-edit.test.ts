import { describe, it, expect } from 'vitest';
import { editRights, statusOptions, textPatch } from './case-edit.js';

describe('editRights', () => {
  it('lets agents edit and change status, and FSEs only change status', () => {
    expect(editRights('agent')).toEqual({ canEdit: true, canChangeStatus: true });
    expect(editRights('fse')).toEqual({ canEdit: false, canChangeStatus: true });
  });
});

describe('statusOptions', () => {
  it('offers the current status and the allowed transitions only', () => {
    expect(statusOptions('new').map((o) => o.value)).toEqual(['new', 'assigned', 'in_progress', 'closed']);
    expect(statusOptions('closed')).toEqual([
      { value: 'closed', label: 'Closed' },
      { value: 'in_progress', label: 'In progress' },
    ]);
  });
});

describe('textPatch', () => {
  const original = { title: 'Lamp flickers', description: 'Since Monday' };
  it('is null when nothing changed but whitespace', () => {
    expect(textPatch(original, { title: ' Lamp flickers ', description: 'Since Monday' })).toBeNull();
  });
  it('sends only the fields that changed, trimmed', () => {
    expect(textPatch(original, { title: 'Lamp dead ', description: 'Since Monday' })).toEqual({ title: 'Lamp dead' });
  });
});
