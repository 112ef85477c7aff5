import { describe, it, expect } from 'vitest';
import { editingThisCaseText, othersEditing } from './presence-format.js';

describe('someone else is editing this case', () => {
  const others = [
    { userId: 'u2', name: 'Sam', board: false, editingCaseId: 'c1' },
    { userId: 'me', name: 'Me', board: false, editingCaseId: 'c1' },
    { userId: 'u3', name: 'Kim', board: true, editingCaseId: 'c2' },
  ];
  it('names the others on this case, never me', () => {
    expect(othersEditing(others, 'c1', 'me')).toEqual(['Sam']);
    expect(othersEditing(undefined, 'c1', 'me')).toEqual([]);
    expect(editingThisCaseText(['Sam'])).toBe('Sam is editing this case');
    expect(editingThisCaseText(['Sam', 'Kim'])).toBe('Sam and Kim are editing this case');
    expect(editingThisCaseText([])).toBeNull();
  });
});
