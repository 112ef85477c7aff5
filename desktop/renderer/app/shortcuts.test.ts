import { describe, it, expect } from 'vitest';
import { GO_SEQUENCE_TIMEOUT_MS, SHORTCUTS, helpShortcuts, isTextField, matchGlobalShortcut, stepGoSequence, type GoState, type KeyPress } from './shortcuts.js';

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, inTextField: false, ...over });

describe('matchGlobalShortcut', () => {
  it('opens a new case with Ctrl+N or Cmd+N, even while typing', () => {
    expect(matchGlobalShortcut(press('n', { ctrlKey: true }))).toBe('new-case');
    expect(matchGlobalShortcut(press('N', { metaKey: true, inTextField: true }))).toBe('new-case');
    expect(matchGlobalShortcut(press('n', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });

  it('also opens a new case with Alt+N, which desktop Chrome leaves to the page', () => {
    expect(matchGlobalShortcut(press('n', { altKey: true }))).toBe('new-case');
    expect(matchGlobalShortcut(press('n', { altKey: true, ctrlKey: true }))).toBeNull();
  });

  it('treats / and ? as commands only outside text fields', () => {
    expect(matchGlobalShortcut(press('/'))).toBe('focus-search');
    expect(matchGlobalShortcut(press('?', { shiftKey: true }))).toBe('help');
    expect(matchGlobalShortcut(press('/', { inTextField: true }))).toBeNull();
    expect(matchGlobalShortcut(press('?', { inTextField: true }))).toBeNull();
  });

  it('opens Conflicts with Alt+C, by key or (outside text fields) by physical key', () => {
    expect(matchGlobalShortcut(press('c', { altKey: true }))).toBe('conflicts');
    expect(matchGlobalShortcut(press('C', { altKey: true, inTextField: true }))).toBe('conflicts');
    expect(matchGlobalShortcut(press('ç', { altKey: true, code: 'KeyC' }))).toBe('conflicts');
    expect(matchGlobalShortcut(press('ç', { altKey: true, code: 'KeyC', inTextField: true }))).toBeNull();
    expect(matchGlobalShortcut(press('c', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(matchGlobalShortcut(press('c'))).toBeNull();
  });

  it('opens the phone intake with Alt+I and the notifications with Shift+Alt+B', () => {
    expect(matchGlobalShortcut(press('i', { altKey: true }))).toBe('intake');
    expect(matchGlobalShortcut(press('ˆ', { altKey: true, code: 'KeyI' }))).toBe('intake');
    expect(matchGlobalShortcut(press('ˆ', { altKey: true, code: 'KeyI', inTextField: true }))).toBeNull();
    expect(matchGlobalShortcut(press('B', { altKey: true, shiftKey: true }))).toBe('notifications');
    expect(matchGlobalShortcut(press('i'))).toBeNull();
    expect(SHORTCUTS.some((s) => s.keys === 'Alt+I' && /intake/i.test(s.action))).toBe(true);
  });

  it('lists the Conflicts shortcut in the help', () => {
    expect(SHORTCUTS.some((s) => s.keys === 'Alt+C' && /Conflicts/.test(s.action))).toBe(true);
  });

  it('ignores plain letters', () => {
    expect(matchGlobalShortcut(press('n'))).toBeNull();
  });
});

describe('isTextField', () => {
  it('recognises text inputs, text areas, selects and editable content', () => {
    expect(isTextField({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTextField({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextField({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });
  it('does not count buttons, checkboxes or the page itself', () => {
    expect(isTextField({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextField({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});

describe('stepGoSequence', () => {
  const run = (keys: readonly KeyPress[], times: readonly number[]) => {
    let state: GoState = null;
    const screens: (string | null)[] = [];
    keys.forEach((k, i) => {
      const step = stepGoSequence(state, k, times[i] ?? 0);
      state = step.state;
      screens.push(step.screen);
    });
    return screens;
  };

  it('goes to People with g then p, and to the audit log with g then l', () => {
    expect(run([press('g'), press('p')], [0, 300])).toEqual([null, 'people']);
    expect(run([press('g'), press('l')], [0, 300])).toEqual([null, 'audit']);
  });

  it('consumes the g and the screen key, but not an unrelated key after g', () => {
    const armed = stepGoSequence(null, press('g'), 0);
    expect(armed.consumed).toBe(true);
    expect(stepGoSequence(armed.state, press('p'), 10).consumed).toBe(true);
    const other = stepGoSequence(armed.state, press('x'), 10);
    expect(other).toEqual({ state: null, screen: null, consumed: false });
  });

  it('forgets the g after the timeout', () => {
    expect(run([press('g'), press('p')], [0, GO_SEQUENCE_TIMEOUT_MS + 1])).toEqual([null, null]);
  });

  it('ignores g typed in a text field or with a modifier', () => {
    expect(run([press('g', { inTextField: true }), press('p')], [0, 10])).toEqual([null, null]);
    expect(run([press('g', { ctrlKey: true }), press('p')], [0, 10])).toEqual([null, null]);
    expect(run([press('g'), press('p', { altKey: true })], [0, 10])).toEqual([null, null]);
    expect(run([press('G', { shiftKey: true }), press('p')], [0, 10])).toEqual([null, null]);
  });

  it('waits through a lone modifier key between g and the screen key', () => {
    expect(run([press('g'), press('Shift'), press('s')], [0, 5, 10])).toEqual([null, null, 'sessions']);
  });
});

describe('helpShortcuts', () => {
  it('lists go-to shortcuts only for the screens the user may open', () => {
    const admin = helpShortcuts('admin').map((s) => s.keys);
    expect(admin).toContain('G then P');
    expect(admin).toContain('G then T');
    const agent = helpShortcuts('agent');
    expect(agent.map((s) => s.keys)).not.toContain('G then P');
    expect(agent).toContainEqual({ keys: 'G then A', action: 'Go to Account' });
    expect(agent.slice(0, SHORTCUTS.length)).toEqual(SHORTCUTS);
  });
  it('lists My visits for engineers and Reviews for managers', () => {
    expect(helpShortcuts('fse')).toContainEqual({ keys: 'G then V', action: 'Go to My visits' });
    expect(helpShortcuts('manager')).toContainEqual({ keys: 'G then W', action: 'Go to Reviews' });
    expect(helpShortcuts('manager')).toContainEqual({ keys: 'G then D', action: 'Go to Calendar' });
    expect(helpShortcuts('fse').map((s) => s.keys)).not.toContain('G then W');
  });
});
