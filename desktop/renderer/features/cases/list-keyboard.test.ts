import { describe, it, expect } from 'vitest';
import { listKeyResult } from './list-keyboard.js';

describe('listKeyResult', () => {
  it('selects the first row on the first ArrowDown and moves down from there', () => {
    expect(listKeyResult('ArrowDown', -1, 10, 5)).toEqual({ kind: 'select', index: 0 });
    expect(listKeyResult('ArrowDown', 3, 10, 5)).toEqual({ kind: 'select', index: 4 });
  });

  it('stops at both ends', () => {
    expect(listKeyResult('ArrowDown', 9, 10, 5)).toEqual({ kind: 'select', index: 9 });
    expect(listKeyResult('ArrowUp', 0, 10, 5)).toEqual({ kind: 'select', index: 0 });
  });

  it('pages and jumps', () => {
    expect(listKeyResult('PageDown', 2, 10, 5)).toEqual({ kind: 'select', index: 7 });
    expect(listKeyResult('PageUp', 2, 10, 5)).toEqual({ kind: 'select', index: 0 });
    expect(listKeyResult('End', 2, 10, 5)).toEqual({ kind: 'select', index: 9 });
    expect(listKeyResult('Home', 8, 10, 5)).toEqual({ kind: 'select', index: 0 });
  });

  it('opens only a selected row', () => {
    expect(listKeyResult('Enter', 4, 10, 5)).toEqual({ kind: 'open', index: 4 });
    expect(listKeyResult('Enter', -1, 10, 5)).toBeNull();
  });

  it('does nothing on an empty list or an unrelated key', () => {
    expect(listKeyResult('ArrowDown', -1, 0, 5)).toBeNull();
    expect(listKeyResult('a', 1, 10, 5)).toBeNull();
  });
});
