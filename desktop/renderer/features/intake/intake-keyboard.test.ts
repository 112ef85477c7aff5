import { describe, it, expect } from 'vitest';
import { activeForNewResults, intakeSearchKey, resolveWaitingChoice } from './intake-keyboard.js';

describe('intake search keys', () => {
  const view = (active: number, count: number, fresh = true) => ({ active, count, fresh });

  it('moves the active match with the arrows, wrapping at both ends', () => {
    expect(intakeSearchKey('ArrowDown', view(-1, 3), true)).toEqual({ kind: 'move', active: 0 });
    expect(intakeSearchKey('ArrowDown', view(0, 3), true)).toEqual({ kind: 'move', active: 1 });
    expect(intakeSearchKey('ArrowDown', view(2, 3), true)).toEqual({ kind: 'move', active: 0 });
    expect(intakeSearchKey('ArrowUp', view(0, 3), true)).toEqual({ kind: 'move', active: 2 });
    expect(intakeSearchKey('ArrowUp', view(-1, 3), true)).toEqual({ kind: 'move', active: 2 });
    expect(intakeSearchKey('ArrowDown', view(-1, 0), true)).toBeNull();
  });

  it('leaves Home and End to the text box until a match is active', () => {
    expect(intakeSearchKey('Home', view(-1, 3), true)).toBeNull();
    expect(intakeSearchKey('End', view(1, 3), true)).toEqual({ kind: 'move', active: 2 });
    expect(intakeSearchKey('Home', view(2, 3), true)).toEqual({ kind: 'move', active: 0 });
  });

  it('picks the active match with Enter, or the first when none is active', () => {
    expect(intakeSearchKey('Enter', view(1, 3), true)).toEqual({ kind: 'choose', index: 1 });
    expect(intakeSearchKey('Enter', view(-1, 3), true)).toEqual({ kind: 'choose', index: 0 });
    expect(intakeSearchKey('Enter', view(-1, 0), true)).toBeNull();
    expect(intakeSearchKey('Enter', view(-1, 0), false)).toBeNull();
  });

  it('keeps an Enter typed before the matches arrived instead of picking a stale one', () => {
    expect(intakeSearchKey('Enter', view(0, 5, false), true)).toEqual({ kind: 'choose-when-ready' });
  });

  it('clears the search with Escape, and lets Escape through on an empty box', () => {
    expect(intakeSearchKey('Escape', view(0, 2), true)).toEqual({ kind: 'clear' });
    expect(intakeSearchKey('Escape', view(-1, 0), false)).toBeNull();
  });

  it('ignores other keys, so typing always goes into the box', () => {
    expect(intakeSearchKey('a', view(0, 2), true)).toBeNull();
    expect(intakeSearchKey('Backspace', view(0, 2, false), true)).toBeNull();
  });
});

describe('a waiting Enter', () => {
  it('waits while the matches are stale, picks the first fresh one, and gives up on none', () => {
    expect(resolveWaitingChoice({ active: 0, count: 4, fresh: false })).toEqual({ choose: null, keepWaiting: true });
    expect(resolveWaitingChoice({ active: activeForNewResults(4), count: 4, fresh: true })).toEqual({ choose: 0, keepWaiting: false });
    expect(resolveWaitingChoice({ active: activeForNewResults(0), count: 0, fresh: true })).toEqual({ choose: null, keepWaiting: false });
  });
});
